"""My team page (line managers)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mantle.core.access import actor_for
from mantle.core.audit import audit_record
from mantle.workforce.selectors import today

from .selectors import team_for


def team(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    if not actor.is_manager_anywhere:
        raise PermissionDenied
    on = today()
    result = team_for(actor, on=on)
    audit_record(
        actor=request.user,
        action="view",
        object_type="team",
        object_label="My team",
        detail={"people": len(result.members)},
    )
    return render(
        request,
        "team/team.html",
        {
            "team": result,
            "on": on,
            "breadcrumbs": [{"text": "Home", "href": "/"}, {"text": "My team", "href": ""}],
        },
    )
