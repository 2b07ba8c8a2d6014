"""Capability API: frameworks, self-assessments, 360° cycles, nominations, rater responses (by one-time
token) and released reports, organisation heatmaps and management-practice results.

Scoping (the same rules as the pages, through the same selectors and services):
* frameworks are reference data for every signed-in user;
* a self-assessment is visible to its owner only;
* a cycle shows counts only; its report only to those ``selectors.cycle_report`` allows, and only as
  the anonymity engine built it — there is no endpoint that lists responses;
* a rater token gives its holder their own form and nothing else (no sign-in needed);
* heatmaps and coverage are exact for the organisation's HR/OD administrators (as on their pages
  and downloads) and protected by the disclosure layer for every other reader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from mantle.capability import questionnaire, selectors, services
from mantle.capability.engine import Report360
from mantle.capability.models import Cycle, FrameworkVersion, SelfAssessment
from mantle.capability.selectors.cycles import cycles_visible, may_read_report
from mantle.core.access import actor_for
from mantle.core.audit import audit_record
from mantle.core.dates import ApiDate
from mantle.workforce.models import Organisation, Person

router = Router(tags=["capability"])

T = TypeVar("T")


def _call(action: Callable[[], T]) -> T:
    """Run a service; its ValidationError becomes a 422 with the service's own words."""
    try:
        return action()
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from error
    except questionnaire.AnswerError as error:
        raise HttpError(422, str(error)) from error


# --- frameworks ------------------------------------------------------------------------------------
class FrameworkOut(Schema):
    key: str
    name: str
    version: str
    kind: str
    in_use: bool
    available: bool


class PointOut(Schema):
    value: int | None
    label: str
    description: str


class StatementOut(Schema):
    key: str
    text: str


class DimensionOut(Schema):
    key: str
    name: str
    group: str | None
    description: str
    statements: list[StatementOut]


class FrameworkDetailOut(FrameworkOut):
    citation: str
    scale: list[PointOut]
    importance_scale: list[PointOut]
    rates_importance: bool
    dimensions: list[DimensionOut]


def _framework_out(version: FrameworkVersion) -> dict[str, Any]:
    return {
        "key": version.framework.key,
        "name": version.framework.name,
        "version": version.version,
        "kind": version.framework.kind,
        "in_use": version.in_use,
        "available": version.available,
    }


@router.get("/frameworks", response=list[FrameworkOut], summary="Every framework version")
def framework_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_framework_out(v) for v in selectors.framework_versions()]


@router.get(
    "/frameworks/{key}/{version}",
    response=FrameworkDetailOut,
    summary="One framework version with its scale, dimensions and statements",
)
def framework_detail(request: HttpRequest, key: str, version: str) -> dict[str, Any]:
    found = selectors.framework_version_get(key=key, version=version)
    spec = found.spec()
    scale = [
        {"value": p.value, "label": p.label, "description": p.description}
        for p in spec.scale.points
    ]
    if spec.scale.not_applicable is not None:
        scale.append(
            {
                "value": None,
                "label": spec.scale.not_applicable.label,
                "description": spec.scale.not_applicable.description,
            }
        )
    importance = [
        {"value": p.value, "label": p.label, "description": p.description}
        for p in (spec.importance_scale.points if spec.importance_scale else ())
    ]
    return {
        **_framework_out(found),
        "citation": f"{spec.citation.publisher}, {spec.citation.title} ({spec.citation.year}, "
        f"version {spec.citation.version})",
        "scale": scale,
        "importance_scale": importance,
        "rates_importance": spec.rates_importance,
        "dimensions": [
            {
                "key": d.key,
                "name": d.name,
                "group": d.group,
                "description": d.description,
                "statements": [{"key": s.key, "text": s.text} for s in d.statements],
            }
            for d in spec.dimensions
        ],
    }


# --- self-assessments --------------------------------------------------------------------------------
class AssessmentOut(Schema):
    id: int
    framework: str
    version: str
    status: str
    started_at: dt.datetime
    completed_at: dt.datetime | None
    answered: int
    statements: int
    answers: dict[str, Any]
    scores: dict[str, float | None]


class AssessmentIn(Schema):
    framework: str
    version: str


class AnswersIn(Schema):
    answers: dict[str, int | str | None]
    reflection: str | None = None


def _assessment_out(assessment: SelfAssessment) -> dict[str, Any]:
    spec = assessment.framework_version.spec()
    answers = questionnaire.coerce_answers(assessment.ratings)
    done, total = questionnaire.answered_count(spec, answers)
    return {
        "id": assessment.pk,
        "framework": assessment.framework_version.framework.key,
        "version": assessment.framework_version.version,
        "status": assessment.status,
        "started_at": assessment.started_at,
        "completed_at": assessment.completed_at,
        "answered": done,
        "statements": total,
        "answers": dict(answers),
        "scores": assessment.scores,
    }


@router.get("/assessments", response=list[AssessmentOut], summary="Your own self-assessments")
def assessment_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_assessment_out(a) for a in selectors.self_assessments_of(actor_for(request))]


@router.post(
    "/assessments", response={201: AssessmentOut}, summary="Start (or resume) a self-assessment"
)
def assessment_start(request: HttpRequest, payload: AssessmentIn) -> Status[dict[str, Any]]:
    version = selectors.framework_version_get(key=payload.framework, version=payload.version)
    assessment = _call(
        lambda: services.self_assessment_start(actor=actor_for(request), framework_version=version)
    )
    return Status(201, _assessment_out(assessment))


@router.get(
    "/assessments/{assessment_id}", response=AssessmentOut, summary="One of your self-assessments"
)
def assessment_get(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    return _assessment_out(selectors.self_assessment_get(actor_for(request), assessment_id))


@router.put(
    "/assessments/{assessment_id}/answers",
    response=AssessmentOut,
    summary="Save answers to a draft: {statement key: value or 'na', "
    "'importance:<dimension>': value}",
)
def assessment_save(request: HttpRequest, assessment_id: int, payload: AnswersIn) -> dict[str, Any]:
    actor = actor_for(request)
    assessment = selectors.self_assessment_get(actor, assessment_id)
    spec = assessment.framework_version.spec()
    answers = _call(lambda: questionnaire.answers_from_api(spec, payload.answers))
    _call(
        lambda: services.self_assessment_save(
            actor=actor, assessment=assessment, answers=answers, reflection=payload.reflection
        )
    )
    return _assessment_out(assessment)


@router.post(
    "/assessments/{assessment_id}/complete",
    response=AssessmentOut,
    summary="Complete a draft (every statement answered)",
)
def assessment_complete(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    actor = actor_for(request)
    assessment = selectors.self_assessment_get(actor, assessment_id)
    _call(lambda: services.self_assessment_complete(actor=actor, assessment=assessment))
    return _assessment_out(assessment)


# --- cycles ---------------------------------------------------------------------------------------------
class GroupProgressOut(Schema):
    group: str
    label: str
    nominated: int
    responded: str


class ProgressOut(Schema):
    groups: list[GroupProgressOut]
    self_complete: bool
    others_nominated: int
    others_responded: str


class CycleOut(Schema):
    id: int
    participant: str
    framework: str
    version: str
    mode: str
    status: str
    deadline: dt.date
    progress: ProgressOut
    facilitator_named: bool
    facilitator_accepted: bool
    report_available: bool


class CycleIn(Schema):
    framework: str
    version: str
    deadline: ApiDate
    mode: Literal["developmental", "appraisal"] = "developmental"


class NominationOut(Schema):
    id: int
    group: str
    name: str
    email: str
    external: bool
    status: str


class RaterNominationIn(Schema):
    group: Literal["line_manager", "peer", "direct_report", "other"]
    email: str
    name: str = ""


class NoteIn(Schema):
    note: str = ""
    decision: Literal["approve", "return"] = "approve"


def _cycle_out(request: HttpRequest, cycle: Cycle) -> dict[str, Any]:
    actor = actor_for(request)
    progress = selectors.cycle_progress(cycle)
    return {
        "id": cycle.pk,
        "participant": cycle.participant.full_name,
        "framework": cycle.framework_version.framework.key,
        "version": cycle.framework_version.version,
        "mode": cycle.mode,
        "status": cycle.status,
        "deadline": cycle.deadline,
        "progress": {
            "groups": [vars(g) for g in progress.groups],
            "self_complete": progress.self_complete,
            "others_nominated": progress.others_nominated,
            "others_responded": progress.others_responded,
        },
        "facilitator_named": cycle.facilitator_id is not None,
        "facilitator_accepted": cycle.facilitator_accepted_at is not None,
        "report_available": may_read_report(selectors.cycle_access(actor, cycle), cycle),
    }


@router.get(
    "/cycles",
    response=list[CycleOut],
    summary="360° cycles you take part in, approve, facilitate or administer",
)
def cycle_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        _cycle_out(request, c) for c in cycles_visible(actor_for(request)).order_by("-created_at")
    ]


@router.post("/cycles", response={201: CycleOut}, summary="Open your own 360°")
def cycle_create(request: HttpRequest, payload: CycleIn) -> Status[dict[str, Any]]:
    actor = actor_for(request)
    if actor.person_id is None:
        raise HttpError(403, "Your account is not linked to a staff record.")
    version = selectors.framework_version_get(key=payload.framework, version=payload.version)
    participant = Person.objects.get(pk=actor.person_id)
    cycle = _call(
        lambda: services.cycle_open(
            actor=actor,
            participant=participant,
            framework_version=version,
            deadline=payload.deadline,
            mode=payload.mode,
        )
    )
    return Status(201, _cycle_out(request, selectors.cycle_get(actor, cycle.pk)))


@router.get("/cycles/{cycle_id}", response=CycleOut, summary="One cycle: status and counts only")
def cycle_get(request: HttpRequest, cycle_id: int) -> dict[str, Any]:
    return _cycle_out(request, selectors.cycle_get(actor_for(request), cycle_id))


@router.get(
    "/cycles/{cycle_id}/nominations",
    response=list[NominationOut],
    summary="Nominated raters; a response shows as 'invited' (no one sees who answered)",
)
def nomination_list(request: HttpRequest, cycle_id: int) -> list[dict[str, Any]]:
    cycle = selectors.cycle_get(actor_for(request), cycle_id)
    return [
        {
            "id": n.pk,
            "group": n.group,
            "name": n.name,
            "email": n.email,
            "external": n.external,
            "status": "invited" if n.status == "submitted" else n.status,
        }
        for n in cycle.nominations.exclude(group="self")
    ]


@router.post(
    "/cycles/{cycle_id}/nominations",
    response={201: NominationOut},
    summary="Nominate a rater by work e-mail address",
)
def nomination_create(
    request: HttpRequest, cycle_id: int, payload: RaterNominationIn
) -> Status[dict[str, Any]]:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    n = _call(
        lambda: services.nomination_add(
            actor=actor, cycle=cycle, group=payload.group, name=payload.name, email=payload.email
        )
    )
    return Status(
        201,
        {
            "id": n.pk,
            "group": n.group,
            "name": n.name,
            "email": n.email,
            "external": n.external,
            "status": n.status,
        },
    )


@router.delete(
    "/cycles/{cycle_id}/nominations/{nomination_id}",
    response={204: None},
    summary="Remove a nomination before approval",
)
def nomination_delete(request: HttpRequest, cycle_id: int, nomination_id: int) -> Status[None]:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    nomination = cycle.nominations.filter(pk=nomination_id).first()
    if nomination is None:
        raise Http404("No such nomination.")
    _call(lambda: services.nomination_remove(actor=actor, nomination=nomination))
    return Status(204, None)


@router.post(
    "/cycles/{cycle_id}/submit",
    response=CycleOut,
    summary="Send nominations to the line manager for approval",
)
def cycle_submit(request: HttpRequest, cycle_id: int) -> dict[str, Any]:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    _call(lambda: services.cycle_submit_for_approval(actor=actor, cycle=cycle))
    return _cycle_out(request, cycle)


@router.post(
    "/cycles/{cycle_id}/approve",
    response=CycleOut,
    summary="Approve (launching the cycle) or return nominations with a note",
)
def cycle_approve(request: HttpRequest, cycle_id: int, payload: NoteIn) -> dict[str, Any]:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    if payload.decision == "return":
        _call(
            lambda: services.cycle_return_nominations(actor=actor, cycle=cycle, note=payload.note)
        )
    else:
        _call(lambda: services.cycle_approve(actor=actor, cycle=cycle, note=payload.note))
    return _cycle_out(request, cycle)


@router.post(
    "/cycles/{cycle_id}/close",
    response=CycleOut,
    summary="Close now (facilitator or administrator)",
)
def cycle_close(request: HttpRequest, cycle_id: int) -> dict[str, Any]:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    _call(lambda: services.cycle_close(actor=actor, cycle=cycle))
    return _cycle_out(request, cycle)


@router.post(
    "/cycles/{cycle_id}/facilitator/accept",
    response=CycleOut,
    summary="Accept the facilitator named on your 360° (participant only)",
    description="Only an accepted facilitator who is not an HR/OD administrator of the "
    "organisation (and did not open the cycle or its cohort) reads the report, from the close.",
)
def cycle_facilitator_accept(request: HttpRequest, cycle_id: int) -> dict[str, Any]:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    _call(lambda: services.cycle_facilitator_accept(actor=actor, cycle=cycle))
    return _cycle_out(request, cycle)


@router.post(
    "/cycles/{cycle_id}/release",
    response=CycleOut,
    summary="Release the report of a closed cycle (facilitator or administrator)",
)
def cycle_release(request: HttpRequest, cycle_id: int) -> dict[str, Any]:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    _call(lambda: services.cycle_release(actor=actor, cycle=cycle))
    return _cycle_out(request, cycle)


class CellOut(Schema):
    mean: float | None
    n: str
    suppressed: bool


class ReportDimensionOut(Schema):
    key: str
    name: str
    performance: dict[str, CellOut]
    importance: dict[str, CellOut]
    gap: float | None


class DisclosureOut(Schema):
    group: str
    label: str
    status: str
    responses: str
    explanation: str


class ColumnOut(Schema):
    key: str
    label: str


class CommentsOut(Schema):
    own: list[str]
    line_manager: list[str]
    anonymous: list[str]
    withheld_notice: str | None


class ReportOut(Schema):
    framework: str
    threshold: int
    groups: list[DisclosureOut]
    columns: list[ColumnOut]
    dimensions: list[ReportDimensionOut]
    highest: list[str]
    lowest: list[str]
    hidden_strengths: list[str]
    blind_spots: list[str]
    comments: CommentsOut
    notices: list[str]


def _report_out(report: Report360) -> dict[str, Any]:
    def cells(mapping: Any) -> dict[str, Any]:
        return {
            k: {"mean": c.mean, "n": c.n_display, "suppressed": c.suppressed}
            for k, c in mapping.items()
        }

    return {
        "framework": report.framework_ref,
        "threshold": report.threshold,
        "groups": [vars(g) for g in report.groups],
        "columns": [{"key": c.key, "label": c.label} for c in report.columns],
        "dimensions": [
            {
                "key": d.key,
                "name": d.name,
                "performance": cells(d.performance),
                "importance": cells(d.importance),
                "gap": d.gap,
            }
            for d in report.dimensions
        ],
        "highest": list(report.highest),
        "lowest": list(report.lowest),
        "hidden_strengths": list(report.hidden_strengths),
        "blind_spots": list(report.blind_spots),
        "comments": {
            "own": list(report.comments.self),
            "line_manager": list(report.comments.line_manager),
            "anonymous": list(report.comments.anonymous),
            "withheld_notice": report.comments.withheld_notice,
        },
        "notices": list(report.notices),
    }


@router.get(
    "/cycles/{cycle_id}/report",
    response=ReportOut,
    summary="The anonymised report, once released to you (404 otherwise)",
)
def cycle_report(request: HttpRequest, cycle_id: int) -> dict[str, Any]:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    report = selectors.cycle_report(actor, cycle)
    if cycle.participant_id != actor.person_id:
        audit_record(
            actor=request.user,
            action="view",
            object_type="feedback_report",
            object_id=cycle.pk,
            object_label=cycle.participant.full_name,
            organisation_code=cycle.organisation.code,
            via="api",
        )
    return _report_out(report)


# --- rater responses (one-time token, no sign-in) ---------------------------------------------------------
class RaterFormOut(Schema):
    participant: str
    group: str
    framework: str
    version: str
    deadline: dt.date
    rates_importance: bool
    answers: dict[str, Any]
    comment: str


class RaterAnswersIn(Schema):
    answers: dict[str, int | str | None]
    comment: str = ""


class DeclineIn(Schema):
    reason: str = ""


def _token_nomination(token: str) -> Any:
    try:
        return services.nomination_for_token(token)
    except services.RaterLinkInvalid as problem:
        if problem.reason == "unknown":
            raise Http404("This link is not valid.") from problem
        raise HttpError(410, services_link_message(problem.reason)) from problem


def services_link_message(reason: str) -> str:
    from mantle.capability.views.rater import LINK_PROBLEMS

    return LINK_PROBLEMS[reason]


def _rater_form(nomination: Any) -> dict[str, Any]:
    cycle = nomination.cycle
    answers, comment = selectors.rater_draft(nomination)
    return {
        "participant": cycle.participant.full_name,
        "group": nomination.group,
        "framework": cycle.framework_version.framework.key,
        "version": cycle.framework_version.version,
        "deadline": cycle.deadline,
        "rates_importance": cycle.framework_version.spec().rates_importance,
        "answers": dict(questionnaire.coerce_answers(answers)),
        "comment": comment,
    }


@router.get(
    "/responses/{token}",
    response=RaterFormOut,
    auth=None,
    summary="An external rater's own form (statements: GET /frameworks/{key}/{version})",
)
def response_form(request: HttpRequest, token: str) -> dict[str, Any]:
    return _rater_form(_token_nomination(token))


@router.put(
    "/responses/{token}",
    response=RaterFormOut,
    auth=None,
    summary="Save an external rater's unfinished answers",
)
def response_save(request: HttpRequest, token: str, payload: RaterAnswersIn) -> dict[str, Any]:
    nomination = _token_nomination(token)
    spec = nomination.cycle.framework_version.spec()
    answers = _call(lambda: questionnaire.answers_from_api(spec, payload.answers))
    _call(
        lambda: services.rater_save_draft(
            nomination=nomination, answers=answers, comment=payload.comment
        )
    )
    return _rater_form(nomination)


@router.post(
    "/responses/{token}/submit",
    response={204: None},
    auth=None,
    summary="Submit an external rater's answers (the link is then spent)",
)
def response_submit(request: HttpRequest, token: str, payload: RaterAnswersIn) -> Status[None]:
    nomination = _token_nomination(token)
    spec = nomination.cycle.framework_version.spec()
    answers = _call(lambda: questionnaire.answers_from_api(spec, payload.answers))
    _call(
        lambda: services.rater_submit(
            nomination=nomination, answers=answers, comment=payload.comment
        )
    )
    return Status(204, None)


@router.post(
    "/responses/{token}/decline",
    response={204: None},
    auth=None,
    summary="Decline to give feedback (the link is then spent)",
)
def response_decline(request: HttpRequest, token: str, payload: DeclineIn) -> Status[None]:
    nomination = _token_nomination(token)
    _call(lambda: services.nomination_decline(nomination=nomination, reason=payload.reason))
    return Status(204, None)


# --- organisation aggregates ----------------------------------------------------------------------------
class HeatCellOut(Schema):
    group: str
    dimension: str
    people: str
    mean: float | None
    suppression: str | None


class CoverageOut(Schema):
    group: str
    staff: str
    assessed: str
    share: float | None


def _organisation(request: HttpRequest, code: str) -> Organisation:
    actor = actor_for(request)
    org = Organisation.objects.filter(code=code.upper()).first()
    if org is None or not actor.can_view_aggregates(org.code):
        raise Http404("No such organisation, or you cannot see its aggregates.")
    return org


Breakdown = Literal["staff_group", "tier", "unit"]


@router.get(
    "/organisations/{code}/heatmap",
    response=list[HeatCellOut],
    summary="Mean capability by dimension × group (protected; exact for HR/OD administrators)",
)
def heatmap(
    request: HttpRequest,
    code: str,
    framework: str = "hlm",
    version: str = "1.0",
    by: Breakdown = "staff_group",
    source: Literal["self", "360"] = "self",
    as_of: ApiDate | None = None,
    depth: int = Query(2, ge=1, le=20, description="Unit level for by=unit (1 = top level)."),
) -> list[dict[str, Any]]:
    org = _organisation(request, code)
    found = selectors.framework_version_get(key=framework, version=version)
    result = selectors.capability_heatmap(
        actor_for(request),
        organisation=org,
        framework_version=found,
        by=by,
        source=source,
        on=as_of,
        unit_depth=depth,
    )
    return [
        {
            "group": r["group"],
            "dimension": r["dimension"],
            "people": r["n_display"],
            "mean": r["mean"],
            "suppression": r["suppression"],
        }
        for r in result.frame.iter_rows(named=True)
    ]


@router.get(
    "/organisations/{code}/coverage",
    response=list[CoverageOut],
    summary="Share of staff with a self or 360° assessment in the last 24 months",
)
def coverage(
    request: HttpRequest,
    code: str,
    by: Breakdown = "staff_group",
    as_of: ApiDate | None = None,
    depth: int = Query(2, ge=1, le=20, description="Unit level for by=unit (1 = top level)."),
) -> list[dict[str, Any]]:
    org = _organisation(request, code)
    table = selectors.coverage_table(
        actor_for(request), organisation=org, by=by, on=as_of, unit_depth=depth
    )
    return [
        {
            "group": r["group"],
            "staff": r["staff_display"],
            "assessed": r["covered_display"],
            "share": r["share"],
        }
        for r in table.iter_rows(named=True)
    ]


# --- management practice -----------------------------------------------------------------------------------
class PracticeOut(Schema):
    id: int
    organisation: str
    unit: str
    framework: str
    version: str
    assessed_on: dt.date
    status: str
    results: dict[str, Any]


@router.get(
    "/practice", response=list[PracticeOut], summary="Management-practice assessments you may see"
)
def practice_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": a.pk,
            "organisation": a.organisation.code,
            "unit": a.unit.path,
            "framework": a.framework_version.framework.key,
            "version": a.framework_version.version,
            "assessed_on": a.assessed_on,
            "status": a.status,
            "results": a.results,
        }
        for a in selectors.practice_assessments_visible(actor_for(request))
    ]
