"""API for professionalised leadership, mounted at /api/v1/development/. Every endpoint is scoped by
the caller's roles exactly as the pages are (the same selectors and services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from mantle.core.access import AccessDenied, Actor, actor_for
from mantle.core.audit import audit_record
from mantle.core.dates import ApiDate
from mantle.development import selectors, services
from mantle.development.models import Cohort, Enrolment, Offering
from mantle.development.rules.requirements import Evaluation
from mantle.workforce.models import Organisation, Person

router = Router(tags=["development"])


class OfferingOut(Schema):
    id: int
    code: str
    name: str
    provider: str
    kind: str
    category: str
    level: str
    duration_months: int | None
    cost: Decimal | None
    validity_months: int | None
    dimensions: list[str]
    organisation: str | None


class HoldingOut(Schema):
    id: int
    offering: str
    awarded_on: dt.date
    expires_on: dt.date | None
    verified: bool
    evidence_files: int


class EnrolmentOut(Schema):
    id: int
    person_id: int
    organisation: str
    offering: str
    cohort: str | None
    status: str
    applied_on: dt.date
    started_on: dt.date | None
    completed_on: dt.date | None
    withdrawn_on: dt.date | None
    cost: Decimal | None
    funding_source: str


class EvaluationOut(Schema):
    requirement_id: int
    requirement: str
    required: bool
    post_id: int
    post_title: str
    status: str
    due_on: dt.date
    valid_until: dt.date | None
    detail: str


class RecordOut(Schema):
    person_id: int
    name: str
    as_of: dt.date
    requirements: list[EvaluationOut]
    holdings: list[HoldingOut]
    enrolments: list[EnrolmentOut]


class EnrolmentIn(Schema):
    organisation: str
    person_id: int
    offering: str
    cohort_id: int | None = None
    status: str = "applied"
    applied_on: ApiDate
    cost: Decimal | None = None
    funding_source: str = ""


class BulkEnrolmentIn(Schema):
    organisation: str
    offering: str
    person_ids: list[int]
    cohort_id: int | None = None
    status: str = "enrolled"
    applied_on: ApiDate
    cost: Decimal | None = None
    funding_source: str = ""


class BulkEnrolmentOut(Schema):
    created: list[EnrolmentOut]
    skipped: list[dict[str, Any]]


class StatusIn(Schema):
    status: str
    on: ApiDate
    cost: Decimal | None = None


def _offering_out(o: Offering) -> dict[str, Any]:
    return {
        "id": o.pk,
        "code": o.code,
        "name": o.name,
        "provider": o.provider,
        "kind": o.kind,
        "category": o.category,
        "level": o.level,
        "duration_months": o.duration_months,
        "cost": o.cost,
        "validity_months": o.validity_months,
        "dimensions": o.dimensions,
        "organisation": o.organisation.code if o.organisation else None,
    }


def _enrolment_out(e: Enrolment) -> dict[str, Any]:
    return {
        "id": e.pk,
        "person_id": e.person_id,
        "organisation": e.organisation.code,
        "offering": e.offering.code,
        "cohort": e.cohort.name if e.cohort else None,
        "status": e.status,
        "applied_on": e.applied_on,
        "started_on": e.started_on,
        "completed_on": e.completed_on,
        "withdrawn_on": e.withdrawn_on,
        "cost": e.cost,
        "funding_source": e.funding_source,
    }


def _evaluation_out(e: Evaluation) -> dict[str, Any]:
    return {
        "requirement_id": e.requirement.requirement_id,
        "requirement": e.requirement.name,
        "required": e.requirement.required,
        "post_id": e.post.post_id,
        "post_title": e.post.title,
        "status": str(e.status),
        "due_on": e.due_on,
        "valid_until": e.holding.expires_on if e.holding else None,
        "detail": e.reason,
    }


def _record(actor: Actor, person: Person, on: dt.date) -> dict[str, Any]:
    record = selectors.development_record(actor, person=person, on=on)
    return {
        "person_id": person.pk,
        "name": person.full_name,
        "as_of": on,
        "requirements": [_evaluation_out(e) for e in record.evaluations],
        "holdings": [
            {
                "id": h.pk,
                "offering": h.offering.code,
                "awarded_on": h.awarded_on,
                "expires_on": h.expires_on,
                "verified": h.verified_at is not None,
                "evidence_files": len(h.evidence.all()) if record.may_see_evidence else 0,
            }
            for h in record.holdings
        ],
        "enrolments": [_enrolment_out(e) for e in record.enrolments],
    }


def _org(code: str) -> Organisation:
    org = Organisation.objects.filter(code=code.upper()).first()
    if org is None:
        raise Http404("No such organisation, or you do not have access to it.")
    return org


def _offering(actor: Actor, code: str) -> Offering:
    offering = selectors.catalogue_visible(actor).filter(code=code).first()
    if offering is None:
        raise HttpError(422, f"No catalogue entry '{code}'.")
    return offering


def _cohort(org: Organisation, cohort_id: int | None) -> Cohort | None:
    if cohort_id is None:
        return None
    cohort = Cohort.objects.filter(pk=cohort_id, organisation=org).first()
    if cohort is None:
        raise HttpError(422, "No such cohort in this organisation.")
    return cohort


def _services_errors(error: Exception) -> HttpError:
    if isinstance(error, AccessDenied):
        return HttpError(403, str(error))
    assert isinstance(error, ValidationError)
    return HttpError(422, " ".join(error.messages))


@router.get("/catalogue", response=list[OfferingOut], summary="Qualifications and programmes")
def catalogue(request: HttpRequest) -> list[dict[str, Any]]:
    actor = actor_for(request)
    return [_offering_out(o) for o in selectors.catalogue_visible(actor)]


@router.get("/me", response=RecordOut, summary="My development: requirements, holdings, programmes")
def me(request: HttpRequest, as_of: ApiDate | None = None) -> dict[str, Any]:
    actor = actor_for(request)
    if actor.person_id is None:
        raise Http404("Your account is not linked to a staff record.")
    person = selectors.person_visible(actor, actor.person_id)
    return _record(actor, person, as_of or timezone.localdate())


@router.get("/people/{person_id}", response=RecordOut, summary="A person's development record")
def person(request: HttpRequest, person_id: int, as_of: ApiDate | None = None) -> dict[str, Any]:
    actor = actor_for(request)
    found = selectors.person_visible(actor, person_id)
    if found.pk != actor.person_id:
        codes = sorted(selectors.person_org_codes(found.pk))
        audit_record(
            actor=request.user,
            action="view",
            object_type="development_record",
            object_id=found.pk,
            object_label=found.full_name,
            organisation_code=codes[0] if codes else "",
            via="api",
        )
    return _record(actor, found, as_of or timezone.localdate())


@router.get("/organisations/{code}/compliance", summary="Compliance with role requirements")
def compliance(request: HttpRequest, code: str, as_of: ApiDate | None = None) -> dict[str, Any]:
    """Totals, by requirement and by unit; HR/OD administrators also get every person–requirement
    pair. Others who may see the organisation's aggregates get suppressed counts ('*')."""
    actor = actor_for(request)
    org = _org(code)
    if not actor.can_view_aggregates(org.code):
        raise Http404("No such organisation, or you do not have access to it.")
    on = as_of or timezone.localdate()
    hr = actor.sees_unsuppressed(org.code)
    report = selectors.compliance_report(org=org, on=on, suppress=not hr, include_people=hr)
    if hr:
        audit_record(
            actor=request.user,
            action="view",
            object_type="gap_report",
            object_label=f"Gap report {on}",
            organisation_code=org.code,
            via="api",
        )
    return {
        "organisation": org.code,
        "as_of": on,
        "suppressed": not hr,
        "threshold": report.threshold,
        "total": report.organisation,
        "by_requirement": report.by_requirement,
        "by_unit": report.by_unit,
        "desirable_gaps": report.desirable_gaps,
        "gaps": [
            {
                "person_id": r.person_id,
                "name": r.person_name,
                "post_id": r.post_id,
                "post_title": r.post_title,
                "unit": r.unit_path,
                "requirement": r.requirement,
                "required": r.required,
                "status": str(r.status),
                "due_on": r.due_on,
                "valid_until": r.expires_on,
                "detail": r.reason,
            }
            for r in report.rows
        ],
    }


@router.get("/organisations/{code}/conversion", summary="Conversion of clinicians into management")
def conversion(request: HttpRequest, code: str, as_of: ApiDate | None = None) -> dict[str, Any]:
    """Per programme cohort (definitions: docs/metrics.md, 'Development conversion'); suppressed
    for everyone but the organisation's HR/OD administrators."""
    actor = actor_for(request)
    org = _org(code)
    if not actor.can_view_aggregates(org.code):
        raise Http404("No such organisation, or you do not have access to it.")
    on = as_of or timezone.localdate()
    report = selectors.conversion_for_org(
        org=org, as_of=on, suppress=not actor.sees_unsuppressed(org.code)
    )
    return {
        "organisation": org.code,
        "as_of": on,
        "suppressed": report.suppressed,
        "threshold": report.threshold,
        "min_moved_for_cost": report.min_moved,
        "intervals": "95%: Wilson score for rates, percentile bootstrap (2,000 resamples, seeded) "
        "for costs; a null upper limit means unbounded",
        "cohorts": report.summary,
        "tiers": report.tiers,
    }


@router.get("/organisations/{code}/fppt", summary="FPPT board view for a financial year")
def fppt(
    request: HttpRequest, code: str, year: int, as_of: ApiDate | None = None
) -> dict[str, Any]:
    """Chair and company secretary only (403 otherwise); audited."""
    actor = actor_for(request)
    org = _org(code)
    view = selectors.board_view(actor, org=org, year=year, on=as_of or timezone.localdate())
    return {
        "organisation": org.code,
        "year": year,
        "counts": view.counts,
        "members": [
            {
                "person_id": r.member.person.pk,
                "name": r.member.person.full_name,
                "role": r.member.title,
                "tier": r.member.tier,
                "since": r.on_board_since,
                "cycle_id": r.cycle.pk if r.cycle else None,
                "status": r.cycle.status if r.cycle else None,
                "conclusion": (r.cycle.conclusion or None) if r.cycle else None,
                "retain_until": r.retain_until,
            }
            for r in view.members
        ],
        "references": [
            {"person_id": r.person.pk, "kind": r.kind, "event_on": r.event_on, "done": r.done}
            for r in view.references
        ],
    }


@router.get(
    "/organisations/{code}/enrolments",
    response=list[EnrolmentOut],
    summary="An organisation's enrolments (HR/OD administrators)",
)
def enrolment_list(request: HttpRequest, code: str, status: str = "") -> list[dict[str, Any]]:
    actor = actor_for(request)
    org = _org(code)
    if not actor.is_hr_admin(org.code):
        # The same answer as for an organisation that does not exist (issue 11, attack 7).
        raise Http404("No such organisation, or you do not have access to it.")
    rows = Enrolment.objects.filter(organisation=org).select_related(
        "organisation", "offering", "cohort"
    )
    if status:
        rows = rows.filter(status=status)
    return [_enrolment_out(e) for e in rows]


@router.post("/enrolments", response={201: EnrolmentOut}, summary="Enrol one person")
def enrolment_create(request: HttpRequest, payload: EnrolmentIn) -> Status:
    actor = actor_for(request)
    org = _org(payload.organisation)
    if not actor.is_hr_admin(org.code):
        raise PermissionDenied("Only HR/OD administrators of this organisation.")
    found = Person.objects.filter(pk=payload.person_id).first()
    if found is None:
        raise HttpError(422, "No such person.")
    try:
        enrolment = services.enrolment_create(
            actor=actor,
            organisation=org,
            person=found,
            offering=_offering(actor, payload.offering),
            applied_on=payload.applied_on,
            status=payload.status,
            cohort=_cohort(org, payload.cohort_id),
            cost=payload.cost,
            funding_source=payload.funding_source,
        )
    except (AccessDenied, ValidationError) as error:
        raise _services_errors(error) from error
    return Status(201, _enrolment_out(enrolment))


@router.post("/enrolments/bulk", response=BulkEnrolmentOut, summary="Enrol many people at once")
def enrolment_bulk(request: HttpRequest, payload: BulkEnrolmentIn) -> dict[str, Any]:
    actor = actor_for(request)
    org = _org(payload.organisation)
    if not actor.is_hr_admin(org.code):
        raise PermissionDenied("Only HR/OD administrators of this organisation.")
    try:
        result = services.enrolments_bulk_create(
            actor=actor,
            organisation=org,
            offering=_offering(actor, payload.offering),
            person_ids=payload.person_ids,
            applied_on=payload.applied_on,
            status=payload.status,
            cohort=_cohort(org, payload.cohort_id),
            cost=payload.cost,
            funding_source=payload.funding_source,
        )
    except (AccessDenied, ValidationError) as error:
        raise _services_errors(error) from error
    return {
        "created": [_enrolment_out(e) for e in result.created],
        "skipped": [{"person_id": pid, "reason": why} for pid, why in result.skipped],
    }


@router.post(
    "/enrolments/{enrolment_id}/status",
    response=EnrolmentOut,
    summary="Move an enrolment on (enrolled, completed, withdrawn)",
)
def enrolment_status(request: HttpRequest, enrolment_id: int, payload: StatusIn) -> dict[str, Any]:
    actor = actor_for(request)
    enrolment = (
        Enrolment.objects.select_related("organisation", "offering", "cohort")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None or not actor.is_hr_admin(enrolment.organisation.code):
        raise Http404("No such enrolment, or you may not change it.")
    try:
        services.enrolment_set_status(
            actor=actor,
            enrolment=enrolment,
            status=payload.status,
            on=payload.on,
            cost=payload.cost,
        )
    except (AccessDenied, ValidationError) as error:
        raise _services_errors(error) from error
    return _enrolment_out(enrolment)
