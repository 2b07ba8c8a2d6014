"""The 360° anonymity engine: turns released responses into a report that cannot expose a rater.

Rules, each explained where it is enforced:

* no report before release (``ReportNotReleased``), so no one can watch figures move as
  responses arrive;
* group disclosure by response count (``disclosure.plan_disclosure``): line manager shown and
  labelled, anonymous groups shown at ``threshold`` or more, small groups combined or withheld;
* per-dimension cells of anonymous columns with fewer than ``threshold`` contributing raters are
  hidden, because "not applicable" answers can leave fewer raters on a dimension than responded;
* "all others" pools only the cells that are shown, so every figure is a sum of shown figures
  and nothing withheld can be recovered by subtraction;
* comments carry no group (line manager and self comments are labelled as such), withheld
  groups' comments are dropped, and order follows a keyed hash, not arrival.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mantle.capability.engine.disclosure import (
    ALL_OTHERS,
    COMBINED,
    DEFAULT_THRESHOLD,
    DisclosurePlan,
    GroupDisclosure,
    ReportColumn,
    fewer_than,
    plan_disclosure,
)
from mantle.capability.engine.participation import (
    GroupProgress,
    NominationWarning,
    ProgressReport,
    nomination_warnings,
    progress_counts,
)
from mantle.capability.engine.responses import (
    LINE_MANAGER,
    RATER_GROUPS,
    SELF,
    Response,
    validate_responses,
)
from mantle.capability.engine.scoring import (
    DimensionComparison,
    RaterDimensionScore,
    SelfAssessment,
    find_blind_spots,
    find_hidden_strengths,
    mean_of,
    rank_dimensions,
    rater_dimension_scores,
    self_assessment,
)
from mantle.capability.frameworks.spec import FrameworkSpec

__all__ = [
    "ALL_OTHERS",
    "COMBINED",
    "Cell",
    "GroupDisclosure",
    "GroupProgress",
    "NominationWarning",
    "ProgressReport",
    "Report360",
    "ReportColumn",
    "ReportComments",
    "ReportDimension",
    "ReportNotReleased",
    "build_report",
    "nomination_warnings",
    "order_comments",
    "plan_disclosure",
    "progress_counts",
]

#: A shorter secret would make the comment order guessable by trying secrets.
MIN_SECRET_BYTES = 16


class ReportNotReleased(Exception):
    """A report was requested before its cycle was released (deadline passed or closed)."""


@dataclass(frozen=True)
class Cell:
    """One figure in the report; ``suppressed`` cells show neither mean nor exact count."""

    mean: float | None
    n: int | None
    n_display: str
    suppressed: bool = False


@dataclass(frozen=True)
class ReportDimension:
    key: str
    name: str
    group: str | None
    performance: Mapping[str, Cell]
    importance: Mapping[str, Cell]
    #: Self minus all others (shown groups only).
    gap: float | None


@dataclass(frozen=True)
class ReportComments:
    """Comments as shown: the participant's own, the line manager's, and all others pooled."""

    self: tuple[str, ...]
    line_manager: tuple[str, ...]
    anonymous: tuple[str, ...]
    withheld_notice: str | None


@dataclass(frozen=True)
class Report360:
    framework_ref: str
    threshold: int
    groups: tuple[GroupDisclosure, ...]
    columns: tuple[ReportColumn, ...]
    dimensions: tuple[ReportDimension, ...]
    highest: tuple[str, ...]
    lowest: tuple[str, ...]
    hidden_strengths: tuple[str, ...]
    blind_spots: tuple[str, ...]
    self_assessment: SelfAssessment | None
    comments: ReportComments
    notices: tuple[str, ...]


def build_report(
    *,
    framework: FrameworkSpec,
    responses: Sequence[Response],
    released: bool,
    comment_secret: bytes,
    threshold: int = DEFAULT_THRESHOLD,
    gap_threshold: float = 0.5,
    extremes: int = 3,
) -> Report360:
    """Build the participant's 360° report under every anonymity rule.

    Rules: refuses with ReportNotReleased unless the cycle is released; groups are shown,
    combined or withheld by ``plan_disclosure``; an anonymous cell with fewer than ``threshold``
    contributing raters is hidden; "all others" is pooled from shown cells only; highlights and
    gaps are computed from shown figures only; comments follow ``order_comments``.
    """
    # Checked first, before any other work, so an unreleased cycle yields no output at all.
    if not released:
        raise ReportNotReleased(
            "the report is available only after the cycle's deadline or once it is closed"
        )
    if framework.kind != "leadership":
        raise ValueError(f"{framework.ref} is not a 360° framework")
    if len(comment_secret) < MIN_SECRET_BYTES:
        raise ValueError(f"comment_secret must be at least {MIN_SECRET_BYTES} bytes")
    validate_responses(framework=framework, responses=responses)

    counts = dict.fromkeys(RATER_GROUPS, 0)
    for response in responses:
        counts[response.rater_group] += 1
    plan = plan_disclosure(counts_by_group=counts, threshold=threshold)

    # Raters from withheld groups are dropped here, before any arithmetic, so no figure below
    # can depend on their answers.
    scored = [
        (plan.column_of[r.rater_group], rater_dimension_scores(framework=framework, response=r))
        for r in responses
        if r.rater_group in plan.column_of
    ]
    dimensions = tuple(
        _report_dimension(framework, dimension_key, plan, scored)
        for dimension_key in (d.key for d in framework.dimensions)
    )
    comparisons = [
        DimensionComparison(
            d.key,
            d.performance[SELF].mean if SELF in d.performance else None,
            d.performance[ALL_OTHERS].mean,
        )
        for d in dimensions
    ]
    highest, lowest = rank_dimensions(comparisons=comparisons, count=extremes)
    own = [r for r in responses if r.rater_group == SELF]
    return Report360(
        framework_ref=framework.ref,
        threshold=threshold,
        groups=plan.groups,
        columns=plan.columns,
        dimensions=dimensions,
        highest=highest,
        lowest=lowest,
        hidden_strengths=find_hidden_strengths(
            comparisons=comparisons, gap_threshold=gap_threshold
        ),
        blind_spots=find_blind_spots(comparisons=comparisons, gap_threshold=gap_threshold),
        self_assessment=(self_assessment(framework=framework, response=own[0]) if own else None),
        comments=_comments(responses, plan, comment_secret),
        notices=_notices(plan, dimensions),
    )


def order_comments(*, comments: Iterable[str], secret: bytes) -> tuple[str, ...]:
    """Order comments by HMAC-SHA256 of their text under a per-cycle secret.

    Rule: the order is the same every time the report is viewed but has nothing to do with
    when each comment arrived, so position cannot be matched to a late or early rater. Blank
    comments are dropped; identical texts sort next to each other.
    """
    texts = [text.strip() for text in comments if text.strip()]
    return tuple(
        sorted(texts, key=lambda text: (_comment_key(text, secret), text)),
    )


def _comment_key(text: str, secret: bytes) -> str:
    return hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()


def _report_dimension(
    framework: FrameworkSpec,
    key: str,
    plan: DisclosurePlan,
    scored: list[tuple[str, dict[str, RaterDimensionScore]]],
) -> ReportDimension:
    dimension = framework.dimension_by_key[key]
    performance = _cells(plan, [(column, scores[key].performance) for column, scores in scored])
    importance = (
        _cells(plan, [(column, scores[key].importance) for column, scores in scored])
        if framework.rates_importance
        else {}
    )
    own = performance.get(SELF)
    others = performance[ALL_OTHERS].mean
    gap = (
        own.mean - others
        if own is not None and own.mean is not None and others is not None
        else None
    )
    return ReportDimension(
        key=key,
        name=dimension.name,
        group=dimension.group,
        performance=performance,
        importance=importance,
        gap=gap,
    )


def _cells(plan: DisclosurePlan, values: list[tuple[str, float | None]]) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    pooled: list[float] = []
    for column in plan.columns:
        if column.key == ALL_OTHERS:
            continue
        present = [value for key, value in values if key == column.key and value is not None]
        n = len(present)
        if column.needs_threshold and 0 < n < plan.threshold:
            cells[column.key] = Cell(None, None, fewer_than(plan.threshold), suppressed=True)
            continue
        # Every cell reaching here is identifiable by design or holds at least threshold raters
        # (or none), so its count is exact.
        cells[column.key] = Cell(mean_of(present), n, str(n))
        if column.key != SELF:
            pooled.extend(present)
    # Only values from cells shown above enter the pool, so "all others" is exactly the sum of
    # shown figures and reveals nothing they do not.
    cells[ALL_OTHERS] = Cell(mean_of(pooled), len(pooled), str(len(pooled)))
    return cells


def _comments(responses: Sequence[Response], plan: DisclosurePlan, secret: bytes) -> ReportComments:
    own: list[str] = []
    manager: list[str] = []
    anonymous: list[str] = []
    for response in responses:
        # Withheld groups' comments are dropped with their ratings.
        if response.rater_group not in plan.column_of:
            continue
        if response.rater_group == SELF:
            own.extend(response.comments)
        elif response.rater_group == LINE_MANAGER:
            manager.extend(response.comments)
        else:
            anonymous.extend(response.comments)
    # The notice names withheld groups whether or not they wrote anything, so it does not reveal
    # whether a withheld rater commented.
    withheld = [g.label.lower() for g in plan.groups if g.status == "withheld"]
    notice = None
    if withheld:
        notice = (
            f"Comments from {', '.join(withheld)} are not shown because fewer than "
            f"{plan.threshold} responded in each of those groups."
        )
    return ReportComments(
        self=order_comments(comments=own, secret=secret),
        line_manager=order_comments(comments=manager, secret=secret),
        anonymous=order_comments(comments=anonymous, secret=secret),
        withheld_notice=notice,
    )


def _notices(plan: DisclosurePlan, dimensions: Sequence[ReportDimension]) -> tuple[str, ...]:
    notices = [g.explanation for g in plan.groups if g.status in ("merged", "withheld")]
    hidden = any(
        cell.suppressed
        for dimension in dimensions
        for cells in (dimension.performance, dimension.importance)
        for cell in cells.values()
    )
    if hidden:
        notices.append(
            f"Where fewer than {plan.threshold} raters in a group rated a dimension, that "
            "group's figure for the dimension is hidden and left out of 'all others' for it."
        )
    return tuple(notices)
