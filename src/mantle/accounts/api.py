"""API: who am I, and what may I do."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from mantle.core.access import actor_for

router = Router(tags=["accounts"])
PREFIX = "me"


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
