"""The 9-box grid: performance (horizontal) against potential (vertical), three levels each.

Rules (docs/talent.md, "Talent review"):

* Box number = (potential − 1) × 3 + performance, so box 1 is low/low (bottom left) and box 9 is
  high/high (top right). The top row follows the NHS talent toolkits' readiness wording.
* **Distribution by manager** (to spot lenient or harsh raters): for each proposer, the number of
  placements, their mean performance and potential, and the *leniency* = the proposer's mean of
  (performance + potential) minus the same mean over every other proposer's placements. A proposer
  with at least ``min_placements`` placements and |leniency| ≥ ``flag_at`` (default 0.75 of a level) is
  flagged *more generous* or *more severe* than colleagues — a prompt for the panel, not a verdict.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Generic, TypeVar

__all__ = [
    "BOX_NAMES",
    "Level",
    "RaterSummary",
    "box_of",
    "distribution",
    "rater_summaries",
]


class Level(IntEnum):
    LOW = 1
    MODERATE = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return {1: "Low", 2: "Moderate", 3: "High"}[self.value]


LEVEL_CHOICES: list[tuple[int, str]] = [(lvl.value, lvl.label) for lvl in Level]

BOX_NAMES: dict[int, str] = {
    1: "Performance concern",
    2: "Steady contributor",
    3: "Trusted expert in role",
    4: "Inconsistent, some promise",
    5: "Solid and growing",
    6: "High performer, growing",
    7: "Strong early promise (4+ years)",
    8: "High potential (1–3 years)",
    9: "Ready for promotion now",
}


def box_of(performance: int, potential: int) -> int:
    """The box number for a placement (module rule); both levels must be 1, 2 or 3."""
    perf, pot = Level(performance), Level(potential)
    return (pot - 1) * 3 + perf


def distribution(placements: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Count of placements in each of the nine boxes (every box present, zeros included)."""
    counts = Counter(box_of(perf, pot) for perf, pot in placements)
    return {box: counts.get(box, 0) for box in range(1, 10)}


K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class RaterSummary(Generic[K]):
    rater: K
    placements: int
    mean_performance: float
    mean_potential: float
    leniency: float | None
    """Mean (performance + potential) minus the same over everyone else's placements; None when
    there is no one else to compare with."""
    flag: str
    """"more generous", "more severe" or ""."""
    boxes: dict[int, int]


def rater_summaries(
    rows: Sequence[tuple[K, int, int]], *, min_placements: int = 3, flag_at: float = 0.75
) -> list[RaterSummary[K]]:
    """Distribution by proposer (module rule). ``rows`` are (proposer, performance, potential)."""
    by_rater: dict[K, list[tuple[int, int]]] = defaultdict(list)
    for rater, perf, pot in rows:
        by_rater[rater].append((perf, pot))
    total_sum = sum(perf + pot for _, perf, pot in rows)
    total_n = len(rows)
    out: list[RaterSummary[K]] = []
    for rater, mine in by_rater.items():
        n = len(mine)
        own_sum = sum(perf + pot for perf, pot in mine)
        others_n = total_n - n
        leniency = own_sum / n - (total_sum - own_sum) / others_n if others_n else None
        flag = ""
        if leniency is not None and n >= min_placements and abs(leniency) >= flag_at:
            flag = "more generous" if leniency > 0 else "more severe"
        out.append(
            RaterSummary(
                rater=rater,
                placements=n,
                mean_performance=sum(p for p, _ in mine) / n,
                mean_potential=sum(q for _, q in mine) / n,
                leniency=leniency,
                flag=flag,
                boxes=distribution(mine),
            )
        )
    return sorted(out, key=lambda r: (-(r.leniency or 0.0), str(r.rater)))
