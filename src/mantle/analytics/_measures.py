"""The measure catalogue: which groups of tiers are measured, and how raw counts become figures.

Both ways of counting (one scope in ``divide_measures``, every organisation at once in
``divide_all``) produce the same *raw* columns; this module turns raw columns into the published
figures, so rounding and null rules live in exactly one place.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

import polars as pl

from mantle.analytics._inputs import PROFESSIONS, TIERS

SEP: Final = "__"
"""Joins the parts of a flat column name, e.g. ``senior_management__clinician_share``."""

AGGREGATES: Final[dict[str, tuple[str, ...]]] = {
    "board": ("board_non_executive", "board_executive"),
    "senior_management": ("board_executive", "senior"),
    "all_management": TIERS,
}
"""Aggregate name → the tiers it adds up."""

EXCLUDING_STATUTORY: Final = "board_executive_excluding_statutory"


class Group(NamedTuple):
    """A set of management posts measured together: one tier, an aggregate, or the exclusion."""

    name: str
    tiers: tuple[str, ...]
    exclude_statutory: bool


GROUPS: Final[tuple[Group, ...]] = (
    *(Group(tier, (tier,), False) for tier in TIERS),
    *(Group(name, tiers, False) for name, tiers in AGGREGATES.items()),
    Group(EXCLUDING_STATUTORY, ("board_executive",), True),
)

GROUP_PEOPLE_COUNTS: Final[tuple[str, ...]] = (
    "holders",
    "clinician_holders",
    "clinical_background_holders",
    "inferred_clinician_holders",
    "hybrid_holders",
)
"""Counts of people kept per group, besides the per-profession split of clinician holders."""

PROFESSION_FIELD: Final = "clinician_holders_by_profession"

WORKFORCE_PEOPLE_COUNTS: Final[tuple[str, ...]] = (
    "headcount",
    "clinician_headcount",
    "clinical_background_headcount",
    "inferred_clinician_headcount",
)

WORKFORCE_BASES: Final[dict[str, str]] = {
    "organisation": "the whole organisation's workforce (divide-metrics' definition; the default)",
    "unit": "the scope's own workforce (the unit subtree's people)",
}
"""Which workforce clinician share ``representation_ratio`` and ``divide_gap_pp`` compare with.
For an organisation both are the same; for a unit they differ."""
DEFAULT_WORKFORCE_BASIS: Final = "organisation"

SHARE_DECIMALS: Final = 4
FTE_DECIMALS: Final = 2
GAP_DECIMALS: Final = 2
FTE_SUM_DECIMALS: Final = 5
"""ESR records FTE to 5 d.p.; sums are snapped to that grid so figures never depend on the order
in which rows happened to be added up (floating-point addition is not associative)."""


def raw_group_columns(group: str) -> list[str]:
    """Raw columns one group needs: post counts, people counts and unrounded FTE sums."""
    return [
        f"{group}{SEP}posts",
        f"{group}{SEP}filled",
        *(f"{group}{SEP}{count}" for count in GROUP_PEOPLE_COUNTS),
        *(f"{group}{SEP}{PROFESSION_FIELD}{SEP}{p}" for p in PROFESSIONS),
        f"{group}{SEP}management_fte_raw",
        f"{group}{SEP}clinician_management_fte_raw",
    ]


RAW_COLUMNS: Final[tuple[str, ...]] = (
    *(f"workforce{SEP}{count}" for count in WORKFORCE_PEOPLE_COUNTS),
    f"workforce{SEP}fte_raw",
    *(column for group in GROUPS for column in raw_group_columns(group.name)),
)


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """Unrounded ratio, null when the denominator is zero (no people, no FTE)."""
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None)


def _rounded(expr: pl.Expr, decimals: int) -> pl.Expr:
    # Half away from zero is what a reader checking a figure by hand expects (0.03125 → 0.0313).
    return expr.round(decimals, mode="half_away_from_zero")


def derive(raw: pl.DataFrame, *, keep: list[str]) -> pl.DataFrame:
    """Turn raw counts into the published flat columns, in the documented order.

    Rules: shares are fractions rounded to 4 d.p. and null when their denominator is 0; FTE is
    rounded to 2 d.p.; every ratio is taken from unrounded values and rounded once at the end;
    ``vacant`` = posts − filled; ``divide_gap_pp`` = (workforce clinician share − senior
    management clinician share) × 100, rounded to 2 d.p. The workforce clinician share that
    ``representation_ratio`` and ``divide_gap_pp`` compare with is the *basis* one when ``raw``
    carries ``basis__headcount`` and ``basis__clinician_headcount`` (the whole organisation's, for
    a unit scope: ``WORKFORCE_BASES``), else the scope's own.
    """

    def col(*parts: str) -> pl.Expr:
        return pl.col(SEP.join(parts))

    headcount = col("workforce", "headcount")
    workforce_share = _ratio(col("workforce", "clinician_headcount"), headcount)
    compared_share = workforce_share
    if f"basis{SEP}clinician_headcount" in raw.columns:
        compared_share = _ratio(col("basis", "clinician_headcount"), col("basis", "headcount"))
    columns: list[pl.Expr] = [
        headcount,
        _rounded(col("workforce", "fte_raw").round(FTE_SUM_DECIMALS), FTE_DECIMALS).alias(
            f"workforce{SEP}fte"
        ),
        col("workforce", "clinician_headcount"),
        _rounded(workforce_share, SHARE_DECIMALS).alias(f"workforce{SEP}workforce_clinician_share"),
        col("workforce", "clinical_background_headcount"),
        _rounded(
            _ratio(col("workforce", "clinical_background_headcount"), headcount), SHARE_DECIMALS
        ).alias(f"workforce{SEP}workforce_clinical_background_share"),
        col("workforce", "inferred_clinician_headcount"),
    ]
    for group in GROUPS:
        g = group.name
        holders = col(g, "holders")
        clinicians = col(g, "clinician_holders")
        share = _ratio(clinicians, holders)
        fte = col(g, "management_fte_raw").round(FTE_SUM_DECIMALS)
        clinician_fte = col(g, "clinician_management_fte_raw").round(FTE_SUM_DECIMALS)
        columns += [
            col(g, "posts"),
            col(g, "filled"),
            (col(g, "posts") - col(g, "filled")).alias(f"{g}{SEP}vacant"),
            holders,
            clinicians,
            *(col(g, PROFESSION_FIELD, p) for p in PROFESSIONS),
            _rounded(share, SHARE_DECIMALS).alias(f"{g}{SEP}clinician_share"),
            _rounded(fte, FTE_DECIMALS).alias(f"{g}{SEP}management_fte"),
            _rounded(clinician_fte, FTE_DECIMALS).alias(f"{g}{SEP}clinician_management_fte"),
            _rounded(_ratio(clinician_fte, fte), SHARE_DECIMALS).alias(
                f"{g}{SEP}clinician_capacity_share"
            ),
            _rounded(_ratio(share, compared_share), SHARE_DECIMALS).alias(
                f"{g}{SEP}representation_ratio"
            ),
            _rounded(_ratio(col(g, "hybrid_holders"), clinicians), SHARE_DECIMALS).alias(
                f"{g}{SEP}hybrid_share"
            ),
            col(g, "clinical_background_holders"),
            _rounded(_ratio(col(g, "clinical_background_holders"), holders), SHARE_DECIMALS).alias(
                f"{g}{SEP}clinical_background_share"
            ),
            col(g, "inferred_clinician_holders"),
            col(g, "hybrid_holders"),
        ]
    senior_share = _ratio(
        col("senior_management", "clinician_holders"), col("senior_management", "holders")
    )
    columns.append(
        _rounded((compared_share - senior_share) * 100, GAP_DECIMALS).alias("divide_gap_pp")
    )
    return raw.select(*keep, *columns)


def nest(flat: dict[str, Any]) -> dict[str, Any]:
    """Rebuild the nested ``divide_measures`` structure from one flat row of ``derive``."""
    result: dict[str, Any] = {"workforce": {}, "tiers": {}, "aggregates": {}}
    for name, value in flat.items():
        if name == "divide_gap_pp" or SEP not in name:
            continue
        head, _, rest = name.partition(SEP)
        if head == "workforce":
            result["workforce"][rest] = value
            continue
        if head in TIERS:
            target = result["tiers"].setdefault(head, {})
        elif head in AGGREGATES:
            target = result["aggregates"].setdefault(head, {})
        else:
            target = result.setdefault(head, {})
        field, _, profession = rest.partition(SEP)
        if profession:
            target.setdefault(field, {})[profession] = value
        else:
            target[field] = value
    result["divide_gap_pp"] = flat["divide_gap_pp"]
    return result


UNIT_BASIS_SUFFIX: Final = "_unit_workforce"


def with_unit_workforce_figures(result: dict[str, Any]) -> dict[str, Any]:
    """Add the scope's-own-workforce alternatives to a (possibly suppressed) nested result.

    ``representation_ratio`` and ``divide_gap_pp`` compare with the whole organisation's workforce
    (the default basis); this adds ``representation_ratio_unit_workforce`` to every group and
    ``divide_gap_pp_unit_workforce`` at the top, compared with the scope's own workforce, plus a
    ``workforce_basis`` note naming both. They are computed from the counts *shown* in ``result``
    — a hidden ("*") input gives "*" — so they reveal nothing the result does not.
    """
    out = dict(result)

    def share(numerator: Any, denominator: Any) -> float | str | None:
        if "*" in (numerator, denominator):
            return "*"
        if not denominator:
            return None
        return float(numerator) / float(denominator)

    workforce = result.get("workforce", {})
    own = share(workforce.get("clinician_headcount"), workforce.get("headcount"))
    for section in ("tiers", "aggregates"):
        out[section] = {}
        for name, group in result.get(section, {}).items():
            group = dict(group)
            clinician = share(group.get("clinician_holders"), group.get("holders"))
            if "*" in (clinician, own):
                ratio: Any = "*"
            elif clinician is None or not own:
                ratio = None
            else:
                ratio = round(float(clinician) / float(own), SHARE_DECIMALS)
            group[f"representation_ratio{UNIT_BASIS_SUFFIX}"] = ratio
            out[section][name] = group
    senior = result.get("aggregates", {}).get("senior_management", {})
    senior_share = share(senior.get("clinician_holders"), senior.get("holders"))
    if "*" in (senior_share, own):
        gap: Any = "*"
    elif senior_share is None or own is None:
        gap = None
    else:
        gap = round((float(own) - float(senior_share)) * 100, GAP_DECIMALS)
    out[f"divide_gap_pp{UNIT_BASIS_SUFFIX}"] = gap
    out["workforce_basis"] = {
        "default": DEFAULT_WORKFORCE_BASIS,
        "representation_ratio, divide_gap_pp": WORKFORCE_BASES[DEFAULT_WORKFORCE_BASIS],
        f"representation_ratio{UNIT_BASIS_SUFFIX}, divide_gap_pp{UNIT_BASIS_SUFFIX}": (
            WORKFORCE_BASES["unit"]
        ),
    }
    return out
