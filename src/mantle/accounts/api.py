"""API: who am I (``/api/v1/me/``), and user and role administration for HR/OD administrators
(``/api/v1/users/``): list and read accounts, invite, grant and revoke roles with a reason, deactivate and
reactivate. The same services as the pages (``accounts.services``), so the same rules and the same audit
trail (marked ``via: api``); the same scope (``accounts.selectors``): an account outside the caller's
organisations answers 404 like a missing one."""

import datetime as dt
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja import Path as PathParam
from ninja.pagination import paginate

from mantle.core.access import Actor, actor_for
from mantle.core.pagination import LimitOffsetPagination
from mantle.core.schemas import ERRORS
from mantle.workforce.models import Organisation

from . import selectors, services
from .models import Membership

router = Router(tags=["accounts"])
PREFIX = "me"
users_router = Router(tags=["users"])
# Mounted beside ``router`` by config.api: /api/v1/users/…
EXTRA_ROUTERS = {"users": users_router}


class RoleOut(Schema):
    organisation: str | None
    role: str


class MeOut(Schema):
    username: str
    person_id: int | None
    analyst: bool
    roles: list[RoleOut]


@router.get("", response=MeOut, summary="The calling user and their roles")
def me(request: HttpRequest) -> dict[str, Any]:
    actor = actor_for(request)
    roles: list[dict[str, Any]] = [
        {"organisation": code, "role": role}
        for code, held in sorted(actor.roles_by_org.items())
        for role in sorted(held)
    ]
    if actor.analyst:
        roles.append({"organisation": None, "role": "analyst"})
    return {
        "username": request.user.get_username(),
        "person_id": actor.person_id,
        "analyst": actor.analyst,
        "roles": roles,
    }


# --- User and role administration ----------------------------------------------------------------------------

RoleName = Literal[
    "staff", "line_manager", "hr_admin", "executive", "analyst", "chair", "company_secretary"
]
Reason = Field(
    ...,
    min_length=1,
    max_length=2000,
    description="Why (recorded in the audit trail), e.g. 'Started as ward manager'.",
)


class AccountsRoleOut(Schema):
    id: int
    organisation: str | None = Field(None, description="ODS code; null for a system analyst")
    role: str
    role_name: str
    source: str = Field(
        ..., description="manual, or idp_group (from a mapped identity-provider group)"
    )
    reason: str
    granted_by: str | None
    granted_at: dt.datetime


class AccountsUserOut(Schema):
    id: int
    username: str
    email: str
    first_name: str
    last_name: str
    is_active: bool
    last_login: dt.datetime | None
    person_id: int | None = Field(None, description="The linked staff record, if any")
    roles: list[AccountsRoleOut] = Field(
        ..., description="Roles in organisations you administer (all roles, for a superuser)"
    )
    roles_elsewhere: int = Field(..., description="How many roles the account holds elsewhere")


class AccountsInviteIn(Schema):
    email: str = Field(..., min_length=3, max_length=254)
    first_name: str = Field(..., min_length=1, max_length=150)
    last_name: str = Field(..., min_length=1, max_length=150)
    organisation: str = Field(..., min_length=3, max_length=8, description="ODS code")
    role: RoleName
    reason: str = Reason
    person_id: int | None = Field(
        None, ge=1, le=2_147_483_647, description="Link the account to this staff record"
    )


class AccountsRoleGrantIn(Schema):
    organisation: str | None = Field(
        ..., min_length=3, max_length=8, description="ODS code; null only for a system analyst"
    )
    role: RoleName
    reason: str = Reason


class AccountsReasonIn(Schema):
    reason: str = Reason


class AccountsUserFilter(Schema):
    q: str = Field("", max_length=200, description="Words to find in name, username or e-mail")


# Path ids are bounded so an out-of-range id is a 422 naming it, never a database error.
def _id() -> Any:
    return PathParam(..., ge=1, le=2_147_483_647)


def _admin(request: HttpRequest) -> Actor:
    actor = actor_for(request)
    if not actor.is_hr_admin_anywhere:
        raise PermissionDenied("Only HR/OD administrators manage accounts.")
    return actor


def _users(actor: Actor) -> QuerySet[Any]:
    """Accounts the actor manages, with their visible roles and a count of the others: three queries
    for a page of any size."""
    total = (
        Membership.objects.filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        get_user_model()
        .objects.filter(pk__in=selectors.users_manageable(actor).values("pk"))
        .select_related("person")
        .annotate(roles_total=Coalesce(Subquery(total, output_field=IntegerField()), 0))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=selectors.memberships_visible(actor).order_by(
                    "organisation__code", "role"
                ),
                to_attr="visible_roles",
            )
        )
        .order_by("last_name", "first_name", "username")
    )


def _role_out(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "organisation": m.organisation.code if m.organisation else None,
        "role": m.role,
        "role_name": m.get_role_display(),
        "source": m.source,
        "reason": m.reason,
        "granted_by": m.granted_by.get_username() if m.granted_by else None,
        "granted_at": m.created_at,
    }


def _user_out(user: Any) -> dict[str, Any]:
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    roles = [_role_out(m) for m in user.visible_roles]
    return {
        "id": user.pk,
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": user.is_active,
        "last_login": user.last_login,
        "person_id": person.pk if person is not None else None,
        "roles": roles,
        "roles_elsewhere": max(0, user.roles_total - len(roles)),
    }


def _one(actor: Actor, user_id: int) -> Any:
    user = _users(actor).filter(pk=user_id).first()
    if user is None:
        raise Http404("No such account, or you do not administer it.")
    return user


def _refused(
    error: DjangoValidationError, fields: dict[str, str] | None = None
) -> tuple[int, dict]:
    """A service's refusal as a 422 naming each body field (``fields`` renames the service's names)."""
    fields = fields or {}
    errors = [
        {"field": fields.get(name, name), "message": message, "type": "refused"}
        for name, messages in error.message_dict.items()
        for message in messages
    ]
    return 422, {
        "code": "validation_error",
        "message": "Some values are not valid.",
        "errors": errors,
    }


def _administered(actor: Actor, code: str) -> Organisation | None:
    return selectors.administered_organisations(actor).filter(code=code.strip().upper()).first()


def _no_organisation(code: str) -> tuple[int, dict]:
    # The same answer whether the code is unknown or another organisation's: no existence leak.
    return _refused(
        DjangoValidationError(
            {"organisation": f"You do not administer an organisation with ODS code {code!r}."}
        )
    )


@users_router.get(
    "",
    response={200: list[AccountsUserOut], **ERRORS},
    summary="Accounts you administer (HR/OD administrators)",
)
@paginate(LimitOffsetPagination)
def user_list(request: HttpRequest, filters: Query[AccountsUserFilter]) -> Any:
    actor = _admin(request)
    users = _users(actor)
    if filters.q.strip():
        users = users.filter(pk__in=selectors.users_manageable(actor, q=filters.q).values("pk"))
    return _Page(users)


class _Page:
    """A queryset the paginator slices, turning each account of the page into its API shape (the
    prefetch runs once for the page)."""

    def __init__(self, users: QuerySet[Any]) -> None:
        self.users = users

    def count(self) -> int:
        return self.users.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [_user_out(u) for u in self.users[item]]


@users_router.get(
    "/{user_id}",
    response={200: AccountsUserOut, **ERRORS},
    summary="One account you administer",
)
def user_detail(request: HttpRequest, user_id: int = _id()) -> dict[str, Any]:
    return _user_out(_one(_admin(request), user_id))


@users_router.post(
    "",
    response={201: AccountsUserOut, **ERRORS},
    summary="Invite a user: a new account with one role, e-mailed a link to set a password",
)
def user_invite(request: HttpRequest, payload: AccountsInviteIn) -> tuple[int, Any]:
    actor = _admin(request)
    try:
        validate_email(payload.email.strip())
    except DjangoValidationError:
        return _refused(DjangoValidationError({"email": "Enter a valid e-mail address."}))
    organisation = _administered(actor, payload.organisation)
    if organisation is None:
        return _no_organisation(payload.organisation)
    person = None
    if payload.person_id is not None:
        from mantle.workforce.selectors import people_visible

        person = people_visible(actor).filter(pk=payload.person_id).first()
        if person is None:
            return _refused(
                DjangoValidationError(
                    {"person_id": "No staff record with this id that you can see."}
                )
            )
    try:
        user = services.user_invite(
            actor=actor,
            email=payload.email,
            first_name=payload.first_name,
            last_name=payload.last_name,
            organisation=organisation,
            role=payload.role,
            reason=payload.reason,
            person=person,
            via="api",
        )
    except DjangoValidationError as error:
        return _refused(error, {"person": "person_id"})
    return 201, _user_out(_one(actor, user.pk))


@users_router.post(
    "/{user_id}/roles",
    response={201: AccountsRoleOut, **ERRORS},
    summary="Grant a role in an organisation, with a reason",
)
def role_grant(
    request: HttpRequest, payload: AccountsRoleGrantIn, user_id: int = _id()
) -> tuple[int, Any]:
    actor = _admin(request)
    user = _one(actor, user_id)
    organisation = None
    if payload.organisation is not None:
        organisation = _administered(actor, payload.organisation)
        if organisation is None:
            return _no_organisation(payload.organisation)
    try:
        membership = services.role_grant(
            actor=actor,
            user=user,
            organisation=organisation,
            role=payload.role,
            reason=payload.reason,
            via="api",
        )
    except DjangoValidationError as error:
        return _refused(error)
    membership = Membership.objects.select_related("organisation", "granted_by").get(
        pk=membership.pk
    )
    return 201, _role_out(membership)


@users_router.post(
    "/{user_id}/roles/{membership_id}/revoke",
    response={200: AccountsUserOut, **ERRORS},
    summary="Revoke a role, with a reason",
)
def role_revoke(
    request: HttpRequest,
    payload: AccountsReasonIn,
    user_id: int = _id(),
    membership_id: int = _id(),
) -> Any:
    actor = _admin(request)
    user = _one(actor, user_id)
    membership = selectors.memberships_visible(actor).filter(pk=membership_id, user=user).first()
    if membership is None:
        raise Http404("No such role on this account, or you do not administer it.")
    try:
        services.role_revoke(actor=actor, membership=membership, reason=payload.reason, via="api")
    except DjangoValidationError as error:
        return _refused(error)
    return 200, _user_out(_one(actor, user.pk))


def _set_active(request: HttpRequest, user_id: int, reason: str, *, active: bool) -> Any:
    actor = _admin(request)
    user = _one(actor, user_id)
    try:
        services.user_active_set(actor=actor, user=user, active=active, reason=reason, via="api")
    except DjangoValidationError as error:
        return _refused(error)
    return 200, _user_out(_one(actor, user.pk))


@users_router.post(
    "/{user_id}/deactivate",
    response={200: AccountsUserOut, **ERRORS},
    summary="Deactivate an account: it can no longer sign in and its API tokens stop working",
)
def user_deactivate(request: HttpRequest, payload: AccountsReasonIn, user_id: int = _id()) -> Any:
    return _set_active(request, user_id, payload.reason, active=False)


@users_router.post(
    "/{user_id}/reactivate",
    response={200: AccountsUserOut, **ERRORS},
    summary="Reactivate a deactivated account",
)
def user_reactivate(request: HttpRequest, payload: AccountsReasonIn, user_id: int = _id()) -> Any:
    return _set_active(request, user_id, payload.reason, active=True)
