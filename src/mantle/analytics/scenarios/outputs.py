"""Summaries of a simulation: P10/P50/P90 by date, goal seek by bisection, and the back-test's
error per tier. Pure (numpy)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .engine import Result, metric_names, simulate
from .model import GOAL_LEVERS, MANAGEMENT_TIERS, AssumptionError, Levers, Scenario


def month_end(day: dt.date, months: int) -> dt.date:
    """The last day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months + 1
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def dates(start: dt.date, months: int) -> list[dt.date]:
    """Month 0 is the start date; month m the end of the m-th month after it."""
    return [start] + [month_end(start, m) for m in range(1, months + 1)]


def _clean(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 6)


def bands(result: Result, start: dt.date) -> dict[str, dict[str, dict[str, float | None]]]:
    """``outputs[metric][ISO date] = {"p10", "p50", "p90", "mean"}`` for every metric."""
    days = [d.isoformat() for d in dates(start, result.months)]
    out: dict[str, dict[str, dict[str, float | None]]] = {}
    for metric in metric_names():
        q = result.quantiles(metric)
        values = result.series[metric]
        with np.errstate(all="ignore"):
            mean = (
                np.nanmean(values, axis=0)
                if np.isnan(values).any() and not np.isnan(values).all()
                else values.mean(axis=0)
            )
        out[metric] = {
            day: {
                "p10": _clean(q[0][i]),
                "p50": _clean(q[1][i]),
                "p90": _clean(q[2][i]),
                "mean": _clean(mean[i]),
            }
            for i, day in enumerate(days)
        }
    return out


@dataclass(frozen=True)
class Goal:
    """Reach ``metric`` ≥ ``target`` by ``by`` with probability ≥ ``probability``, searching
    ``lever`` over [low, high]."""

    metric: str
    target: float
    by: dt.date
    probability: float
    lever: str
    low: float
    high: float


def goal_from_json(raw: Mapping[str, Any], *, start: dt.date, months: int) -> Goal:
    """Check a goal; errors name the field (``goal.<name>``)."""
    errors: dict[str, str] = {}
    metric = raw.get("metric", "clinician_share.senior_leadership")
    if metric not in metric_names():
        errors["goal.metric"] = f"Unknown output {metric!r}; for example clinician_share.senior."
    lever = raw.get("lever", "clinician_vacancy_share")
    if lever not in GOAL_LEVERS:
        errors["goal.lever"] = f"Goal seek can search {', '.join(GOAL_LEVERS)} (got {lever!r})."
        low_high = (0.0, 1.0)
    else:
        low_high = GOAL_LEVERS[lever]
    values: dict[str, float] = {}
    for name, default, low, high in (
        ("target", None, -1e12, 1e12),
        ("probability", 0.8, 0.01, 0.99),
        ("low", low_high[0], low_high[0], low_high[1]),
        ("high", low_high[1], low_high[0], low_high[1]),
    ):
        value = raw.get(name, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            errors[f"goal.{name}"] = f"Enter a number (got {value!r})."
        elif not low <= value <= high:
            errors[f"goal.{name}"] = f"Enter a number from {low:g} to {high:g} (got {value:g})."
        else:
            values[name] = float(value)
    if (
        metric.startswith("clinician_share")
        and "target" in values
        and not 0 <= values["target"] <= 1
    ):
        errors["goal.target"] = "A clinician share target is a proportion from 0 to 1 (0.25 = 25%)."
    if "low" in values and "high" in values and values["low"] >= values["high"]:
        errors["goal.high"] = "The top of the range must be above the bottom."
    try:
        by = dt.date.fromisoformat(str(raw.get("by", "")))
    except ValueError:
        errors["goal.by"] = f"Enter a date written YYYY-MM-DD (got {raw.get('by')!r})."
        by = start
    else:
        if not start < by <= month_end(start, months):
            errors["goal.by"] = (
                f"Choose a date after the start ({start}) and no later than the end of the "
                f"projection ({month_end(start, months)})."
            )
    if errors:
        raise AssumptionError(errors)
    return Goal(metric=metric, by=by, lever=lever, **values)


def _with_lever(scenario: Scenario, lever: str, value: float) -> Scenario:
    levers: Levers = replace(scenario.levers)
    if lever in ("hybrid_posts_per_year", "programme_places_per_year", "retirement_age"):
        value = round(value)
    setattr(levers, lever, int(value) if lever == "retirement_age" else value)
    return replace(scenario, levers=levers)


def _month_of(goal: Goal, start: dt.date, months: int) -> int:
    return next(m for m in range(1, months + 1) if month_end(start, m) >= goal.by)


def goal_seek(
    scenario: Scenario, goal: Goal, *, progress: Callable[[float], None] | None = None
) -> dict[str, Any]:
    """The smallest lever value in [low, high] for which P(metric ≥ target on ``by``) ≥
    probability, by bisection on the Monte Carlo (the same seed at every step, so the
    probability moves only with the lever); assumes the probability rises with the lever, and
    says when even ``high`` does not reach the goal."""
    month = _month_of(goal, scenario.start, scenario.months)
    integer = goal.lever in ("hybrid_posts_per_year", "programme_places_per_year", "retirement_age")
    evaluations: list[dict[str, float]] = []

    def chance(value: float) -> float:
        result = simulate(_with_lever(scenario, goal.lever, value), months=month)
        values = result.series[goal.metric][:, month]
        p = float(np.mean(np.nan_to_num(values, nan=-math.inf) >= goal.target))
        evaluations.append({"value": value, "probability": p})
        if progress is not None:
            progress(min(len(evaluations) / 10, 1.0))
        return p

    base = {
        "metric": goal.metric,
        "target": goal.target,
        "by": goal.by.isoformat(),
        "probability": goal.probability,
        "lever": goal.lever,
        "low": goal.low,
        "high": goal.high,
    }
    if chance(goal.high) < goal.probability:
        return {
            **base,
            "reached": False,
            "value": None,
            "evaluations": evaluations,
            "message": f"Cannot be reached within the lever's range ({goal.low:g}–{goal.high:g}).",
        }
    if chance(goal.low) >= goal.probability:
        return {
            **base,
            "reached": True,
            "value": goal.low,
            "evaluations": evaluations,
            "message": f"Reached already at the bottom of the range ({goal.low:g}).",
        }
    low, high = goal.low, goal.high
    tolerance = 1.0 if integer else (goal.high - goal.low) / 200
    while high - low > tolerance:
        mid = (low + high) / 2
        if integer:
            mid = math.floor(mid)
            if mid <= low:
                break
        if chance(mid) >= goal.probability:
            high = mid
        else:
            low = mid
    value = high if integer else round(high, 4)
    return {
        **base,
        "reached": True,
        "value": value,
        "evaluations": evaluations,
        "message": f"Reached with {goal.lever} = {value:g}.",
    }


def backtest_errors(
    result: Result, actual: Mapping[str, Mapping[str, float | None]]
) -> list[dict[str, Any]]:
    """Per management tier (and the totals): projected P10/P50/P90 of headcount and clinician
    share at the end of the back-test against what happened; error = P50 − actual."""
    rows = []
    for tier in (*MANAGEMENT_TIERS, "senior_leadership", "management"):
        row: dict[str, Any] = {"tier": tier}
        for measure in ("headcount", "clinician_share"):
            q = result.quantiles(f"{measure}.{tier}")[:, -1]
            real = actual.get(measure, {}).get(tier)
            row[measure] = {
                "actual": real,
                "p10": _clean(q[0]),
                "p50": _clean(q[1]),
                "p90": _clean(q[2]),
                "error": None if real is None or math.isnan(q[1]) else round(float(q[1]) - real, 6),
                "within": None if real is None or math.isnan(q[1]) else bool(q[0] <= real <= q[2]),
            }
        rows.append(row)
    return rows
