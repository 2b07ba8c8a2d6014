"""Reads for user and role administration, scoped by the acting administrator."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404

from mantle.core.access import Actor
from mantle.core.models import AuditEvent
from mantle.workforce.models import Organisation

from .models import GroupRoleMapping, Membership


def administered_organisations(actor: Actor) -> QuerySet[Organisation]:
    """Organisations whose accounts the actor administers: HR/OD administrators their own; superusers all."""
    if actor.superuser:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(code__in=actor.orgs_with("hr_admin")).order_by("name")


def users_manageable(actor: Actor, *, q: str = "") -> QuerySet[Any]:
    """Accounts the actor administers: those holding a role in one of the actor's organisations, or linked
    to a person employed there. Superusers see every account."""
    users = get_user_model().objects.all()
    if not actor.superuser:
        codes = actor.orgs_with("hr_admin")
        users = users.filter(
            Q(memberships__organisation__code__in=codes)
            | Q(person__employee_numbers__organisation__code__in=codes)
        ).distinct()
    q = q.strip()
    if q:
        words = Q()
        for word in q.split():
            words &= (
                Q(username__icontains=word)
                | Q(email__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
            )
        users = users.filter(words)
    return users.order_by("last_name", "first_name", "username")


def memberships_visible(actor: Actor) -> QuerySet[Membership]:
    """Roles an administrator may see on accounts they manage: those in their own organisations (a
    superuser sees all). Roles held elsewhere are counted, not shown."""
    memberships = Membership.objects.select_related("organisation", "granted_by")
    if actor.superuser:
        return memberships
    return memberships.filter(organisation__code__in=actor.orgs_with("hr_admin"))


def user_is_manageable(actor: Actor, user: Any) -> bool:
    return users_manageable(actor).filter(pk=user.pk).exists()


def user_get_manageable(actor: Actor, user_id: int) -> Any:
    """One account, or 404 — the same answer whether it is missing or outside the actor's organisations."""
    user = users_manageable(actor).filter(pk=user_id).first()
    if user is None:
        raise Http404("No such account, or you do not administer it.")
    return user


def user_audit_trail(user: Any, *, limit: int = 50) -> list[AuditEvent]:
    """The changes made to an account, newest first."""
    return list(
        AuditEvent.objects.filter(object_type="user", object_id=str(user.pk)).order_by(
            "-occurred_at", "-id"
        )[:limit]
    )


def group_mappings_visible(actor: Actor) -> QuerySet[GroupRoleMapping]:
    mappings = GroupRoleMapping.objects.select_related("organisation")
    if actor.superuser:
        return mappings
    return mappings.filter(organisation__code__in=actor.orgs_with("hr_admin"))
