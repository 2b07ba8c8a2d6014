// Bench strength chart: critical posts with and without a ready-now successor, per unit. The figures
// are counts of posts (never suppressed) and are repeated in the table beside the chart.
// Palette: Okabe–Ito (colour-blind safe); the two series also differ in pattern.
(function () {
  const palette = ["#0072B2", "#E69F00"];
  function draw() {
    const node = document.getElementById("bench-data");
    const target = document.getElementById("bench-chart");
    if (!node || !target || typeof Plotly === "undefined") return;
    const rows = JSON.parse(node.textContent);
    if (!rows.length) { target.hidden = true; return; }
    const x = rows.map((r) => r.label);
    const withReady = rows.map((r) => r.posts_with_ready_now);
    const without = rows.map((r) => r.posts_without_ready_successor);
    Plotly.react(target, [
      { x, y: withReady, name: "With a ready-now successor", type: "bar", marker: { color: palette[0] } },
      { x, y: without, name: "No ready-now successor", type: "bar",
        marker: { color: palette[1], pattern: { shape: "/" } } },
    ], {
      barmode: "stack", margin: { t: 20, r: 10, b: 80, l: 50 },
      yaxis: { title: { text: "Critical posts" }, rangemode: "tozero" },
      legend: { orientation: "h" }, font: { family: "Arial, sans-serif" },
    }, { displayModeBar: false, responsive: true });
  }
  window.addEventListener("load", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
