"""360° and self-assessment scoring: pure functions over a framework spec and plain responses.

Averaging is two-step, so that a rater who answers every statement and a rater who answers
only some count the same:

1. a rater's **dimension score** is the mean of the values they gave to that dimension's
   statements, leaving out "not applicable" answers;
2. a **group mean** is the mean of the dimension scores of the raters in the group who gave
   at least one value for the dimension.

"All others" is the second step taken over every rater except self, so each non-self rater
counts once whichever group they belong to. Values are kept at full precision; round only for
display with ``display_score``.

``score_responses`` is the raw calculation with no anonymity applied: participant-facing reports
must come from ``anonymity.build_report``, which decides what may be shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from mantle.capability.engine.responses import (
    RATER_GROUPS,
    SELF,
    Response,
    validate_responses,
)
from mantle.capability.frameworks.spec import FrameworkSpec

#: Floating-point slack when comparing a gap with its threshold, so that 3.5 - 3.0 >= 0.5 holds
#: even when the means were built from sums that do not divide exactly.
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class RaterDimensionScore:
    """One rater's score for one dimension (step 1); ``None`` when they answered nothing there."""

    performance: float | None
    importance: float | None


@dataclass(frozen=True)
class GroupMean:
    """A mean over raters (step 2) and how many raters contributed to it."""

    mean: float | None
    n: int


@dataclass(frozen=True)
class DimensionComparison:
    """Self against all-others for one dimension: the input to ranking and gap findings."""

    key: str
    self_mean: float | None
    others_mean: float | None

    @property
    def gap(self) -> float | None:
        """Self minus all others; positive when the participant rates themself higher."""
        if self.self_mean is None or self.others_mean is None:
            return None
        return self.self_mean - self.others_mean


@dataclass(frozen=True)
class DimensionScore:
    """Every raw figure for one dimension."""

    key: str
    name: str
    performance: Mapping[str, GroupMean]
    importance: Mapping[str, GroupMean]
    others: GroupMean
    importance_others: GroupMean

    @property
    def self_mean(self) -> float | None:
        own = self.performance.get(SELF)
        return own.mean if own is not None else None

    @property
    def gap(self) -> float | None:
        return DimensionComparison(self.key, self.self_mean, self.others.mean).gap


@dataclass(frozen=True)
class ScoreSheet:
    """Raw 360° results: per-dimension figures plus the highlights drawn from them."""

    framework_ref: str
    dimensions: tuple[DimensionScore, ...]
    highest: tuple[str, ...]
    lowest: tuple[str, ...]
    hidden_strengths: tuple[str, ...]
    blind_spots: tuple[str, ...]


@dataclass(frozen=True)
class SelfLevel:
    """A self-assessment result for one dimension, placed against the scale labels."""

    dimension_key: str
    mean: float | None
    label: str | None
    answered: int


@dataclass(frozen=True)
class SelfAssessment:
    framework_ref: str
    levels: tuple[SelfLevel, ...]


def mean_of(values: Iterable[float]) -> float | None:
    """Arithmetic mean, or ``None`` for no values (never zero, which would look like a score)."""
    items = list(values)
    if not items:
        return None
    return sum(items) / len(items)


def rater_dimension_scores(
    *, framework: FrameworkSpec, response: Response
) -> dict[str, RaterDimensionScore]:
    """Step 1 of the averaging: one rater's mean per dimension.

    Rule: "not applicable" (``None``) answers are left out; a dimension with no values from this
    rater scores ``None`` for them and they do not count towards that dimension's group mean.
    """
    performance: dict[str, list[float]] = {d.key: [] for d in framework.dimensions}
    importance: dict[str, list[float]] = {d.key: [] for d in framework.dimensions}
    dimension_of = framework.dimension_of_statement
    for statement_key, (perf, imp) in response.ratings.items():
        dimension_key = dimension_of[statement_key]
        if perf is not None:
            performance[dimension_key].append(perf)
        if imp is not None:
            importance[dimension_key].append(imp)
    return {
        key: RaterDimensionScore(
            performance=mean_of(performance[key]), importance=mean_of(importance[key])
        )
        for key in performance
    }


def group_mean(values: Iterable[float | None]) -> GroupMean:
    """Step 2 of the averaging: mean over the raters who scored the dimension."""
    present = [value for value in values if value is not None]
    return GroupMean(mean=mean_of(present), n=len(present))


def rank_dimensions(
    *, comparisons: Sequence[DimensionComparison], count: int = 3
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the highest- and lowest-rated dimensions by the all-others mean.

    Rules: dimensions with no all-others mean are not ranked; ties keep framework order; the
    two lists never share a dimension, so with few rated dimensions each list is shorter.
    """
    rated = [(index, c) for index, c in enumerate(comparisons) if c.others_mean is not None]
    size = min(count, len(rated) // 2)
    if size <= 0:
        return (), ()
    by_score = sorted(rated, key=lambda item: (-(item[1].others_mean or 0.0), item[0]))
    highest = tuple(c.key for _, c in by_score[:size])
    rest = [item for item in rated if item[1].key not in highest]
    lowest_first = sorted(rest, key=lambda item: (item[1].others_mean or 0.0, item[0]))
    lowest = tuple(c.key for _, c in lowest_first[:size])
    return highest, lowest


def find_hidden_strengths(
    *, comparisons: Sequence[DimensionComparison], gap_threshold: float = 0.5
) -> tuple[str, ...]:
    """Dimensions others rate at least ``gap_threshold`` scale points higher than self does.

    Rule: listed largest difference first, ties in framework order.
    """
    return _by_gap(comparisons, gap_threshold, sign=-1.0)


def find_blind_spots(
    *, comparisons: Sequence[DimensionComparison], gap_threshold: float = 0.5
) -> tuple[str, ...]:
    """Dimensions self rates at least ``gap_threshold`` scale points higher than others do.

    Rule: listed largest difference first, ties in framework order.
    """
    return _by_gap(comparisons, gap_threshold, sign=1.0)


def _by_gap(
    comparisons: Sequence[DimensionComparison], gap_threshold: float, *, sign: float
) -> tuple[str, ...]:
    if gap_threshold <= 0:
        raise ValueError("gap_threshold must be positive")
    found = []
    for index, comparison in enumerate(comparisons):
        gap = comparison.gap
        if gap is not None and sign * gap >= gap_threshold - _TOLERANCE:
            found.append((-sign * gap, index, comparison.key))
    return tuple(key for _, _, key in sorted(found))


def score_responses(
    *,
    framework: FrameworkSpec,
    responses: Sequence[Response],
    gap_threshold: float = 0.5,
    extremes: int = 3,
) -> ScoreSheet:
    """Raw 360° scores per dimension, with no anonymity applied.

    Rule: two-step averaging (rater dimension score, then mean over raters); "all others" is
    every rater except self; gaps are self minus all others. Never show this sheet to a
    participant: ``anonymity.build_report`` applies the disclosure rules.
    """
    validate_responses(framework=framework, responses=responses)
    per_rater = [
        (response.rater_group, rater_dimension_scores(framework=framework, response=response))
        for response in responses
    ]
    groups_present = [g for g in RATER_GROUPS if any(group == g for group, _ in per_rater)]
    dimensions = []
    for dimension in framework.dimensions:
        key = dimension.key
        performance = {
            g: group_mean(s[key].performance for group, s in per_rater if group == g)
            for g in groups_present
        }
        importance = {
            g: group_mean(s[key].importance for group, s in per_rater if group == g)
            for g in groups_present
        }
        dimensions.append(
            DimensionScore(
                key=key,
                name=dimension.name,
                performance=performance,
                importance=importance,
                others=group_mean(s[key].performance for group, s in per_rater if group != SELF),
                importance_others=group_mean(
                    s[key].importance for group, s in per_rater if group != SELF
                ),
            )
        )
    comparisons = comparisons_of(dimensions)
    highest, lowest = rank_dimensions(comparisons=comparisons, count=extremes)
    return ScoreSheet(
        framework_ref=framework.ref,
        dimensions=tuple(dimensions),
        highest=highest,
        lowest=lowest,
        hidden_strengths=find_hidden_strengths(
            comparisons=comparisons, gap_threshold=gap_threshold
        ),
        blind_spots=find_blind_spots(comparisons=comparisons, gap_threshold=gap_threshold),
    )


def self_assessment(*, framework: FrameworkSpec, response: Response) -> SelfAssessment:
    """Place a self-assessment against the scale labels, dimension by dimension.

    Rule: the dimension mean (n/a answers left out) is labelled with the nearest scale point; a
    mean exactly halfway between two points takes the lower label, so a level is claimed only
    when the answers lean towards it.
    """
    if response.rater_group != SELF:
        raise ValueError(f"a self-assessment needs a 'self' response, not {response.rater_group!r}")
    validate_responses(framework=framework, responses=[response])
    answered: dict[str, int] = {d.key: 0 for d in framework.dimensions}
    for statement_key, (perf, _) in response.ratings.items():
        if perf is not None:
            answered[framework.dimension_of_statement[statement_key]] += 1
    scores = rater_dimension_scores(framework=framework, response=response)
    levels = []
    for dimension in framework.dimensions:
        mean = scores[dimension.key].performance
        label = framework.scale.nearest_point(mean).label if mean is not None else None
        levels.append(
            SelfLevel(
                dimension_key=dimension.key,
                mean=mean,
                label=label,
                answered=answered[dimension.key],
            )
        )
    return SelfAssessment(framework_ref=framework.ref, levels=tuple(levels))


def display_score(value: float | None) -> str:
    """Format a score for display at 2 decimal places, halves rounded up; "–" when absent.

    Rule: rounding happens only here, never inside a calculation, so figures that are combined
    later keep their full precision. Half-up (not Python's half-even) is what readers checking
    a figure by hand expect.
    """
    if value is None:
        return "–"
    return str(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def comparisons_of(dimensions: Sequence[DimensionScore]) -> list[DimensionComparison]:
    """Self against all-others for each raw dimension score, in framework order."""
    return [DimensionComparison(d.key, d.self_mean, d.others.mean) for d in dimensions]
