"""Succession readiness: the band a candidate is in on a date, and whether they count on the bench.

Rules (docs/talent.md, "Readiness"):

* Readiness is effective-dated: the band on date *d* is the latest assessment made on or before *d*
  (two on the same day: the one recorded last). A candidate with no assessment by *d* has no band.
* A candidate counts for a post on *d* only while their nomination is open ([added_on, removed_on),
  half-open), while they are employed on *d* (hold at least one assignment), and when they are not
  themselves an incumbent of that post on *d*.
* An assessment older than the organisation's review interval (default 12 months) is *due for review*.
  It still counts — a stale "ready now" is flagged, not silently dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .retirement import add_months

__all__ = [
    "BENCH_BANDS",
    "Assessment",
    "CandidateFacts",
    "Readiness",
    "counted_candidates",
    "readiness_due_for_review",
    "readiness_on",
]


class Readiness(StrEnum):
    EMERGENCY_COVER = "emergency_cover"
    READY_NOW = "ready_now"
    READY_1_2_YEARS = "ready_1_2_years"
    READY_3_PLUS_YEARS = "ready_3_plus_years"


READINESS_LABELS: dict[Readiness, str] = {
    Readiness.EMERGENCY_COVER: "Emergency cover",
    Readiness.READY_NOW: "Ready now",
    Readiness.READY_1_2_YEARS: "Ready in 1–2 years",
    Readiness.READY_3_PLUS_YEARS: "Ready in 3+ years",
}

BENCH_BANDS: frozenset[Readiness] = frozenset({Readiness.READY_NOW, Readiness.READY_1_2_YEARS})
"""The bands that make up *bench strength* (issue 7): ready now and ready in 1–2 years."""


@dataclass(frozen=True)
class Assessment:
    assessed_on: dt.date
    readiness: Readiness
    sequence: int = 0
    """Tie-break for two assessments on one day: the higher (later recorded) wins."""


@dataclass(frozen=True)
class CandidateFacts:
    """One nomination of a person for one post, with its readiness history."""

    person_id: int
    added_on: dt.date
    removed_on: dt.date | None
    assessments: tuple[Assessment, ...]
    rank: int = 1


def readiness_on(*, assessments: Iterable[Assessment], on: dt.date) -> Assessment | None:
    """The assessment in force on ``on``: the latest made on or before it (module rule)."""
    best: Assessment | None = None
    for a in assessments:
        if a.assessed_on > on:
            continue
        if best is None or (a.assessed_on, a.sequence) > (best.assessed_on, best.sequence):
            best = a
    return best


def readiness_due_for_review(
    *, assessed_on: dt.date, on: dt.date, interval_months: int = 12
) -> bool:
    """Rule: due when ``on`` is on or after ``assessed_on`` plus the review interval."""
    return on >= add_months(assessed_on, interval_months)


@dataclass(frozen=True)
class CountedCandidate:
    person_id: int
    readiness: Readiness
    assessed_on: dt.date
    rank: int


def counted_candidates(
    *,
    candidates: Sequence[CandidateFacts],
    on: dt.date,
    employed_person_ids: frozenset[int] | set[int],
    incumbent_ids: frozenset[int] | set[int],
) -> list[CountedCandidate]:
    """The candidates who count for a post on ``on`` with their band, best rank first (module rule).

    A person nominated twice for the same post counts once (their lowest rank, latest band)."""
    seen: dict[int, CountedCandidate] = {}
    for c in candidates:
        if c.added_on > on or (c.removed_on is not None and c.removed_on <= on):
            continue
        if c.person_id not in employed_person_ids or c.person_id in incumbent_ids:
            continue
        current = readiness_on(assessments=c.assessments, on=on)
        if current is None:
            continue
        row = CountedCandidate(c.person_id, current.readiness, current.assessed_on, c.rank)
        previous = seen.get(c.person_id)
        if previous is None or (row.rank, -row.assessed_on.toordinal()) < (
            previous.rank,
            -previous.assessed_on.toordinal(),
        ):
            seen[c.person_id] = row
    return sorted(seen.values(), key=lambda r: (r.rank, r.person_id))
