"""Staff turnover at each month end, from the effective-dated register (issue 19).

Definition (docs/metrics.md §10): for the month ending on date d, with p the month end before,
**leavers** are the people in the organisation's workforce (holding any post) on p and on none of
its posts on d; turnover = leavers ÷ the mean of the headcounts on p and d. The whole series is
read from one load of the register's history (one query per table for the window), not per month.

Disclosure rule: the headcounts on p and d are the divide family's released figures
(``workforce.headcount``); leavers, and the joiners and stayers a reader could work out from them
(headcount on d = stayers + joiners, on p = stayers + leavers), are one family of the disclosure
layer per month, with the headcounts the costliest to hide. Turnover is shown only when the leavers
count is released, both headcounts are released in the divide family, and this family did not need
to hide a headcount; otherwise it is "*".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from mantle.analytics.disclosure import SUPPRESSED, Family
from mantle.analytics.disclosure.checked import protect_checked
from mantle.workforce.models import Organisation

from .family import threshold
from .frames import load_history


def month_end_before(day: dt.date) -> dt.date:
    return day.replace(day=1) - dt.timedelta(days=1)


def _people_on(holdings: pl.DataFrame, day: dt.date) -> set[int]:
    in_force = holdings.filter((pl.col("vf") <= day) & (pl.col("vt") > day))
    return set(in_force["person_id"].unique().to_list())


def turnover_counts(*, org: Organisation, dates: list[dt.date]) -> list[dict[str, frozenset[int]]]:
    """For each date's month (against the month end before it), the groups of people: ``h0`` and
    ``h1`` (the workforce at the two month ends), ``leavers``, ``joiners`` and ``stayers``. One
    read of the register for the whole window."""
    days = sorted(dates)
    before = month_end_before(days[0])
    history = load_history(start=before, end=days[-1], org_id=org.pk)
    people = {d: frozenset(_people_on(history.holdings, d)) for d in [before, *days]}
    out = []
    previous = before
    for day in days:
        p0, p1 = people[previous], people[day]
        out.append({"h0": p0, "h1": p1, "leavers": p0 - p1, "joiners": p1 - p0, "stayers": p0 & p1})
        previous = day
    return out


def turnover_shown(
    groups: dict[str, frozenset[int]], *, h0_released: bool, h1_released: bool, suppress: bool
) -> Any:
    """The turnover figure a reader sees for one month (module rule). The family is checked by the
    disclosure auditor over the people themselves: the headcounts and the leavers pin the joiners
    and stayers down exactly, which the family's additive relations alone would not catch."""
    n = {k: len(v) for k, v in groups.items()}
    mean = (n["h0"] + n["h1"]) / 2
    rate = n["leavers"] / mean if mean else None
    if not suppress:
        return rate
    if not (h0_released and h1_released):
        return SUPPRESSED
    limit = threshold()
    fam = Family(threshold=limit)
    for cell in ("h0", "h1"):
        fam.count(cell, n[cell], weight=1e6)
    fam.count("leavers", n["leavers"])
    fam.count("joiners", n["joiners"], shown=False)
    fam.count("stayers", n["stayers"], shown=False)
    fam.relation("h0", ["stayers", "leavers"])
    fam.relation("h1", ["stayers", "joiners"])
    protection = protect_checked(fam, groups, threshold=limit)
    if not all(protection.released(c) for c in ("h0", "h1", "leavers")):
        return SUPPRESSED
    return rate
