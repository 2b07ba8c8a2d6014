"""Panel scoring for a management-practice instrument on the World Management Survey pattern.

A panel (for example a divisional director, a peer unit's manager and an improvement lead)
scores each practice of a unit from 1 to 5 against the anchors. Results are comparable across
units and over time only when they come from the same instrument version and are complete.

Averaging: a practice score is the mean of the panel members who scored it; an area score
(operations, monitoring, targets, talent) is the mean of its practice scores; the overall score
is the mean of all practice scores, so every practice weighs the same, as in the survey itself
(areas with more practices therefore weigh more in the overall score).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mantle.capability.engine.scoring import mean_of
from mantle.capability.frameworks.spec import FrameworkSpec


class IncomparableResults(ValueError):
    """Two results cannot be compared (different instrument versions or missing practices)."""


@dataclass(frozen=True)
class PracticeResult:
    key: str
    name: str
    group: str | None
    mean: float | None
    n: int
    #: Highest minus lowest panel score: a wide spread is worth discussing before sign-off.
    spread: int | None


@dataclass(frozen=True)
class AreaResult:
    key: str
    name: str
    mean: float | None
    missing: tuple[str, ...]


@dataclass(frozen=True)
class ManagementPracticeResult:
    framework_ref: str
    panel_size: int
    practices: tuple[PracticeResult, ...]
    areas: tuple[AreaResult, ...]
    overall: float | None
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class ScoreChange:
    key: str
    baseline: float
    other: float

    @property
    def change(self) -> float:
        return self.other - self.baseline


@dataclass(frozen=True)
class PracticeComparison:
    framework_ref: str
    practices: tuple[ScoreChange, ...]
    areas: tuple[ScoreChange, ...]
    overall: ScoreChange


def score_management_practice(
    *, framework: FrameworkSpec, panel: Sequence[Mapping[str, int | None]]
) -> ManagementPracticeResult:
    """Score one unit's management practices from its panel's ratings.

    Rules: each panel member's scores map practice key to a scale value or ``None`` (not
    scored); a practice mean is taken over the members who scored it; an area mean and the
    overall mean are given only when every practice they cover has a score, so that two
    results with figures are always built from the same practices.
    """
    if framework.kind != "management_practice":
        raise ValueError(f"{framework.ref} is not a management-practice instrument")
    if not panel:
        raise ValueError("a panel needs at least one member's scores")
    allowed = set(framework.scale.values)
    for index, member in enumerate(panel):
        for key, value in member.items():
            if key not in framework.dimension_by_key:
                raise ValueError(
                    f"panel member {index}: {key!r} is not a practice in {framework.ref}"
                )
            if value is not None and (isinstance(value, bool) or value not in allowed):
                raise ValueError(
                    f"panel member {index}: {key}: {value!r} is not on the scale {sorted(allowed)}"
                )
    practices = []
    for dimension in framework.dimensions:
        values = [v for member in panel if (v := member.get(dimension.key)) is not None]
        practices.append(
            PracticeResult(
                key=dimension.key,
                name=dimension.name,
                group=dimension.group,
                mean=mean_of(values),
                n=len(values),
                spread=max(values) - min(values) if values else None,
            )
        )
    missing = tuple(p.key for p in practices if p.mean is None)
    areas = []
    for group in framework.groups:
        members = [p for p in practices if p.group == group.key]
        area_missing = tuple(p.key for p in members if p.mean is None)
        area_mean = None if area_missing else mean_of(p.mean for p in members if p.mean is not None)
        areas.append(
            AreaResult(key=group.key, name=group.name, mean=area_mean, missing=area_missing)
        )
    overall = None if missing else mean_of(p.mean for p in practices if p.mean is not None)
    return ManagementPracticeResult(
        framework_ref=framework.ref,
        panel_size=len(panel),
        practices=tuple(practices),
        areas=tuple(areas),
        overall=overall,
        missing=missing,
    )


def compare_management_practice(
    *, baseline: ManagementPracticeResult, other: ManagementPracticeResult
) -> PracticeComparison:
    """Compare two results: the same unit at two dates, or two units.

    Rule: only complete results from the same instrument version are comparable; otherwise
    IncomparableResults says why, because a change in score that is really a change in
    questions or in which practices were scored would mislead.
    """
    if baseline.framework_ref != other.framework_ref:
        raise IncomparableResults(
            f"results use different instruments ({baseline.framework_ref} and "
            f"{other.framework_ref})"
        )
    for name, result in (("baseline", baseline), ("other", other)):
        if not result.complete:
            raise IncomparableResults(f"{name} result is missing {', '.join(result.missing)}")
    return PracticeComparison(
        framework_ref=baseline.framework_ref,
        practices=tuple(
            ScoreChange(a.key, _known(a.mean), _known(b.mean))
            for a, b in zip(baseline.practices, other.practices, strict=True)
        ),
        areas=tuple(
            ScoreChange(a.key, _known(a.mean), _known(b.mean))
            for a, b in zip(baseline.areas, other.areas, strict=True)
        ),
        overall=ScoreChange("overall", _known(baseline.overall), _known(other.overall)),
    )


def _known(value: float | None) -> float:
    # Complete results always have every mean; reaching None here would be a bug upstream.
    if value is None:
        raise IncomparableResults("a complete result unexpectedly lacks a mean")
    return value
