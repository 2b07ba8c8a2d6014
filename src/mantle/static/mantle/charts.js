// Draw Mantle's charts from JSON embedded in the page; the same figures are always in a table beside them.
// Palette: Okabe–Ito (colour-blind safe).
(function () {
  const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];
  function pct(v) { return typeof v === "number" ? v * 100 : null; }
  function drawTrend() {
    const node = document.getElementById("trend-data");
    const target = document.getElementById("trend-chart");
    if (!node || !target || typeof Plotly === "undefined") return;
    const points = JSON.parse(node.textContent);
    const x = points.map((p) => p.as_of);
    const series = [
      ["Workforce clinician share", "workforce_clinician_share", "solid"],
      ["Senior management clinician share", "senior_management_clinician_share", "dash"],
      ["Board clinician share", "board_clinician_share", "dot"],
    ];
    if (target.dataset.focusLabel) {
      series.push([target.dataset.focusLabel, "focus_clinician_share", "dashdot"]);
    }
    const data = series.map(([name, key, dash], i) => ({
      x, y: points.map((p) => pct(p[key])), name, type: "scatter", mode: "lines+markers",
      line: { color: palette[i], dash },
    }));
    Plotly.react(target, data, {
      margin: { t: 20, r: 10, b: 40, l: 50 }, yaxis: { title: { text: "%" }, rangemode: "tozero" },
      legend: { orientation: "h" }, font: { family: "Arial, sans-serif" },
    }, { displayModeBar: false, responsive: true });
  }
  function drawBenchmark() {
    const node = document.getElementById("benchmark-data");
    const target = document.getElementById("benchmark-chart");
    if (!node || !target || typeof Plotly === "undefined") return;
    const d = JSON.parse(node.textContent);
    Plotly.react(target, [{ x: d.values.map((v) => v * 100), type: "histogram", name: "Organisations",
      marker: { color: palette[4] } }], {
      margin: { t: 20, r: 10, b: 40, l: 50 }, xaxis: { title: { text: "Managers as % of FTE" } },
      shapes: d.highlight === null ? [] : [{ type: "line", x0: d.highlight * 100, x1: d.highlight * 100,
        y0: 0, y1: 1, yref: "paper", line: { color: palette[5], width: 3 } }],
      font: { family: "Arial, sans-serif" },
    }, { displayModeBar: false, responsive: true });
  }
  function drawAll() { drawTrend(); drawBenchmark(); }
  window.addEventListener("load", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
})();
