"""Benchmarks from NHS Digital's published workforce statistics — NOT Mantle's divide measures.

The published statistics count as managers only the staff groups "Managers" (occupation codes
G1x) and "Senior managers" (G0x). Clinical managers — clinical directors, matrons, nurse, AHP and
ambulance managers — are counted in their clinical staff groups, so these figures measure a
different thing from Mantle's post-based measures and are always labelled with ``DEFINITION``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import polars as pl

__all__ = ["DEFINITION", "MANAGERS", "SENIOR_MANAGERS", "published_benchmark"]

DEFINITION: Final = "NHS Digital published staff groups: Managers (G1x) + Senior managers (G0x)"
MANAGERS: Final = "Managers"
SENIOR_MANAGERS: Final = "Senior managers"

_SHARE_DECIMALS: Final = 4
_FTE_DECIMALS: Final = 2
_PERCENTILE_DECIMALS: Final = 1
_PERIOD: Final = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_SCHEMA: Final[dict[str, pl.DataType]] = {
    "period": pl.String(),
    "org_code": pl.String(),
    "org_name": pl.String(),
    "staff_group": pl.String(),
    "fte": pl.Float64(),
}


def _share(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None)


def _round(expr: pl.Expr, decimals: int) -> pl.Expr:
    return expr.round(decimals, mode="half_away_from_zero")


def _published_rows(published: pl.DataFrame, period: str) -> pl.DataFrame:
    if not _PERIOD.fullmatch(period):
        raise ValueError(f"period must look like 2018-06, not {period!r}")
    missing = [c for c in _SCHEMA if c not in published.columns]
    if missing:
        raise ValueError(f"published is missing column(s): {', '.join(missing)}")
    rows = published.select(pl.col(c).cast(t, strict=True) for c, t in _SCHEMA.items()).filter(
        pl.col("period") == period
    )
    if rows.height == 0:
        raise ValueError(f"no published rows for period {period}")
    if rows["fte"].null_count() or (rows["fte"] < 0).any():
        raise ValueError("published FTE must be present and not negative")
    return rows


def published_benchmark(
    *, published: pl.DataFrame, period: str, org_types: Mapping[str, str]
) -> dict[str, Any]:
    """Managers' share of FTE by the published (G-code) definition, nationally and per organisation.

    Rules: an organisation's FTE is the sum over all its staff groups; ``managers_fte`` is the
    "Managers" group and ``senior_managers_fte`` the "Senior managers" group; ``managers_share``
    = (managers + senior managers) / FTE and ``senior_managers_share`` = senior managers / FTE,
    fractions to 4 d.p., null when FTE is 0; ``percentile`` is the organisation's national
    percentile rank of managers_share — the percentage of organisations with a lower share,
    counting ties as half — to 1 d.p.; ``peer_median`` is the median managers_share of the
    organisations of the same type (itself included), null when the type is unknown.
    Organisations are listed by org_code.
    """
    rows = _published_rows(published, period)
    group = pl.col("staff_group").str.strip_chars().str.to_lowercase()
    fte = pl.col("fte")
    managers = fte.filter(group == MANAGERS.lower()).sum()
    senior = fte.filter(group == SENIOR_MANAGERS.lower()).sum()
    organisations = (
        rows.group_by("org_code")
        .agg(
            pl.col("org_name").first(),
            fte.sum().alias("fte"),
            managers.alias("managers_fte"),
            senior.alias("senior_managers_fte"),
        )
        .with_columns(
            pl.col("org_code")
            .replace_strict(dict(org_types), default=None, return_dtype=pl.String)
            .alias("org_type"),
            _share(pl.col("managers_fte") + pl.col("senior_managers_fte"), pl.col("fte")).alias(
                "_share"
            ),
        )
    )
    ranked = organisations.filter(pl.col("_share").is_not_null())
    below = pl.col("_share").rank("min") - 1
    ties = pl.col("_share").rank("max") - pl.col("_share").rank("min") + 1
    ranked = ranked.with_columns(
        (100 * (below + ties / 2) / pl.len()).alias("_percentile"),
        pl.col("_share").median().over("org_type").alias("_peer_median"),
    ).with_columns(
        pl.when(pl.col("org_type").is_not_null()).then(pl.col("_peer_median")).alias("_peer_median")
    )
    organisations = organisations.join(
        ranked.select("org_code", "_percentile", "_peer_median"), on="org_code", how="left"
    ).sort("org_code")
    listed = organisations.select(
        "org_code",
        "org_name",
        "org_type",
        _round(pl.col("fte"), _FTE_DECIMALS),
        _round(pl.col("managers_fte"), _FTE_DECIMALS),
        _round(pl.col("senior_managers_fte"), _FTE_DECIMALS),
        _round(pl.col("_share"), _SHARE_DECIMALS).alias("managers_share"),
        _round(_share(pl.col("senior_managers_fte"), pl.col("fte")), _SHARE_DECIMALS).alias(
            "senior_managers_share"
        ),
        _round(pl.col("_percentile"), _PERCENTILE_DECIMALS).alias("percentile"),
        _round(pl.col("_peer_median"), _SHARE_DECIMALS).alias("peer_median"),
    )
    totals = organisations.select(
        pl.col("fte").sum(), pl.col("managers_fte").sum(), pl.col("senior_managers_fte").sum()
    )
    national = totals.select(
        _round(pl.col("fte"), _FTE_DECIMALS),
        _round(pl.col("managers_fte"), _FTE_DECIMALS),
        _round(pl.col("senior_managers_fte"), _FTE_DECIMALS),
        _round(
            _share(pl.col("managers_fte") + pl.col("senior_managers_fte"), pl.col("fte")),
            _SHARE_DECIMALS,
        ).alias("managers_share"),
        _round(_share(pl.col("senior_managers_fte"), pl.col("fte")), _SHARE_DECIMALS).alias(
            "senior_managers_share"
        ),
    ).row(0, named=True)
    return {
        "period": period,
        "definition": DEFINITION,
        "national": national,
        "organisations": listed.to_dicts(),
    }
