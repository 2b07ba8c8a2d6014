"""Plain input shapes for 360° and self-assessment responses, and their validation.

A response is what one rater submitted: their rater group, a rating per statement and any
free-text comments. It carries no rater identity, because nothing downstream may need one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, NamedTuple

from mantle.capability.frameworks.spec import FrameworkSpec

SELF: Final = "self"
LINE_MANAGER: Final = "line_manager"
PEER: Final = "peer"
DIRECT_REPORT: Final = "direct_report"
OTHER: Final = "other"

#: Every 360° rater group, in the order a report lists them.
RATER_GROUPS: Final[tuple[str, ...]] = (SELF, LINE_MANAGER, PEER, DIRECT_REPORT, OTHER)
#: Groups whose members must not be identifiable from a report.
ANONYMOUS_GROUPS: Final[tuple[str, ...]] = (PEER, DIRECT_REPORT, OTHER)

GROUP_LABELS: Final[Mapping[str, str]] = {
    SELF: "Self",
    LINE_MANAGER: "Line manager",
    PEER: "Peers",
    DIRECT_REPORT: "Direct reports",
    OTHER: "Others",
}


class Rating(NamedTuple):
    """A rater's answer to one statement; ``None`` means not applicable or not answered."""

    performance: int | None
    importance: int | None = None


@dataclass(frozen=True)
class Response:
    """One rater's submitted questionnaire.

    ``ratings`` maps statement key to a (performance, importance) pair; plain tuples are accepted.
    """

    rater_group: str
    ratings: Mapping[str, tuple[int | None, int | None]]
    comments: tuple[str, ...] = field(default=())


class InvalidResponse(ValueError):
    """A response does not fit the framework it claims to answer."""


def validate_responses(*, framework: FrameworkSpec, responses: Sequence[Response]) -> None:
    """Reject responses that the framework does not allow.

    Rules: the rater group must be one the framework allows; there is at most one self response;
    every statement key must belong to the framework; a performance value must be a point on the
    scale (``None`` for not applicable); importance is given only when the framework rates it
    and must then be a point on the importance scale.
    """
    allowed_groups = set(framework.rater_groups)
    statements = framework.dimension_of_statement
    scale_values = set(framework.scale.values)
    importance_values = (
        set(framework.importance_scale.values) if framework.importance_scale is not None else set()
    )
    self_count = 0
    for index, response in enumerate(responses):
        where = f"response {index}"
        if response.rater_group not in allowed_groups:
            raise InvalidResponse(
                f"{where}: rater group {response.rater_group!r} is not allowed by "
                f"{framework.ref} ({', '.join(framework.rater_groups)})"
            )
        if response.rater_group == SELF:
            self_count += 1
            if self_count > 1:
                raise InvalidResponse(f"{where}: a participant can submit only one self response")
        for statement_key, rating in response.ratings.items():
            if statement_key not in statements:
                raise InvalidResponse(
                    f"{where}: statement {statement_key!r} is not in {framework.ref}"
                )
            performance, importance = rating
            # bool is an int in Python; True must not pass as the value 1.
            if performance is not None and (
                isinstance(performance, bool) or performance not in scale_values
            ):
                raise InvalidResponse(
                    f"{where}: {statement_key}: performance {performance!r} is not on the scale "
                    f"{sorted(scale_values)}"
                )
            if importance is not None:
                if not framework.rates_importance:
                    raise InvalidResponse(
                        f"{where}: {statement_key}: {framework.ref} does not rate importance"
                    )
                if isinstance(importance, bool) or importance not in importance_values:
                    raise InvalidResponse(
                        f"{where}: {statement_key}: importance {importance!r} is not on the scale "
                        f"{sorted(importance_values)}"
                    )
