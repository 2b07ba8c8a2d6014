"""Shape and consistency checks for the frames the divide measures read.

The database selectors build these frames; the checks here turn a selector bug (a holding that
points at a post outside the scope, a clinician without a profession) into a clear error instead
of a plausible-looking but wrong figure on a board paper.
"""

from __future__ import annotations

from typing import Final

import polars as pl

TIERS: Final[tuple[str, ...]] = (
    "board_non_executive",
    "board_executive",
    "senior",
    "middle",
    "first_line",
)
"""Management tiers, most senior first. ``none`` (not a management post) is deliberately absent."""

NON_MANAGEMENT_TIER: Final = "none"

ALL_TIER_VALUES: Final[tuple[str, ...]] = (*TIERS, NON_MANAGEMENT_TIER)

PROFESSIONS: Final[tuple[str, ...]] = (
    "medical",
    "nursing_midwifery",
    "allied_health",
    "healthcare_science",
    "pharmacy",
    "other_registered",
)
"""Professions a clinician is counted under (medical includes dental)."""

HOLDINGS_SCHEMA: Final[dict[str, pl.DataType]] = {
    "person_id": pl.Int64(),
    "org_code": pl.String(),
    "unit_path": pl.String(),
    "post_id": pl.Int64(),
    "tier": pl.String(),
    "statutory_clinical": pl.Boolean(),
    "fte": pl.Float64(),
    "is_clinician": pl.Boolean(),
    "clinician_inferred": pl.Boolean(),
    "clinical_background": pl.Boolean(),
    "profession": pl.String(),
    # Whether the post is clinical work (its occupation code is in a professionally qualified
    # clinical staff group); null when no occupation code is recorded. Optional: a frame without
    # the column is read as all null.
    "clinical_post": pl.Boolean(),
}

POSTS_SCHEMA: Final[dict[str, pl.DataType]] = {
    "post_id": pl.Int64(),
    "org_code": pl.String(),
    "unit_path": pl.String(),
    "tier": pl.String(),
    "statutory_clinical": pl.Boolean(),
}

_PERSON_COLUMNS: Final = ("is_clinician", "clinician_inferred", "clinical_background", "profession")
_NULLABLE: Final = frozenset({"profession", "clinical_post"})
_OPTIONAL: Final[dict[str, pl.DataType]] = {"clinical_post": pl.Boolean()}


def _conform(frame: pl.DataFrame, *, schema: dict[str, pl.DataType], name: str) -> pl.DataFrame:
    """Select the schema's columns in order, cast them, and refuse nulls where none may be."""
    absent = {c: t for c, t in _OPTIONAL.items() if c in schema and c not in frame.columns}
    if absent:
        frame = frame.with_columns(pl.lit(None, dtype=t).alias(c) for c, t in absent.items())
    missing = [column for column in schema if column not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s): {', '.join(missing)}")
    try:
        conformed = frame.select(
            pl.col(column).cast(dtype, strict=True) for column, dtype in schema.items()
        )
    except pl.exceptions.InvalidOperationError as error:
        raise ValueError(f"{name} has a column of the wrong type: {error}") from error
    null_counts = conformed.null_count().row(0, named=True)
    with_nulls = [c for c, n in null_counts.items() if n and c not in _NULLABLE]
    if with_nulls:
        raise ValueError(f"{name} has nulls in column(s): {', '.join(with_nulls)}")
    return conformed


def _reject_unknown(values: pl.Series, *, allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(values.drop_nulls().unique().to_list()) - set(allowed))
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(map(str, unknown[:5]))}")


def prepare_holdings(holdings: pl.DataFrame, *, name: str = "holdings") -> pl.DataFrame:
    """Conform a holdings frame and enforce the person rules the measures rely on.

    Rules: tiers and professions come from the fixed lists; FTE is not negative; a person's
    clinician status, inferred flag, clinical background and profession are facts about the
    person on the date, so they are the same on every one of their assignments; an inferred
    clinician is a clinician; a clinician has a clinical background and a profession.
    """
    frame = _conform(holdings, schema=HOLDINGS_SCHEMA, name=name)
    _reject_unknown(frame["tier"], allowed=ALL_TIER_VALUES, what=f"tier in {name}")
    _reject_unknown(frame["profession"], allowed=PROFESSIONS, what=f"profession in {name}")
    if frame.height == 0:
        return frame
    if (frame["fte"] < 0).any():
        raise ValueError(f"{name} has a negative FTE")
    breaches = frame.filter(
        (pl.col("clinician_inferred") & ~pl.col("is_clinician"))
        | (pl.col("is_clinician") & ~pl.col("clinical_background"))
        | (pl.col("is_clinician") & pl.col("profession").is_null())
    )
    if breaches.height:
        person = breaches["person_id"][0]
        raise ValueError(
            f"{name}: person {person} breaks a clinician rule (an inferred clinician must be a "
            "clinician; a clinician must have a clinical background and a profession)"
        )
    varying = (
        frame.group_by("org_code", "person_id")  # per scope: a date-keyed scope may differ
        .agg(pl.col(c).n_unique().alias(c) for c in _PERSON_COLUMNS)
        .filter(pl.any_horizontal(pl.col(c) > 1 for c in _PERSON_COLUMNS))
    )
    if varying.height:
        raise ValueError(
            f"{name}: person {varying['person_id'][0]} has different clinician details on "
            "different assignments"
        )
    return frame


def prepare_posts(posts: pl.DataFrame) -> pl.DataFrame:
    """Conform a posts frame: known tiers, and each post listed once per scope (``org_code``)."""
    frame = _conform(posts, schema=POSTS_SCHEMA, name="posts")
    _reject_unknown(frame["tier"], allowed=ALL_TIER_VALUES, what="tier in posts")
    if frame.select("org_code", "post_id").n_unique() != frame.height:
        raise ValueError("posts lists the same post_id more than once")
    return frame


def clinical_work() -> pl.Expr:
    """A holding that makes a clinician manager a *hybrid*: a non-management assignment that is
    clinical (divide-metrics: "a clinical (non-management) assignment").

    Rule: tier ``none`` and ``clinical_post`` true — the post's occupation code is in a
    professionally qualified clinical staff group, so an administrative post does not count.
    Where no occupation code is recorded (``clinical_post`` null) the assignment is taken as
    clinical: Mantle cannot tell, and a post without a code is rare in ESR extracts
    (docs/metrics.md marks this as a deliberate difference).
    """
    return (pl.col("tier") == NON_MANAGEMENT_TIER) & pl.col("clinical_post").fill_null(True)


def check_management_links(*, holdings: pl.DataFrame, posts: pl.DataFrame) -> None:
    """Every management assignment must be to a listed post with the same tier, flag and unit.

    Without this rule a holding whose post is missing from ``posts`` would count as a holder
    while its post counted neither as filled nor vacant, and the two halves of a tier's figures
    would disagree.
    """
    keys = ["post_id", "org_code", "unit_path", "tier", "statutory_clinical"]
    orphans = (
        holdings.filter(pl.col("tier") != NON_MANAGEMENT_TIER)
        .select(keys)
        .unique()
        .join(posts.select(keys), on=keys, how="anti")
    )
    if orphans.height:
        raise ValueError(
            f"holding of post {orphans['post_id'][0]} does not match a post in posts "
            "(missing, or with a different organisation, unit, tier or statutory flag)"
        )


def single_org_code(*frames: pl.DataFrame) -> str | None:
    """The one organisation the frames describe (None when all are empty); refuse a mixture."""
    codes: set[str] = set()
    for frame in frames:
        codes.update(frame["org_code"].unique().to_list())
    if len(codes) > 1:
        raise ValueError(
            "divide_measures and unit_breakdown take one organisation's frames; "
            f"got {len(codes)} organisations (use divide_all for several)"
        )
    return next(iter(codes), None)
