"""What a board pack holds: the divide at board-level disclosure and its SPC charts.

Rule: board level is the disclosure an executive or chair sees on the dashboard — the divide
report suppressed through the disclosure layer (``suppress=True``), never the HR/OD view — so the
pack and the dashboard show the same figures for the same date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from mantle.analytics import spc
from mantle.analytics.funnel import LEVELS as FUNNEL_LEVELS
from mantle.core.dates import years_from
from mantle.divide import services as divide
from mantle.divide.funnel import funnel_summary, funnel_svg, senior_funnel
from mantle.divide.spc import ALL_SERIES, ICON_LABELS, monthly_spc
from mantle.divide.views import PROFESSIONS, TIER_ROWS
from mantle.workforce.models import Organisation

from . import sections
from .selectors import measure_settings

SERIES = (
    "senior_management_clinician_share",
    "board_clinician_share",
    "workforce_clinician_share",
)


def month_end(month: str) -> dt.date:
    """``YYYY-MM`` → its last day. ValueError for anything else."""
    try:
        year, number = (int(part) for part in month.split("-"))
        last = calendar.monthrange(year, number)[1]
        return dt.date(year, number, last)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"month must be YYYY-MM, not {month!r}") from exc


def pack_date(month: str, *, today: dt.date | None = None) -> dt.date:
    """The date the pack's figures are for: the month's last day, or today in the current month."""
    today = today or dt.date.today()
    return min(month_end(month), today)


def pack_context(*, org: Organisation, on: dt.date, user: Any = None) -> dict[str, Any]:
    """The template context of one pack (every figure at board-level disclosure)."""
    since = years_from(on, -1)
    board = divide.divide_dashboard(org=org, on=on, since=since, unit=None, suppress=True)
    trend = board["trend"]
    actor = sections.board_actor(org, user)
    coverage = sections.coverage_monthly(
        org=org, dates=[dt.date.fromisoformat(d) for d, _ in board["monthly"]], actor=actor
    )
    monthly = [(d, {**r, "capability_coverage": coverage[d]}) for d, r in board["monthly"]]
    charts = monthly_spc(monthly, measure_settings(org=org), series=ALL_SERIES)
    peers = _funnel_orgs(org)
    funnel = senior_funnel(orgs=peers, on=on)
    funnel_text = funnel_summary(funnel, highlight=org.code)
    return {
        "org": org,
        "on": on,
        "since": since,
        "report": board["report"],
        "before": board["before"],
        "trend": trend,
        "charts": charts,
        "headline": [c for c in charts if c["key"] in SERIES],
        # Charts with at least one published point are drawn; the others are listed.
        "shown_keys": [
            c["key"] for c in charts if any(p.value is not None for p in c["chart"].points)
        ],
        "funnel": funnel,
        "funnel_text": funnel_text,
        "funnel_svg": funnel_svg(
            funnel,
            title="Clinician share of senior management across organisations",
            description=funnel_text,
            highlight=org.code,
        ),
        "succession": sections.succession_section(org=org, on=on),
        "coverage": sections.coverage_section(org=org, on=on, actor=actor),
        "compliance": sections.compliance_section(org=org, on=on),
        "fppt": sections.fppt_section(org=org, on=on, actor=actor),
        "tier_rows": TIER_ROWS,
        "professions": PROFESSIONS,
        "made": dt.datetime.now(dt.UTC),
        "rules": {
            "limit_factor": spc.LIMIT_FACTOR,
            "run_length": spc.RUN_LENGTH,
            "min_points": spc.MIN_POINTS_FOR_LIMITS,
            "rule_order": [r.replace("_", " ") for r in spc.RULE_ORDER],
            "variation": ICON_LABELS,
            "assurance": spc.ASSURANCE_TEXT,
        },
        "definitions": ALL_SERIES,
        "funnel_levels": FUNNEL_LEVELS,
    }


def _funnel_orgs(org: Organisation) -> list[Organisation]:
    """The organisations the funnel compares: every provider with posts in Mantle (the board's own
    is named; the others are shown unnamed in the pack, numbered by size)."""
    orgs = Organisation.objects.exclude(org_type__in=["icb", "sub_icb"]).order_by("name")
    return list(orgs.filter(posts__isnull=False).distinct())
