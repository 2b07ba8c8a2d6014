"""Reads for professionalised leadership, always scoped by the acting user (``Actor``).

Rules: a person's development record (holdings, enrolments, requirement status) is visible to the
people who may open their register record (self, their line-management chain, HR/OD administrators
of an organisation employing them); evidence files only to the person and those HR/OD administrators;
FPPT records only to the member, the chair, the company secretary and the assigned reviewer;
aggregates to those who may see the organisation's aggregates, suppressed unless HR/OD administrator.
"""

from .compliance import (
    ComplianceReport,
    GapRow,
    compliance_report,
    evaluations_for_org,
    evaluations_for_people,
    evaluations_for_person,
)
from .conversion import conversion_for_org, register_frames
from .fppt import (
    BoardMember,
    BoardView,
    board_members,
    board_tenures,
    board_view,
    fppt_cycle_get,
    fppt_party,
)
from .people import (
    DevelopmentRecord,
    catalogue_visible,
    development_record,
    evidence_for_download,
    may_manage_person,
    organisations_administered,
    people_visible_has,
    person_org_codes,
    person_visible,
)

__all__ = [
    "BoardMember",
    "BoardView",
    "ComplianceReport",
    "DevelopmentRecord",
    "GapRow",
    "board_members",
    "board_tenures",
    "board_view",
    "catalogue_visible",
    "compliance_report",
    "conversion_for_org",
    "development_record",
    "evaluations_for_org",
    "evaluations_for_people",
    "evaluations_for_person",
    "evidence_for_download",
    "fppt_cycle_get",
    "fppt_party",
    "may_manage_person",
    "organisations_administered",
    "people_visible_has",
    "person_org_codes",
    "person_visible",
    "register_frames",
]
