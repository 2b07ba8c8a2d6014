// Capability charts drawn from JSON embedded in the page; every chart has a table with the same figures.
// Palette: Okabe–Ito (colour-blind safe); series also differ by pattern so colour is never the only cue.
(function () {
  const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"];
  const patterns = ["", "/", "x", "."];
  function drawReport() {
    const node = document.getElementById("report-data");
    const target = document.getElementById("report-chart");
    if (!node || !target || typeof Plotly === "undefined") return;
    const d = JSON.parse(node.textContent);
    const data = d.series.map((s, i) => ({
      type: "bar", orientation: "h", name: s.label, y: d.dimensions, x: s.values,
      marker: { color: palette[i % palette.length], pattern: { shape: patterns[i % patterns.length] } },
    }));
    Plotly.react(target, data, {
      barmode: "group", margin: { t: 20, r: 10, b: 40, l: 220 },
      xaxis: { range: [0, d.max], title: { text: "Mean score" } }, yaxis: { autorange: "reversed" },
      legend: { orientation: "h" }, font: { family: "Arial, sans-serif" },
      height: 80 + d.dimensions.length * 48,
    }, { displayModeBar: false, responsive: true });
  }
  function drawHistory() {
    const node = document.getElementById("history-data");
    const target = document.getElementById("history-chart");
    if (!node || !target || typeof Plotly === "undefined") return;
    const d = JSON.parse(node.textContent);
    const data = d.series.map((s, i) => ({
      type: "scatter", mode: "lines+markers", name: s.label, x: d.dates, y: s.values,
      line: { color: palette[i % palette.length], dash: ["solid", "dash", "dot", "dashdot"][i % 4] },
    }));
    Plotly.react(target, data, {
      margin: { t: 20, r: 10, b: 40, l: 50 }, yaxis: { range: [d.min - 0.2, d.max + 0.2] },
      legend: { orientation: "h" }, font: { family: "Arial, sans-serif" },
    }, { displayModeBar: false, responsive: true });
  }
  function drawAll() { drawReport(); drawHistory(); }
  // Plotly (3.5 MB) is fetched only after the page's load event, so the report's figures and tables
  // are ready without waiting for the chart library; the chart is drawn when it arrives.
  const plotlySrc = document.currentScript && document.currentScript.dataset.plotly;
  let loading = false;
  function withPlotly() {
    if (typeof Plotly !== "undefined" || !plotlySrc) { drawAll(); return; }
    if (loading) return;
    loading = true;
    const script = document.createElement("script");
    script.src = plotlySrc;
    script.onload = drawAll;
    document.head.appendChild(script);
  }
  function charted() { return document.getElementById("report-data") || document.getElementById("history-data"); }
  window.addEventListener("load", () => { if (charted()) withPlotly(); });
  document.addEventListener("htmx:afterSettle", () => { if (charted()) withPlotly(); });
})();
