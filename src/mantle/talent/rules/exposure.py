"""Exposure of a critical post on a date: how likely it is to need a successor soon.

Rule (docs/talent.md, "Exposure"). Each factor has a level; the post's exposure is the highest:

=====================================================  ========
factor                                                 level
=====================================================  ========
vacant (no one holds the post on the date)             high
incumbent at or past retirement age                    high
incumbent reaches retirement age within the near window high
flight risk recorded as high                           high
incumbent reaches retirement age within the far window medium
held only by someone acting up                         medium
flight risk recorded as medium                         medium
none of these                                          low
=====================================================  ========

Retirement is judged on the substantive holders (not those acting up); when only acting holders
exist, on them. With several holders (a job share) the soonest to retire decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from .retirement import RetirementProximity, retirement_proximity

__all__ = ["ExposureLevel", "FlightRisk", "Holder", "PostExposure", "post_exposure"]


class FlightRisk(StrEnum):
    UNKNOWN = "unknown"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


FLIGHT_RISK_LABELS: dict[FlightRisk, str] = {
    FlightRisk.UNKNOWN: "Not recorded",
    FlightRisk.LOW: "Low",
    FlightRisk.MEDIUM: "Medium",
    FlightRisk.HIGH: "High",
}


class ExposureLevel(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.capitalize()


@dataclass(frozen=True)
class Holder:
    person_id: int
    retirement_on: dt.date
    acting: bool = False


@dataclass(frozen=True)
class PostExposure:
    level: ExposureLevel
    reasons: tuple[str, ...]
    vacant: bool
    acting_only: bool
    retirement: RetirementProximity | None
    retirement_on: dt.date | None
    flight_risk: FlightRisk


def post_exposure(
    *,
    on: dt.date,
    holders: Sequence[Holder],
    flight_risk: FlightRisk | str = FlightRisk.UNKNOWN,
    near_years: int = 2,
    far_years: int = 5,
) -> PostExposure:
    """The exposure of one post on ``on`` (table in the module docstring)."""
    risk = FlightRisk(flight_risk)
    reasons: list[tuple[ExposureLevel, str]] = []
    vacant = not holders
    substantive = [h for h in holders if not h.acting]
    acting_only = bool(holders) and not substantive
    judged = substantive or list(holders)
    proximity: RetirementProximity | None = None
    retirement_on: dt.date | None = None
    if vacant:
        reasons.append((ExposureLevel.HIGH, "Vacant"))
    if judged:
        retirement_on = min(h.retirement_on for h in judged)
        proximity = retirement_proximity(
            on=on, retirement_on=retirement_on, near_years=near_years, far_years=far_years
        )
        if proximity is RetirementProximity.PAST:
            reasons.append((ExposureLevel.HIGH, "Holder at or past retirement age"))
        elif proximity is RetirementProximity.NEAR:
            reasons.append(
                (ExposureLevel.HIGH, f"Holder reaches retirement age within {near_years} years")
            )
        elif proximity is RetirementProximity.APPROACHING:
            reasons.append(
                (ExposureLevel.MEDIUM, f"Holder reaches retirement age within {far_years} years")
            )
    if acting_only:
        reasons.append((ExposureLevel.MEDIUM, "Held by someone acting up"))
    if risk is FlightRisk.HIGH:
        reasons.append((ExposureLevel.HIGH, "High flight risk"))
    elif risk is FlightRisk.MEDIUM:
        reasons.append((ExposureLevel.MEDIUM, "Medium flight risk"))
    level = max((lvl for lvl, _ in reasons), default=ExposureLevel.LOW)
    ordered = tuple(text for _, text in sorted(reasons, key=lambda r: -r[0]))
    return PostExposure(level, ordered, vacant, acting_only, proximity, retirement_on, risk)
