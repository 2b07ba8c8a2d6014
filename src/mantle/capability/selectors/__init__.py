"""Capability reads, scoped by the acting user (see each module's rules)."""

from .cycles import (
    CycleAccess,
    cycle_access,
    cycle_get,
    cycle_progress,
    cycle_report,
    cycles_for_admin,
    cycles_for_participant,
    cycles_to_approve,
    cycles_visible,
    feedback_requests_for,
    line_manager_of,
    nomination_warnings_for,
    public_status,
    rater_draft,
)
from .frameworks import framework_version_get, framework_versions, frameworks_available
from .heatmap import (
    HeatmapResult,
    assessment_frame,
    capability_heatmap,
    coverage_table,
    people_frame,
)
from .practice import practice_assessment_get, practice_assessments_visible, practice_units_table
from .self_assessment import self_assessment_get, self_assessment_history, self_assessments_of

__all__ = [
    "CycleAccess",
    "HeatmapResult",
    "assessment_frame",
    "capability_heatmap",
    "coverage_table",
    "cycle_access",
    "cycle_get",
    "cycle_progress",
    "cycle_report",
    "cycles_for_admin",
    "cycles_for_participant",
    "cycles_to_approve",
    "cycles_visible",
    "feedback_requests_for",
    "framework_version_get",
    "framework_versions",
    "frameworks_available",
    "line_manager_of",
    "nomination_warnings_for",
    "people_frame",
    "practice_assessment_get",
    "practice_assessments_visible",
    "practice_units_table",
    "public_status",
    "rater_draft",
    "self_assessment_get",
    "self_assessment_history",
    "self_assessments_of",
]
