"""The clinician–management divide measures (docs/metrics.md, divide-metrics definitions).

Three entry points share one measure catalogue (``_measures``):

* ``divide_measures`` — one scope (an organisation or a unit subtree), counted plainly, person by
  person, so that it reads like the written definitions;
* ``divide_all`` — every organisation at once, vectorised with Polars group-bys, for the national
  view;
* ``unit_breakdown`` — every unit subtree at a depth below a scope, for drill-down tables.

The first two are independent implementations of the same definitions and are tested against
each other.
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl

from mantle.analytics._inputs import (
    NON_MANAGEMENT_TIER,
    PROFESSIONS,
    TIERS,
    check_management_links,
    clinical_work,
    prepare_holdings,
    prepare_posts,
    single_org_code,
)
from mantle.analytics._measures import (
    AGGREGATES,
    DEFAULT_WORKFORCE_BASIS,
    EXCLUDING_STATUTORY,
    GROUPS,
    PROFESSION_FIELD,
    RAW_COLUMNS,
    SEP,
    WORKFORCE_BASES,
    Group,
    derive,
    nest,
)

__all__ = [
    "AGGREGATES",
    "EXCLUDING_STATUTORY",
    "PROFESSIONS",
    "TIERS",
    "divide_all",
    "divide_measures",
    "flat_columns",
    "nest_flat_row",
    "unit_breakdown",
]

_KEY: Final = "_scope_key"


def _validated(
    *, holdings: pl.DataFrame, posts: pl.DataFrame, org_holdings: pl.DataFrame | None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    holdings = prepare_holdings(holdings)
    posts = prepare_posts(posts)
    check_management_links(holdings=holdings, posts=posts)
    whole_org = (
        holdings if org_holdings is None else prepare_holdings(org_holdings, name="org_holdings")
    )
    return holdings, posts, whole_org


def _raw_for_scope(
    *, holdings: pl.DataFrame, posts: pl.DataFrame, hybrid_ids: set[int]
) -> dict[str, Any]:
    """Count one scope person by person: the plain reading of the definitions."""
    people = {
        row["person_id"]: row
        for row in holdings.unique(subset="person_id", keep="first").iter_rows(named=True)
    }
    held_posts = set(holdings["post_id"].to_list())
    clinicians = [p for p in people.values() if p["is_clinician"]]
    raw: dict[str, Any] = {
        f"workforce{SEP}headcount": len(people),
        f"workforce{SEP}fte_raw": float(holdings["fte"].sum()),
        f"workforce{SEP}clinician_headcount": len(clinicians),
        f"workforce{SEP}clinical_background_headcount": sum(
            1 for p in people.values() if p["clinical_background"]
        ),
        f"workforce{SEP}inferred_clinician_headcount": sum(
            1 for p in clinicians if p["clinician_inferred"]
        ),
    }
    for group in GROUPS:
        in_group = pl.col("tier").is_in(list(group.tiers))
        if group.exclude_statutory:
            in_group = in_group & ~pl.col("statutory_clinical")
        rows = holdings.filter(in_group)
        group_posts = posts.filter(in_group)
        holders = [people[i] for i in set(rows["person_id"].to_list())]
        clinician_holders = [p for p in holders if p["is_clinician"]]
        g = group.name
        raw[f"{g}{SEP}posts"] = group_posts.height
        raw[f"{g}{SEP}filled"] = sum(1 for i in group_posts["post_id"] if i in held_posts)
        raw[f"{g}{SEP}holders"] = len(holders)
        raw[f"{g}{SEP}clinician_holders"] = len(clinician_holders)
        raw[f"{g}{SEP}clinical_background_holders"] = sum(
            1 for p in holders if p["clinical_background"]
        )
        raw[f"{g}{SEP}inferred_clinician_holders"] = sum(
            1 for p in clinician_holders if p["clinician_inferred"]
        )
        raw[f"{g}{SEP}hybrid_holders"] = sum(
            1 for p in clinician_holders if p["person_id"] in hybrid_ids
        )
        for profession in PROFESSIONS:
            raw[f"{g}{SEP}{PROFESSION_FIELD}{SEP}{profession}"] = sum(
                1 for p in clinician_holders if p["profession"] == profession
            )
        raw[f"{g}{SEP}management_fte_raw"] = float(rows["fte"].sum())
        raw[f"{g}{SEP}clinician_management_fte_raw"] = float(
            rows.filter(pl.col("is_clinician"))["fte"].sum()
        )
    return raw


def _raw_frame(rows: list[dict[str, Any]], *, keep: dict[str, pl.DataType]) -> pl.DataFrame:
    schema: dict[str, pl.DataType] = dict(keep)
    for column in RAW_COLUMNS:
        schema[column] = pl.Float64() if column.endswith("_raw") else pl.Int64()
    return pl.DataFrame(rows, schema=schema, orient="row")


def divide_measures(
    *,
    holdings: pl.DataFrame,
    posts: pl.DataFrame,
    org_holdings: pl.DataFrame | None = None,
    workforce_basis: str = DEFAULT_WORKFORCE_BASIS,
) -> dict[str, Any]:
    """The divide measures for one scope (an organisation, or a unit subtree of one).

    Rules (docs/metrics.md): posts/filled/vacant count the scope's management posts; holders
    are distinct people with at least one assignment to them; a hybrid is a clinician holder who
    also holds a clinical non-management assignment (``_inputs.clinical_work``) anywhere in the
    same organisation, read from
    ``org_holdings`` (the whole organisation's holdings; defaults to ``holdings``, which is only
    right when the scope is the whole organisation). The workforce is every distinct person in
    ``holdings``. ``representation_ratio`` and ``divide_gap_pp`` compare with the workforce
    clinician share of ``workforce_basis`` (``WORKFORCE_BASES``): by default the whole
    organisation's (from ``org_holdings``), as divide-metrics defines it; "unit" for the scope's
    own. Returns the nested, JSON-able structure documented in docs/metrics.md.
    """
    _check_basis(workforce_basis)
    holdings, posts, whole_org = _validated(
        holdings=holdings, posts=posts, org_holdings=org_holdings
    )
    org_code = single_org_code(holdings, posts)
    clinical = whole_org.filter(clinical_work() & (pl.col("org_code") == pl.lit(org_code or "")))
    hybrid_ids = set(clinical["person_id"].to_list())
    raw = _raw_for_scope(holdings=holdings, posts=posts, hybrid_ids=hybrid_ids)
    basis = holdings if workforce_basis == "unit" else whole_org
    basis = basis.filter(pl.col("org_code") == pl.lit(org_code or "")).unique(
        subset="person_id", keep="any"
    )
    frame = _raw_frame([raw], keep={}).with_columns(
        pl.lit(basis.height, dtype=pl.Int64).alias(f"basis{SEP}headcount"),
        pl.lit(int(basis["is_clinician"].sum()), dtype=pl.Int64).alias(
            f"basis{SEP}clinician_headcount"
        ),
    )
    flat = derive(frame, keep=[]).row(0, named=True)
    return nest(flat)


def _member(group: Group) -> pl.Expr:
    """Whether a person (one row of the manager table) holds a post in the group."""
    if group.exclude_statutory:
        return pl.col("_in_board_executive_non_statutory")
    return pl.any_horizontal(pl.col(f"_in_{tier}") for tier in group.tiers)


def _grouped_workforce(holdings: pl.DataFrame) -> pl.DataFrame:
    """Per scope key: distinct people in the workforce, and how many are clinicians etc."""
    people = holdings.unique(subset=[_KEY, "person_id"], keep="any")
    return people.group_by(_KEY).agg(
        pl.len().alias(f"workforce{SEP}headcount"),
        pl.col("is_clinician").sum().alias(f"workforce{SEP}clinician_headcount"),
        pl.col("clinical_background").sum().alias(f"workforce{SEP}clinical_background_headcount"),
        (pl.col("is_clinician") & pl.col("clinician_inferred"))
        .sum()
        .alias(f"workforce{SEP}inferred_clinician_headcount"),
    )


def _grouped_managers(holdings: pl.DataFrame, whole_org: pl.DataFrame) -> pl.DataFrame:
    """Per scope key: the people counts of every group, from one row per (key, manager).

    Only management assignments are grouped per person (a tenth of the rows); hybrid status is
    then looked up for those managers alone among the organisation's non-management holdings.
    """
    tier = pl.col("tier")
    managers = (
        holdings.filter(tier != NON_MANAGEMENT_TIER)
        .group_by(_KEY, "org_code", "person_id")
        .agg(
            *((tier == t).any().alias(f"_in_{t}") for t in TIERS),
            ((tier == "board_executive") & ~pl.col("statutory_clinical"))
            .any()
            .alias("_in_board_executive_non_statutory"),
            pl.col(
                "is_clinician", "clinician_inferred", "clinical_background", "profession"
            ).first(),
        )
    )
    with_clinical_role = (
        whole_org.filter(clinical_work())
        .select("org_code", "person_id")
        .join(managers.select("org_code", "person_id"), on=["org_code", "person_id"], how="semi")
        .unique()
        .with_columns(pl.lit(True).alias("_clinical_role"))
    )
    managers = managers.join(with_clinical_role, on=["org_code", "person_id"], how="left")
    clinician = pl.col("is_clinician")
    hybrid = clinician & pl.col("_clinical_role").fill_null(False)
    inferred = clinician & pl.col("clinician_inferred")
    counts: list[pl.Expr] = []
    for group in GROUPS:
        g, member = group.name, _member(group)
        counts += [
            member.sum().alias(f"{g}{SEP}holders"),
            (member & clinician).sum().alias(f"{g}{SEP}clinician_holders"),
            (member & pl.col("clinical_background"))
            .sum()
            .alias(f"{g}{SEP}clinical_background_holders"),
            (member & inferred).sum().alias(f"{g}{SEP}inferred_clinician_holders"),
            (member & hybrid).sum().alias(f"{g}{SEP}hybrid_holders"),
            *(
                (member & clinician & (pl.col("profession") == p))
                .sum()
                .alias(f"{g}{SEP}{PROFESSION_FIELD}{SEP}{p}")
                for p in PROFESSIONS
            ),
        ]
    return managers.group_by(_KEY).agg(counts)


def _grouped_fte(holdings: pl.DataFrame) -> pl.DataFrame:
    """Per scope key: unrounded management FTE by tier (aggregates are sums of their tiers)."""
    fte, tier, clinician = pl.col("fte"), pl.col("tier"), pl.col("is_clinician")
    exclusion = (tier == "board_executive") & ~pl.col("statutory_clinical")
    sums: list[pl.Expr] = [fte.sum().alias(f"workforce{SEP}fte_raw")]
    for t in TIERS:
        sums += [
            fte.filter(tier == t).sum().alias(f"{t}{SEP}management_fte_raw"),
            fte.filter((tier == t) & clinician)
            .sum()
            .alias(f"{t}{SEP}clinician_management_fte_raw"),
        ]
    sums += [
        fte.filter(exclusion).sum().alias(f"{EXCLUDING_STATUTORY}{SEP}management_fte_raw"),
        fte.filter(exclusion & clinician)
        .sum()
        .alias(f"{EXCLUDING_STATUTORY}{SEP}clinician_management_fte_raw"),
    ]
    frame = holdings.group_by(_KEY).agg(sums)
    return frame.with_columns(
        pl.sum_horizontal(pl.col(f"{t}{SEP}{measure}") for t in tiers).alias(
            f"{name}{SEP}{measure}"
        )
        for name, tiers in AGGREGATES.items()
        for measure in ("management_fte_raw", "clinician_management_fte_raw")
    )


def _grouped_posts(posts: pl.DataFrame, holdings: pl.DataFrame) -> pl.DataFrame:
    """Per scope key: management posts and filled posts by group."""
    # Matched within the scope key too, so that one post on several dates (date-keyed scopes) is
    # filled or vacant on each date separately.
    held = holdings.select(_KEY, "post_id").unique().with_columns(pl.lit(True).alias("_filled"))
    management = posts.filter(pl.col("tier") != NON_MANAGEMENT_TIER).join(
        held, on=[_KEY, "post_id"], how="left"
    )
    tier, filled = pl.col("tier"), pl.col("_filled").fill_null(False)
    counts: list[pl.Expr] = []
    for group in GROUPS:
        in_group = tier.is_in(list(group.tiers))
        if group.exclude_statutory:
            in_group = in_group & ~pl.col("statutory_clinical")
        counts += [
            in_group.sum().alias(f"{group.name}{SEP}posts"),
            (in_group & filled).sum().alias(f"{group.name}{SEP}filled"),
        ]
    # Keys with only non-management posts still get a row (of zeros) so no scope goes missing.
    keys = posts.select(_KEY).unique()
    return keys.join(management.group_by(_KEY).agg(counts), on=_KEY, how="left")


def _check_basis(workforce_basis: str) -> None:
    if workforce_basis not in WORKFORCE_BASES:
        raise ValueError(
            f"workforce_basis must be one of {', '.join(WORKFORCE_BASES)}, not {workforce_basis!r}"
        )


def _grouped_raw(
    *,
    holdings: pl.DataFrame,
    posts: pl.DataFrame,
    whole_org: pl.DataFrame,
    workforce_basis: str = DEFAULT_WORKFORCE_BASIS,
) -> pl.DataFrame:
    """Raw columns for every scope key present in either frame (keys are in column ``_KEY``), and
    the ``basis__`` headcounts the ratios compare with (``WORKFORCE_BASES``): with
    "organisation", the distinct people and clinicians of the scope's organisation in
    ``whole_org`` (matched on ``org_code``)."""
    _check_basis(workforce_basis)
    people = _grouped_workforce(holdings).join(_grouped_fte(holdings), on=_KEY, how="inner")
    people = people.join(_grouped_managers(holdings, whole_org), on=_KEY, how="left")
    raw = people.join(_grouped_posts(posts, holdings), on=_KEY, how="full", coalesce=True)
    # A scope with posts but nobody in it (all vacant), or with nobody in a management post,
    # has zero people and zero FTE there, not nulls.
    raw = raw.select(
        _KEY,
        *(
            pl.col(c).fill_null(0).cast(pl.Float64 if c.endswith("_raw") else pl.Int64)
            for c in RAW_COLUMNS
        ),
    )
    if workforce_basis == "unit":
        return raw.with_columns(
            pl.col(f"workforce{SEP}headcount").alias(f"basis{SEP}headcount"),
            pl.col(f"workforce{SEP}clinician_headcount").alias(f"basis{SEP}clinician_headcount"),
        )
    organisation = (
        whole_org.unique(subset=["org_code", "person_id"], keep="any")
        .group_by("org_code")
        .agg(
            pl.len().alias(f"basis{SEP}headcount"),
            pl.col("is_clinician").sum().alias(f"basis{SEP}clinician_headcount"),
        )
    )
    key_org = pl.concat([holdings.select(_KEY, "org_code"), posts.select(_KEY, "org_code")]).unique(
        subset=[_KEY], keep="any"
    )
    return (
        raw.join(key_org, on=_KEY, how="left")
        .join(organisation, on="org_code", how="left")
        .drop("org_code")
        .with_columns(
            pl.col(f"basis{SEP}headcount").fill_null(0).cast(pl.Int64),
            pl.col(f"basis{SEP}clinician_headcount").fill_null(0).cast(pl.Int64),
        )
    )


def divide_all(*, holdings: pl.DataFrame, posts: pl.DataFrame) -> pl.DataFrame:
    """The divide measures for every organisation in the frames, one row per organisation.

    Same definitions as ``divide_measures`` applied with ``org_code`` as the scope (hybrid status
    is read within each organisation). Columns are ``org_code`` then the flat measure columns
    (``flat_columns()``), e.g. ``senior_management__clinician_share``; rows sorted by org_code.
    """
    return divide_by_scope(holdings=holdings, posts=posts)


def divide_by_scope(
    *,
    holdings: pl.DataFrame,
    posts: pl.DataFrame,
    org_holdings: pl.DataFrame | None = None,
    workforce_basis: str = DEFAULT_WORKFORCE_BASIS,
) -> pl.DataFrame:
    """``divide_all`` with the scope taken from ``org_code`` and hybrid status read from
    ``org_holdings`` (matched on ``org_code`` and person; default ``holdings``).

    Used to compute many scopes in one vectorised pass — e.g. one organisation on many dates, with
    the date written into ``org_code`` of all three frames.
    """
    holdings, posts, whole_org = _validated(
        holdings=holdings, posts=posts, org_holdings=org_holdings
    )
    raw = _grouped_raw(
        holdings=holdings.with_columns(pl.col("org_code").alias(_KEY)),
        posts=posts.with_columns(pl.col("org_code").alias(_KEY)),
        whole_org=whole_org,
        workforce_basis=workforce_basis,
    )
    return derive(raw.rename({_KEY: "org_code"}), keep=["org_code"]).sort("org_code")


def _unit_at_depth(levels: int) -> pl.Expr:
    """The first ``levels`` names of unit_path, or null when the path is shallower than that."""
    # A post attached to the organisation itself has an empty path: no unit at any depth.
    parts: pl.Expr = (
        pl.when(pl.col("unit_path") == "")
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .otherwise(pl.col("unit_path").str.split("/"))
    )
    return pl.when(parts.list.len() >= levels).then(parts.list.head(levels).list.join("/"))


def unit_breakdown(
    *,
    holdings: pl.DataFrame,
    posts: pl.DataFrame,
    depth: int,
    scope_path: str = "",
    org_holdings: pl.DataFrame | None = None,
    workforce_basis: str = DEFAULT_WORKFORCE_BASIS,
) -> list[dict[str, Any]]:
    """The divide measures for each unit subtree ``depth`` levels below the scope.

    Rules: the scope is the organisation (``scope_path`` empty) or the unit subtree at
    ``scope_path``; a unit's figures cover everything at or below it; assignments and posts
    attached above the requested depth belong to no unit row (they still count in the scope's own
    figures); hybrid status is read from the whole organisation (``org_holdings``), and so, by
    default, is the workforce clinician share the ratios compare with (``workforce_basis``). One
    ``{"unit_path", "unit_name", "measures"}`` per unit, sorted by unit_path, where ``measures``
    has the ``divide_measures`` structure.
    """
    if depth < 1:
        raise ValueError("depth must be at least 1 (1 = the units directly below the scope)")
    holdings, posts, whole_org = _validated(
        holdings=holdings, posts=posts, org_holdings=org_holdings
    )
    single_org_code(holdings, posts)
    scope_levels = len(scope_path.split("/")) if scope_path else 0
    for name, frame in (("holdings", holdings), ("posts", posts)):
        if scope_path:
            outside = frame.filter(
                (pl.col("unit_path") != scope_path)
                & ~pl.col("unit_path").str.starts_with(scope_path + "/")
            )
            if outside.height:
                raise ValueError(f"{name} has rows outside the scope {scope_path!r}")
    key = _unit_at_depth(scope_levels + depth).alias(_KEY)
    raw = _grouped_raw(
        holdings=holdings.with_columns(key).filter(pl.col(_KEY).is_not_null()),
        posts=posts.with_columns(key).filter(pl.col(_KEY).is_not_null()),
        whole_org=whole_org,
        workforce_basis=workforce_basis,
    )
    flat = derive(raw.rename({_KEY: "unit_path"}), keep=["unit_path"]).sort("unit_path")
    return [
        {
            "unit_path": row["unit_path"],
            "unit_name": row["unit_path"].rsplit("/", 1)[-1],
            "measures": nest(row),
        }
        for row in flat.iter_rows(named=True)
    ]


def flat_columns() -> list[str]:
    """Names of the flat measure columns ``divide_all`` returns after ``org_code``, in order."""
    empty = _raw_frame([], keep={})
    return derive(empty, keep=[]).columns


def nest_flat_row(row: dict[str, Any]) -> dict[str, Any]:
    """Rebuild the nested ``divide_measures`` structure from one ``divide_all`` row."""
    return nest({name: value for name, value in row.items() if name != "org_code"})
