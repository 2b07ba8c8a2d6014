"""Register API: organisations, units, posts, people and assignments, scoped by role and paginated;
writes (units, posts, assignments) for HR/OD administrators."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from mantle.core.access import actor_for
from mantle.core.audit import audit_record
from mantle.core.dates import ApiDate
from mantle.core.pagination import LimitOffsetPagination
from mantle.core.schemas import ERRORS

from . import selectors, services
from .models import Assignment, Organisation, Post, PostVersion, Unit

router = Router(tags=["register"])
PREFIX = "register"


class OrganisationOut(Schema):
    code: str
    name: str
    org_type: str
    region_code: str


class UnitOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.code")
    path: str
    depth: int


class PostOut(Schema):
    post_id: int
    position_number: str = Field(..., alias="post.position_number")
    title: str
    unit: str = Field(..., alias="unit.path")
    tier: str
    tier_source: str
    job_role: str
    pay_band: str
    occupation_code: str
    statutory_clinical: bool
    critical: bool
    valid_from: dt.date


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date


class AssignmentOut(Schema):
    id: int
    assignment_number: str
    person_id: int
    post_id: int
    fte: Decimal
    start_date: dt.date
    valid_from: dt.date
    valid_to: dt.date | None
    acting: bool


class DateFilter(Schema):
    as_of: dt.date | None = None


class UnitIn(Schema):
    organisation: str = Field(..., description="ODS code", min_length=3, max_length=8)
    name: str = Field(..., min_length=1, max_length=200)
    parent_path: str = Field("", description="path of the parent unit; empty for a top-level unit")


class AssignmentIn(Schema):
    person_id: int
    post_id: int
    fte: Decimal = Field(..., gt=0, le=Decimal("1.5"))
    start_date: ApiDate
    end_date: ApiDate | None = None
    acting: bool = False


def _org_for_admin(request: HttpRequest, code: str) -> Organisation:
    actor = actor_for(request)
    org = Organisation.objects.filter(code=code.upper()).first()
    if org is None or not actor.is_hr_admin(org.code):
        raise HttpError(
            403, "Only HR/OD administrators of the organisation can change its register."
        )
    return org


@router.get(
    "/organisations", response=list[OrganisationOut], summary="Organisations you can browse"
)
@paginate(LimitOffsetPagination)
def organisation_list(request: HttpRequest):
    return selectors.organisations_for_register(actor_for(request))


@router.get("/organisations/{code}/units", response=list[UnitOut])
@paginate(LimitOffsetPagination)
def unit_list(request: HttpRequest, code: str):
    org = selectors.organisation_get(actor_for(request), code)
    return Unit.objects.filter(organisation=org).select_related("organisation").order_by("path")


@router.get(
    "/organisations/{code}/posts", response=list[PostOut], summary="The establishment on a date"
)
@paginate(LimitOffsetPagination)
def post_list(request: HttpRequest, code: str, filters: Query[DateFilter], tier: str | None = None):
    org = selectors.organisation_get(actor_for(request), code)
    versions = (
        PostVersion.objects.current_on(filters.as_of or dt.date.today())
        .filter(organisation=org)
        .select_related("post", "unit")
        .order_by("post_id")
    )
    if tier:
        versions = versions.filter(tier=tier)
    return versions


@router.get("/people", response=list[PersonOut], summary="People whose records you may see")
@paginate(LimitOffsetPagination)
def person_list(request: HttpRequest, q: str = ""):
    people = selectors.people_visible(actor_for(request)).order_by("last_name", "first_name", "pk")
    if q:
        people = people.filter(last_name__icontains=q)
    return people


@router.get("/people/{person_id}", response=PersonOut)
def person_detail(request: HttpRequest, person_id: int) -> object:
    actor = actor_for(request)
    person = selectors.person_get(actor, person_id)
    if person.pk != actor.person_id:
        audit_record(
            actor=request.user,
            action="view",
            object_type="person",
            object_id=person.pk,
            object_label=person.full_name,
            via="api",
        )
    return person


@router.get("/people/{person_id}/assignments", response=list[AssignmentOut])
def person_assignments(request: HttpRequest, person_id: int) -> object:
    person = selectors.person_get(actor_for(request), person_id)
    return Assignment.objects.live().filter(person=person).order_by("valid_from")


@router.post(
    "/units", response={201: UnitOut, **ERRORS}, summary="Create a unit (HR/OD administrators)"
)
def unit_create(request: HttpRequest, payload: UnitIn) -> tuple[int, Unit]:
    org = _org_for_admin(request, payload.organisation)
    path = f"{payload.parent_path}/{payload.name}" if payload.parent_path else payload.name
    if (
        payload.parent_path
        and not Unit.objects.filter(organisation=org, path=payload.parent_path).exists()
    ):
        raise HttpError(422, f"No parent unit {payload.parent_path!r} in {org.code}.")
    unit = services.unit_ensure_paths(org=org, paths={path})[path]
    audit_record(
        actor=request.user,
        action="create",
        object_type="unit",
        object_id=unit.pk,
        object_label=path,
        organisation_code=org.code,
        via="api",
    )
    return 201, unit


@router.post(
    "/organisations/{code}/assignments",
    response={201: AssignmentOut, **ERRORS},
    summary="Add an assignment (HR/OD administrators)",
)
def assignment_create(
    request: HttpRequest, code: str, payload: AssignmentIn
) -> tuple[int, Assignment]:
    org = _org_for_admin(request, code)
    post = Post.objects.filter(organisation=org, pk=payload.post_id).first()
    if post is None:
        raise HttpError(404, "No such post in this organisation.")
    if not selectors.people_visible(actor_for(request)).filter(pk=payload.person_id).exists():
        raise HttpError(404, "No such person, or you do not have access to their record.")
    try:
        assignment = services.assignment_create(
            actor=request.user,
            organisation=org,
            person_id=payload.person_id,
            post=post,
            fte=payload.fte,
            start_date=payload.start_date,
            end_date=payload.end_date,
            acting=payload.acting,
        )
    except ValidationError as exc:
        raise HttpError(
            422, "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        ) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    return 201, assignment
