"""Retention of FPPT records: kept until the director's 75th birthday (FPPT Framework)."""

from __future__ import annotations

import datetime as dt

RETENTION_AGE = 75


def retain_until(*, date_of_birth: dt.date) -> dt.date:
    """The 75th birthday: the first day on which the FPPT records may be destroyed.

    Rule: someone born on 29 February reaches an age in a common year on 1 March (the usual reading
    in England), so that is their birthday when the 75th falls in a common year.
    """
    year = date_of_birth.year + RETENTION_AGE
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return dt.date(year, 3, 1)


def may_destroy(*, date_of_birth: dt.date, on: dt.date) -> bool:
    """Records may be destroyed on or after the 75th birthday, never before."""
    return on >= retain_until(date_of_birth=date_of_birth)
