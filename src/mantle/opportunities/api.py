"""API for the opportunities marketplace, mounted at /api/v1/opportunities/. Every endpoint is scoped
exactly as the pages are (the same selectors and services); a record the caller may not see is a 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from mantle.core.access import AccessDenied, actor_for
from mantle.core.dates import ApiDate
from mantle.core.schemas import ErrorOut
from mantle.workforce.models import Organisation

from . import selectors, services
from .fairness import figures_of
from .models import Application, Opportunity

router = Router(tags=["opportunities"])
ERRORS: dict[int, type] = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class OpportunityOut(Schema):
    id: int
    organisation: str
    title: str
    kind: str
    description: str
    status: str
    owner: str
    hours_per_week: float
    time_unit: str
    time_amount: float
    starts_on: dt.date
    ends_on: dt.date
    closes_on: dt.date
    places: int
    open_to_all: bool
    eligible_staff_groups: list[str]
    eligible_bands: list[str]
    eligible_tiers: list[str]
    dimensions: list[str]


class OpportunityRecommendationOut(Schema):
    opportunity_id: int
    title: str
    kind: str
    closes_on: dt.date
    fit: float
    development: float
    goals: float
    time: float
    explanation: str


class OpportunityApplicationOut(Schema):
    id: int
    opportunity_id: int
    opportunity: str
    person_id: int
    status: str
    statement: str
    fit: float | None
    backfill_note: str
    release_reason: str
    decision_reason: str
    completed_on: dt.date | None
    submitted_at: dt.datetime


class OpportunityApplyIn(Schema):
    statement: str = Field(min_length=1, max_length=services.MAX_STATEMENT)


class OpportunityReleaseIn(Schema):
    release: bool
    note: str = Field(min_length=1, max_length=2000)


class OpportunityDecisionIn(Schema):
    select: bool
    reason: str = Field(default="", max_length=2000)


class OpportunitySponsorIn(Schema):
    approve: bool
    note: str = Field(default="", max_length=2000)


class OpportunityCompleteIn(Schema):
    completed_on: ApiDate
    feedback: str = Field(min_length=1, max_length=2000)
    ratings: dict[str, Literal["developing", "demonstrated", "strength"]] = {}


class OpportunityFairnessOut(Schema):
    organisation: str
    since: dt.date
    as_of: dt.date
    exact: bool
    totals: dict[str, int | str]
    rows: list[dict[str, Any]]
    footnotes: list[str]


class OpportunityAllocationOut(Schema):
    feasible: bool
    message: str
    ratio: float | None
    fillable: int
    total_fit: float
    placements: dict[int, int]
    explanations: dict[int, str]
    infeasible_characteristics: list[str]


class OpportunityListFilters(Schema):
    q: str = ""
    kind: Literal[
        "",
        "qi_lead",
        "committee",
        "redesign",
        "audit",
        "shadowing",
        "board_observer",
        "mentoring",
        "acting_up",
        "secondment",
    ] = ""
    dimension: str = ""
    max_hours: float | None = Field(default=None, gt=0, le=37.5)


def _opp_out(o: Opportunity) -> dict[str, Any]:
    return {
        "id": o.pk,
        "organisation": o.organisation.code,
        "title": o.title,
        "kind": o.kind,
        "description": o.description,
        "status": o.status,
        "owner": o.owner.full_name,
        "hours_per_week": float(o.hours_per_week),
        "time_unit": o.time_unit,
        "time_amount": float(o.time_amount),
        "starts_on": o.starts_on,
        "ends_on": o.ends_on,
        "closes_on": o.closes_on,
        "places": o.places,
        "open_to_all": o.open_to_all,
        "eligible_staff_groups": o.eligible_staff_groups,
        "eligible_bands": o.eligible_bands,
        "eligible_tiers": o.eligible_tiers,
        "dimensions": o.dimensions,
    }


def _app_out(a: Application) -> dict[str, Any]:
    return {
        "id": a.pk,
        "opportunity_id": a.opportunity_id,
        "opportunity": a.opportunity.title,
        "person_id": a.person_id,
        "status": a.status,
        "statement": a.statement,
        "fit": a.fit,
        "backfill_note": a.backfill_note,
        "release_reason": a.release_reason,
        "decision_reason": a.decision_reason,
        "completed_on": a.completed_on,
        "submitted_at": a.submitted_at,
    }


def _service_error(error: Exception) -> HttpError:
    if isinstance(error, AccessDenied):
        return HttpError(403, str(error))
    assert isinstance(error, ValidationError)
    return HttpError(422, " ".join(error.messages))


@router.get("/", response={200: list[OpportunityOut], 422: ErrorOut}, summary="Open opportunities")
def opportunity_list(
    request: HttpRequest, filters: Query[OpportunityListFilters]
) -> list[dict[str, Any]]:
    """Open opportunities of the caller's organisations, with the browse filters."""
    if filters.dimension and filters.dimension not in selectors.dimension_labels():
        raise HttpError(422, f"dimension: {filters.dimension!r} is not a framework dimension.")
    rows = selectors.browse(
        actor_for(request),
        on=timezone.localdate(),
        q=filters.q,
        kind=filters.kind,
        dimension=filters.dimension,
        max_hours=filters.max_hours,
    )
    return [_opp_out(o) for o in rows]


@router.get(
    "/recommended",
    response={200: list[OpportunityRecommendationOut], 422: ErrorOut},
    summary="Recommended for me, with a sentence each",
)
def recommended(request: HttpRequest, limit: int = Query(10, ge=1, le=50)) -> list[dict[str, Any]]:
    recs = selectors.recommendations(actor_for(request), on=timezone.localdate(), limit=limit)
    return [
        {
            "opportunity_id": r.opportunity_id,
            "title": r.title,
            "kind": r.kind_label,
            "closes_on": r.closes_on,
            "fit": r.fit.score,
            "development": r.fit.development,
            "goals": r.fit.goals,
            "time": r.fit.time,
            "explanation": r.fit.explanation,
        }
        for r in recs
    ]


@router.get(
    "/{opportunity_id}", response={200: OpportunityOut, **ERRORS}, summary="One opportunity"
)
def opportunity_detail(request: HttpRequest, opportunity_id: int) -> dict[str, Any]:
    return _opp_out(selectors.opportunity_get(actor_for(request), opportunity_id))


@router.post(
    "/{opportunity_id}/applications",
    response={201: OpportunityApplicationOut, **ERRORS},
    summary="Apply with a short statement",
)
def apply(request: HttpRequest, opportunity_id: int, payload: OpportunityApplyIn) -> Status:
    actor = actor_for(request)
    opp = selectors.opportunity_get(actor, opportunity_id)
    try:
        app = services.application_submit(actor=actor, opportunity=opp, statement=payload.statement)
    except (AccessDenied, ValidationError) as error:
        raise _service_error(error) from error
    return Status(201, _app_out(app))


@router.post(
    "/{opportunity_id}/sponsor-decision",
    response={200: OpportunityOut, **ERRORS},
    summary="Sponsor: approve (it opens) or decline (reason required)",
)
def sponsor_decision(
    request: HttpRequest, opportunity_id: int, payload: OpportunitySponsorIn
) -> dict[str, Any]:
    actor = actor_for(request)
    opp = selectors.opportunity_get(actor, opportunity_id)
    try:
        services.opportunity_decide(
            actor=actor, opportunity=opp, approve=payload.approve, note=payload.note
        )
    except (AccessDenied, ValidationError) as error:
        raise _service_error(error) from error
    return _opp_out(opp)


@router.get(
    "/applications/mine",
    response=list[OpportunityApplicationOut],
    summary="My applications",
)
def my_applications(request: HttpRequest) -> list[dict[str, Any]]:
    return [_app_out(a) for a in selectors.my_applications(actor_for(request))]


@router.get(
    "/applications/{application_id}",
    response={200: OpportunityApplicationOut, **ERRORS},
    summary="One application (applicant, line manager, owner, HR/OD)",
)
def application_detail(request: HttpRequest, application_id: int) -> dict[str, Any]:
    return _app_out(selectors.application_get(actor_for(request), application_id))


def _act_on_application(
    request: HttpRequest, application_id: int, act: Callable[[Any, Any], object]
) -> dict[str, Any]:
    """Run one service step on an application the actor may see; refusals answer 403/422."""
    actor = actor_for(request)
    app = selectors.application_get(actor, application_id)
    try:
        act(actor, app)
    except (AccessDenied, ValidationError) as error:
        raise _service_error(error) from error
    return _app_out(app)


@router.post(
    "/applications/{application_id}/release",
    response={200: OpportunityApplicationOut, **ERRORS},
    summary="Line manager: release the time (backfill note) or not (reason)",
)
def release(
    request: HttpRequest, application_id: int, payload: OpportunityReleaseIn
) -> dict[str, Any]:
    return _act_on_application(
        request,
        application_id,
        lambda actor, app: services.application_release(
            actor=actor, application=app, release=payload.release, note=payload.note
        ),
    )


@router.post(
    "/applications/{application_id}/decision",
    response={200: OpportunityApplicationOut, **ERRORS},
    summary="Owner: select, or not (with the reason)",
)
def decision(
    request: HttpRequest, application_id: int, payload: OpportunityDecisionIn
) -> dict[str, Any]:
    return _act_on_application(
        request,
        application_id,
        lambda actor, app: services.application_decide(
            actor=actor, application=app, select=payload.select, reason=payload.reason
        ),
    )


@router.post(
    "/applications/{application_id}/complete",
    response={200: OpportunityApplicationOut, **ERRORS},
    summary="Owner: record completion (written to the development record)",
)
def complete(
    request: HttpRequest, application_id: int, payload: OpportunityCompleteIn
) -> dict[str, Any]:
    return _act_on_application(
        request,
        application_id,
        lambda actor, app: services.application_complete(
            actor=actor,
            application=app,
            completed_on=payload.completed_on,
            feedback=payload.feedback,
            ratings=dict(payload.ratings),
        ),
    )


@router.post(
    "/applications/{application_id}/withdraw",
    response={200: OpportunityApplicationOut, **ERRORS},
    summary="Applicant: withdraw",
)
def withdraw(request: HttpRequest, application_id: int) -> dict[str, Any]:
    return _act_on_application(
        request,
        application_id,
        lambda actor, app: services.application_withdraw(actor=actor, application=app),
    )


@router.get(
    "/organisations/{code}/fairness",
    response={200: OpportunityFairnessOut, **ERRORS},
    summary="Fairness: applications, selections, completions by group (WRES likelihoods)",
)
def fairness(
    request: HttpRequest, code: str, since: ApiDate | None = None, as_of: ApiDate | None = None
) -> dict[str, Any]:
    """Suppressed ('*') for everyone but the organisation's HR/OD administrators."""
    actor = actor_for(request)
    org = Organisation.objects.filter(code=code.upper()).first()
    if org is None:
        raise Http404("No such organisation.")
    on = as_of or timezone.localdate()
    start = since or on - dt.timedelta(days=365)
    if start > on:
        raise HttpError(422, "since: must be on or before as_of.")
    report = selectors.fairness_for(actor, org=org, since=start, on=on)
    return {
        "organisation": org.code,
        "since": start,
        "as_of": on,
        "exact": report.exact,
        "totals": report.totals,
        "rows": figures_of(report),
        "footnotes": report.footnotes,
    }


@router.get(
    "/rounds/{round_id}/allocation",
    response={200: OpportunityAllocationOut, **ERRORS},
    summary="Work out a round's optimal allocation (changes nothing)",
)
def allocation(
    request: HttpRequest, round_id: int, ratio: float | None = Query(None, gt=0, le=1)
) -> dict[str, Any]:
    """Without ``ratio``, no fairness bounds."""
    from decimal import Decimal

    actor = actor_for(request)
    r = selectors.round_get(actor, round_id)
    try:
        result = services.round_allocate(
            actor=actor,
            round=r,
            ratio=Decimal(str(ratio)) if ratio is not None else None,
            fairness=ratio is not None,
        )
    except (AccessDenied, ValidationError) as error:
        raise _service_error(error) from error
    return {
        "feasible": result.feasible,
        "message": result.message,
        "ratio": result.ratio,
        "fillable": result.fillable,
        "total_fit": result.total_fit,
        "placements": result.placements,
        "explanations": result.explanations,
        "infeasible_characteristics": result.infeasible_characteristics,
    }
