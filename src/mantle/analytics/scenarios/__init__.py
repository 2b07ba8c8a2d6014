"""Workforce redesign scenarios (issue 17): a stock-and-flow model of the management workforce and
the clinician share, run as a Monte Carlo of binomial flows. Pure (numpy); no Django.

* ``model``: the cells, stock, rates and levers, and the checks on a planner's assumptions;
* ``engine``: ``simulate`` (vectorised over runs; ``expected=True`` gives the expected-value model);
* ``estimate``: rates with counts and Wilson intervals from monthly register states;
* ``outputs``: P10/P50/P90 bands by date, goal seek by bisection, the back-test's errors.

Method, assumptions and limits: docs/scenarios.md.
"""

from .engine import Layout, Result, metric_names, simulate
from .model import (
    AGE_BANDS,
    AGE_LABELS,
    MANAGEMENT_TIERS,
    TIERS,
    AssumptionError,
    Cell,
    Levers,
    Rates,
    Scenario,
    Stock,
    age_band,
)
from .outputs import Goal, backtest_errors, bands, dates, goal_from_json, goal_seek, month_end

__all__ = [
    "AGE_BANDS",
    "AGE_LABELS",
    "MANAGEMENT_TIERS",
    "TIERS",
    "AssumptionError",
    "Cell",
    "Goal",
    "Layout",
    "Levers",
    "Rates",
    "Result",
    "Scenario",
    "Stock",
    "age_band",
    "backtest_errors",
    "bands",
    "dates",
    "goal_from_json",
    "goal_seek",
    "metric_names",
    "month_end",
    "simulate",
]
