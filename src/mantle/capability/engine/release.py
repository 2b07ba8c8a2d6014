"""Every capability figure a reader can obtain for one organisation, framework, source and
month-end, protected together (docs/capability.md, "Disclosure control").

A reader can ask for the heatmap by unit at every depth, by staff group, by tier and for the whole
organisation, and compare it with the previous month-end. So the figures are decided once, over
the whole set, and each table is a slice of that decision:

* **groups** — the organisation; every unit's subtree (at every depth); the people attached
  directly to a unit that has sub-units (an implicit child, shown as the unit's own row when a
  deeper table is asked for); each staff group; each tier. People with no unit, staff group or
  tier are in "Not recorded";
* **means** follow the means rule (``mantle.analytics.disclosure.means``): the group and every
  complement within a hierarchy or cross-classification is 0 or at least the threshold;
* **the number of people** behind a mean is published as a band (``n_band``: "5–9", "10–19", …),
  never exactly: exact counts of people assessed with one framework would be linked to the
  coverage counts (people assessed with any) and let the auditor's linear programme pin down
  hidden coverage cells; the band and the mean are shown together or not at all;
* means are rounded to ``MEAN_DECIMALS`` places;
* ``previous`` (the previous month-end, optional) links two month-ends: its figures, decided on
  their own, are treated as known. The selector does not pass it (too costly in figures hidden:
  docs/capability.md); means are rounded instead.

Pure: Polars frames in, a ``Release`` out.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl

from mantle.analytics.disclosure.means import MeanGroup, MeansDecision, protect_means

UNIT_SEPARATOR: Final = "/"
NOT_RECORDED: Final = "Not recorded"
BREAKDOWNS: Final = ("staff_group", "tier")
#: Published means are rounded: a sum recovered from n × mean is then uncertain by ±n/20, which
#: for groups of 40 or more covers the whole scale of a person who joined or left since the
#: previous month-end.
MEAN_DECIMALS: Final = 1

GroupKey = tuple[str, str]
ORG: Final[GroupKey] = ("org", "")


@dataclass(frozen=True)
class GroupCell:
    """One group × dimension after disclosure control."""

    n: int
    n_display: str
    mean: float | None
    suppression: str | None


@dataclass(frozen=True)
class Release:
    """The decision for every group; ``cell`` answers one group × dimension."""

    threshold: int
    members: dict[GroupKey, frozenset[int]]
    parents: dict[GroupKey, GroupKey | None]
    has_children: frozenset[str]
    means: dict[str, MeansDecision]
    sums: dict[str, dict[GroupKey, tuple[int, float]]]

    def cell(self, key: GroupKey, dimension: str) -> GroupCell:
        n, total = self.sums[dimension].get(key, (0, 0.0))
        decision = self.means[dimension]
        shown = decision.shown(key) and n > 0
        return GroupCell(
            n=n,
            n_display="0" if n == 0 else n_band(n, threshold=self.threshold) if shown else "*",
            mean=round(total / n, MEAN_DECIMALS) if shown else None,
            suppression=None if shown or n == 0 else decision.hidden.get(key, "primary"),
        )


def n_band(n: int, *, threshold: int) -> str:
    """The published band for ``n`` people (n ≥ threshold): threshold–9, 10–19, 20–49, 50–99,
    100 or more."""
    edges = [threshold, *(e for e in (10, 20, 50, 100) if e > threshold)]
    for low, high in itertools.pairwise(edges):
        if low <= n < high:
            return f"{low}–{high - 1}"
    return f"{edges[-1]} or more"


def n_band_range(n: int, *, threshold: int) -> tuple[int, float]:
    """The range a reader learns from ``n_band(n)``: (low, high), high infinite for the top band."""
    edges = [threshold, *(e for e in (10, 20, 50, 100) if e > threshold)]
    for low, high in itertools.pairwise(edges):
        if low <= n < high:
            return low, float(high - 1)
    return edges[-1], float("inf")


def unit_key(label: str, *, depth: int | None, has_children: frozenset[str]) -> GroupKey:
    """The group a table row by unit stands for: the unit's subtree when the row is at the depth
    asked for (or the unit has no sub-units), else the people attached directly to it."""
    level = label.count(UNIT_SEPARATOR) + 1
    if label in has_children and (depth is None or level < depth):
        return ("direct", label)
    return ("unit", label)


def _prefixes(path: str) -> list[str]:
    parts = path.split(UNIT_SEPARATOR)
    return [UNIT_SEPARATOR.join(parts[: i + 1]) for i in range(len(parts))]


def build_groups(
    people: pl.DataFrame,
) -> tuple[dict[GroupKey, frozenset[int]], dict[GroupKey, GroupKey | None], frozenset[str]]:
    """Every group (module rule) over ``people`` (person_id, unit_path, staff_group, tier): the
    members, each group's parent in its hierarchy, and the units that have sub-units."""
    members: dict[GroupKey, set[int]] = defaultdict(set)
    parents: dict[GroupKey, GroupKey | None] = {}
    everyone: set[int] = set()
    paths: dict[int, str] = {}
    for row in people.select(["person_id", "unit_path", *BREAKDOWNS]).iter_rows():
        person, path, *others = row
        everyone.add(person)
        path = path or NOT_RECORDED
        paths[person] = path
        for prefix in _prefixes(path):
            members[("unit", prefix)].add(person)
        for kind, value in zip(BREAKDOWNS, others, strict=True):
            members[(kind, value or NOT_RECORDED)].add(person)
    has_children = frozenset(
        prefix for path in set(paths.values()) for prefix in _prefixes(path)[:-1]
    )
    for person, path in paths.items():
        if path in has_children:
            members[("direct", path)].add(person)
    for key in list(members):
        kind, label = key
        if kind == "unit":
            parent_path = label.rsplit(UNIT_SEPARATOR, 1)[0] if UNIT_SEPARATOR in label else None
            parents[key] = ("unit", parent_path) if parent_path else ("org", "unit")
        elif kind == "direct":
            parents[key] = ("unit", label)
        else:
            parents[key] = ("org", kind)
    for kind in ("unit", *BREAKDOWNS):
        members[("org", kind)] = set(everyone)
        parents[("org", kind)] = None
    members[ORG] = set(everyone)
    parents[ORG] = None
    return {k: frozenset(v) for k, v in members.items()}, parents, has_children


def decide(
    scores: pl.DataFrame,
    *,
    dimensions: Sequence[str],
    threshold: int,
    previous: pl.DataFrame | None = None,
    protect: bool = True,
) -> Release:
    """Protect every group's mean and count for each dimension (module rules).

    ``protect=False`` only sums (for readers who see exact figures): every group is marked shown.

    ``scores``: one row per person (their latest assessment) with person_id, record_id (the
    assessment), unit_path, staff_group, tier and one column per dimension. ``previous``: the same
    for the previous month-end, whose figures a reader can also obtain.
    """
    members, parents, has_children = build_groups(scores)
    record = dict(zip(scores["person_id"].to_list(), scores["record_id"].to_list(), strict=True))
    earlier = _standalone(previous, dimensions=dimensions, threshold=threshold) if protect else {}
    sums: dict[str, dict[GroupKey, tuple[int, float]]] = {}
    means: dict[str, MeansDecision] = {}
    cache: dict[frozenset[int], MeansDecision] = {}
    for dimension in dimensions:
        values = {
            p: float(v)
            for p, v in zip(scores["person_id"].to_list(), scores[dimension].to_list(), strict=True)
            if v is not None
        }
        scored = frozenset(values)
        sums[dimension] = {
            key: (len(m & scored), sum(values[p] for p in m & scored)) for key, m in members.items()
        }
        if not protect:
            means[dimension] = MeansDecision(threshold=threshold, hidden={})
            continue
        groups = _mean_groups(members, parents, scored, record)
        fixed = earlier.get(dimension, [])
        if scored not in cache:
            cache[scored] = protect_means([*groups, *fixed], threshold=threshold)
        means[dimension] = cache[scored]
    return Release(
        threshold=threshold,
        members=members,
        parents=parents,
        has_children=has_children,
        means=means,
        sums=sums,
    )


def _mean_groups(
    members: dict[GroupKey, frozenset[int]],
    parents: dict[GroupKey, GroupKey | None],
    scored: frozenset[int],
    record: dict[int, Hashable],
    *,
    fixed: bool = False,
    tag: str = "",
) -> list[MeanGroup]:
    """Groups for the means rule; a member is the scored *record* (person, assessment), so the same
    assessment seen at two month-ends is one unknown and a new one is another."""
    return [
        MeanGroup(
            key=(tag, *key) if tag else key,
            members=frozenset((p, record[p]) for p in m & scored),
            parent=None
            if parents[key] is None
            else ((tag, *parents[key]) if tag else parents[key]),  # type: ignore[misc]
            fixed=fixed,
        )
        for key, m in members.items()
    ]


def _standalone(
    previous: pl.DataFrame | None, *, dimensions: Sequence[str], threshold: int
) -> dict[str, list[MeanGroup]]:
    """The previous month-end's shown groups, decided on their own, as fixed groups."""
    if previous is None or previous.is_empty():
        return {}
    members, parents, _ = build_groups(previous)
    record = dict(
        zip(previous["person_id"].to_list(), previous["record_id"].to_list(), strict=True)
    )
    out: dict[str, list[MeanGroup]] = {}
    for dimension in dimensions:
        scored = frozenset(
            p
            for p, v in zip(
                previous["person_id"].to_list(), previous[dimension].to_list(), strict=True
            )
            if v is not None
        )
        groups = _mean_groups(members, parents, scored, record, tag="previous")
        decision = protect_means(groups, threshold=threshold)
        out[dimension] = [
            MeanGroup(key=g.key, members=g.members, parent=None, fixed=True)
            for g in groups
            if decision.shown(g.key) and g.members
        ]
    return out


def labels(release: Release, kind: str) -> Iterable[GroupKey]:
    return (k for k in release.members if k[0] == kind)
