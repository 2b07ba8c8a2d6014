// Outcome charts from JSON embedded in the page; every figure is also in the table beside the chart.
// Palette: Okabe–Ito (colour-blind safe).
(function () {
  const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];
  const layoutBase = { margin: { t: 20, r: 10, b: 50, l: 60 }, font: { family: "Arial, sans-serif" }, legend: { orientation: "h" } };
  const config = { displayModeBar: false, responsive: true };
  function read(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function drawScatter() {
    const d = read("outcomes-scatter-data");
    const target = document.getElementById("outcomes-scatter");
    if (!d || !target || typeof Plotly === "undefined") return;
    const groups = [
      ["Other organisations", (p) => !p.peer && !p.own, palette[4], "circle", 7],
      ["Peers", (p) => p.peer && !p.own, palette[0], "circle", 9],
      ["Your organisation", (p) => p.own, palette[5], "star", 16],
    ];
    const data = groups.map(([name, keep, color, symbol, size]) => {
      const pts = d.points.filter(keep);
      return { x: pts.map((p) => p.x), y: pts.map((p) => p.y), text: pts.map((p) => p.org_code),
        name, type: "scatter", mode: "markers", marker: { color, symbol, size } };
    });
    if (d.trend) {
      const xs = d.points.map((p) => p.x);
      const lo = Math.min(...xs), hi = Math.max(...xs);
      data.push({ x: [lo, hi], y: [d.trend.intercept + d.trend.slope * lo, d.trend.intercept + d.trend.slope * hi],
        name: "Trend (least squares)", type: "scatter", mode: "lines", line: { color: palette[1], dash: "dash" } });
    }
    Plotly.react(target, data, Object.assign({}, layoutBase, {
      xaxis: { title: { text: d.x_label } }, yaxis: { title: { text: d.y_label } } }), config);
  }
  function drawSeries() {
    const d = read("outcomes-series-data");
    const target = document.getElementById("outcomes-series");
    if (!d || !target || typeof Plotly === "undefined") return;
    const x = d.rows.map((r) => r.period);
    Plotly.react(target, [
      { x, y: d.rows.map((r) => r[d.x]), name: d.x_label, type: "scatter", mode: "lines+markers", line: { color: palette[0] } },
      { x, y: d.rows.map((r) => r[d.y]), name: d.y_label, type: "scatter", mode: "lines+markers", yaxis: "y2", line: { color: palette[5], dash: "dash" } },
    ], Object.assign({}, layoutBase, { xaxis: { type: "category" }, yaxis: { title: { text: d.x_label } },
      yaxis2: { title: { text: d.y_label }, overlaying: "y", side: "right" } }), config);
  }
  function drawFunnel() {
    const d = read("outcomes-funnel-data");
    const target = document.getElementById("outcomes-funnel");
    if (!d || !target || typeof Plotly === "undefined" || !d.rows.length) return;
    const n = d.rows.map((r) => r.denominator);
    const line = (key, name, dash) => ({ x: n, y: d.rows.map((r) => r[key] * 100), name, type: "scatter", mode: "lines",
      line: { color: palette[2], dash }, hoverinfo: "skip" });
    const others = d.rows.filter((r) => !r.own), mine = d.rows.filter((r) => r.own);
    Plotly.react(target, [
      { x: others.map((r) => r.denominator), y: others.map((r) => r.share * 100), text: others.map((r) => r.org_code),
        name: "Peers", type: "scatter", mode: "markers", marker: { color: palette[0] } },
      { x: mine.map((r) => r.denominator), y: mine.map((r) => r.share * 100), text: mine.map((r) => r.org_code),
        name: "Your organisation", type: "scatter", mode: "markers", marker: { color: palette[5], symbol: "star", size: 16 } },
      line("lower_95", "95% limits", "dash"), line("upper_95", "95% limits (upper)", "dash"),
      line("lower_99_8", "99.8% limits", "dot"), line("upper_99_8", "99.8% limits (upper)", "dot"),
    ], Object.assign({}, layoutBase, { xaxis: { title: { text: "Denominator" } }, yaxis: { title: { text: d.label } },
      shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: d.mean * 100, y1: d.mean * 100, line: { color: palette[1] } }] }), config);
  }
  function drawAll() { drawScatter(); drawSeries(); drawFunnel(); }
  window.addEventListener("load", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
})();
