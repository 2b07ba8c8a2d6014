"""Did development convert clinicians into management? Pure Polars: frames in, frames out.

Definitions (docs/metrics.md, "Development conversion"; docs/development.md has a worked example):

* **Participants** of a programme cohort: completed enrolments (completion date on or before the
  report date). The **baseline** day is the day before the enrolment started (or, with no start
  recorded, the day before completion).
* **Clinician participants**: participants who were clinicians on the baseline day (the register's
  rule: a current registration; with no registration ever recorded, a professionally qualified
  clinical occupation code; the profession comes with it).
* **In management** on a day: holding at least one assignment to a post whose tier on that day is
  not ``none``; the **tier** counted is the most senior one held.
* **Follow-up** at 12, 24 and 36 months: the completion date plus that many calendar months. A
  participant is **observed** at a horizon when the follow-up day is on or before the report date.
* **Eligible**: clinician participants *not* in management on the baseline day. **Moved** at a
  horizon: eligible, observed, and in management on the follow-up day. Leaving the organisation
  counts as not in management, for participants and comparisons alike.
* **Time to first management appointment**: for eligible participants, the first management
  assignment that started after the baseline day (and on or before the report date), measured in
  months (days ÷ 30.4375) from completion; an appointment before completion counts as 0 months.
  The median is of those appointed so far.
* **Matched comparison**: for each eligible participant, the clinicians who on the same baseline day
  had the same profession, the same pay band and the same organisation (of their largest-FTE
  assignment), were not in management, and never enrolled on the same programme (someone who only
  *applied*, or withdrew an application before it started, was never enrolled and can be a match). Their share in
  management on the participant's follow-up day is the participant's *expected* outcome; the
  comparison rate is the mean of these shares over matched participants, and *additional* moves are
  matched participants moved minus the sum of the expected outcomes.
* **Cost**: the recorded cost of clinician enrolments in the cohort that, on or before the report
  date, completed or withdrew after starting (money spent either way; a withdrawal after the report
  date is not yet known on it). **Cost per clinician moved** at a horizon = cost ÷ moved, shown only
  when every eligible participant is observed at that horizon. **Cost per additional clinician
  moved** uses the cost of matched participants ÷ additional moves, when that is above zero. Both are
  withheld (null) when fewer than ``min_moved`` clinicians moved (``moved`` for the first,
  ``moved_matched`` for the second): one move is an anecdote, not a unit cost.
* **Uncertainty**: every rate comes with the counts it is made of; the conversion rate has a 95%
  Wilson score interval (``conversion_rate_low/high``), and each cost per clinician a 95% percentile
  bootstrap interval (``cost_per_*_low/high``; 2,000 resamples of the cohort's clinician places, or
  of its matched participants, with a fixed seed so the same data give the same interval). When a
  resample has no (additional) move the cost is unbounded, so the upper limit can be null.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import polars as pl

from mantle.workforce.rules.occupation import classify_occupation_code

TIERS: Final[tuple[str, ...]] = (
    "board_non_executive",
    "board_executive",
    "senior",
    "middle",
    "first_line",
)
"""Management tiers, most senior first."""

HORIZONS: Final[tuple[int, ...]] = (12, 24, 36)
MIN_MOVED: Final = 5
"""Fewest clinicians moved for which a cost per clinician moved is shown (a setting in the app)."""
Z_95: Final = 1.959963984540054
BOOTSTRAP_DRAWS: Final = 2000
BOOTSTRAP_SEED: Final = 20_130_911
DAYS_PER_MONTH: Final = 30.4375
GROUP_KEYS: Final[tuple[str, ...]] = ("offering_id", "programme", "cohort")

ENROLMENT_SCHEMA: Final[dict[str, pl.DataType]] = {
    "enrolment_id": pl.Int64(),
    "person_id": pl.Int64(),
    "offering_id": pl.Int64(),
    "programme": pl.String(),
    "cohort": pl.String(),
    "status": pl.String(),
    "started_on": pl.Date(),
    "completed_on": pl.Date(),
    "withdrawn_on": pl.Date(),
    "cost": pl.Float64(),
}
SPELL_SCHEMA: Final[dict[str, pl.DataType]] = {
    "person_id": pl.Int64(),
    "org_code": pl.String(),
    "valid_from": pl.Date(),
    "valid_to": pl.Date(),
    "tier": pl.String(),
    "pay_band": pl.String(),
    "occupation_code": pl.String(),
    "fte": pl.Float64(),
}
"""One row per stretch of time a person held a post with unchanged attributes (an assignment
intersected with the post's versions); ``valid_to`` is exclusive, null while still held."""
REGISTRATION_SCHEMA: Final[dict[str, pl.DataType]] = {
    "person_id": pl.Int64(),
    "valid_from": pl.Date(),
    "valid_to": pl.Date(),
    "status": pl.String(),
    "profession": pl.String(),
}
STATUS_SCHEMA: Final[dict[str, pl.DataType]] = {
    "person_id": pl.Int64(),
    "on": pl.Date(),
    "employed": pl.Boolean(),
    "org_code": pl.String(),
    "pay_band": pl.String(),
    "in_management": pl.Boolean(),
    "tier": pl.String(),
    "clinician": pl.Boolean(),
    "profession": pl.String(),
}


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def _conform(frame: pl.DataFrame, schema: dict[str, pl.DataType], name: str) -> pl.DataFrame:
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s): {', '.join(missing)}")
    return frame.select(pl.col(c).cast(t) for c, t in schema.items())


def occupation_frame(codes: Sequence[str]) -> pl.DataFrame:
    """Occupation code → (professionally qualified clinical, profession), by the workforce rules."""
    rows = []
    for code in sorted(set(codes)):
        cls = classify_occupation_code(code)
        rows.append(
            {
                "occupation_code": code,
                "clinical": bool(cls is not None and cls.professionally_qualified_clinical),
                "occ_profession": str(cls.profession)
                if cls is not None and cls.profession
                else None,
            }
        )
    return pl.DataFrame(
        rows,
        schema={"occupation_code": pl.String, "clinical": pl.Boolean, "occ_profession": pl.String},
    )


def _current() -> pl.Expr:
    return (pl.col("valid_from") <= pl.col("on")) & (
        pl.col("valid_to").is_null() | (pl.col("valid_to") > pl.col("on"))
    )


def status_on(
    *, pairs: pl.DataFrame, spells: pl.DataFrame, registrations: pl.DataFrame
) -> pl.DataFrame:
    """Each (person_id, on) pair's position on that day: employed, organisation and pay band of the
    largest-FTE assignment, in management and most senior tier, clinician and profession.

    Rules: the module docstring (management, tier); clinician as in the register (a current
    'registered' registration; failing any registration recorded by that day, a professionally
    qualified clinical occupation code held that day, its profession inferred)."""
    pairs = pairs.select(pl.col("person_id").cast(pl.Int64), pl.col("on").cast(pl.Date)).unique()
    rank = {tier: i for i, tier in enumerate(TIERS)}
    held = pairs.join(spells, on="person_id", how="inner").filter(_current())
    main = (
        held.sort(["fte", "pay_band"], descending=True)
        .group_by(["person_id", "on"], maintain_order=True)
        .agg(pl.col("org_code").first(), pl.col("pay_band").first())
    )
    management = (
        held.filter(pl.col("tier") != "none")
        .with_columns(pl.col("tier").replace_strict(rank, default=len(TIERS)).alias("rank"))
        .group_by(["person_id", "on"])
        .agg(pl.col("rank").min())
        .with_columns(
            pl.col("rank")
            .replace_strict({i: t for t, i in rank.items()}, default="none", return_dtype=pl.String)
            .alias("tier")
        )
        .select("person_id", "on", "tier")
    )
    regs = pairs.join(registrations, on="person_id", how="inner").filter(
        pl.col("valid_from") <= pl.col("on")
    )
    recorded = regs.select("person_id", "on").unique().with_columns(pl.lit(True).alias("recorded"))
    registered = (
        regs.filter(_current() & (pl.col("status") == "registered"))
        .sort("valid_from")
        .group_by(["person_id", "on"], maintain_order=True)
        .agg(pl.col("profession").first().alias("reg_profession"))
        .with_columns(pl.lit(True).alias("registered"))
    )
    occupations = occupation_frame(held.get_column("occupation_code").to_list())
    inferred = (
        held.join(occupations, on="occupation_code", how="left")
        .filter(pl.col("clinical"))
        .sort("fte", descending=True)
        .group_by(["person_id", "on"], maintain_order=True)
        .agg(pl.col("occ_profession").first())
        .with_columns(pl.lit(True).alias("inferred_clinician"))
    )
    out = (
        pairs.join(main, on=["person_id", "on"], how="left")
        .join(management, on=["person_id", "on"], how="left")
        .join(recorded, on=["person_id", "on"], how="left")
        .join(registered, on=["person_id", "on"], how="left")
        .join(inferred, on=["person_id", "on"], how="left")
        .with_columns(
            pl.col("org_code").is_not_null().alias("employed"),
            pl.col("tier").is_not_null().alias("in_management"),
            pl.col("tier").fill_null("none"),
            (
                pl.col("registered").fill_null(False)
                | (pl.col("recorded").is_null() & pl.col("inferred_clinician").fill_null(False))
            ).alias("clinician"),
            pl.when(pl.col("registered").fill_null(False))
            .then(pl.col("reg_profession"))
            .when(pl.col("recorded").is_null())
            .then(pl.col("occ_profession"))
            .otherwise(None)
            .alias("profession"),
        )
    )
    return out.select(pl.col(c).cast(t) for c, t in STATUS_SCHEMA.items())


@dataclass(frozen=True)
class ConversionResult:
    """``summary``: one row per programme cohort (columns in ``summary_columns``); ``tiers``: per cohort
    and point (before, 12m, 24m, 36m) the clinician participants observed and in each tier;
    ``participants``: one row per clinician participant (for HR administrators' drill-down)."""

    summary: pl.DataFrame
    tiers: pl.DataFrame
    participants: pl.DataFrame


def summary_count_columns(horizons: Sequence[int] = HORIZONS) -> list[str]:
    """The people counts in ``summary`` (what disclosure control applies to)."""
    columns = ["completers", "clinicians", "managers_before", "eligible", "appointed"]
    for h in horizons:
        columns += [
            f"observed_{h}m",
            f"moved_{h}m",
            f"matched_{h}m",
            f"moved_matched_{h}m",
            f"comparison_people_{h}m",
        ]
    return columns


def summary_derived(horizons: Sequence[int] = HORIZONS) -> dict[str, list[str]]:
    """Each derived figure in ``summary`` → the counts it is calculated from."""
    derived: dict[str, list[str]] = {"median_months_to_appointment": ["appointed"]}
    for h in horizons:
        for suffix in ("", "_low", "_high"):
            derived[f"conversion_rate{suffix}_{h}m"] = [f"moved_{h}m", f"observed_{h}m"]
        derived[f"comparison_rate_{h}m"] = [f"matched_{h}m", f"comparison_people_{h}m"]
        derived[f"expected_{h}m"] = [f"matched_{h}m", f"comparison_people_{h}m"]
        derived[f"additional_{h}m"] = [
            f"moved_matched_{h}m",
            f"matched_{h}m",
            f"comparison_people_{h}m",
        ]
        for suffix in ("", "_low", "_high"):
            derived[f"cost_per_moved{suffix}_{h}m"] = [f"moved_{h}m"]
            derived[f"cost_per_additional{suffix}_{h}m"] = [
                f"moved_matched_{h}m",
                f"matched_{h}m",
                f"comparison_people_{h}m",
            ]
    return derived


def _offset(months: int) -> pl.Expr:
    return pl.col("completed_on").dt.offset_by(f"{months}mo")


def conversion(
    *,
    enrolments: pl.DataFrame,
    spells: pl.DataFrame,
    registrations: pl.DataFrame,
    as_of: dt.date,
    horizons: Sequence[int] = HORIZONS,
    min_moved: int = MIN_MOVED,
) -> ConversionResult:
    """The conversion measure for every programme cohort in ``enrolments`` (rules: module docstring).

    ``spells`` and ``registrations`` must cover every person who could be a participant or a match
    (in practice: everyone the organisation employed since the earliest baseline)."""
    enrolments = _conform(enrolments, ENROLMENT_SCHEMA, "enrolments")
    spells = _conform(spells, SPELL_SCHEMA, "spells")
    registrations = _conform(registrations, REGISTRATION_SCHEMA, "registrations")

    spent = enrolments.filter(
        (
            (pl.col("status") == "completed")
            & pl.col("completed_on").is_not_null()
            & (pl.col("completed_on") <= as_of)
        )
        | (
            (pl.col("status") == "withdrawn")
            & pl.col("started_on").is_not_null()
            & (pl.col("started_on") <= as_of)
            & (pl.col("withdrawn_on").is_null() | (pl.col("withdrawn_on") <= as_of))
        )
    ).with_columns(
        (pl.coalesce("started_on", "completed_on") - pl.duration(days=1)).alias("baseline_on")
    )
    base = status_on(
        pairs=spent.select("person_id", pl.col("baseline_on").alias("on")),
        spells=spells,
        registrations=registrations,
    )
    spent = spent.join(
        base.rename({"on": "baseline_on"}), on=["person_id", "baseline_on"], how="left"
    )
    cost = (
        spent.filter(pl.col("clinician"))
        .group_by(GROUP_KEYS)
        .agg(pl.col("cost").fill_null(0.0).sum().alias("cost_total"))
    )
    completed = spent.filter(pl.col("status") == "completed")
    completers = completed.group_by(GROUP_KEYS).agg(pl.len().alias("completers"))
    part = completed.filter(pl.col("clinician")).with_columns(
        (~pl.col("in_management")).alias("eligible"),
        pl.col("tier").alias("tier_before"),
    )

    # Follow-up positions at each horizon.
    follow_cols = []
    for h in horizons:
        part = part.with_columns(_offset(h).alias(f"follow_{h}m"))
        follow_cols.append(f"follow_{h}m")
    follow_pairs = (
        pl.concat([part.select("person_id", pl.col(c).alias("on")) for c in follow_cols])
        if follow_cols
        else pl.DataFrame(schema={"person_id": pl.Int64, "on": pl.Date})
    )
    follow = status_on(pairs=follow_pairs, spells=spells, registrations=registrations)
    for h in horizons:
        at = follow.select(
            "person_id",
            pl.col("on").alias(f"follow_{h}m"),
            pl.col("in_management").alias(f"mgmt_{h}m"),
            pl.col("tier").alias(f"tier_{h}m"),
        )
        part = part.join(at, on=["person_id", f"follow_{h}m"], how="left").with_columns(
            (pl.col(f"follow_{h}m") <= as_of).alias(f"observed_{h}m")
        )

    # Time to first management appointment after the baseline.
    first = (
        part.filter(pl.col("eligible"))
        .select("enrolment_id", "person_id", "baseline_on")
        .join(spells.filter(pl.col("tier") != "none"), on="person_id", how="inner")
        .filter((pl.col("valid_from") > pl.col("baseline_on")) & (pl.col("valid_from") <= as_of))
        .group_by("enrolment_id")
        .agg(pl.col("valid_from").min().alias("first_management_on"))
    )
    part = part.join(first, on="enrolment_id", how="left").with_columns(
        (
            (pl.col("first_management_on") - pl.col("completed_on"))
            .dt.total_days()
            .clip(lower_bound=0)
            / DAYS_PER_MONTH
        ).alias("months_to_appointment")
    )

    part, pools = _matched(
        part=part,
        enrolments=enrolments,
        spells=spells,
        registrations=registrations,
        horizons=horizons,
    )
    summary = _summarise(
        part=part, completers=completers, cost=cost, pools=pools, horizons=horizons
    )
    summary = _intervals(
        summary=summary,
        places=spent.filter(pl.col("clinician")).select(*GROUP_KEYS, "enrolment_id", "cost"),
        part=part,
        horizons=horizons,
        min_moved=min_moved,
    )
    tiers = _tier_table(part=part, horizons=horizons)
    return ConversionResult(summary=summary, tiers=tiers, participants=part)


def _matched(
    *,
    part: pl.DataFrame,
    enrolments: pl.DataFrame,
    spells: pl.DataFrame,
    registrations: pl.DataFrame,
    horizons: Sequence[int],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per eligible participant and horizon: the matched pool's size and share in management."""
    eligible = part.filter(pl.col("eligible") & pl.col("employed"))
    pool_schema = {"enrolment_id": pl.Int64, "control_id": pl.Int64}
    if eligible.is_empty():
        pools = pl.DataFrame(schema=pool_schema)
    else:
        orgs = eligible.get_column("org_code").unique().to_list()
        candidates = spells.filter(pl.col("org_code").is_in(orgs)).select("person_id").unique()
        dates = eligible.select(pl.col("baseline_on").alias("on")).unique()
        at_baseline = status_on(
            pairs=candidates.join(dates, how="cross"), spells=spells, registrations=registrations
        ).filter(pl.col("employed") & pl.col("clinician") & ~pl.col("in_management"))
        # Enrolled: a place was taken (enrolled, completed, or withdrew after starting). Someone who
        # only applied never enrolled, so remains a possible comparison.
        ever_enrolled = (
            enrolments.filter(
                pl.col("status").is_in(["enrolled", "completed"])
                | ((pl.col("status") == "withdrawn") & pl.col("started_on").is_not_null())
            )
            .select(pl.col("person_id").alias("control_id"), "offering_id")
            .unique()
        )
        pools = (
            eligible.select(
                "enrolment_id",
                "person_id",
                "offering_id",
                "baseline_on",
                "org_code",
                "pay_band",
                "profession",
            )
            .join(
                at_baseline.select(
                    pl.col("person_id").alias("control_id"),
                    pl.col("on").alias("baseline_on"),
                    "org_code",
                    "pay_band",
                    "profession",
                ),
                on=["baseline_on", "org_code", "pay_band", "profession"],
                how="inner",
            )
            .filter(pl.col("control_id") != pl.col("person_id"))
            .join(ever_enrolled, on=["control_id", "offering_id"], how="anti")
            .select(*pool_schema)
        )
    for h in horizons:
        follow = pools.join(part.select("enrolment_id", f"follow_{h}m"), on="enrolment_id")
        outcomes = status_on(
            pairs=follow.select(
                pl.col("control_id").alias("person_id"), pl.col(f"follow_{h}m").alias("on")
            ),
            spells=spells,
            registrations=registrations,
        ).select(
            pl.col("person_id").alias("control_id"),
            pl.col("on").alias(f"follow_{h}m"),
            pl.col("in_management").alias(f"control_mgmt_{h}m"),
        )
        rates = (
            follow.join(outcomes, on=["control_id", f"follow_{h}m"], how="left")
            .group_by("enrolment_id")
            .agg(
                pl.len().alias(f"pool_{h}m"),
                pl.col(f"control_mgmt_{h}m").cast(pl.Float64).mean().alias(f"expected_{h}m"),
            )
        )
        part = part.join(rates, on="enrolment_id", how="left")
    return part, pools


def _summarise(
    *,
    part: pl.DataFrame,
    completers: pl.DataFrame,
    cost: pl.DataFrame,
    pools: pl.DataFrame,
    horizons: Sequence[int],
) -> pl.DataFrame:
    aggs: list[pl.Expr] = [
        pl.len().alias("clinicians"),
        pl.col("in_management").sum().alias("managers_before"),
        pl.col("eligible").sum().alias("eligible"),
        (pl.col("eligible") & pl.col("first_management_on").is_not_null()).sum().alias("appointed"),
        pl.col("months_to_appointment")
        .filter(pl.col("eligible"))
        .median()
        .alias("median_months_to_appointment"),
    ]
    matched_cost: list[pl.Expr] = []
    for h in horizons:
        observed = pl.col("eligible") & pl.col(f"observed_{h}m")
        matched = observed & pl.col(f"pool_{h}m").is_not_null()
        moved = pl.col(f"mgmt_{h}m").fill_null(False)
        aggs += [
            observed.sum().alias(f"observed_{h}m"),
            (observed & moved).sum().alias(f"moved_{h}m"),
            matched.sum().alias(f"matched_{h}m"),
            (matched & moved).sum().alias(f"moved_matched_{h}m"),
            pl.col(f"expected_{h}m").filter(matched).sum().alias(f"expected_{h}m"),
            pl.col(f"expected_{h}m").filter(matched).mean().alias(f"comparison_rate_{h}m"),
            pl.col("cost").filter(matched).fill_null(0.0).sum().alias(f"matched_cost_{h}m"),
            pl.col("enrolment_id").filter(matched).alias(f"matched_ids_{h}m"),
        ]
        matched_cost.append(pl.col(f"matched_cost_{h}m"))
    grouped = part.group_by(GROUP_KEYS).agg(aggs)
    out = completers.join(grouped, on=list(GROUP_KEYS), how="left").join(
        cost, on=list(GROUP_KEYS), how="left"
    )
    counts = ["clinicians", "managers_before", "eligible", "appointed"]
    out = out.with_columns(pl.col(c).fill_null(0).cast(pl.Int64) for c in counts)
    for h in horizons:
        ids = out.select(*GROUP_KEYS, pl.col(f"matched_ids_{h}m")).explode(f"matched_ids_{h}m")
        people = (
            ids.join(pools, left_on=f"matched_ids_{h}m", right_on="enrolment_id", how="inner")
            .group_by(GROUP_KEYS)
            .agg(pl.col("control_id").n_unique().alias(f"comparison_people_{h}m"))
        )
        out = out.join(people, on=list(GROUP_KEYS), how="left").drop(f"matched_ids_{h}m")
        for c in (
            f"observed_{h}m",
            f"moved_{h}m",
            f"matched_{h}m",
            f"moved_matched_{h}m",
            f"comparison_people_{h}m",
        ):
            out = out.with_columns(pl.col(c).fill_null(0).cast(pl.Int64))
        all_observed = (pl.col(f"observed_{h}m") == pl.col("eligible")) & (pl.col("eligible") > 0)
        additional = pl.col(f"moved_matched_{h}m") - pl.col(f"expected_{h}m")
        out = out.with_columns(
            pl.when(pl.col(f"observed_{h}m") > 0)
            .then(pl.col(f"moved_{h}m") / pl.col(f"observed_{h}m"))
            .alias(f"conversion_rate_{h}m"),
            pl.when(pl.col(f"matched_{h}m") > 0).then(additional).alias(f"additional_{h}m"),
            pl.when(all_observed & (pl.col(f"moved_{h}m") > 0))
            .then(pl.col("cost_total") / pl.col(f"moved_{h}m"))
            .alias(f"cost_per_moved_{h}m"),
            pl.when(all_observed & (pl.col(f"matched_{h}m") > 0) & (additional > 0))
            .then(pl.col(f"matched_cost_{h}m") / additional)
            .alias(f"cost_per_additional_{h}m"),
        ).drop(f"matched_cost_{h}m")
        out = out.with_columns(
            pl.when(pl.col(f"matched_{h}m") > 0)
            .then(pl.col(f"expected_{h}m"))
            .alias(f"expected_{h}m")
        )
    ordered = [
        *GROUP_KEYS,
        "completers",
        "clinicians",
        "managers_before",
        "eligible",
        "appointed",
        "median_months_to_appointment",
        "cost_total",
    ]
    for h in horizons:
        ordered += [
            f"observed_{h}m",
            f"moved_{h}m",
            f"conversion_rate_{h}m",
            f"matched_{h}m",
            f"comparison_people_{h}m",
            f"comparison_rate_{h}m",
            f"moved_matched_{h}m",
            f"expected_{h}m",
            f"additional_{h}m",
            f"cost_per_moved_{h}m",
            f"cost_per_additional_{h}m",
        ]
    return (
        out.with_columns(pl.col("cost_total").fill_null(0.0))
        .select(ordered)
        .sort(["programme", "cohort"])
    )


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion (95% by default); None when there are no trials."""
    if trials <= 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * np.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    low = 0.0 if successes == 0 else max(0.0, float(centre - half))
    high = 1.0 if successes == trials else min(1.0, float(centre + half))
    return low, high


def bootstrap_cost_interval(
    cost: np.ndarray,
    moved: np.ndarray,
    expected: np.ndarray | None = None,
    *,
    draws: int = BOOTSTRAP_DRAWS,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float | None] | None:
    """95% percentile bootstrap interval of sum(cost) ÷ (sum(moved) − sum(expected)) over units drawn
    with replacement. A resample with no (additional) move has an unbounded cost, so the upper limit
    is None when more than 2.5% of resamples have none. None when there are no units."""
    n = len(cost)
    if n == 0:
        return None
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n, size=(draws, n))
    spent = cost[picks].sum(axis=1)
    gained = moved[picks].sum(axis=1)
    if expected is not None:
        gained = gained - expected[picks].sum(axis=1)
    ratio = np.where(gained > 1e-9, spent / np.where(gained > 1e-9, gained, 1.0), np.inf)
    # The empirical quantiles themselves (no interpolation, which is undefined next to infinity).
    low, high = np.quantile(ratio, [0.025, 0.975], method="inverted_cdf")
    return (float(low) if np.isfinite(low) else None, float(high) if np.isfinite(high) else None)  # type: ignore[return-value]


def _intervals(
    *,
    summary: pl.DataFrame,
    places: pl.DataFrame,
    part: pl.DataFrame,
    horizons: Sequence[int],
    min_moved: int,
) -> pl.DataFrame:
    """Add the Wilson interval of each conversion rate and the bootstrap interval of each cost per
    clinician moved, and withhold costs per clinician below ``min_moved`` moves."""
    rows = summary.to_dicts()
    for row in rows:
        key = pl.all_horizontal(pl.col(k) == row[k] for k in GROUP_KEYS)
        cohort_part = part.filter(key)
        cohort_places = places.filter(key).join(
            cohort_part.select(
                "enrolment_id",
                *(pl.col(f"mgmt_{h}m") for h in horizons),
                *(pl.col(f"observed_{h}m") for h in horizons),
                "eligible",
            ),
            on="enrolment_id",
            how="left",
        )
        for h in horizons:
            interval = wilson_interval(row[f"moved_{h}m"], row[f"observed_{h}m"])
            row[f"conversion_rate_low_{h}m"] = interval[0] if interval else None
            row[f"conversion_rate_high_{h}m"] = interval[1] if interval else None
            low = high = None
            if row[f"moved_{h}m"] < min_moved:
                row[f"cost_per_moved_{h}m"] = None
            elif row[f"cost_per_moved_{h}m"] is not None:
                moved = cohort_places.select(
                    (
                        pl.col("eligible").fill_null(False)
                        & pl.col(f"observed_{h}m").fill_null(False)
                        & pl.col(f"mgmt_{h}m").fill_null(False)
                    ).cast(pl.Float64)
                ).to_series()
                found = bootstrap_cost_interval(
                    cohort_places.get_column("cost").fill_null(0.0).to_numpy(), moved.to_numpy()
                )
                low, high = found if found else (None, None)
            row[f"cost_per_moved_low_{h}m"], row[f"cost_per_moved_high_{h}m"] = low, high
            low = high = None
            if row[f"moved_matched_{h}m"] < min_moved:
                row[f"cost_per_additional_{h}m"] = None
            elif row[f"cost_per_additional_{h}m"] is not None:
                matched = cohort_part.filter(
                    pl.col("eligible")
                    & pl.col(f"observed_{h}m")
                    & pl.col(f"pool_{h}m").is_not_null()
                )
                found = bootstrap_cost_interval(
                    matched.get_column("cost").fill_null(0.0).to_numpy(),
                    matched.get_column(f"mgmt_{h}m").fill_null(False).cast(pl.Float64).to_numpy(),
                    matched.get_column(f"expected_{h}m").fill_null(0.0).to_numpy(),
                )
                low, high = found if found else (None, None)
            row[f"cost_per_additional_low_{h}m"], row[f"cost_per_additional_high_{h}m"] = low, high
    ordered: list[str] = []
    for column in summary.columns:
        ordered.append(column)
        for stem in ("conversion_rate", "cost_per_moved", "cost_per_additional"):
            for h in horizons:
                if column == f"{stem}_{h}m":
                    ordered += [f"{stem}_low_{h}m", f"{stem}_high_{h}m"]
    schema = dict(summary.schema)
    for column in ordered:
        schema.setdefault(column, pl.Float64())
    return pl.DataFrame(rows, schema=schema).select(ordered)


def _tier_table(*, part: pl.DataFrame, horizons: Sequence[int]) -> pl.DataFrame:
    """Per cohort and point: clinician participants observed, in management and in each tier."""
    frames = [
        part.select(
            *GROUP_KEYS,
            pl.lit("before").alias("point"),
            pl.lit(True).alias("observed"),
            pl.col("tier_before").alias("tier"),
        )
    ]
    for h in horizons:
        frames.append(
            part.select(
                *GROUP_KEYS,
                pl.lit(f"{h}m").alias("point"),
                pl.col(f"observed_{h}m").alias("observed"),
                pl.col(f"tier_{h}m").fill_null("none").alias("tier"),
            )
        )
    long = pl.concat(frames)
    points = ["before", *(f"{h}m" for h in horizons)]
    aggs = [
        pl.col("observed").sum().alias("observed"),
        (pl.col("observed") & (pl.col("tier") != "none")).sum().alias("in_management"),
        *((pl.col("observed") & (pl.col("tier") == t)).sum().alias(t) for t in TIERS),
    ]
    return (
        long.group_by([*GROUP_KEYS, "point"])
        .agg(aggs)
        .with_columns(
            pl.col("point").replace_strict({p: i for i, p in enumerate(points)}).alias("order")
        )
        .with_columns(pl.col(c).cast(pl.Int64) for c in ("observed", "in_management", *TIERS))
        .sort(["programme", "cohort", "order"])
        .drop("order")
    )
