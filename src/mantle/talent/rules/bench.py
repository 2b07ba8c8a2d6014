"""Bench strength: how many people could step into each critical post, rolled up the unit tree.

Rules (docs/talent.md, "Bench strength"):

* For one post on a date, the *counted candidates* are those of ``readiness.counted_candidates``.
  ``ready_now`` and ``ready_1_2`` count them by band; **bench strength** = ready now + ready in 1–2
  years. ``emergency_cover`` counts candidates whose band is emergency cover.
* A post has **no ready successor** when no counted candidate is ready now; it has **no successor
  within two years** when bench strength is 0. Both are highlighted.
* Roll-up to a unit (and the organisation, the unit path ``""``) covers every critical post whose
  unit is that unit or below it. Post figures add up; people figures (``distinct_ready_now``,
  ``distinct_bench``) count each person once even when nominated for several posts in the scope.
* ``cover_ratio`` = posts with a ready-now successor ÷ critical posts; ``bench_ratio`` = bench
  strength nominations ÷ critical posts (null when there are no critical posts).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .readiness import CountedCandidate, Readiness

__all__ = ["BenchRollup", "PostBench", "ancestors", "post_bench", "roll_up"]


@dataclass(frozen=True)
class PostBench:
    post_id: int
    unit_path: str
    ready_now: int
    ready_1_2: int
    ready_3_plus: int
    emergency_cover: int
    ready_now_people: frozenset[int]
    bench_people: frozenset[int]

    @property
    def bench_strength(self) -> int:
        return self.ready_now + self.ready_1_2

    @property
    def has_ready_successor(self) -> bool:
        return self.ready_now > 0


def post_bench(*, post_id: int, unit_path: str, counted: Sequence[CountedCandidate]) -> PostBench:
    """Bench figures for one post from its counted candidates (module rule)."""

    def people(*bands: Readiness) -> frozenset[int]:
        return frozenset(c.person_id for c in counted if c.readiness in bands)

    now = people(Readiness.READY_NOW)
    soon = people(Readiness.READY_1_2_YEARS)
    return PostBench(
        post_id=post_id,
        unit_path=unit_path,
        ready_now=len(now),
        ready_1_2=len(soon),
        ready_3_plus=len(people(Readiness.READY_3_PLUS_YEARS)),
        emergency_cover=len(people(Readiness.EMERGENCY_COVER)),
        ready_now_people=now,
        bench_people=now | soon,
    )


def ancestors(unit_path: str) -> list[str]:
    """The organisation (``""``) and every unit from the top down to ``unit_path`` itself."""
    parts = [p for p in unit_path.split("/") if p]
    return ["", *("/".join(parts[: i + 1]) for i in range(len(parts)))]


@dataclass
class BenchRollup:
    scope: str
    critical_posts: int = 0
    posts_with_ready_now: int = 0
    posts_without_ready_successor: int = 0
    posts_without_bench: int = 0
    posts_with_emergency_cover: int = 0
    ready_now: int = 0
    ready_1_2: int = 0
    ready_3_plus: int = 0
    _ready_now_people: set[int] = field(default_factory=set, repr=False)
    _bench_people: set[int] = field(default_factory=set, repr=False)

    @property
    def bench_strength(self) -> int:
        return self.ready_now + self.ready_1_2

    @property
    def distinct_ready_now(self) -> int:
        return len(self._ready_now_people)

    @property
    def distinct_bench(self) -> int:
        return len(self._bench_people)

    @property
    def cover_ratio(self) -> float | None:
        return self.posts_with_ready_now / self.critical_posts if self.critical_posts else None

    @property
    def bench_ratio(self) -> float | None:
        return self.bench_strength / self.critical_posts if self.critical_posts else None

    def add(self, bench: PostBench) -> None:
        self.critical_posts += 1
        self.posts_with_ready_now += int(bench.has_ready_successor)
        self.posts_without_ready_successor += int(not bench.has_ready_successor)
        self.posts_without_bench += int(bench.bench_strength == 0)
        self.posts_with_emergency_cover += int(bench.emergency_cover > 0)
        self.ready_now += bench.ready_now
        self.ready_1_2 += bench.ready_1_2
        self.ready_3_plus += bench.ready_3_plus
        self._ready_now_people |= bench.ready_now_people
        self._bench_people |= bench.bench_people


def roll_up(benches: Iterable[PostBench]) -> dict[str, BenchRollup]:
    """Bench figures for the organisation (key ``""``) and every unit holding a critical post or
    above one (module rule)."""
    out: dict[str, BenchRollup] = {}
    for bench in benches:
        for scope in ancestors(bench.unit_path):
            out.setdefault(scope, BenchRollup(scope)).add(bench)
    return dict(sorted(out.items()))
