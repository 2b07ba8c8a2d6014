"""Register pages: organisation overview, org chart of posts, post and person pages. Thin: selectors do
the scoping, these views only parse the request and render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages as messages_api
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from mantle.core.access import actor_for
from mantle.core.audit import audit_record
from mantle.core.dates import date_parameter
from mantle.core.htmx import render_page

from . import forms, selectors, services
from .models import PostVersion


def _as_of(request: HttpRequest) -> dt.date:
    return date_parameter(request, "as_of", dt.date.today())


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
            # The linked Mantle account, for those who administer accounts (accounts app pages).
            "account_admin": any(actor.is_hr_admin(code) for code, _ in profile.employee_numbers),
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
            "can_see_divide": actor.can_view_aggregates(org.code),
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
    show_people = actor.is_hr_admin(org.code) or actor.superuser
    # A large organisation's chart is an outline whose units open one at a time (``unit``); a small
    # one, or a search, lists every matching post.
    outline = not q and selectors.org_chart_size(org, on=on) > selectors.CHART_FULL_LIMIT
    if outline:
        tree = selectors.org_chart_outline(org, on=on, open_unit=unit)
    else:
        tree = selectors.org_chart(org, on=on, q=q, unit_path=unit, match_names=show_people)
    return render_page(
        request,
        "workforce/org_chart.html",
        {
            "org": org,
            "on": on,
            "q": q,
            "unit": unit,
            "tree": tree,
            "outline": outline,
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


# --- administrators' edits -------------------------------------------------------------------------------
def _admin_org(request: HttpRequest, code: str) -> Any:
    actor = actor_for(request)
    org = selectors.organisation_get(actor, code)
    if not actor.is_hr_admin(org.code):
        raise PermissionDenied
    return org


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    title: str,
    save: Callable[[dict[str, Any]], str],
    breadcrumbs: list[dict[str, str]],
) -> HttpResponse:
    """Render an edit form; on a valid POST call ``save`` (a service) and redirect to what it returns.
    Service validation errors are shown beside their fields, and nothing is saved."""
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form.cleaned_data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            messages_api.success(request, f"{title}: saved.")
            return redirect(target)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workforce/admin_form.html",
        {"form": form, "title": title, "breadcrumbs": breadcrumbs},
        status=status,
    )


def unit_create(request: HttpRequest, code: str) -> HttpResponse:
    org = _admin_org(request, code)
    form = forms.UnitForm(request.POST or None, organisation=org)

    def save(d: dict[str, Any]) -> str:
        services.unit_create(
            actor=request.user, organisation=org, name=d["name"], parent=d["parent"]
        )
        return reverse("workforce:org_chart", kwargs={"code": org.code})

    return _form_page(
        request,
        form=form,
        title="Add a unit",
        save=save,
        breadcrumbs=[
            {"text": org.name, "href": f"/register/{org.code}/"},
            {"text": "Add a unit", "href": ""},
        ],
    )


def post_create(request: HttpRequest, code: str) -> HttpResponse:
    org = _admin_org(request, code)
    form = forms.PostForm(request.POST or None, organisation=org)

    def save(d: dict[str, Any]) -> str:
        post = services.post_create(actor=request.user, organisation=org, **d)
        return reverse("workforce:post_detail", kwargs={"code": org.code, "post_id": post.pk})

    return _form_page(
        request,
        form=form,
        title="Add a post",
        save=save,
        breadcrumbs=[
            {"text": org.name, "href": f"/register/{org.code}/"},
            {"text": "Add a post", "href": ""},
        ],
    )


def post_edit(request: HttpRequest, code: str, post_id: int) -> HttpResponse:
    org = _admin_org(request, code)
    post = selectors.post_get(org, post_id)
    current = PostVersion.objects.current_on(dt.date.today()).filter(post=post).first()
    if current is None:
        raise Http404("This post is not in the establishment today.")
    initial = {
        f: getattr(current, f)
        for f in (
            "title",
            "unit",
            "reports_to",
            "occupation_code",
            "job_role",
            "pay_band",
            "tier",
            "statutory_clinical",
            "voting",
            "critical",
            "budgeted_fte",
        )
    }
    form = forms.PostChangeForm(request.POST or None, organisation=org, initial=initial)

    def save(d: dict[str, Any]) -> str:
        effective = d.pop("effective")
        changes = {k: v for k, v in d.items() if getattr(current, k) != v}
        if changes:
            services.post_version_change(
                actor=request.user, post=post, effective=effective, **changes
            )
        return reverse("workforce:post_detail", kwargs={"code": org.code, "post_id": post.pk})

    return _form_page(
        request,
        form=form,
        title=f"Change {current.title}",
        save=save,
        breadcrumbs=[
            {"text": org.name, "href": f"/register/{org.code}/"},
            {"text": current.title, "href": f"/register/{org.code}/posts/{post.pk}/"},
            {"text": "Change", "href": ""},
        ],
    )


def person_create(request: HttpRequest, code: str) -> HttpResponse:
    org = _admin_org(request, code)
    form = forms.PersonForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        person = services.person_create(actor=request.user, organisation=org, **d)
        return reverse("workforce:person_detail", kwargs={"person_id": person.pk})

    return _form_page(
        request,
        form=form,
        title="Add a person",
        save=save,
        breadcrumbs=[
            {"text": org.name, "href": f"/register/{org.code}/"},
            {"text": "Add a person", "href": ""},
        ],
    )


def _person_and_admin_org(request: HttpRequest, person_id: int) -> tuple[Any, Any]:
    actor = actor_for(request)
    person = selectors.person_get(actor, person_id)
    codes = [c for c, _ in person.employee_numbers.values_list("organisation__code", "number")]
    admin_codes = [c for c in codes if actor.is_hr_admin(c)]
    if not admin_codes:
        raise PermissionDenied
    return person, selectors.organisation_get(actor, admin_codes[0])


def assignment_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person, org = _person_and_admin_org(request, person_id)
    form = forms.AssignmentForm(request.POST or None, organisation=org)

    def save(d: dict[str, Any]) -> str:
        services.assignment_create(
            actor=request.user,
            organisation=org,
            person_id=person.pk,
            post=d["post"],
            fte=d["fte"],
            start_date=d["start_date"],
            end_date=d["end_date"],
            acting=d["acting"],
        )
        return reverse("workforce:person_detail", kwargs={"person_id": person.pk})

    return _form_page(
        request,
        form=form,
        title=f"Add an assignment for {person.full_name}",
        save=save,
        breadcrumbs=[
            {"text": person.full_name, "href": f"/register/people/{person.pk}/"},
            {"text": "Add an assignment", "href": ""},
        ],
    )


def registration_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person, _org = _person_and_admin_org(request, person_id)
    form = forms.RegistrationForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        services.registration_add(actor=request.user, person_id=person.pk, **d)
        return reverse("workforce:person_detail", kwargs={"person_id": person.pk})

    return _form_page(
        request,
        form=form,
        title=f"Record a registration for {person.full_name}",
        save=save,
        breadcrumbs=[
            {"text": person.full_name, "href": f"/register/people/{person.pk}/"},
            {"text": "Record a registration", "href": ""},
        ],
    )
