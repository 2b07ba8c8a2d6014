"""Framework pages: browse every version's dimensions, statements, scale and crosswalks; system
administrators publish a new version from an edited copy."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from mantle.capability import selectors, services
from mantle.capability.forms import FrameworkVersionForm
from mantle.capability.models import Crosswalk
from mantle.core.access import actor_for
from mantle.core.htmx import render_page

from ._common import HOME_CRUMB, error_text


def framework_list(request: HttpRequest) -> HttpResponse:
    return render_page(
        request,
        "capability/framework_list.html",
        {
            "versions": list(selectors.framework_versions()),
            "breadcrumbs": [HOME_CRUMB, {"text": "Frameworks", "href": ""}],
        },
    )


def framework_detail(request: HttpRequest, key: str, version: str) -> HttpResponse:
    actor = actor_for(request)
    found = selectors.framework_version_get(key=key, version=version)
    crosswalks = [
        c
        for c in Crosswalk.objects.select_related("source__framework", "target__framework")
        if found.pk in (c.source_id, c.target_id)
    ]
    return render_page(
        request,
        "capability/framework_detail.html",
        {
            "version": found,
            "spec": found.spec(),
            "crosswalks": crosswalks,
            "superuser": actor.superuser,
            "breadcrumbs": [
                HOME_CRUMB,
                {"text": "Frameworks", "href": "/leadership/frameworks/"},
                {"text": str(found), "href": ""},
            ],
        },
    )


def framework_version_new(request: HttpRequest, key: str, version: str) -> HttpResponse:
    actor = actor_for(request)
    if not actor.superuser:
        raise PermissionDenied("Only system administrators can publish framework versions.")
    based_on = selectors.framework_version_get(key=key, version=version)
    if request.method == "POST":
        form = FrameworkVersionForm(request.POST)
        if form.is_valid():
            try:
                created = services.framework_version_create(
                    actor=actor,
                    based_on=based_on,
                    definition_text=form.cleaned_data["definition"],
                )
            except ValidationError as error:
                form.add_error("definition", error_text(error))
            else:
                messages.success(request, f"Published {created}.")
                return redirect("capability:framework_detail", key=key, version=created.version)
    else:
        form = FrameworkVersionForm(
            initial={"definition": json.dumps(based_on.definition, indent=2, ensure_ascii=False)}
        )
    return render_page(
        request,
        "capability/framework_new_version.html",
        {
            "form": form,
            "based_on": based_on,
            "breadcrumbs": [
                HOME_CRUMB,
                {"text": "Frameworks", "href": "/leadership/frameworks/"},
                {"text": "New version", "href": ""},
            ],
        },
    )
