"""What a scenario is made of: the starting stock, the establishment, the rates and the levers, and
the checks that turn a planner's assumptions (JSON) into them with errors naming the field.

Pure (no Django): the scenarios app builds the stock and the estimated rates from the register and
stores every scenario's assumptions as the JSON these functions read. Method: docs/scenarios.md.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

TIERS: Final[tuple[str, ...]] = (
    "board_non_executive",
    "board_executive",
    "senior",
    "middle",
    "first_line",
    "none",
)
"""Every tier, most senior first; ``none`` is the workforce outside management."""
MANAGEMENT_TIERS: Final[tuple[str, ...]] = TIERS[:5]
TIER_GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "senior_leadership": ("board_executive", "senior"),
    "management": MANAGEMENT_TIERS,
}
"""Tier totals reported beside the tiers: senior leadership (executive directors and senior
managers) and all management."""
SOURCE_TIER: Final[dict[str, str | None]] = {
    "board_non_executive": None,  # non-executives are appointed from outside
    "board_executive": "senior",
    "senior": "middle",
    "middle": "first_line",
    "first_line": "none",
    "none": None,
}
"""Where an internal appointment to a tier comes from: the tier below."""
AGE_BANDS: Final[tuple[tuple[int, int], ...]] = (
    (16, 35),
    (35, 45),
    (45, 55),
    (55, 60),
    (60, 65),
    (65, 100),
)
AGE_LABELS: Final[tuple[str, ...]] = ("<35", "35-44", "45-54", "55-59", "60-64", "65+")
MAX_YEARS: Final = 10
MIN_RUNS: Final = 1000
MAX_RUNS: Final = 20_000
RETIREMENT_AGE_RANGE: Final = (55, 75)
LEVERS: Final[tuple[str, ...]] = (
    "clinician_vacancy_share",
    "hybrid_posts_per_year",
    "programme_places_per_year",
    "retirement_age",
    "external_share",
    "establishment_growth",
)
GOAL_LEVERS: Final[dict[str, tuple[float, float]]] = {
    "clinician_vacancy_share": (0.0, 1.0),
    "hybrid_posts_per_year": (0.0, 100.0),
    "programme_places_per_year": (0.0, 500.0),
    "retirement_age": (55.0, 75.0),
    "external_share": (0.0, 1.0),
}
"""Levers goal seek can search, with their widest range."""


def age_band(age: int) -> int:
    """Index of the age band holding ``age`` (ages under 16 count in the first band)."""
    for i, (_, high) in enumerate(AGE_BANDS):
        if age < high:
            return i
    return len(AGE_BANDS) - 1


@dataclass(frozen=True)
class Cell:
    group: str
    tier: str
    clinician: bool
    age: int  # index into AGE_BANDS


@dataclass
class Stock:
    """People on the start date by cell, with each cell's mean FTE and annual pay per FTE."""

    counts: dict[Cell, int]
    fte: dict[Cell, float] = field(default_factory=dict)
    pay: dict[Cell, float] = field(default_factory=dict)

    def headcount(self, tier: str | None = None) -> int:
        return sum(n for c, n in self.counts.items() if tier is None or c.tier == tier)


@dataclass
class Rates:
    """Monthly probabilities unless said otherwise (every one 0–1).

    ``leave``: (group, age band label) → leaving for reasons other than retirement; ``"*"`` as the
    group is the fallback for a group with no history. ``step_down``: tier → leaving management for
    work outside it. ``fill``: tier → a vacancy being filled in a month. ``external_share``: tier →
    share of appointments from outside the organisation. ``clinician_share``: tier → share of
    appointments that go to clinicians. ``programme_conversion``: share of clinician completers in
    management 12 months after completing. ``past_age_retirement``: monthly retirement probability
    of people already past the retirement age."""

    leave: dict[tuple[str, str], float]
    step_down: dict[str, float]
    fill: dict[str, float]
    external_share: dict[str, float]
    clinician_share: dict[str, float]
    programme_conversion: float = 0.0
    past_age_retirement: float = 1 / 12

    def leave_rate(self, group: str, age: int) -> float:
        label = AGE_LABELS[age]
        return self.leave.get((group, label), self.leave.get(("*", label), 0.0))


@dataclass
class Levers:
    """The planner's policy levers. ``None`` keeps the estimated rate.

    * ``clinician_vacancy_share``: share of management vacancies filled by clinicians (every
      management tier);
    * ``hybrid_posts_per_year`` posts of ``hybrid_from_tier`` redesigned each year as hybrid
      clinical–management posts: each is filled by a clinician when it next falls vacant;
    * ``programme_places_per_year``: leadership programme places for clinicians; places above
      ``programme_places_baseline`` (the history the rates were estimated on) add conversions;
    * ``retirement_age``: the age at which people retire;
    * ``establishment_growth``: tier → growth in posts per year (0.02 = 2%);
    * ``external_share``: share of appointments from outside (every tier)."""

    clinician_vacancy_share: float | None = None
    hybrid_posts_per_year: float = 0.0
    hybrid_from_tier: str = "middle"
    programme_places_per_year: float = 0.0
    programme_places_baseline: float = 0.0
    programme_target_tier: str = "first_line"
    retirement_age: int = 67
    establishment_growth: dict[str, float] = field(default_factory=dict)
    external_share: float | None = None


@dataclass
class Scenario:
    start: dt.date
    months: int
    stock: Stock
    establishment: dict[str, int]
    rates: Rates
    levers: Levers
    runs: int = 1000
    seed: int = 1


class AssumptionError(ValueError):
    """Assumptions that cannot be run; ``errors`` maps each field (dotted path) to what is wrong."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def _number(
    errors: dict[str, str],
    name: str,
    value: Any,
    *,
    low: float,
    high: float,
    what: str,
) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        errors[name] = f"Enter {what}: a number from {low:g} to {high:g} (got {value!r})."
        return None
    if not low <= value <= high:
        errors[name] = f"Enter {what} from {low:g} to {high:g} (got {value:g})."
        return None
    return float(value)


def _rate_map(
    errors: dict[str, str], name: str, value: Any, keys: tuple[str, ...] | None
) -> dict[str, float]:
    out: dict[str, float] = {}
    if not isinstance(value, Mapping):
        errors[name] = "Give an object of rates (each a number from 0 to 1)."
        return out
    for key, rate in value.items():
        if keys is not None and key not in keys:
            errors[f"{name}.{key}"] = f"Unknown tier {key!r}; tiers are {', '.join(keys)}."
            continue
        got = _number(errors, f"{name}.{key}", rate, low=0, high=1, what="a rate")
        if got is not None:
            out[str(key)] = got
    return out


def rates_from_json(raw: Mapping[str, Any], *, base: Rates, prefix: str = "rates") -> Rates:
    """``base`` with the planner's edits from ``raw`` applied; every rate must be 0–1."""
    errors: dict[str, str] = {}
    known = {
        "leave",
        "step_down",
        "fill",
        "external_share",
        "clinician_share",
        "programme_conversion",
        "past_age_retirement",
    }
    for key in raw:
        if key not in known:
            errors[f"{prefix}.{key}"] = f"Unknown rate; rates are {', '.join(sorted(known))}."
    leave = dict(base.leave)
    if "leave" in raw:
        if not isinstance(raw["leave"], Mapping):
            errors[f"{prefix}.leave"] = "Give leaving rates as {group: {age band: rate}}."
        else:
            for group, bands in raw["leave"].items():
                for label, rate in _rate_map(
                    errors, f"{prefix}.leave.{group}", bands, AGE_LABELS
                ).items():
                    leave[(str(group), label)] = rate
    parts: dict[str, dict[str, float]] = {}
    for name in ("step_down", "fill", "external_share", "clinician_share"):
        parts[name] = dict(getattr(base, name))
        if name in raw:
            parts[name].update(_rate_map(errors, f"{prefix}.{name}", raw[name], TIERS))
    scalars: dict[str, float] = {}
    for name in ("programme_conversion", "past_age_retirement"):
        scalars[name] = getattr(base, name)
        if name in raw:
            got = _number(errors, f"{prefix}.{name}", raw[name], low=0, high=1, what="a rate")
            if got is not None:
                scalars[name] = got
    if errors:
        raise AssumptionError(errors)
    return Rates(
        leave=leave,
        step_down=parts["step_down"],
        fill=parts["fill"],
        external_share=parts["external_share"],
        clinician_share=parts["clinician_share"],
        **scalars,
    )


def levers_from_json(
    raw: Mapping[str, Any],
    *,
    base: Levers,
    establishment: Mapping[str, int],
    years: float,
    prefix: str = "levers",
) -> Levers:
    """``base`` with the planner's levers from ``raw``, checked against the establishment: more
    hybrid posts over the horizon than the tier has posts is refused, naming the field."""
    errors: dict[str, str] = {}
    known = {
        *LEVERS,
        "hybrid_from_tier",
        "programme_target_tier",
        "programme_places_baseline",
    }
    for key in raw:
        if key not in known:
            errors[f"{prefix}.{key}"] = f"Unknown lever; levers are {', '.join(sorted(known))}."
    out = Levers(**{**base.__dict__, "establishment_growth": dict(base.establishment_growth)})
    for name in ("clinician_vacancy_share", "external_share"):
        if name in raw:
            if raw[name] is None:
                setattr(out, name, None)
            else:
                setattr(
                    out,
                    name,
                    _number(errors, f"{prefix}.{name}", raw[name], low=0, high=1, what="a share"),
                )
    for name, high in (
        ("hybrid_posts_per_year", 1000.0),
        ("programme_places_per_year", 10_000.0),
        ("programme_places_baseline", 10_000.0),
    ):
        if name in raw:
            got = _number(errors, f"{prefix}.{name}", raw[name], low=0, high=high, what="a number")
            if got is not None:
                setattr(out, name, got)
    if "retirement_age" in raw:
        low, high = RETIREMENT_AGE_RANGE
        got = _number(
            errors,
            f"{prefix}.retirement_age",
            raw["retirement_age"],
            low=low,
            high=high,
            what="an age",
        )
        if got is not None:
            out.retirement_age = round(got)
    for name, allowed in (
        ("hybrid_from_tier", ("board_executive", "senior", "middle", "first_line")),
        ("programme_target_tier", ("senior", "middle", "first_line")),
    ):
        if name in raw:
            if raw[name] not in allowed:
                errors[f"{prefix}.{name}"] = (
                    f"Choose one of {', '.join(allowed)} (got {raw[name]!r})."
                )
            else:
                setattr(out, name, raw[name])
    if "establishment_growth" in raw:
        growth = raw["establishment_growth"]
        if not isinstance(growth, Mapping):
            errors[f"{prefix}.establishment_growth"] = (
                'Give growth per tier, e.g. {"middle": 0.02}.'
            )
        else:
            for tier, value in growth.items():
                if tier not in TIERS:
                    errors[f"{prefix}.establishment_growth.{tier}"] = (
                        f"Unknown tier {tier!r}; tiers are {', '.join(TIERS)}."
                    )
                    continue
                got = _number(
                    errors,
                    f"{prefix}.establishment_growth.{tier}",
                    value,
                    low=-0.5,
                    high=1.0,
                    what="a yearly growth",
                )
                if got is not None:
                    out.establishment_growth[str(tier)] = got
    if "hybrid_posts_per_year" not in errors and out.hybrid_posts_per_year:
        posts = int(establishment.get(out.hybrid_from_tier, 0))
        total = out.hybrid_posts_per_year * years
        if total > posts:
            errors[f"{prefix}.hybrid_posts_per_year"] = (
                f"{out.hybrid_posts_per_year:g} a year for {years:g} years is {total:g} hybrid "
                f"posts, but the {out.hybrid_from_tier} tier has {posts} posts; enter at most "
                f"{posts / years:g} a year."
            )
    if errors:
        raise AssumptionError(errors)
    return out


def horizon_from_json(raw: Mapping[str, Any]) -> tuple[int, int, int]:
    """(months, runs, seed) from ``years``, ``runs`` and ``seed``: 1–10 years, 1,000–20,000 runs."""
    errors: dict[str, str] = {}
    years = _number(errors, "years", raw.get("years", 5), low=1, high=MAX_YEARS, what="years")
    runs = _number(errors, "runs", raw.get("runs", 1000), low=MIN_RUNS, high=MAX_RUNS, what="runs")
    seed = _number(errors, "seed", raw.get("seed", 1), low=0, high=2**32 - 1, what="a seed")
    for name, value in (("years", years), ("runs", runs), ("seed", seed)):
        if value is not None and value != int(value):
            errors[name] = f"Enter a whole number for {name} (got {value:g})."
    if errors:
        raise AssumptionError(errors)
    assert years is not None and runs is not None and seed is not None
    return int(years) * 12, int(runs), int(seed)
