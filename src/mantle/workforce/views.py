"""Register pages: organisation overview, org chart of posts, post and person pages. Thin: selectors do
the scoping, these views only parse the request and render."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mantle.core.access import actor_for
from mantle.core.audit import audit_record
from mantle.core.htmx import render_page

from . import selectors
from .models import PostVersion


def _as_of(request: HttpRequest) -> dt.date:
    raw = request.GET.get("as_of", "")
    try:
        return dt.date.fromisoformat(raw) if raw else dt.date.today()
    except ValueError:
        return dt.date.today()


def my_profile(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    if actor.person_id is None:
        return render(request, "workforce/person_none.html")
    return redirect("workforce:person_detail", person_id=actor.person_id)


def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_for(request)
    person = selectors.person_get(actor, person_id)
    on = _as_of(request)
    if person.pk != actor.person_id:
        codes = [c for c, _ in person.employee_numbers.values_list("organisation__code", "number")]
        audit_record(
            actor=request.user,
            action="view",
            object_type="person",
            object_id=person.pk,
            object_label=person.full_name,
            organisation_code=codes[0] if codes else "",
        )
    profile = selectors.person_profile(person, on=on)
    equality = None
    if any(actor.is_hr_admin(code) for code, _ in profile.employee_numbers):
        equality = getattr(person, "equality", None)
    return render_page(
        request,
        "workforce/person_detail.html",
        {
            "profile": profile,
            "on": on,
            "equality": equality,
            "is_self": person.pk == actor.person_id,
            "breadcrumbs": [{"text": "Home", "href": "/"}, {"text": person.full_name, "href": ""}],
        },
    )


def organisation_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    orgs = list(selectors.organisations_for_register(actor))
    if len(orgs) == 1:
        return redirect("workforce:organisation_detail", code=orgs[0].code)
    return render(request, "workforce/organisation_list.html", {"organisations": orgs})


def organisation_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_for(request)
    org = selectors.organisation_get(actor, code)
    on = _as_of(request)
    versions = PostVersion.objects.current_on(on).filter(organisation=org)
    from .models import Assignment

    current = Assignment.objects.current_on(on).filter(organisation=org)
    stats = {
        "posts": versions.count(),
        "management_posts": versions.exclude(tier="none").count(),
        "headcount": current.values("person_id").distinct().count(),
        "vacant_management": versions.exclude(tier="none")
        .exclude(post_id__in=current.values("post_id"))
        .count(),
        "units": org.units.count(),
    }
    return render(
        request,
        "workforce/organisation_detail.html",
        {
            "org": org,
            "on": on,
            "stats": stats,
            "is_admin": actor.is_hr_admin(org.code),
            "breadcrumbs": [
                {"text": "Organisations", "href": "/register/"},
                {"text": org.name, "href": ""},
            ],
        },
    )


def org_chart(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_for(request)
    org = selectors.organisation_get(actor, code)
    on = _as_of(request)
    q = request.GET.get("q", "").strip()
    unit = request.GET.get("unit", "").strip()
    tree = selectors.org_chart(org, on=on, q=q, unit_path=unit)
    show_people = actor.is_hr_admin(org.code) or actor.superuser
    return render_page(
        request,
        "workforce/org_chart.html",
        {
            "org": org,
            "on": on,
            "q": q,
            "unit": unit,
            "tree": tree,
            "show_people": show_people,
            "expand": bool(q),
            "breadcrumbs": [
                {"text": "Organisations", "href": "/register/"},
                {"text": org.name, "href": f"/register/{org.code}/"},
                {"text": "Org chart", "href": ""},
            ],
        },
    )


def post_detail(request: HttpRequest, code: str, post_id: int) -> HttpResponse:
    actor = actor_for(request)
    org = selectors.organisation_get(actor, code)
    post = selectors.post_get(org, post_id)
    versions, holders = selectors.post_history(post)
    if not versions:
        raise Http404("No such post.")
    show_people = actor.is_hr_admin(org.code) or actor.superuser
    return render(
        request,
        "workforce/post_detail.html",
        {
            "org": org,
            "post": post,
            "versions": versions,
            "holders": holders,
            "show_people": show_people,
            "current": versions[0],
            "breadcrumbs": [
                {"text": org.name, "href": f"/register/{org.code}/"},
                {"text": "Org chart", "href": f"/register/{org.code}/chart/"},
                {"text": versions[0].title, "href": ""},
            ],
        },
    )
