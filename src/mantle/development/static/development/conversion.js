// Draw the conversion chart from the JSON in the page; the tables beside it carry the same figures.
// Palette: Okabe–Ito (colour-blind safe); comparisons are dashed so colour is never the only cue.
(function () {
  const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];
  const horizons = ["12 months", "24 months", "36 months"];
  function pct(v) { return typeof v === "number" ? v * 100 : null; }
  function draw() {
    const node = document.getElementById("conversion-data");
    const target = document.getElementById("conversion-chart");
    if (!node || !target || typeof Plotly === "undefined") return;
    const cohorts = JSON.parse(node.textContent);
    const data = [];
    cohorts.forEach((c, i) => {
      const colour = palette[i % palette.length];
      data.push({ x: horizons, y: c.participants.map(pct), name: c.label + " – participants",
        type: "scatter", mode: "lines+markers", line: { color: colour, dash: "solid" } });
      data.push({ x: horizons, y: c.comparison.map(pct), name: c.label + " – matched comparison",
        type: "scatter", mode: "lines+markers", line: { color: colour, dash: "dash" },
        marker: { symbol: "square" } });
    });
    Plotly.react(target, data, {
      margin: { t: 20, r: 10, b: 40, l: 50 }, yaxis: { title: { text: "% in management" },
        rangemode: "tozero" }, legend: { orientation: "h" }, font: { family: "Arial, sans-serif" },
    }, { displayModeBar: false, responsive: true });
  }
  window.addEventListener("load", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
