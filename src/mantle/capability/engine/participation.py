"""Counts a participant may see while a 360° cycle is open, and warnings before it launches.

Decision: during a cycle the participant sees how many raters have responded, per group, but no
scores at all (``anonymity.build_report`` refuses until release). Counts cannot leak a score
because no score exists anywhere the participant can see until the cycle is frozen, so there
is no "before and after" pair of reports to subtract. Counts of anonymous groups are banded
("fewer than 3") between 1 and threshold-1 anyway: with a small group the participant knows
whom they nominated, and an exact "1 of 2" invites them to ask who has not answered. The total
is given as "at least N" whenever an exact total would let a banded group's count be worked out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from mantle.capability.engine.disclosure import (
    DEFAULT_THRESHOLD,
    check_threshold,
    count_display,
    fewer_than,
)
from mantle.capability.engine.responses import (
    ANONYMOUS_GROUPS,
    GROUP_LABELS,
    RATER_GROUPS,
    SELF,
)

WarningCode = Literal[
    "below_minimum", "above_maximum", "will_be_combined", "will_be_withheld", "no_margin"
]


@dataclass(frozen=True)
class GroupProgress:
    group: str
    label: str
    nominated: int
    responded: str


@dataclass(frozen=True)
class ProgressReport:
    """Response counts only: there is deliberately no field that could hold a score."""

    groups: tuple[GroupProgress, ...]
    self_complete: bool
    others_nominated: int
    others_responded: str


@dataclass(frozen=True)
class NominationWarning:
    group: str
    code: WarningCode
    message: str


def progress_counts(
    responses_by_group: Mapping[str, int],
    nominations_by_group: Mapping[str, int],
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> ProgressReport:
    """Counts of responses so far, safe to show the participant while the cycle is open.

    Rules: self is done or not; line manager counts are exact (identifiable by design);
    anonymous groups show 0, "fewer than <threshold>" or the exact count from the threshold up;
    the total of non-self responses is exact only if no group is banded, else "at least N".
    """
    check_threshold(threshold)
    _check_counts(responses_by_group, "responses")
    _check_counts(nominations_by_group, "nominations")
    groups = []
    exact_total = 0
    banded = 0
    for group in RATER_GROUPS:
        responded = responses_by_group.get(group, 0)
        nominated = nominations_by_group.get(group, 0)
        if group == SELF or (responded == 0 and nominated == 0):
            continue
        anonymous = group in ANONYMOUS_GROUPS
        display = count_display(responded, threshold=threshold, anonymous=anonymous)
        if display == fewer_than(threshold):
            banded += 1
        else:
            exact_total += responded
        groups.append(GroupProgress(group, GROUP_LABELS[group], nominated, display))
    # Each banded group has at least one response; adding one per banded group keeps the lower
    # bound true without saying how many more there are.
    total = str(exact_total) if banded == 0 else f"at least {exact_total + banded}"
    return ProgressReport(
        groups=tuple(groups),
        self_complete=responses_by_group.get(SELF, 0) > 0,
        others_nominated=sum(n for g, n in nominations_by_group.items() if g != SELF),
        others_responded=total,
    )


def nomination_warnings(
    nominations_by_group: Mapping[str, int],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    min_per_group: Mapping[str, int],
    max_per_group: Mapping[str, int],
) -> tuple[NominationWarning, ...]:
    """Warnings to show before launch about nominations that will limit the report.

    Rules: a group outside its configured minimum or maximum is flagged; an anonymous group
    nominated below the threshold is flagged as one that will be combined with other small
    groups (if, with everyone responding, they reach the threshold together) or withheld; an
    anonymous group nominated at exactly the threshold is flagged because one non-response
    would drop it below. Exact nomination counts are fine to show: the participant chose them.
    """
    check_threshold(threshold)
    _check_counts(nominations_by_group, "nominations")
    warnings: list[NominationWarning] = []
    nominated = {group: nominations_by_group.get(group, 0) for group in RATER_GROUPS}
    small = [g for g in ANONYMOUS_GROUPS if 0 < nominated[g] < threshold]
    small_total = sum(nominated[g] for g in small)
    for group in RATER_GROUPS:
        if group == SELF:
            continue
        count = nominated[group]
        label = GROUP_LABELS[group]
        low = min_per_group.get(group)
        high = max_per_group.get(group)
        if low is not None and count < low:
            message = f"{label}: {count} nominated; at least {low} are required."
            warnings.append(NominationWarning(group, "below_minimum", message))
        if high is not None and count > high:
            message = f"{label}: {count} nominated; at most {high} are allowed."
            warnings.append(NominationWarning(group, "above_maximum", message))
        if group not in ANONYMOUS_GROUPS or count == 0:
            continue
        if count < threshold and small_total >= threshold:
            message = (
                f"{label}: only {count} nominated, fewer than the {threshold} needed to show them "
                "separately: their feedback will be combined with other small groups, or "
                f"withheld if fewer than {threshold} respond across those groups."
            )
            warnings.append(NominationWarning(group, "will_be_combined", message))
        elif count < threshold:
            message = (
                f"{label}: only {count} nominated, fewer than the {threshold} needed to keep them "
                "anonymous: unless more are nominated, their feedback will be withheld."
            )
            warnings.append(NominationWarning(group, "will_be_withheld", message))
        elif count == threshold:
            message = (
                f"{label}: exactly {threshold} nominated; if any of them does not respond, they "
                "cannot be shown as a separate group. Consider nominating more."
            )
            warnings.append(NominationWarning(group, "no_margin", message))
    return tuple(warnings)


def _check_counts(counts: Mapping[str, int], what: str) -> None:
    for group, count in counts.items():
        if group not in RATER_GROUPS:
            raise ValueError(f"{what}: unknown rater group {group!r}")
        if count < 0:
            raise ValueError(f"{what}: {group} cannot be negative")
