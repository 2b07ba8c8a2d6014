"""Enrolment status moves: applied → enrolled → completed; applied or enrolled → withdrawn.

Completed and withdrawn are final: a second attempt is a new enrolment, so the record of the first
(and its cost) is never overwritten.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

MOVES: Final[dict[str, frozenset[str]]] = {
    "applied": frozenset({"enrolled", "withdrawn"}),
    "enrolled": frozenset({"completed", "withdrawn"}),
    "completed": frozenset(),
    "withdrawn": frozenset(),
}


def move_error(*, current: str, new: str) -> str | None:
    """Why an enrolment cannot move from ``current`` to ``new`` (None when it can)."""
    if new not in MOVES:
        return f"'{new}' is not an enrolment status."
    if new not in MOVES.get(current, frozenset()):
        return f"An enrolment that is {current} cannot become {new}."
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {day}")  # pragma: no cover


def expiry_for(*, awarded_on: dt.date, validity_months: int | None) -> dt.date | None:
    """Rule: a holding of something valid for N months is valid to the day before the same date N
    months after the award (awarded 1 April 2024, valid 36 months → last valid day 31 March 2027)."""
    if not validity_months:
        return None
    return add_months(awarded_on, validity_months) - dt.timedelta(days=1)
