"""The talent landing page, a person's own talent page, and organisation settings."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from mantle.core.access import actor_for
from mantle.core.htmx import render_page
from mantle.talent import selectors, services
from mantle.talent.access import managed_person_ids
from mantle.talent.forms import SettingsForm

from ._helpers import as_of, crumbs, service_call


def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    orgs = selectors.talent_organisations(actor)
    managed = managed_person_ids(actor, on=as_of(request))
    return render_page(
        request,
        "talent/home.html",
        {
            "orgs": orgs,
            "is_hr": actor.is_hr_admin_anywhere,
            "is_manager": bool(managed),
            "team_size": len(managed),
            "has_person": actor.person_id is not None,
            "sees_aggregates": actor.can_view_aggregates_anywhere,
            "breadcrumbs": crumbs(("Talent", "")),
        },
    )


def my_talent(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    conversations = (
        selectors.conversations_visible(actor).filter(person_id=actor.person_id)
        if actor.person_id
        else []
    )
    return render_page(
        request,
        "talent/my_talent.html",
        {
            "conversations": conversations,
            "placements": selectors.own_placements(actor),
            "memberships": selectors.own_memberships(actor),
            "has_person": actor.person_id is not None,
            "breadcrumbs": crumbs(("Talent", "/talent/"), ("My talent record", "")),
        },
    )


def settings_edit(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    org = selectors.organisation_for_talent(actor, request.GET.get("org"))
    if not actor.is_hr_admin(org.code):
        raise PermissionDenied
    current = services.talent_settings_for(org)
    form = SettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        with service_call(request, "Talent settings saved."):
            services.talent_settings_update(
                actor=actor,
                organisation=org,
                **{k: form.cleaned_data[k] for k in SettingsForm.Meta.fields},
            )
            return redirect(f"{request.path}?org={org.code}")
    return render_page(
        request,
        "talent/settings_edit.html",
        {
            "org": org,
            "form": form,
            "breadcrumbs": crumbs(("Talent", "/talent/"), ("Settings", "")),
        },
    )
