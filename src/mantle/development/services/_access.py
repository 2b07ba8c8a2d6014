"""Permission checks shared by the development services (raise ``AccessDenied``)."""

from __future__ import annotations

from typing import Any

from mantle.core.access import AccessDenied, Actor
from mantle.development.selectors.people import may_manage_person


def require_hr_admin(actor: Actor, org_code: str) -> None:
    """Rule: only HR/OD administrators of the organisation (or superusers) manage its development
    records: catalogue entries, cohorts, enrolments and requirements."""
    if not actor.is_hr_admin(org_code):
        raise AccessDenied("Only HR/OD administrators of this organisation can do this.")


def require_self_or_admin(actor: Actor, person_id: int) -> None:
    """Rule: a person records their own holdings; HR/OD administrators record anyone's in their
    organisation. Line managers see, but do not change, their team's records."""
    if actor.person_id != person_id and not may_manage_person(actor, person_id):
        raise AccessDenied("You can only change your own development record.")


def acting_user(actor: Actor) -> Any:
    """The signed-in user to store on a record (None for anonymous or system actions)."""
    user = actor.user
    return user if getattr(user, "is_authenticated", False) else None
