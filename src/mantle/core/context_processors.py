"""What every page needs: the acting user's roles and the navigation they may use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from .access import Actor, actor_for


def _nav_spec(actor: Actor) -> list[tuple[str, str, bool]]:
    return [
        ("My profile", "workforce:my_profile", True),
        ("My team", "team:team", actor.is_manager_anywhere),
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
        ("Outcomes", "outcomes:explore", actor.can_view_aggregates_anywhere),
        ("Scenarios", "scenarios:scenario_list", actor.can_view_aggregates_anywhere),
        ("Opportunities", "opportunities:home", True),
        ("Users", "accounts:users", actor.is_hr_admin_anywhere),
    ]


def mantle(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # An error page for a request refused before authentication (a bad Host header: 400) has no user.
    if user is None or not user.is_authenticated:
        return {"actor": None, "navigation": []}
    actor = actor_for(request)
    items: list[dict[str, Any]] = []
    matched: list[int] = []
    for text, name, allowed in _nav_spec(actor):
        if not allowed:
            continue
        try:
            href = reverse(name)
        except NoReverseMatch:  # an app whose pages are not installed in this deployment
            continue
        prefixes = [href, *_aliases(name, actor)]
        matched.append(max((len(p) for p in prefixes if request.path.startswith(p)), default=0))
        items.append({"text": text, "href": href, "current": False})
    # One item is current: the one whose address (or alias) matches the most of the path, so the
    # person's own profile under /register/people/ is "My profile", not "Organisation".
    best = max(matched, default=0)
    if best:
        items[matched.index(best)]["current"] = True
    return {"actor": actor, "navigation": items}


def _aliases(name: str, actor: Actor) -> list[str]:
    """Other addresses that belong to a navigation item: "My profile" redirects to the person's
    own record page."""
    if name == "workforce:my_profile" and actor.person_id is not None:
        try:
            return [reverse("workforce:person_detail", kwargs={"person_id": actor.person_id})]
        except NoReverseMatch:
            return []
    return []
