"""Pure capability engine: 360° scoring, the anonymity rules, management-practice panel scoring
and organisation heatmaps.

No Django and no database: plain dataclasses (and Polars frames for heatmaps) in, results out,
so every rule can be tested fast and reused by services, APIs and exports alike.
"""

from mantle.capability.engine.anonymity import (
    ALL_OTHERS,
    COMBINED,
    Cell,
    Report360,
    ReportComments,
    ReportDimension,
    ReportNotReleased,
    build_report,
    order_comments,
)
from mantle.capability.engine.disclosure import (
    DisclosurePlan,
    GroupDisclosure,
    ReportColumn,
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
    ANONYMOUS_GROUPS,
    RATER_GROUPS,
    InvalidResponse,
    Rating,
    Response,
    validate_responses,
)
from mantle.capability.engine.scoring import (
    ScoreSheet,
    SelfAssessment,
    display_score,
    score_responses,
    self_assessment,
)

__all__ = [
    "ALL_OTHERS",
    "ANONYMOUS_GROUPS",
    "COMBINED",
    "RATER_GROUPS",
    "Cell",
    "DisclosurePlan",
    "GroupDisclosure",
    "GroupProgress",
    "InvalidResponse",
    "NominationWarning",
    "ProgressReport",
    "Rating",
    "Report360",
    "ReportColumn",
    "ReportComments",
    "ReportDimension",
    "ReportNotReleased",
    "Response",
    "ScoreSheet",
    "SelfAssessment",
    "build_report",
    "display_score",
    "nomination_warnings",
    "order_comments",
    "plan_disclosure",
    "progress_counts",
    "score_responses",
    "self_assessment",
    "validate_responses",
]
