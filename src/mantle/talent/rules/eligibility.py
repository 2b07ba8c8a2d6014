"""Talent pool entry criteria, checked when someone is nominated.

Rule (docs/talent.md, "Talent pools"): a pool may require that members are clinicians on the date of
nomination, and may list the management tiers a member's current posts must include (empty = any
tier). A person must be employed (hold an assignment) on the date. Free-text criteria are for the
approver's judgement and are not checked here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

__all__ = ["PoolCriteria", "eligibility_problems"]


@dataclass(frozen=True)
class PoolCriteria:
    clinicians_only: bool = False
    eligible_tiers: frozenset[str] = frozenset()


def eligibility_problems(
    *, criteria: PoolCriteria, employed: bool, is_clinician: bool, current_tiers: Collection[str]
) -> list[str]:
    """Why a person does not meet a pool's checked criteria (empty list: they do)."""
    problems: list[str] = []
    if not employed:
        problems.append("They do not hold a post on the date of nomination.")
    if criteria.clinicians_only and not is_clinician:
        problems.append("This pool is for clinicians, and they are not a registered clinician.")
    if criteria.eligible_tiers and not set(current_tiers) & criteria.eligible_tiers:
        problems.append("None of their current posts is in a tier this pool accepts.")
    return problems
