"""Snapshots: every group's figures for one organisation and month-end, decided once, from which
every table (any breakdown, any unit depth, exact or protected) is a cheap slice.

A heatmap snapshot holds, for every group a reader can obtain (``engine.release``) and every
dimension, the exact number of people, the exact sum of their scores, and the protected release's
verdict (shown, or why hidden). A coverage snapshot holds every group's staff and assessed counts
and which of them the counts family releases. The same snapshot answers every reader:

* ``exact=True`` (the organisation's HR/OD administrators, issue 11): exact people and means;
* ``exact=False`` (everyone else): the protected release — means to ``MEAN_DECIMALS`` places with
  the number of people as a band, or ``*``.

Snapshots are small (groups × dimensions), picklable and so cacheable (``selectors.snapshots``).
Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import polars as pl

from mantle.analytics.disclosure.counts import Protection
from mantle.capability.engine.release import (
    MEAN_DECIMALS,
    NOT_RECORDED,
    ORG,
    UNIT_SEPARATOR,
    GroupKey,
    Release,
    n_band,
    unit_key,
)

SUPPRESSED: Final = "*"
Breakdown = Literal["staff_group", "tier", "unit", "org_code"]

HEATMAP_SCHEMA: Final = {
    "group": pl.String,
    "dimension": pl.String,
    "n": pl.Int64,
    "n_display": pl.String,
    "mean": pl.Float64,
    "suppression": pl.String,
}
COVERAGE_SCHEMA: Final = {
    "group": pl.String,
    "staff": pl.Int64,
    "staff_display": pl.String,
    "covered": pl.Int64,
    "covered_display": pl.String,
    "share": pl.Float64,
    "staff_suppression": pl.String,
    "covered_suppression": pl.String,
}
#: Coverage shares are published to the nearest 10 percentage points (exact for HR/OD).
SHARE_DECIMALS: Final = 1


@dataclass(frozen=True)
class Labels:
    """What a table can have rows for: people's full unit paths, staff groups and tiers."""

    org_label: str
    unit_paths: frozenset[str]
    staff_groups: frozenset[str]
    tiers: frozenset[str]
    has_children: frozenset[str]

    def rows(self, *, by: Breakdown, unit_depth: int | None) -> list[tuple[str, GroupKey]]:
        """(label, group) for each row of the table asked for, sorted by label."""
        if not self.unit_paths:
            return []
        if by == "org_code":
            return [(self.org_label, ORG)]
        if by in ("staff_group", "tier"):
            values = self.staff_groups if by == "staff_group" else self.tiers
            return sorted((v, (by, v)) for v in values)
        labels = {
            UNIT_SEPARATOR.join(path.split(UNIT_SEPARATOR)[:unit_depth] if unit_depth else [path])
            for path in self.unit_paths
        }
        return sorted(
            (label, unit_key(label, depth=unit_depth, has_children=self.has_children))
            for label in labels
        )


def labels_of(frame: pl.DataFrame, *, has_children: frozenset[str]) -> Labels:
    """Row labels of a frame with unit_path, staff_group, tier (and optionally org_code)."""

    def values(column: str) -> frozenset[str]:
        if frame.is_empty() or column not in frame.columns:
            return frozenset()
        return frozenset(
            str(v) if v is not None else NOT_RECORDED for v in frame[column].unique().to_list()
        )

    org = (
        str(frame["org_code"][0])
        if "org_code" in frame.columns and frame.height
        else "Organisation"
    )
    return Labels(
        org_label=org,
        unit_paths=values("unit_path"),
        staff_groups=values("staff_group"),
        tiers=values("tier"),
        has_children=has_children,
    )


@dataclass(frozen=True)
class HeatmapSnapshot:
    """Every group × dimension: (people, sum of scores, reason hidden or None when shown)."""

    threshold: int
    dimensions: tuple[str, ...]
    labels: Labels
    cells: dict[GroupKey, tuple[tuple[int, float, str | None], ...]]
    #: False for a snapshot of sums only (``protect=False``): it can give exact tables only.
    protected: bool = True

    def table(self, *, by: Breakdown, unit_depth: int | None, exact: bool) -> pl.DataFrame:
        """One table (module rules): ``n`` is the exact number of people where the mean is shown
        (for tests and the auditor; published only to HR/OD), ``n_display`` what is published."""
        if not exact and not self.protected:
            raise ValueError("an unprotected snapshot gives exact tables only")
        rows = []
        empty = tuple((0, 0.0, None) for _ in self.dimensions)
        for label, key in self.labels.rows(by=by, unit_depth=unit_depth):
            for dimension, (n, total, reason) in zip(
                self.dimensions, self.cells.get(key, empty), strict=True
            ):
                if exact or n == 0:
                    shown, why = True, None
                else:
                    shown, why = reason is None, reason
                mean = (total / n if exact else round(total / n, MEAN_DECIMALS)) if n else None
                rows.append(
                    {
                        "group": label,
                        "dimension": dimension,
                        "n": n if shown else None,
                        "n_display": (
                            str(n)
                            if exact or n == 0
                            else n_band(n, threshold=self.threshold)
                            if shown
                            else SUPPRESSED
                        ),
                        "mean": mean if shown else None,
                        "suppression": why,
                    }
                )
        return pl.DataFrame(rows, schema=HEATMAP_SCHEMA)


def heatmap_snapshot(
    release: Release, latest: pl.DataFrame, *, dimensions: Sequence[str], protected: bool = True
) -> HeatmapSnapshot:
    """The snapshot of a release (``engine.release.decide``) over ``latest`` (one row per person)."""
    cells: dict[GroupKey, tuple[tuple[int, float, str | None], ...]] = {}
    for key in release.members:
        row = []
        for dimension in dimensions:
            n, total = release.sums[dimension].get(key, (0, 0.0))
            decision = release.means[dimension]
            reason = None if n == 0 or decision.shown(key) else decision.hidden.get(key, "primary")
            row.append((n, float(total), reason))
        cells[key] = tuple(row)
    return HeatmapSnapshot(
        threshold=release.threshold,
        dimensions=tuple(dimensions),
        labels=labels_of(latest, has_children=release.has_children),
        cells=cells,
        protected=protected,
    )


@dataclass(frozen=True)
class CoverageSnapshot:
    """Every group: (staff, assessed, staff shown?, assessed shown?, share shown?, reasons)."""

    threshold: int
    labels: Labels
    cells: dict[GroupKey, tuple[int, int, bool, bool, bool, str | None, str | None]]
    protected: bool = True
    #: The people counted as assessed (for the auditor).
    assessed: frozenset[int] = frozenset()

    def table(self, *, by: Breakdown, unit_depth: int | None, exact: bool) -> pl.DataFrame:
        """One coverage table: exact counts and share for HR/OD; bands, a share to the nearest
        10% and ``*`` for everyone else."""
        if not exact and not self.protected:
            raise ValueError("an unprotected snapshot gives exact tables only")
        rows = []
        for label, key in self.labels.rows(by=by, unit_depth=unit_depth):
            n, covered, staff_ok, covered_ok, share_ok, staff_why, covered_why = self.cells.get(
                key, (0, 0, True, True, True, None, None)
            )
            if exact:
                staff_ok = covered_ok = share_ok = True
                staff_why = covered_why = None
            rows.append(
                {
                    "group": label,
                    "staff": n if staff_ok else None,
                    "staff_display": self._display(n, staff_ok, exact),
                    "covered": covered if covered_ok else None,
                    "covered_display": self._display(covered, covered_ok, exact),
                    "share": (covered / n if exact else round(covered / n, SHARE_DECIMALS))
                    if share_ok and n
                    else None,
                    "staff_suppression": staff_why,
                    "covered_suppression": covered_why,
                }
            )
        return pl.DataFrame(rows, schema=COVERAGE_SCHEMA)

    def _display(self, n: int, shown: bool, exact: bool) -> str:
        if not shown:
            return SUPPRESSED
        if exact or n == 0:
            return str(n)
        return n_band(n, threshold=self.threshold)


def coverage_snapshot(
    members: dict[GroupKey, frozenset[int]],
    assessed: frozenset[int],
    protection: Protection | None,
    labels: Labels,
    *,
    threshold: int,
) -> CoverageSnapshot:
    """The snapshot of a coverage decision (``protection`` None: exact counts only)."""
    cells: dict[GroupKey, tuple[int, int, bool, bool, bool, str | None, str | None]] = {}
    for key, m in members.items():
        if protection is None:
            cells[key] = (len(m), len(m & assessed), True, True, True, None, None)
            continue
        cells[key] = (
            len(m),
            len(m & assessed),
            protection.released(("staff", key)),
            protection.released(("covered", key)),
            protection.released(("share", key)),
            protection.reasons.get(("staff", key)),
            protection.reasons.get(("covered", key)),
        )
    return CoverageSnapshot(
        threshold=threshold,
        labels=labels,
        cells=cells,
        protected=protection is not None,
        assessed=assessed,
    )
