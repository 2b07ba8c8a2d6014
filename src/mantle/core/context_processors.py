"""What every page needs: the acting user's roles and the navigation they may use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from .access import Actor, actor_for


def _nav_spec(actor: Actor) -> list[tuple[str, str, bool]]:
    return [
        ("My profile", "workforce:my_profile", True),
        ("The divide", "divide:dashboard", actor.can_view_aggregates_anywhere),
        (
            "Organisation",
            "workforce:organisation_list",
            bool(actor.organisation_codes_with_register_access()),
        ),
        ("Leadership", "capability:home", True),
        # Everyone has a talent conversation and may join pools; each page scopes what it shows.
        ("Talent", "talent:home", True),
        ("Development", "development:home", True),
        ("Users", "accounts:users", actor.is_hr_admin_anywhere),
    ]


def mantle(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {"actor": None, "navigation": []}
    actor = actor_for(request)
    items: list[dict[str, Any]] = []
    for text, name, allowed in _nav_spec(actor):
        if not allowed:
            continue
        try:
            href = reverse(name)
        except NoReverseMatch:  # an app whose pages are not installed in this deployment
            continue
        items.append({"text": text, "href": href, "current": request.path.startswith(href)})
    return {"actor": actor, "navigation": items}
