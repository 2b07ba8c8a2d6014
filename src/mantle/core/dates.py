"""Date arithmetic people expect: "a year ago" from 29 February is 28 February."""

from __future__ import annotations

import datetime as dt


def years_from(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (or earlier); 29 February becomes 28 February in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
