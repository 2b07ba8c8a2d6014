"""Organisation capability heatmaps and assessment coverage, with disclosure control (Polars).

These are organisational aggregates, so they follow Mantle's disclosure layer for people (threshold
5), not the 360° rule (3). Every group a reader can obtain — units at every depth and the people
attached directly to each unit, staff groups, tiers, the organisation — is decided at once
(``engine.release``), so every table is a slice of one decision:

* **means**: the means rule (``mantle.analytics.disclosure.means``), rounded to one decimal place;
  the number of people behind a mean is published as a band, never exactly;
* **coverage**: staff, assessed and not-assessed counts are one family for the counts engine
  (parent = sum of children, staff = assessed + not assessed); counts are published as bands and
  the share to the nearest 10%, never exactly, since exact staff counts by unit, tier and staff
  group would re-release the divide's people counts and undo its protection.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from typing import Final, Literal

import polars as pl

from mantle.analytics.disclosure.counts import Family, Protection
from mantle.capability.engine.release import GroupKey, build_groups, decide
from mantle.capability.engine.snapshot import (
    CoverageSnapshot,
    HeatmapSnapshot,
    coverage_snapshot,
    heatmap_snapshot,
    labels_of,
)

DEFAULT_ORG_THRESHOLD: Final = 5
SUPPRESSED: Final = "*"
UNIT_SEPARATOR: Final = "/"
NOT_RECORDED: Final = "Not recorded"
COVERAGE_KINDS: Final = ("self", "360")

Breakdown = Literal["staff_group", "tier", "unit", "org_code"]
_BREAKDOWN_COLUMNS: Final[dict[str, str]] = {
    "staff_group": "staff_group",
    "tier": "tier",
    "unit": "unit_path",
    "org_code": "org_code",
}
_PARTITION = "_partition"
_COVERAGE_COLUMNS: Final = [
    "group",
    "staff",
    "staff_display",
    "covered",
    "covered_display",
    "share",
    "staff_suppression",
    "covered_suppression",
]


def dimension_heatmap(
    assessments: pl.DataFrame,
    *,
    dimensions: Sequence[str],
    by: Breakdown,
    threshold: int = DEFAULT_ORG_THRESHOLD,
    unit_depth: int | None = None,
    previous: pl.DataFrame | None = None,
    exact: bool = False,
) -> pl.DataFrame:
    """Mean score by dimension × staff group, tier, unit or organisation, with disclosure control.

    Rules: one assessment per person (the latest by ``completed_on``) so that n counts people;
    a null score is left out of that dimension; every group a reader can obtain (units at every
    depth, staff groups, tiers, the organisation, and the same at the previous month-end given as
    ``previous``) is protected together (``engine.release``), and this table is one slice of it.
    ``exact=True`` (HR/OD administrators of the organisation): exact people and means, nothing
    hidden.

    Input columns: ``person_id``, ``completed_on``, ``staff_group``, ``tier``, ``unit_path`` and
    one numeric column per dimension key (``record_id``, the assessment, is optional; ``org_code``
    labels the organisation row). Output: one row per group × dimension with ``group``,
    ``dimension``, ``n`` (exact people, null when hidden: for tests and the auditor, published only
    when exact), ``n_display`` (the published band, e.g. "5–9"; "*" when hidden; "0"; the exact
    number when exact), ``mean`` (null when hidden) and ``suppression`` (null, or why it is hidden:
    "primary", "complementary", "linked").
    """
    _check_threshold(threshold)
    if not dimensions:
        raise ValueError("name at least one dimension column")
    if by == "unit" and unit_depth is not None and unit_depth < 1:
        raise ValueError("unit_depth must be at least 1")
    if by != "unit" and unit_depth is not None:
        raise ValueError("unit_depth applies only to the unit breakdown")
    snapshot = heatmap_decision(
        assessments,
        dimensions=dimensions,
        threshold=threshold,
        previous=previous,
        protect=not exact,
    )
    return snapshot.table(by=by, unit_depth=unit_depth, exact=exact)


def heatmap_decision(
    assessments: pl.DataFrame,
    *,
    dimensions: Sequence[str],
    threshold: int = DEFAULT_ORG_THRESHOLD,
    previous: pl.DataFrame | None = None,
    protect: bool = True,
) -> HeatmapSnapshot:
    """Every group's figures, decided once (``dimension_heatmap`` rules); ``protect=False`` only
    sums, for exact tables."""
    _check_threshold(threshold)
    latest = latest_per_person(assessments, dimensions)
    before = latest_per_person(previous, dimensions) if previous is not None and protect else None
    release = decide(
        latest, dimensions=dimensions, threshold=threshold, previous=before, protect=protect
    )
    return heatmap_snapshot(release, latest, dimensions=dimensions, protected=protect)


def latest_per_person(assessments: pl.DataFrame, dimensions: Sequence[str]) -> pl.DataFrame:
    required = ["person_id", "completed_on", "unit_path", "staff_group", "tier", *dimensions]
    _require_columns(assessments, required, "assessments")
    frame = assessments
    if "record_id" not in frame.columns:
        frame = frame.with_columns(
            record_id=pl.concat_str(
                [pl.col("person_id").cast(pl.String), pl.col("completed_on").cast(pl.String)],
                separator="@",
            )
        )
    return (
        frame.sort("completed_on")
        .unique(subset="person_id", keep="last", maintain_order=True)
        .with_columns(
            pl.col(c).cast(pl.String).fill_null(NOT_RECORDED)
            for c in ("unit_path", "staff_group", "tier")
        )
    )


def coverage(
    people: pl.DataFrame,
    assessments: pl.DataFrame,
    *,
    as_of: date,
    by: Breakdown,
    months: int = 24,
    threshold: int = DEFAULT_ORG_THRESHOLD,
    unit_depth: int | None = None,
    exact: bool = False,
) -> pl.DataFrame:
    """Share of staff with a self or 360° assessment completed in the last ``months`` months.

    Rules: ``people`` is one row per person in post on ``as_of`` (choose each person's primary
    assignment beforehand); an assessment counts if its kind is "self" or "360" and it was
    completed on or after the same calendar day ``months`` months before ``as_of`` (the last day
    of the month when that day does not exist) and not after ``as_of``. Staff and covered counts
    of every group a reader can obtain (units at every depth with the people directly in each
    unit, staff groups, tiers, the organisation) are one family for the counts engine
    (``mantle.analytics.disclosure.Family``), with staff − covered (not shown) protected too; the
    share is shown only when both counts are. ``exact=True`` (HR/OD administrators of the
    organisation): exact counts and share, nothing hidden.

    Output: ``group``, ``staff``, ``staff_display``, ``covered``, ``covered_display``,
    ``share`` (0–1, null when hidden), ``staff_suppression`` and ``covered_suppression`` (null or
    why the count is hidden).
    """
    if by != "unit" and unit_depth is not None:
        raise ValueError("unit_depth applies only to the unit breakdown")
    if unit_depth is not None and unit_depth < 1:
        raise ValueError("unit_depth must be at least 1")
    _require_columns(people, ["person_id", _BREAKDOWN_COLUMNS[by]], "people")
    snapshot = coverage_decision(
        people, assessments, as_of=as_of, months=months, threshold=threshold, protect=not exact
    )
    return snapshot.table(by=by, unit_depth=unit_depth, exact=exact)


def coverage_assessed(assessments: pl.DataFrame, *, as_of: date, months: int) -> frozenset[int]:
    """People with a self or 360° assessment completed in the ``months`` months to ``as_of``."""
    _require_columns(assessments, ["person_id", "completed_on", "kind"], "assessments")
    start = months_before(as_of, months)
    return frozenset(
        assessments.filter(
            pl.col("kind").is_in(COVERAGE_KINDS)
            & pl.col("completed_on").is_between(start, as_of, closed="both")
        )["person_id"].to_list()
    )


def coverage_staff(people: pl.DataFrame) -> pl.DataFrame:
    """``people`` with unit_path, staff_group and tier as text ("Not recorded" when missing)."""
    _require_columns(people, ["person_id"], "people")
    if people.select(pl.col("person_id").is_duplicated().any()).item():
        raise ValueError("people must have one row per person_id")
    return people.with_columns(
        (pl.col(c).cast(pl.String) if c in people.columns else pl.lit(None, pl.String))
        .fill_null(NOT_RECORDED)
        .alias(c)
        for c in ("unit_path", "staff_group", "tier")
    )


def coverage_decision(
    people: pl.DataFrame,
    assessments: pl.DataFrame,
    *,
    as_of: date,
    months: int = 24,
    threshold: int = DEFAULT_ORG_THRESHOLD,
    protect: bool = True,
) -> CoverageSnapshot:
    """Every coverage group's counts, decided once (``coverage`` rules); ``protect=False`` only
    counts, for exact tables."""
    _check_threshold(threshold)
    if months < 1:
        raise ValueError("months must be at least 1")
    assessed = coverage_assessed(assessments, as_of=as_of, months=months)
    staff = coverage_staff(people)
    if protect:
        members, has_children, protection = coverage_release(
            staff, set(assessed), threshold=threshold
        )
    else:
        members, _, has_children = build_groups(staff)
        protection = None
    return coverage_snapshot(
        members,
        assessed,
        protection,
        labels_of(staff, has_children=has_children),
        threshold=threshold,
    )


def coverage_release(
    staff: pl.DataFrame, assessed: set[int], *, threshold: int
) -> tuple[dict[GroupKey, frozenset[int]], frozenset[str], Protection]:
    key = (
        frozenset(staff.select(["person_id", "unit_path", "staff_group", "tier"]).iter_rows()),
        frozenset(assessed),
        threshold,
    )
    found = _COVERAGE_MEMO.get(key)
    if found is None:
        found = _coverage_release(staff, assessed, threshold=threshold)
        if len(_COVERAGE_MEMO) >= _MEMO_SIZE:
            _COVERAGE_MEMO.pop(next(iter(_COVERAGE_MEMO)))
        _COVERAGE_MEMO[key] = found
    return found


#: The auditor's check takes seconds on a large trust and the answer depends only on the inputs:
#: remembered per process for the last few (organisation, month-end) inputs.
_MEMO_SIZE: Final = 16
_COVERAGE_MEMO: dict[object, tuple[dict[GroupKey, frozenset[int]], frozenset[str], Protection]] = {}


def _coverage_release(
    staff: pl.DataFrame, assessed: set[int], *, threshold: int
) -> tuple[dict[GroupKey, frozenset[int]], frozenset[str], Protection]:
    """Every coverage group (``engine.release.build_groups``) and the protection of its staff,
    covered and not-covered counts as one family: each count is the sum of its children's, and
    staff = covered + not covered."""
    members, parents, has_children = build_groups(staff)
    family = Family(threshold=threshold)
    for key, m in members.items():
        covered = len(m & assessed)
        family.count(("staff", key), len(m))
        family.count(("covered", key), covered)
        # Not displayed, but staff − covered gives it away: protected like a shown count.
        family.count(("uncovered", key), len(m) - covered)
        family.relation(("staff", key), [("covered", key), ("uncovered", key)])
        family.derived(("share", key), [("staff", key), ("covered", key)])
    children: dict[GroupKey, list[GroupKey]] = {}
    for key, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(key)
    for parent, kids in children.items():
        for measure in ("staff", "covered", "uncovered"):
            family.relation((measure, parent), [(measure, k) for k in kids])
    # Only bands and a share to the nearest 10% are published (``coverage``), so the family's
    # relations decide what is shown; exact counts would also re-release the divide's people
    # counts (staff by unit, tier and staff group) and undo its protection.
    return members, has_children, family.protect()


def months_before(day: date, months: int) -> date:
    """The same calendar day ``months`` months earlier (or the last day of a shorter month)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 2:
        raise ValueError(f"threshold must be an integer of at least 2, not {threshold!r}")


def _require_columns(frame: pl.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s): {', '.join(missing)}")
