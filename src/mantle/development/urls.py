from django.urls import path

from .views import dashboards, fppt, manage, personal

app_name = "development"

urlpatterns = [
    path("", personal.home, name="home"),
    path("people/<int:person_id>/", personal.person_detail, name="person_detail"),
    path("holdings/new/", personal.holding_add, name="holding_add"),
    path(
        "holdings/<int:holding_id>/evidence/",
        personal.holding_evidence_add,
        name="holding_evidence_add",
    ),
    path("holdings/<int:holding_id>/verify/", personal.holding_verify, name="holding_verify"),
    path("holdings/<int:holding_id>/delete/", personal.holding_delete, name="holding_delete"),
    path(
        "evidence/<int:evidence_id>/download/", personal.evidence_download, name="evidence_download"
    ),
    path("apply/", personal.enrolment_apply, name="enrolment_apply"),
    path("catalogue/", manage.catalogue, name="catalogue"),
    path("catalogue/new/", manage.offering_edit, name="offering_add"),
    path("catalogue/<int:offering_id>/edit/", manage.offering_edit, name="offering_edit"),
    path("enrolments/", manage.enrolments, name="enrolment_list"),
    path("enrolments/<int:enrolment_id>/status/", manage.enrolment_status, name="enrolment_status"),
    path("requirements/", manage.requirements, name="requirement_list"),
    path(
        "requirements/<int:requirement_id>/deactivate/",
        manage.requirement_deactivate,
        name="requirement_deactivate",
    ),
    path("compliance/", dashboards.compliance, name="compliance"),
    path("compliance/export.csv", dashboards.compliance_csv, name="compliance_csv"),
    path("compliance/reminders/", dashboards.reminders_send, name="reminders_send"),
    path("conversion/", dashboards.conversion, name="conversion"),
    path("conversion/export.csv", dashboards.conversion_csv, name="conversion_csv"),
    path("fppt/", fppt.board, name="fppt_board"),
    path("fppt/open/", fppt.cycles_open, name="fppt_open"),
    path("fppt/open-one/", fppt.cycle_open, name="fppt_open_one"),
    path("fppt/submit/", fppt.submit, name="fppt_submit"),
    path("fppt/references/new/", fppt.reference_add, name="fppt_reference_add"),
    path("fppt/summary.csv", fppt.summary_csv, name="fppt_summary_csv"),
    path("fppt/summary.xlsx", fppt.summary_xlsx, name="fppt_summary_xlsx"),
    path("fppt/cycles/<int:cycle_id>/", fppt.cycle_detail, name="fppt_cycle"),
    path("fppt/cycles/<int:cycle_id>/attest/", fppt.cycle_attest, name="fppt_attest"),
    path("fppt/cycles/<int:cycle_id>/checks/", fppt.cycle_check, name="fppt_check"),
    path("fppt/cycles/<int:cycle_id>/checks/all/", fppt.cycle_checks, name="fppt_checks"),
    path("fppt/cycles/<int:cycle_id>/review/", fppt.cycle_review, name="fppt_review"),
    path("fppt/cycles/<int:cycle_id>/return/", fppt.cycle_return, name="fppt_return"),
    path("fppt/cycles/<int:cycle_id>/sign-off/", fppt.cycle_sign_off, name="fppt_sign_off"),
]
