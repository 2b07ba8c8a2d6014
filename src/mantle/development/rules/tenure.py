"""Board tenure: the stretches of time a person sat on the board, whatever board posts they held.

Rule: board-tier spells (half-open [start, end), end None while current) that overlap or touch are one
tenure, so moving from one board post to another is not a new appointment (no new board member
reference is due) but joining after a gap is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

Interval = tuple[dt.date, dt.date | None]


def merge_tenures(spells: Iterable[Interval]) -> list[Interval]:
    """Merge overlapping or touching half-open intervals; ``None`` as the end means open-ended."""
    ordered = sorted(spells, key=lambda s: s[0])
    merged: list[Interval] = []
    for start, end in ordered:
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or start <= last_end:
                new_end = None if last_end is None or end is None else max(last_end, end)
                merged[-1] = (last_start, new_end)
                continue
        merged.append((start, end))
    return merged


def financial_year(year: int) -> tuple[dt.date, dt.date]:
    """The financial year starting in ``year``: [1 April year, 1 April year + 1)."""
    return dt.date(year, 4, 1), dt.date(year + 1, 4, 1)


def financial_year_of(day: dt.date) -> int:
    """The first calendar year of the financial year containing ``day``."""
    return day.year if day.month >= 4 else day.year - 1
