"""Organisation capability heatmaps and assessment coverage, with disclosure control (Polars).

These are organisational aggregates, so they follow Mantle's disclosure rule for counts of
people, not the 360° rule: the threshold defaults to 5 (the 360 threshold is 3).

* **Primary suppression**: a cell counting 1 to threshold-1 people shows no mean or share and
  shows its count as "*". A count of 0 is shown as 0.
* **Secondary suppression**: a total of the same cells is usually visible elsewhere (the
  organisation's overall figure, or the parent unit's row). If the suppressed cells of a
  dimension together hold 1 to threshold-1 people, the total minus the shown cells would give
  their mean away, so the smallest shown cells are suppressed too, one at a time, until the
  suppressed cells together hold at least ``threshold`` people. For units, the set of cells
  that add up to a visible total is the siblings under one parent, so the rule is applied
  within each parent.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from typing import Final, Literal

import polars as pl

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
) -> pl.DataFrame:
    """Mean score by dimension × staff group, tier, unit or organisation, with suppression.

    Rules: one assessment per person (the latest by ``completed_on``) so that n counts people;
    a null score is left out of that dimension; cells follow the module's primary and
    secondary suppression rules.

    Input columns: ``person_id``, ``completed_on``, ``staff_group``, ``tier``, ``unit_path``,
    ``org_code`` and one numeric column per dimension key. Output: one row per group ×
    dimension with ``group``, ``dimension``, ``n`` (null when suppressed), ``n_display``
    ("*" when suppressed), ``mean`` (null when suppressed) and ``suppression``
    ("primary", "secondary" or null).
    """
    _check_threshold(threshold)
    if not dimensions:
        raise ValueError("name at least one dimension column")
    required = ["person_id", "completed_on", _BREAKDOWN_COLUMNS[by], *dimensions]
    _require_columns(assessments, required, "assessments")
    latest = (
        assessments.lazy()
        .select(required)
        .sort("completed_on")
        .unique(subset="person_id", keep="last")
    )
    grouped = _with_group(latest, by=by, unit_depth=unit_depth)
    long = grouped.unpivot(
        index=["group", _PARTITION],
        on=list(dimensions),
        variable_name="dimension",
        value_name="score",
    )
    cells = long.group_by(["group", _PARTITION, "dimension"]).agg(
        n=pl.col("score").count().cast(pl.Int64),
        mean=pl.col("score").cast(pl.Float64).mean(),
    )
    flagged = _suppress(
        cells.collect(), count="n", within=[_PARTITION, "dimension"], threshold=threshold
    )
    order = {key: index for index, key in enumerate(dimensions)}
    return (
        flagged.with_columns(
            mean=pl.when(pl.col("suppression").is_null()).then(pl.col("mean")),
            n_display=_display("n"),
            n=pl.when(pl.col("suppression").is_null()).then(pl.col("n")),
            _order=pl.col("dimension").replace_strict(order, return_dtype=pl.Int64),
        )
        .sort(["group", "_order"])
        .select(["group", "dimension", "n", "n_display", "mean", "suppression"])
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
) -> pl.DataFrame:
    """Share of staff with a self or 360° assessment completed in the last ``months`` months.

    Rules: ``people`` is one row per person in post on ``as_of`` (choose each person's primary
    assignment beforehand); an assessment counts if its kind is "self" or "360" and it was
    completed on or after the same calendar day ``months`` months before ``as_of`` (the last day
    of the month when that day does not exist) and not after ``as_of``. Staff counts and
    covered counts both follow the primary and secondary suppression rules; when the staff count
    is suppressed, so are the covered count and the share.

    Output: ``group``, ``staff``, ``staff_display``, ``covered``, ``covered_display``,
    ``share`` (0–1, null when suppressed), ``staff_suppression`` and ``covered_suppression``
    ("primary", "secondary" or null; a suppressed staff count forces the covered one).
    """
    _check_threshold(threshold)
    if months < 1:
        raise ValueError("months must be at least 1")
    column = _BREAKDOWN_COLUMNS[by]
    _require_columns(people, ["person_id", column], "people")
    _require_columns(assessments, ["person_id", "completed_on", "kind"], "assessments")
    duplicates = people.select(pl.col("person_id").is_duplicated().any()).item()
    if duplicates:
        raise ValueError("people must have one row per person_id")
    start = months_before(as_of, months)
    assessed = (
        assessments.lazy()
        .filter(
            pl.col("kind").is_in(COVERAGE_KINDS)
            & pl.col("completed_on").is_between(start, as_of, closed="both")
        )
        .select("person_id")
        .unique()
        .with_columns(assessed=pl.lit(True))
    )
    staff = _with_group(people.lazy().select(["person_id", column]), by=by, unit_depth=unit_depth)
    counts = (
        staff.join(assessed, on="person_id", how="left")
        .group_by(["group", _PARTITION])
        .agg(
            staff=pl.len().cast(pl.Int64),
            covered=pl.col("assessed").fill_null(False).sum().cast(pl.Int64),
        )
        .collect()
    )
    by_staff = _suppress(counts, count="staff", within=[_PARTITION], threshold=threshold).rename(
        {"suppression": "staff_suppression"}
    )
    by_covered = _suppress(
        by_staff,
        count="covered",
        within=[_PARTITION],
        threshold=threshold,
        forced=pl.col("staff_suppression").is_not_null(),
    )
    shown_staff = pl.col("staff_suppression").is_null()
    shown_covered = pl.col("covered_suppression").is_null()
    return (
        by_covered.rename({"suppression": "covered_suppression"})
        .with_columns(
            staff_display=pl.when(shown_staff)
            .then(pl.col("staff").cast(pl.String))
            .otherwise(pl.lit(SUPPRESSED)),
            covered_display=pl.when(shown_covered)
            .then(pl.col("covered").cast(pl.String))
            .otherwise(pl.lit(SUPPRESSED)),
            share=pl.when(shown_covered & (pl.col("staff") > 0)).then(
                pl.col("covered") / pl.col("staff")
            ),
        )
        .with_columns(
            staff=pl.when(shown_staff).then(pl.col("staff")),
            covered=pl.when(shown_covered).then(pl.col("covered")),
        )
        .sort("group")
        .select(_COVERAGE_COLUMNS)
    )


def months_before(day: date, months: int) -> date:
    """The same calendar day ``months`` months earlier (or the last day of a shorter month)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _with_group(frame: pl.LazyFrame, *, by: Breakdown, unit_depth: int | None) -> pl.LazyFrame:
    """Add ``group`` and the partition whose cells add up to a visible total."""
    column = _BREAKDOWN_COLUMNS[by]
    value = pl.col(column).cast(pl.String).fill_null(NOT_RECORDED)
    if by != "unit":
        if unit_depth is not None:
            raise ValueError("unit_depth applies only to the unit breakdown")
        return frame.with_columns(group=value, **{_PARTITION: pl.lit("")})
    if unit_depth is not None and unit_depth < 1:
        raise ValueError("unit_depth must be at least 1")
    parts = value.str.split(UNIT_SEPARATOR)
    if unit_depth is not None:
        parts = parts.list.head(unit_depth)
    return (
        frame.with_columns(_parts=parts)
        .with_columns(
            group=pl.col("_parts").list.join(UNIT_SEPARATOR),
            **{
                _PARTITION: pl.col("_parts")
                .list.head(pl.col("_parts").list.len() - 1)
                .list.join(UNIT_SEPARATOR)
            },
        )
        .drop("_parts")
    )


def _suppress(
    frame: pl.DataFrame,
    *,
    count: str,
    within: list[str],
    threshold: int,
    forced: pl.Expr | None = None,
) -> pl.DataFrame:
    """Flag cells for primary and secondary suppression in a ``suppression`` column."""
    n = pl.col(count)
    primary = (n > 0) & (n < threshold)
    if forced is not None:
        primary = primary | forced
    ordered = frame.with_columns(_primary=primary).sort([*within, count, "group"])
    candidate = ~pl.col("_primary") & (n > 0)
    candidate_n = pl.when(candidate).then(n).otherwise(0)
    hidden = pl.when(pl.col("_primary")).then(n).otherwise(0).sum().over(within)
    before = (candidate_n.cum_sum() - candidate_n).over(within)
    # Smallest shown cells first, until the hidden cells together reach the threshold.
    secondary = candidate & (hidden > 0) & (hidden < threshold) & (before < threshold - hidden)
    return ordered.with_columns(
        suppression=pl.when(pl.col("_primary"))
        .then(pl.lit("primary"))
        .when(secondary)
        .then(pl.lit("secondary"))
    ).drop("_primary")


def _display(count: str) -> pl.Expr:
    return (
        pl.when(pl.col("suppression").is_null())
        .then(pl.col(count).cast(pl.String))
        .otherwise(pl.lit(SUPPRESSED))
    )


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 2:
        raise ValueError(f"threshold must be an integer of at least 2, not {threshold!r}")


def _require_columns(frame: pl.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s): {', '.join(missing)}")
