"""SPC on the divide's monthly trend: an XmR chart (``analytics.spc``) of released figures only.

Rule: the trend points are the disclosure layer's output for the viewer (``services``); a point the
layer hid ("*") is a gap in the chart, never a value, so the limits, the rules and the chart are
computed from exactly the figures the reader can already see. The chart is drawn here as static SVG
(the same drawing on the dashboard and in the board pack), with a text summary and a data table.
"""

from __future__ import annotations

from typing import Any, Final
from xml.sax.saxutils import escape

from markupsafe import Markup

from mantle.analytics.spc import Chart, Improvement, summary, xmr
from mantle.core.jinja2 import fmt_share

# Trend keys charted, their names, and which direction is better (the divide narrowing).
MEASURES: Final = {
    "senior_management_clinician_share": ("Clinician share of senior management", "up"),
    "board_clinician_share": ("Clinician share of the board", "up"),
    "workforce_clinician_share": ("Clinician share of the workforce", None),
    "focus_clinician_share": ("Clinician share of the chosen tier", "up"),
}
ICON_LABELS: Final = {
    "common_cause": "Common cause",
    "improvement_high": "Improvement (high)",
    "improvement_low": "Improvement (low)",
    "concern_high": "Concern (high)",
    "concern_low": "Concern (low)",
    "neither_high": "Special cause (high)",
    "neither_low": "Special cause (low)",
}
COLOURS: Final = {"improvement": "#005eb8", "concern": "#ed8b00", "neither": "#330072"}


def trend_spc(
    trend: list[dict[str, Any]],
    key: str,
    *,
    name: str | None = None,
    improvement: Improvement | str = "default",
    target: float | None = None,
) -> dict[str, Any]:
    """The XmR chart of one trend series, with its summary, table rows and SVG."""
    default_name, default_improvement = MEASURES.get(key, (key, None))
    label = name or default_name
    direction = default_improvement if improvement == "default" else improvement
    values = [p.get(key) for p in trend]
    chart = xmr(values, improvement=direction, target=target, bounds=(0.0, 1.0))  # type: ignore[arg-type]
    rows = []
    for p, point in zip(trend, chart.points, strict=True):
        rows.append(
            {
                "as_of": p["as_of"],
                "value": p.get(key),
                "mean": point.mean,
                "lower": point.lower,
                "upper": point.upper,
                "special": ", ".join(r.replace("_", " ") for r in point.rules) or "–",
                "kind": point.kind,
            }
        )
    text = summary(chart, name=label)
    return {
        "key": key,
        "name": label,
        "chart": chart,
        "variation": chart.variation,
        "variation_label": ICON_LABELS[chart.variation],
        "assurance": chart.assurance,
        "summary": text,
        "rows": rows,
        "svg": spc_svg(chart, [p["as_of"] for p in trend], title=label, description=text),
    }


def _y(value: float, top: float, bottom: float, lo: float, hi: float) -> float:
    return bottom - (value - lo) / (hi - lo) * (bottom - top)


def spc_svg(
    chart: Chart, labels: list[str], *, title: str, description: str, width: int = 640
) -> Markup:
    """A static, self-contained SVG of an XmR chart (no script, no style attribute: CSP-safe).
    Special-cause points differ by shape as well as colour (squares concern, diamonds improve)."""
    height, left, right, top, bottom = 240, 56, width - 12, 16, 200
    values = [p.value for p in chart.points if p.value is not None]
    lines = [v for s in chart.segments for v in (s.lower, s.upper, s.mean) if v is not None]
    ident = "spc-" + "".join(c for c in title.lower() if c.isalnum())[:24]
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" class="mantle-spc">'
        f'<title id="{ident}-t">{escape(title)}: XmR chart</title>'
        f'<desc id="{ident}-d">{escape(description)} The figures are in the table with it.</desc>'
    )
    if not values:
        return Markup(head + '<text x="12" y="24">No published points.</text></svg>')  # noqa: S704 - text escaped
    lo, hi = min(values + lines), max(values + lines)
    if hi - lo < 1e-9:
        lo, hi = lo - 0.05, hi + 0.05
    pad = (hi - lo) * 0.08
    lo, hi = max(0.0, lo - pad), min(1.0, hi + pad) if hi <= 1 else hi + pad
    n = max(len(chart.points), 2)

    def x(i: int) -> float:
        return left + i * (right - left) / (n - 1)

    def y(v: float) -> float:
        return _y(v, top, bottom, lo, hi)

    parts = [head]
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#4c6272"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#4c6272"/>'
        f'<text x="{left - 4}" y="{y(hi):.1f}" font-size="11" text-anchor="end">{fmt_share(hi)}</text>'
        f'<text x="{left - 4}" y="{y(lo):.1f}" font-size="11" text-anchor="end">{fmt_share(lo)}</text>'
    )
    for seg in chart.segments:
        if seg.mean is None:
            continue
        x1, x2 = x(seg.start), x(max(seg.end - 1, seg.start))
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y(seg.mean):.1f}" x2="{x2:.1f}" y2="{y(seg.mean):.1f}" '
            'stroke="#425563" stroke-width="1.5"/>'
        )
        for limit in (seg.lower, seg.upper):
            if limit is not None:
                parts.append(
                    f'<line x1="{x1:.1f}" y1="{y(limit):.1f}" x2="{x2:.1f}" y2="{y(limit):.1f}" '
                    'stroke="#768692" stroke-dasharray="6 4"/>'
                )
    run: list[str] = []
    for p in [*chart.points, None]:
        if p is None or p.value is None:
            if len(run) > 1:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="#212b32" '
                    'stroke-width="1.5"/>'
                )
            run = []
            continue
        run.append(f"{x(p.index):.1f},{y(p.value):.1f}")
    for p in chart.points:
        if p.value is None:
            continue
        cx, cy = x(p.index), y(p.value)
        colour = COLOURS.get(p.kind, "#768692")
        if p.kind == "concern":
            parts.append(
                f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" fill="{colour}"/>'
            )
        elif p.kind in ("improvement", "neither"):
            parts.append(
                f'<polygon points="{cx:.1f},{cy - 5:.1f} {cx + 5:.1f},{cy:.1f} {cx:.1f},'
                f'{cy + 5:.1f} {cx - 5:.1f},{cy:.1f}" fill="{colour}"/>'
            )
        else:
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}"/>')
    if labels:
        parts.append(
            f'<text x="{left}" y="{bottom + 18}" font-size="11">{escape(labels[0])}</text>'
            f'<text x="{right}" y="{bottom + 18}" font-size="11" text-anchor="end">'
            f"{escape(labels[-1])}</text>"
        )
    parts.append(
        f'<text x="{left}" y="{height - 6}" font-size="11">Solid line: mean. Dashed: process '
        "limits. Square: concern; diamond: improvement or special cause.</text></svg>"
    )
    return Markup("".join(parts))  # noqa: S704 - every text node is escaped above
