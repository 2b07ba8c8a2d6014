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
from mantle.core.dates import years_from
from mantle.divide import services as divide
from mantle.divide.spc import trend_spc
from mantle.divide.views import PROFESSIONS, TIER_ROWS
from mantle.workforce.models import Organisation

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


def pack_context(*, org: Organisation, on: dt.date) -> dict[str, Any]:
    """The template context of one pack (every figure at board-level disclosure)."""
    since = years_from(on, -1)
    board = divide.divide_dashboard(org=org, on=on, since=since, unit=None, suppress=True)
    trend = board["trend"]
    charts = [trend_spc(trend, key) for key in SERIES]
    return {
        "org": org,
        "on": on,
        "since": since,
        "report": board["report"],
        "before": board["before"],
        "trend": trend,
        "charts": charts,
        "tier_rows": TIER_ROWS,
        "professions": PROFESSIONS,
        "made": dt.datetime.now(dt.UTC),
        "rules": {
            "limit_factor": spc.LIMIT_FACTOR,
            "run_length": spc.RUN_LENGTH,
            "min_points": spc.MIN_POINTS_FOR_LIMITS,
            "rule_order": [r.replace("_", " ") for r in spc.RULE_ORDER],
        },
    }
