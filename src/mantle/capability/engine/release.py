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
    #: Each group's people (empty sets in an exact release, which needs only the sums).
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


def memberships(people: pl.DataFrame) -> tuple[pl.DataFrame, frozenset[str]]:
    """Every (person_id, kind, label) membership of the module's groups, as one long frame
    (vectorised: a 100,000-person trust has about a million), and the units with sub-units."""
    frame = people.select(
        pl.col("person_id"),
        *(pl.col(c).cast(pl.String).fill_null(NOT_RECORDED) for c in ("unit_path", *BREAKDOWNS)),
    ).with_columns(
        pl.when(pl.col("unit_path") == "")
        .then(pl.lit(NOT_RECORDED))
        .otherwise(pl.col("unit_path"))
        .alias("unit_path")
    )
    parts = frame.select(
        "person_id",
        pl.col("unit_path").alias("path"),
        pl.col("unit_path").str.split(UNIT_SEPARATOR).alias("parts"),
    )
    depth = int(parts.select(pl.col("parts").list.len().max()).item() or 0) if parts.height else 0
    pieces = []
    for level in range(1, depth + 1):
        pieces.append(
            parts.filter(pl.col("parts").list.len() >= level).select(
                "person_id",
                pl.lit("unit").alias("kind"),
                pl.col("parts").list.head(level).list.join(UNIT_SEPARATOR).alias("label"),
            )
        )
    has_children = _ancestors(parts["path"].unique().to_list())
    if has_children:
        pieces.append(
            frame.filter(pl.col("unit_path").is_in(list(has_children))).select(
                "person_id", pl.lit("direct").alias("kind"), pl.col("unit_path").alias("label")
            )
        )
    for kind in BREAKDOWNS:
        pieces.append(
            frame.select("person_id", pl.lit(kind).alias("kind"), pl.col(kind).alias("label"))
        )
    for kind in ("unit", *BREAKDOWNS):
        pieces.append(
            frame.select("person_id", pl.lit("org").alias("kind"), pl.lit(kind).alias("label"))
        )
    pieces.append(frame.select("person_id", pl.lit("org").alias("kind"), pl.lit("").alias("label")))
    long = pl.concat(
        [p.with_columns(pl.col("person_id").cast(pl.Int64)) for p in pieces], how="vertical_relaxed"
    )
    return long, has_children


def _ancestors(paths: Iterable[str]) -> frozenset[str]:
    return frozenset(prefix for path in paths for prefix in _prefixes(path)[:-1])


def _parent(key: GroupKey) -> GroupKey | None:
    kind, label = key
    if kind == "unit":
        parent_path = label.rsplit(UNIT_SEPARATOR, 1)[0] if UNIT_SEPARATOR in label else None
        return ("unit", parent_path) if parent_path else ("org", "unit")
    if kind == "direct":
        return ("unit", label)
    if kind == "org":
        return None
    return ("org", kind)


def build_groups(
    people: pl.DataFrame,
) -> tuple[dict[GroupKey, frozenset[int]], dict[GroupKey, GroupKey | None], frozenset[str]]:
    """Every group (module rule) over ``people`` (person_id, unit_path, staff_group, tier): the
    members, each group's parent in its hierarchy, and the units that have sub-units."""
    long, has_children = memberships(people)
    return _members_of(long), {k: _parent(k) for k in _keys_of(long)}, has_children


def _keys_of(long: pl.DataFrame) -> list[GroupKey]:
    keys = long.select("kind", "label").unique().iter_rows()
    found = [(str(k), str(v)) for k, v in keys]
    for kind in ("unit", *BREAKDOWNS):
        if ("org", kind) not in found:
            found.append(("org", kind))
    if ORG not in found:
        found.append(ORG)
    return found


def _members_of(long: pl.DataFrame) -> dict[GroupKey, frozenset[int]]:
    grouped = long.group_by("kind", "label").agg(pl.col("person_id"))
    members: dict[GroupKey, frozenset[int]] = {
        (str(k), str(v)): frozenset(ids) for k, v, ids in grouped.iter_rows()
    }
    for key in [("org", kind) for kind in ("unit", *BREAKDOWNS)] + [ORG]:
        members.setdefault(key, frozenset())
    return members


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
    long, has_children = memberships(scores)
    # Exact figures need only sums: the members' sets (a million entries on a large trust) are
    # built only for the decision.
    members = _members_of(long) if protect else dict.fromkeys(_keys_of(long), frozenset[int]())
    parents = {k: _parent(k) for k in members}
    # Sums and counts of every group × dimension in one vectorised pass (nulls are left out).
    totals = (
        long.join(scores.select("person_id", *dimensions), on="person_id", how="left")
        .group_by("kind", "label")
        .agg(
            *(pl.col(d).count().alias(f"n:{d}") for d in dimensions),
            *(pl.col(d).cast(pl.Float64).sum().alias(f"s:{d}") for d in dimensions),
        )
    )
    sums: dict[str, dict[GroupKey, tuple[int, float]]] = {d: {} for d in dimensions}
    for row in totals.iter_rows():
        key = (str(row[0]), str(row[1]))
        for i, dimension in enumerate(dimensions):
            sums[dimension][key] = (int(row[2 + i]), float(row[2 + len(dimensions) + i]))
    means: dict[str, MeansDecision] = {}
    if not protect:
        for dimension in dimensions:
            means[dimension] = MeansDecision(threshold=threshold, hidden={})
        return Release(
            threshold=threshold,
            members=members,
            parents=parents,
            has_children=has_children,
            means=means,
            sums=sums,
        )
    record = dict(zip(scores["person_id"].to_list(), scores["record_id"].to_list(), strict=True))
    earlier = _standalone(previous, dimensions=dimensions, threshold=threshold)
    cache: dict[frozenset[int], MeansDecision] = {}
    for dimension in dimensions:
        scored = frozenset(scores.filter(pl.col(dimension).is_not_null())["person_id"].to_list())
        if scored not in cache:
            groups = _mean_groups(members, parents, scored, record)
            fixed = earlier.get(dimension, [])
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
