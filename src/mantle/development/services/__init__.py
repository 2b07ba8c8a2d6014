"""Writes for professionalised leadership. Every change goes through one of these functions
(keyword-only, ``<entity>_<verb>``), which check permission, enforce the rule named in its docstring
and write the audit log. Views and the API only parse input and call these."""

from .catalogue import cohort_create, framework_dimensions, offering_save
from .evidence import evidence_delete, evidence_store, evidence_sweep
from .fppt import (
    board_reference_record,
    default_reviewer,
    fppt_attest,
    fppt_check_record,
    fppt_checks_record,
    fppt_cycle_open,
    fppt_cycles_open_for_year,
    fppt_records_purge,
    fppt_return,
    fppt_review,
    fppt_sign_off,
    fppt_submit,
    lcf_domains,
)
from .holdings import (
    enrolment_apply,
    enrolment_create,
    enrolment_set_status,
    enrolments_bulk_create,
    holding_add,
    holding_delete,
    holding_evidence_add,
    holding_verify,
)
from .requirements import reminders_due, reminders_send, requirement_deactivate, requirement_save

__all__ = [
    "board_reference_record",
    "cohort_create",
    "default_reviewer",
    "enrolment_apply",
    "enrolment_create",
    "enrolment_set_status",
    "enrolments_bulk_create",
    "evidence_delete",
    "evidence_store",
    "evidence_sweep",
    "fppt_attest",
    "fppt_check_record",
    "fppt_checks_record",
    "fppt_cycle_open",
    "fppt_cycles_open_for_year",
    "fppt_records_purge",
    "fppt_return",
    "fppt_review",
    "fppt_sign_off",
    "fppt_submit",
    "framework_dimensions",
    "holding_add",
    "holding_delete",
    "holding_evidence_add",
    "holding_verify",
    "lcf_domains",
    "offering_save",
    "reminders_due",
    "reminders_send",
    "requirement_deactivate",
    "requirement_save",
]
