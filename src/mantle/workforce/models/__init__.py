"""Workforce register models. Re-exported here so ``from mantle.workforce.models import Post`` works."""

from .organisations import OccupationCode, Organisation, TierRuleRow, Unit
from .people import Assignment, EmployeeNumber, EqualityRecord, Person, Registration
from .posts import Post, PostVersion, Tier

__all__ = [
    "Assignment",
    "EmployeeNumber",
    "EqualityRecord",
    "OccupationCode",
    "Organisation",
    "Person",
    "Post",
    "PostVersion",
    "Registration",
    "Tier",
    "TierRuleRow",
    "Unit",
]
