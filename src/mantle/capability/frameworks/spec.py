"""Frozen, typed shapes of a leadership or management-practice framework and of a crosswalk.

These are what the loader returns after validation; nothing else in Mantle should read the JSON
files directly, so every consumer can rely on the invariants the loader checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

FrameworkKind = Literal["leadership", "management_practice"]
CrosswalkLevel = Literal["dimension", "group"]
LinkStrength = Literal["primary", "secondary"]

#: Rater groups a 360° framework may allow. "self" is the participant.
RATER_GROUPS_360: tuple[str, ...] = ("self", "line_manager", "peer", "direct_report", "other")
#: Management-practice instruments are scored by a panel, not by rater groups.
PANEL_GROUP = "panel"


@dataclass(frozen=True)
class ScalePoint:
    """One point on a rating scale; higher values are better."""

    value: int
    label: str
    description: str


@dataclass(frozen=True)
class NotApplicablePoint:
    """A scale option meaning 'could not judge': it has no value and never enters a mean."""

    label: str
    description: str


@dataclass(frozen=True)
class Scale:
    """An ordered rating scale (ascending values) with an optional not-applicable option."""

    points: tuple[ScalePoint, ...]
    not_applicable: NotApplicablePoint | None = None

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(point.value for point in self.points)

    @property
    def minimum(self) -> int:
        return self.points[0].value

    @property
    def maximum(self) -> int:
        return self.points[-1].value

    def label_for(self, value: int) -> str:
        """Return the label of the point with exactly this value (KeyError if there is none)."""
        for point in self.points:
            if point.value == value:
                return point.label
        raise KeyError(value)

    def nearest_point(self, mean: float) -> ScalePoint:
        """Return the scale point nearest to a mean; an exact tie goes to the lower point.

        Ties go down so that a self-assessment midway between two levels is never reported as
        the higher one: claiming a level needs more than half the distance to it.
        """
        best = self.points[0]
        for point in self.points[1:]:
            if abs(point.value - mean) < abs(best.value - mean) - 1e-9:
                best = point
        return best


@dataclass(frozen=True)
class Citation:
    """Who published the framework Mantle's data follows, named and versioned (never quoted)."""

    publisher: str
    title: str
    year: int
    version: str
    basis: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Statement:
    """A behavioural statement (or, for a management-practice instrument, an interview prompt)."""

    key: str
    text: str


@dataclass(frozen=True)
class Anchor:
    """What a management practice looks like at one scale value."""

    value: int
    description: str


@dataclass(frozen=True)
class DimensionGroup:
    """A grouping of dimensions, such as a CLCF domain or a management-practice area."""

    key: str
    name: str
    description: str


@dataclass(frozen=True)
class Dimension:
    """A scored dimension: an HLM dimension, an LCF domain, a CLCF element or a practice."""

    key: str
    name: str
    group: str | None
    description: str
    statements: tuple[Statement, ...]
    anchors: tuple[Anchor, ...] = ()


@dataclass(frozen=True)
class FrameworkSpec:
    """One version of one framework, validated by the loader."""

    key: str
    name: str
    version: str
    kind: FrameworkKind
    citation: Citation
    scale: Scale
    rates_importance: bool
    importance_scale: Scale | None
    rater_groups: tuple[str, ...]
    groups: tuple[DimensionGroup, ...]
    dimensions: tuple[Dimension, ...]
    source: str = field(default="", compare=False)

    @property
    def ref(self) -> str:
        """A short reference naming the key and version, e.g. ``hlm@1.0``."""
        return f"{self.key}@{self.version}"

    @cached_property
    def dimension_by_key(self) -> dict[str, Dimension]:
        return {dimension.key: dimension for dimension in self.dimensions}

    @cached_property
    def group_by_key(self) -> dict[str, DimensionGroup]:
        return {group.key: group for group in self.groups}

    @cached_property
    def dimension_of_statement(self) -> dict[str, str]:
        """Map every statement key to the key of the dimension it belongs to."""
        return {
            statement.key: dimension.key
            for dimension in self.dimensions
            for statement in dimension.statements
        }

    def dimensions_in_group(self, group_key: str) -> tuple[Dimension, ...]:
        return tuple(d for d in self.dimensions if d.group == group_key)


@dataclass(frozen=True)
class CrosswalkSide:
    """One end of a crosswalk: a framework version and whether keys name dimensions or groups."""

    framework: str
    version: str
    level: CrosswalkLevel

    @property
    def ref(self) -> str:
        return f"{self.framework}@{self.version}"


@dataclass(frozen=True)
class CrosswalkLink:
    """A claim that a key on one side corresponds to a key on the other, with its strength."""

    source_key: str
    target_key: str
    strength: LinkStrength
    rationale: str


@dataclass(frozen=True)
class CrosswalkSpec:
    """A validated mapping between two framework versions."""

    key: str
    name: str
    source: CrosswalkSide
    target: CrosswalkSide
    links: tuple[CrosswalkLink, ...]
    origin: str = field(default="", compare=False)

    def targets_of(self, source_key: str) -> tuple[CrosswalkLink, ...]:
        return tuple(link for link in self.links if link.source_key == source_key)

    def sources_of(self, target_key: str) -> tuple[CrosswalkLink, ...]:
        return tuple(link for link in self.links if link.target_key == target_key)
