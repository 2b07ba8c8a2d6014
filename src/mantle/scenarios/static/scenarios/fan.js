// Fan charts of a scenario's outputs (P10–P90 band and P50 line) and the comparison chart, drawn from
// the JSON in the page; the tables beside each chart carry the same figures.
// Palette: Okabe–Ito (colour-blind safe); scenarios differ by dash as well as colour.
(function () {
  const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];
  const dashes = ["solid", "dash", "dot", "dashdot"];
  function scale(kind) { return kind === "share" ? 100 : 1; }
  function layout(kind) {
    return {
      margin: { t: 20, r: 10, b: 40, l: 60 },
      yaxis: { title: { text: kind === "share" ? "%" : (kind === "money" ? "£" : "") }, rangemode: "tozero" },
      legend: { orientation: "h" }, font: { family: "Arial, sans-serif" },
    };
  }
  function drawFans() {
    if (typeof Plotly === "undefined") return;
    document.querySelectorAll(".mantle-fan").forEach((target) => {
      const node = document.getElementById("data-" + target.dataset.chart);
      if (!node) return;
      const d = JSON.parse(node.textContent);
      const k = scale(d.kind);
      const y = (values) => values.map((v) => (typeof v === "number" ? v * k : null));
      Plotly.react(target, [
        { x: d.dates, y: y(d.p90), name: "P90", type: "scatter", mode: "lines", line: { width: 0, color: palette[4] }, showlegend: false },
        { x: d.dates, y: y(d.p10), name: "P10 to P90", type: "scatter", mode: "lines", fill: "tonexty", line: { width: 0, color: palette[4] }, fillcolor: "rgba(86,180,233,0.35)" },
        { x: d.dates, y: y(d.p50), name: "P50 (middle)", type: "scatter", mode: "lines", line: { color: palette[0], width: 3 } },
      ], layout(d.kind), { displayModeBar: false, responsive: true });
    });
    const node = document.getElementById("data-compare");
    const target = document.getElementById("chart-compare");
    if (node && target) {
      const d = JSON.parse(node.textContent);
      Plotly.react(target, d.series.map((s, i) => ({
        x: s.dates, y: s.p50.map((v) => (typeof v === "number" ? v * 100 : null)), name: s.name,
        type: "scatter", mode: "lines", line: { color: palette[i % palette.length], dash: dashes[i % dashes.length], width: 3 },
      })), layout("share"), { displayModeBar: false, responsive: true });
    }
  }
  window.addEventListener("load", drawFans);
  document.addEventListener("htmx:afterSettle", drawFans);
})();
