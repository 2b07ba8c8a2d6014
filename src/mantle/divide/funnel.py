"""Funnel plot of the clinician share of senior management across organisations (issue 19).

Rule: each organisation's numerator (clinician holders of senior management) and denominator (its
holders) are the released figures of that organisation's own divide family at board-level
disclosure — exactly what its dashboard shows a board member for the date — so the plot reveals
nothing a reader of those dashboards could not see; an organisation whose either count is hidden
("*") or zero is left out (and said so). The limits are ``analytics.funnel`` (docs/metrics.md
§10.2). The chart is static SVG drawn here, the same drawing on the system view and in the pack.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final
from xml.sax.saxutils import escape

import numpy as np
import polars as pl
from markupsafe import Markup

from mantle.analytics.funnel import funnel, limits
from mantle.core.jinja2 import fmt_share
from mantle.workforce.models import Organisation

from . import services
from .family import families_cached_of_organisations

POSITION_TEXT: Final = {
    "above_99_8": "above the 99.8% limit",
    "below_99_8": "below the 99.8% limit",
    "above_95": "between the 95% and 99.8% limits, above",
    "below_95": "between the 95% and 99.8% limits, below",
    "within": "within the 95% limits",
}
METHOD: Final = "exact"


def senior_funnel(*, orgs: list[Organisation], on: dt.date) -> dict[str, Any]:
    """The funnel of ``orgs`` (those the reader may see) on ``on``: system mean, one row per
    organisation with both counts released, the left-out organisations, and the SVG."""
    counts = []
    left_out = []
    # The organisations' own figures in a few queries when their families are known (a loop of
    # divide_report read each organisation's register version and whole family: 1 s for ~200).
    known = families_cached_of_organisations(on=on, orgs=orgs) if orgs else {}
    for org in orgs:
        fam = known.get(org.code)
        report = (
            services.root_report(fam, suppress=True)
            if fam is not None
            else services.divide_report(org=org, on=on, suppress=True)
        )
        senior = report["aggregates"]["senior_management"]
        num, den = senior["clinician_holders"], senior["holders"]
        if isinstance(num, int) and isinstance(den, int) and den > 0:
            counts.append({"org_code": org.code, "numerator": num, "denominator": den})
        else:
            left_out.append(org)
    frame = pl.DataFrame(
        counts, schema={"org_code": pl.Utf8, "numerator": pl.Int64, "denominator": pl.Int64}
    )
    mean, table = funnel(frame, method=METHOD)
    names = {o.code: o.name for o in orgs}
    rows = [
        {**r, "name": names[r["org_code"]], "position_text": POSITION_TEXT[r["position"]]}
        for r in table.sort("denominator").iter_rows(named=True)
    ]
    return {"on": on, "mean": mean, "rows": rows, "left_out": left_out, "method": METHOD}


def funnel_summary(data: dict[str, Any], *, highlight: str | None = None) -> str:
    if data["mean"] is None:
        return "No organisation has both senior-management counts released on this date."
    outside = [r for r in data["rows"] if r["position"] != "within"]
    beyond = sum(1 for r in outside if r["position"].endswith("99_8"))
    text = (
        f"{len(data['rows'])} organisation{'' if len(data['rows']) == 1 else 's'}; "
        f"system mean {fmt_share(data['mean'])}. "
        f"{len(outside)} outside the 95% limits ({beyond} beyond the 99.8% limits)."
    )
    mine = next((r for r in data["rows"] if r["org_code"] == highlight), None)
    if mine is not None:
        text += (
            f" {mine['name']}: {fmt_share(mine['share'])} of {mine['denominator']} senior "
            f"managers, {mine['position_text']}."
        )
    return text


def funnel_svg(
    data: dict[str, Any],
    *,
    title: str,
    description: str,
    highlight: str | None = None,
    width: int = 640,
) -> Markup:
    """A static SVG funnel plot: share against senior-management holders, the system mean and the
    95% and 99.8% limits; the highlighted organisation is a larger square (shape, not only colour).
    No script and no style attribute (CSP-safe)."""
    height, left, right, top, bottom = 260, 56, width - 12, 16, 214
    ident = "funnel-" + "".join(c for c in title.lower() if c.isalnum())
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" class="mantle-spc">'
        f'<title id="{ident}-t">{escape(title)}: funnel plot</title>'
        f'<desc id="{ident}-d">{escape(description)} The figures are in the table with it.</desc>'
    )
    rows, p = data["rows"], data["mean"]
    if not rows or p is None:
        return Markup(head + '<text x="12" y="24">No organisation to plot.</text></svg>')  # noqa: S704 - text escaped
    n_max = max(r["denominator"] for r in rows) * 1.1
    # The funnel is drawn over the denominators plotted (from half the smallest, at least 5):
    # below that its limits span almost 0–100% and would flatten every point.
    n_min = max(5, min(r["denominator"] for r in rows) // 2)
    grid = np.unique(np.linspace(n_min, max(n_max, n_min + 1), 60).round().astype(int))
    curves = {n: limits(n=int(n), p=p, method=data["method"]) for n in grid}
    values = [r["share"] for r in rows] + [v for lim in curves.values() for v in lim.values()]
    lo, hi = max(0.0, min(values) - 0.05), min(1.0, max(values) + 0.05)

    def x(n: float) -> float:
        return left + n / n_max * (right - left)

    def y(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * (bottom - top)

    parts = [
        head,
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#4c6272"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#4c6272"/>'
        f'<text x="{left - 4}" y="{y(hi):.1f}" font-size="11" text-anchor="end">{fmt_share(hi)}</text>'
        f'<text x="{left - 4}" y="{y(lo):.1f}" font-size="11" text-anchor="end">{fmt_share(lo)}</text>'
        f'<line x1="{left}" y1="{y(p):.1f}" x2="{right}" y2="{y(p):.1f}" stroke="#425563" '
        'stroke-width="1.5"/>',
    ]
    for key, dash in (("95", "6 4"), ("99_8", "2 3")):
        for side in ("lower", "upper"):
            pts = " ".join(
                f"{x(n):.1f},{y(min(max(lim[f'{side}_{key}'], lo), hi)):.1f}"
                for n, lim in curves.items()
            )
            parts.append(
                f'<polyline points="{pts}" fill="none" stroke="#768692" stroke-dasharray="{dash}"/>'
            )
    for r in rows:
        cx, cy = x(r["denominator"]), y(r["share"])
        if r["org_code"] == highlight:
            parts.append(
                f'<rect x="{cx - 6:.1f}" y="{cy - 6:.1f}" width="12" height="12" fill="#005eb8"/>'
            )
        else:
            colour = "#212b32" if r["position"] == "within" else "#ed8b00"
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}"/>')
    parts.append(
        f'<text x="{right}" y="{bottom + 16}" font-size="11" text-anchor="end">'
        f"Senior-management holders (up to {int(n_max)})</text>"
        f'<text x="{left}" y="{height - 6}" font-size="11">Solid line: system mean. Dashed: 95% '
        "limits. Dotted: 99.8% limits."
        + (" Large square: this organisation." if highlight else "")
        + "</text></svg>"
    )
    return Markup("".join(parts))  # noqa: S704 - every text node is escaped above
