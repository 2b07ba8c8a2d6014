"""Which 360° rater groups a report may show, merge or withhold, and the words that explain it.

The plan depends only on how many responses each group has; the scores are not consulted, so the
decision itself cannot leak anything about them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

from mantle.capability.engine.responses import (
    ANONYMOUS_GROUPS,
    GROUP_LABELS,
    LINE_MANAGER,
    RATER_GROUPS,
    SELF,
)

DEFAULT_THRESHOLD: Final = 3
#: Column holding the small anonymous groups that reach the threshold only together.
COMBINED: Final = "combined"
#: Column pooling every shown non-self cell.
ALL_OTHERS: Final = "all_others"

GroupStatus = Literal["participant", "identifiable", "shown", "merged", "withheld", "none"]


@dataclass(frozen=True)
class GroupDisclosure:
    """What a report does with one rater group, and a sentence saying why."""

    group: str
    label: str
    status: GroupStatus
    responses: str
    explanation: str


@dataclass(frozen=True)
class ReportColumn:
    """A column of the report and the rater groups whose answers it pools."""

    key: str
    label: str
    members: tuple[str, ...]
    #: True for columns of anonymous raters, whose cells are suppressed below the threshold.
    needs_threshold: bool


@dataclass(frozen=True)
class DisclosurePlan:
    threshold: int
    groups: tuple[GroupDisclosure, ...]
    columns: tuple[ReportColumn, ...]
    column_of: Mapping[str, str]

    @property
    def withheld_groups(self) -> tuple[str, ...]:
        return tuple(g.group for g in self.groups if g.status == "withheld")


def check_threshold(threshold: int) -> None:
    """Rule: anonymity needs at least two raters in every anonymous figure."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 2:
        raise ValueError(
            f"the anonymity threshold must be an integer of at least 2, not {threshold!r}"
        )


def fewer_than(threshold: int) -> str:
    return f"fewer than {threshold}"


def count_display(count: int, *, threshold: int, anonymous: bool) -> str:
    """Show a count of anonymous raters exactly only when it is 0 or at least the threshold.

    Rule: 1 to threshold-1 anonymous raters is shown as "fewer than <threshold>", never the
    exact number; identifiable groups (self, line manager) are always exact.
    """
    if anonymous and 0 < count < threshold:
        return fewer_than(threshold)
    return str(count)


def plan_disclosure(
    *, counts_by_group: Mapping[str, int], threshold: int = DEFAULT_THRESHOLD
) -> DisclosurePlan:
    """Decide, from response counts alone, how each rater group appears in a report.

    Rules: self is the participant and is shown; the line manager is identifiable by design and
    shown, labelled, even with one response; peers, direct reports and others are each shown
    only with at least ``threshold`` responses. Anonymous groups below the threshold are pooled
    into one "combined" column when together they reach it; otherwise they are withheld from
    every figure and comment.
    """
    check_threshold(threshold)
    for group, count in counts_by_group.items():
        if group not in RATER_GROUPS:
            raise ValueError(f"unknown rater group {group!r}")
        if count < 0:
            raise ValueError(f"{group}: a response count cannot be negative")
    counts = {group: counts_by_group.get(group, 0) for group in RATER_GROUPS}
    small = [g for g in ANONYMOUS_GROUPS if 0 < counts[g] < threshold]
    merge = sum(counts[g] for g in small) >= threshold
    small_labels = _join(GROUP_LABELS[g].lower() for g in small)
    groups: list[GroupDisclosure] = []
    columns: list[ReportColumn] = []
    column_of: dict[str, str] = {}
    for group in RATER_GROUPS:
        count = counts[group]
        label = GROUP_LABELS[group]
        anonymous = group in ANONYMOUS_GROUPS
        shown = count_display(count, threshold=threshold, anonymous=anonymous)
        if count == 0:
            status: GroupStatus = "none"
            why = f"No {label.lower()} responded."
        elif group == SELF:
            status, why = "participant", "Your own ratings."
        elif group == LINE_MANAGER:
            status = "identifiable"
            why = "Line manager ratings are identifiable by design and shown even from one person."
        elif count >= threshold:
            status = "shown"
            why = f"{threshold} or more {label.lower()} responded, so they are shown as a group."
        elif merge:
            status = "merged"
            partners = _join(GROUP_LABELS[g].lower() for g in small if g != group)
            why = (
                f"Fewer than {threshold} {label.lower()} responded, so their answers are combined "
                f"with {partners} and shown only in the column 'Combined ({small_labels})'."
            )
        else:
            status = "withheld"
            why = (
                f"Fewer than {threshold} {label.lower()} responded, and small groups together are "
                f"still fewer than {threshold}, so their ratings and comments are left out of "
                "every figure, including 'all others', to keep them anonymous."
            )
        groups.append(GroupDisclosure(group, label, status, shown, why))
        if status in ("participant", "identifiable", "shown"):
            columns.append(ReportColumn(group, label, (group,), needs_threshold=anonymous))
            column_of[group] = group
        elif status == "merged":
            column_of[group] = COMBINED
    if merge:
        combined_label = f"Combined ({small_labels})"
        columns.append(ReportColumn(COMBINED, combined_label, tuple(small), needs_threshold=True))
    # "All others" pools only groups that are shown or combined, never withheld ones: any shown
    # total that included a withheld group would give that group away by subtraction.
    pooled = tuple(g for g in column_of if g != SELF)
    # Its cells are built only from cells that are themselves shown, so it needs no threshold.
    columns.append(
        ReportColumn(ALL_OTHERS, "All others (shown groups)", pooled, needs_threshold=False)
    )
    return DisclosurePlan(
        threshold=threshold,
        groups=tuple(groups),
        columns=tuple(columns),
        column_of=column_of,
    )


def _join(words: Iterable[str]) -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
