"""SPC on the divide's monthly trend: an XmR chart (``analytics.spc``) of released figures only.

Rule: the trend points are the disclosure layer's output for the viewer (``services``); a point the
layer hid ("*") is a gap in the chart, never a value, so the limits, the rules and the chart are
computed from exactly the figures the reader can already see. The chart is drawn here as static SVG
(the same drawing on the dashboard and in the board pack), with a text summary and a data table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


ASSURANCE_LABELS: Final = {
    "consistently_pass": "Consistently passes",
    "consistently_fail": "Consistently fails",
    "hit_and_miss": "Hit and miss",
}


@dataclass(frozen=True)
class Series:
    """One monthly series a board reads: how to take its value from a (disclosed) divide report."""

    key: str
    name: str
    improvement: Improvement
    definition: str
    section: str = ""  # for a tier's clinician share: the report section and tier key
    tier: str = ""

    def value(self, report: dict[str, Any]) -> Any:
        """The released value in ``report`` ("*" when hidden, None when undefined)."""
        if self.key == "workforce_clinician_share":
            return report["workforce"]["workforce_clinician_share"]
        if self.key == "management_vacancy_rate":
            group = report["aggregates"]["all_management"]
            return vacancy_rate(group.get("vacant"), group.get("posts"))
        if self.tier:
            return report[self.section][self.tier]["clinician_share"]
        return report.get(self.key)  # added to the report by whoever reads it (turnover, coverage)


def vacancy_rate(vacant: Any, posts: Any) -> Any:
    """Vacant management posts ÷ management posts. Hidden ("*") when the vacant count is hidden
    (the disclosure layer hides it with the group's holders); None without posts."""
    if isinstance(vacant, str) or isinstance(posts, str):
        return "*"
    if not posts or vacant is None:
        return None
    return vacant / posts


# (key, label, report section) of every tier row; kept here so the views and the pack share them.
_TIERS: Final = (
    ("board_non_executive", "Board – non-executive", "tiers"),
    ("board_executive", "Board – executive", "tiers"),
    ("senior", "Senior management", "tiers"),
    ("middle", "Middle management", "tiers"),
    ("first_line", "First-line management", "tiers"),
    ("board", "Board (both tiers)", "aggregates"),
    ("senior_management", "Senior management (executive + senior)", "aggregates"),
    ("all_management", "All management", "aggregates"),
)

MONTHLY_SERIES: Final[tuple[Series, ...]] = (
    *(
        Series(
            key=f"{tier}_clinician_share",
            name=MEASURES.get(f"{tier}_clinician_share", (f"{label}: clinician share",))[0],
            improvement="up",
            definition=(
                f"Of the distinct people holding {label.lower()} posts at the month end, the share "
                "who are registered clinicians in clinical work (docs/metrics.md §4.2)."
            ),
            section=section,
            tier=tier,
        )
        for tier, label, section in _TIERS
    ),
    Series(
        key="workforce_clinician_share",
        name=MEASURES["workforce_clinician_share"][0],
        improvement=None,
        definition=(
            "Of the distinct people in the organisation's workforce at the month end, the share who "
            "are registered clinicians (docs/metrics.md §4.1). Neither direction is better."
        ),
    ),
    Series(
        key="staff_turnover",
        name="Staff turnover (monthly)",
        improvement="down",
        definition=(
            "People in the organisation's workforce at the previous month end who hold none of "
            "its posts at this one (leavers), as a share of the mean of the two headcounts; "
            "whole organisation only; hidden when the leavers, or the joiners they would "
            "reveal, are fewer than the threshold."
        ),
    ),
    Series(
        key="management_vacancy_rate",
        name="Management vacancy rate",
        improvement="down",
        definition=(
            "Management posts (every tier) with no current holder at the month end, as a share of "
            "all management posts (vacant ÷ posts); hidden when the vacant count is hidden."
        ),
    ),
)
# Drawn in the board pack only (their month ends come from another app's public selector, one
# date at a time, too slow for every dashboard load): the pack adds the values to its reports.
PACK_SERIES: Final[tuple[Series, ...]] = (
    Series(
        key="capability_coverage",
        name="Capability assessment coverage",
        improvement="up",
        definition=(
            "Staff with a leadership self-assessment or 360° in the 24 months to the month end, "
            "as a share of staff in post: the capability app's protected organisation figure, "
            "released to the nearest 10% (docs/capability.md)."
        ),
    ),
)
ALL_SERIES: Final = (*MONTHLY_SERIES, *PACK_SERIES)
SERIES_BY_KEY: Final = {s.key: s for s in ALL_SERIES}


def change_index(dates: Sequence[str], change_point: dt.date | None) -> list[int]:
    """The index of the first month end on or after a declared change point (none if outside)."""
    if change_point is None:
        return []
    day = change_point.isoformat()
    return [next((i for i, d in enumerate(dates) if d >= day), len(dates))]


def series_spc(
    monthly: Sequence[tuple[str, dict[str, Any]]],
    series: Series,
    *,
    target: float | None = None,
    change_point: dt.date | None = None,
) -> dict[str, Any]:
    """The XmR chart of one monthly series from the month ends' disclosed reports."""
    dates = [d for d, _ in monthly]
    values = [series.value(r) for _, r in monthly]
    return _spc(
        dates,
        values,
        key=series.key,
        name=series.name,
        improvement=series.improvement,
        target=target,
        change_points=change_index(dates, change_point),
        definition=series.definition,
    )


def monthly_spc(
    monthly: Sequence[tuple[str, dict[str, Any]]],
    settings: Mapping[str, tuple[float | None, dt.date | None]] | None = None,
    *,
    series: Sequence[Series] = MONTHLY_SERIES,
) -> list[dict[str, Any]]:
    """Every series of ``series`` (default ``MONTHLY_SERIES``) charted, with the organisation's
    targets and change points (``settings``: key → (target, change point))."""
    settings = settings or {}
    charts = []
    for s in series:
        target, change_point = settings.get(s.key) or (None, None)
        charts.append(series_spc(monthly, s, target=target, change_point=change_point))
    return charts


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
    direction = default_improvement if improvement == "default" else improvement
    return _spc(
        [p["as_of"] for p in trend],
        [p.get(key) for p in trend],
        key=key,
        name=name or default_name,
        improvement=direction,  # type: ignore[arg-type]
        target=target,
    )


def _spc(
    dates: list[str],
    values: list[Any],
    *,
    key: str,
    name: str,
    improvement: Improvement,
    target: float | None,
    change_points: Sequence[int] = (),
    definition: str = "",
) -> dict[str, Any]:
    chart = xmr(
        values,
        improvement=improvement,
        target=target,
        change_points=change_points,
        bounds=(0.0, 1.0),
    )
    rows = []
    for day, value, point in zip(dates, values, chart.points, strict=True):
        rows.append(
            {
                "as_of": day,
                "value": value,
                "mean": point.mean,
                "lower": point.lower,
                "upper": point.upper,
                "special": ", ".join(r.replace("_", " ") for r in point.rules) or "–",
                "kind": point.kind,
            }
        )
    text = summary(chart, name=name)
    latest = next((v for v in reversed(values) if v is not None), None)
    limited = bool(chart.segments) and chart.segments[-1].upper is not None
    return {
        "key": key,
        "name": name,
        "definition": definition,
        "chart": chart,
        "latest": latest,
        "variation": chart.variation,
        # No icon without process limits (fewer than two published points in the segment).
        "variation_label": ICON_LABELS[chart.variation] if limited else "Too few points",
        "assurance": chart.assurance,
        "assurance_label": ASSURANCE_LABELS.get(
            chart.assurance or "", "No target set" if target is None else "–"
        ),
        "target": target,
        "change_points": [dates[i] for i in change_points if i < len(dates)],
        "summary": text,
        "rows": rows,
        "svg": spc_svg(chart, dates, title=name, description=text, target=target),
    }


def _y(value: float, top: float, bottom: float, lo: float, hi: float) -> float:
    return bottom - (value - lo) / (hi - lo) * (bottom - top)


def spc_svg(
    chart: Chart,
    labels: list[str],
    *,
    title: str,
    description: str,
    width: int = 640,
    target: float | None = None,
) -> Markup:
    """A static, self-contained SVG of an XmR chart (no script, no style attribute: CSP-safe).
    Special-cause points differ by shape as well as colour (squares concern, diamonds improve)."""
    height, left, right, top, bottom = 254, 56, width - 12, 16, 200
    values = [p.value for p in chart.points if p.value is not None]
    lines = [v for s in chart.segments for v in (s.lower, s.upper, s.mean) if v is not None]
    if target is not None:
        lines.append(target)
    ident = "spc-" + "".join(c for c in title.lower() if c.isalnum())
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
    if target is not None:
        parts.append(
            f'<line x1="{left}" y1="{y(target):.1f}" x2="{right}" y2="{y(target):.1f}" '
            'stroke="#da291c" stroke-dasharray="2 3" stroke-width="1.5"/>'
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
        f'<text x="{left}" y="{height - 20}" font-size="11">Solid line: mean. Dashed: process '
        "limits." + (" Red dotted: target." if target is not None else "") + "</text>"
        f'<text x="{left}" y="{height - 6}" font-size="11">Square: concern; diamond: improvement '
        "or special cause.</text></svg>"
    )
    return Markup("".join(parts))  # noqa: S704 - every text node is escaped above
