"""Rates from the organisation's own effective-dated history, each with the counts it is made of
and a 95% Wilson interval. Pure (Polars in, ``Rates`` and a table out).

Input: the register's state at consecutive month-ends (one row per person in post: ``person_id``,
``group``, ``tier`` (most senior held), ``clinician``, ``age``, ``retired`` (on or past their
retirement date by the talent module's pension-age rule)) and the vacant posts per tier at each
date. For each pair of consecutive month-ends d0 → d1 (docs/scenarios.md, "Rates"):

* **leaving** (group × age band): in post on d0, in no post on d1, and not past retirement age on
  d0 — per person-month in post on d0; people past retirement age who leave are **retirements**;
* **step-down** (tier): in a management tier on d0 and outside management on d1, per person-month;
* **appointments** to a tier: in the tier on d1 and not on d0; **fill rate** = appointments ÷ vacant
  post-months (capped at 1); **external share** = appointees not in post on d0 ÷ appointments;
  **clinician share** = appointees who are clinicians ÷ appointments.

A rate with no trials falls back: a group's leaving rate to the age band's rate for everyone, a
tier's rate to none (0, or 1 for the external share) — the evidence table marks it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from statsmodels.stats.proportion import proportion_confint

from .model import AGE_BANDS, AGE_LABELS, MANAGEMENT_TIERS, TIERS, Rates

STATE_SCHEMA: dict[str, Any] = {
    "person_id": pl.Int64,
    "group": pl.Utf8,
    "tier": pl.Utf8,
    "clinician": pl.Boolean,
    "age": pl.Int64,
    "retired": pl.Boolean,
}


def wilson(events: int, trials: int) -> tuple[float | None, float | None]:
    """95% Wilson score interval (None, None with no trials)."""
    if trials <= 0:
        return None, None
    low, high = proportion_confint(min(events, trials), trials, alpha=0.05, method="wilson")
    return float(low), float(high)


@dataclass
class Evidence:
    """One estimated rate: what it is, the counts and the interval."""

    rate: str
    key: str
    events: int
    trials: int
    value: float
    low: float | None
    high: float | None
    fallback: bool = False

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _band_label(age: pl.Expr) -> pl.Expr:
    expr = pl.lit(AGE_LABELS[-1])
    for (_, high), label in reversed(list(zip(AGE_BANDS, AGE_LABELS, strict=True))[:-1]):
        expr = pl.when(age < high).then(pl.lit(label)).otherwise(expr)
    return expr


def estimate(
    states: Sequence[tuple[dt.date, pl.DataFrame]],
    vacancies: Sequence[dict[str, int]],
    *,
    programme: tuple[int, int] = (0, 0),
) -> tuple[Rates, list[Evidence]]:
    """Rates from month-end ``states`` (oldest first) and ``vacancies`` (tier → vacant posts on each
    of those dates). ``programme``: (clinician completers in management 12 months on, clinician
    completers observed 12 months on) — the development module's conversion measure."""
    evidence: list[Evidence] = []
    leavers: list[pl.DataFrame] = []
    exposure: list[pl.DataFrame] = []
    moves: list[pl.DataFrame] = []
    vacant_months = dict.fromkeys(TIERS, 0)
    for (_, s0), (_, s1), vac in zip(states, states[1:], vacancies, strict=False):
        s0 = s0.with_columns(_band_label(pl.col("age")).alias("band"))
        exposure.append(s0.select("group", "band", "tier"))
        joined = s0.join(
            s1.select(
                "person_id",
                pl.col("tier").alias("tier1"),
                pl.col("clinician").alias("clin1"),
                pl.col("retired").alias("retired1"),
            ),
            on="person_id",
            how="left",
        )
        leavers.append(
            joined.filter(pl.col("tier1").is_null()).select("group", "band", "tier", "retired")
        )
        arrived = s1.join(
            s0.select("person_id", pl.col("tier").alias("tier0")), on="person_id", how="left"
        )
        moves.append(
            arrived.filter(pl.col("tier0").is_null() | (pl.col("tier0") != pl.col("tier"))).select(
                "tier", "clinician", pl.col("tier0").is_null().alias("external")
            )
        )
        for t in TIERS:
            vacant_months[t] += int(vac.get(t, 0))
    steps = []
    for (_, s0), (_, s1) in itertools.pairwise(states):
        steps.append(
            s0.join(
                s1.select("person_id", pl.col("tier").alias("tier1")), on="person_id", how="inner"
            )
            .filter(pl.col("tier").is_in(MANAGEMENT_TIERS) & (pl.col("tier1") == "none"))
            .select("tier")
        )
    exp = (
        pl.concat(exposure)
        if exposure
        else pl.DataFrame(schema={"group": pl.Utf8, "band": pl.Utf8, "tier": pl.Utf8})
    )
    left = (
        pl.concat(leavers)
        if leavers
        else pl.DataFrame(
            schema={"group": pl.Utf8, "band": pl.Utf8, "tier": pl.Utf8, "retired": pl.Boolean}
        )
    )
    left = left.filter(~pl.col("retired"))
    appointed = (
        pl.concat(moves)
        if moves
        else pl.DataFrame(schema={"tier": pl.Utf8, "clinician": pl.Boolean, "external": pl.Boolean})
    )
    stepped = pl.concat(steps) if steps else pl.DataFrame(schema={"tier": pl.Utf8})

    def add(rate: str, key: str, events: int, trials: int, fallback_value: float) -> float:
        if trials <= 0:
            evidence.append(Evidence(rate, key, 0, 0, fallback_value, None, None, fallback=True))
            return fallback_value
        low, high = wilson(events, trials)
        value = min(events, trials) / trials
        evidence.append(Evidence(rate, key, events, trials, value, low, high))
        return value

    leave: dict[tuple[str, str], float] = {}
    exp_counts = exp.group_by("group", "band").len()
    left_counts = left.group_by("group", "band").len()
    exp_map = {(g, b): n for g, b, n in exp_counts.iter_rows()}
    left_map = {(g, b): n for g, b, n in left_counts.iter_rows()}
    for label in AGE_LABELS:
        trials = sum(n for (g, b), n in exp_map.items() if b == label)
        events = sum(n for (g, b), n in left_map.items() if b == label)
        leave[("*", label)] = add("leave", f"everyone {label}", events, trials, 0.0)
    for group in sorted({g for g, _ in exp_map}):
        for label in AGE_LABELS:
            trials = exp_map.get((group, label), 0)
            if trials:
                leave[(group, label)] = add(
                    "leave", f"{group} {label}", left_map.get((group, label), 0), trials, 0.0
                )
    tier_exposure = dict(exp.group_by("tier").len().iter_rows())
    step_counts = dict(stepped.group_by("tier").len().iter_rows())
    step_down = {
        t: add("step_down", t, step_counts.get(t, 0), tier_exposure.get(t, 0), 0.0)
        for t in MANAGEMENT_TIERS
    }
    fill: dict[str, float] = {}
    external: dict[str, float] = {}
    clinician: dict[str, float] = {}
    for t in TIERS:
        into = appointed.filter(pl.col("tier") == t)
        n = into.height
        fill[t] = add("fill", t, n, max(vacant_months[t], n), 0.0)
        external[t] = add("external_share", t, int(into["external"].sum() or 0), n, 1.0)
        clinician[t] = add("clinician_share", t, int(into["clinician"].sum() or 0), n, 0.0)
    moved, observed = programme
    conversion = add(
        "programme_conversion",
        "clinician completers in management at 12 months",
        moved,
        observed,
        0.0,
    )
    return (
        Rates(
            leave=leave,
            step_down=step_down,
            fill=fill,
            external_share=external,
            clinician_share=clinician,
            programme_conversion=conversion,
        ),
        evidence,
    )
