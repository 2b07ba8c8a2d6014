"""Talent pool pages: the list, a pool with its members and history, nomination and decisions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from mantle.core.access import Actor, actor_for
from mantle.core.htmx import render_page
from mantle.talent import selectors, services
from mantle.talent.access import managed_person_ids
from mantle.talent.forms import DecisionForm, NominationForm, PoolForm
from mantle.talent.models import TalentPool
from mantle.workforce.models import Person, Tier

from ._helpers import crumbs, form_errors_to_messages, service_call


def _nominees(actor: Actor, pool: TalentPool) -> list[tuple[int, str]]:
    """Whom the actor may nominate: themselves, their chain, or (HR/OD) anyone in the organisation."""
    if actor.is_hr_admin(pool.organisation.code):
        people = Person.objects.filter(employee_numbers__organisation=pool.organisation)
    else:
        ids = managed_person_ids(actor, on=dt.date.today())
        if actor.person_id:
            ids.add(actor.person_id)
        people = Person.objects.filter(pk__in=ids)
    return [(p.pk, p.full_name) for p in people.distinct().order_by("last_name", "first_name")]


def pool_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    return render_page(
        request,
        "talent/pool_list.html",
        {
            "pools": selectors.pools_visible(actor).order_by("organisation__name", "name"),
            "can_create": actor.is_hr_admin_anywhere,
            "breadcrumbs": crumbs(("Talent", "/talent/"), ("Talent pools", "")),
        },
    )


def pool_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    org = selectors.organisation_for_talent(actor, request.GET.get("org"))
    if not actor.is_hr_admin(org.code):
        raise PermissionDenied
    form = PoolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, "Talent pool created."):
            pool = services.pool_create(actor=actor, organisation=org, **form.cleaned_data)
            return redirect("talent:pool_detail", pk=pool.pk)
    return render_page(
        request,
        "talent/pool_form.html",
        {
            "form": form,
            "org": org,
            "breadcrumbs": crumbs(("Talent pools", "/talent/pools/"), ("New pool", "")),
        },
    )


def pool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    pool = selectors.pool_get(actor, pk)
    memberships = selectors.pool_memberships_read(actor, pool)
    nominees = (
        _nominees(actor, pool)
        if pool.organisation.code in actor.roles_by_org or actor.superuser
        else []
    )
    return render_page(
        request,
        "talent/pool_detail.html",
        {
            "pool": pool,
            "memberships": memberships,
            "is_hr": actor.is_hr_admin(pool.organisation.code),
            "nomination_form": NominationForm(people=nominees) if nominees else None,
            "decision_form": DecisionForm(),
            "actor_person": actor.person_id,
            "tier_labels": dict(Tier.choices),
            "breadcrumbs": crumbs(("Talent pools", "/talent/pools/"), (pool.name, "")),
        },
    )


@require_POST
def pool_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    pool = selectors.pool_get(actor, pk)
    form = NominationForm(request.POST, people=_nominees(actor, pool))
    if form.is_valid():
        person = Person.objects.get(pk=form.cleaned_data["person"])
        with service_call(request, f"{person.full_name} nominated."):
            services.pool_nominate(
                actor=actor, pool=pool, person=person, reason=form.cleaned_data["reason"]
            )
    else:
        form_errors_to_messages(request, form)
    return redirect("talent:pool_detail", pk=pk)


@require_POST
def membership_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    membership = selectors.membership_get(actor, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        with service_call(request, "Decision recorded; the nominee will be told by e-mail."):
            services.pool_decide(
                actor=actor,
                membership=membership,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
            )
    else:
        form_errors_to_messages(request, form)
    return redirect("talent:pool_detail", pk=membership.pool_id)


@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    membership = selectors.membership_get(actor, pk)
    with service_call(request, "Membership ended."):
        services.pool_membership_end(
            actor=actor, membership=membership, note=request.POST.get("note", "")
        )
    if request.POST.get("next") == "me":
        return redirect("talent:my_talent")
    return redirect("talent:pool_detail", pk=membership.pool_id)


@require_POST
def membership_consent(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    membership = selectors.membership_get(actor, pk)
    consent = request.POST.get("consent") == "1"
    with service_call(request, "Your choice about sharing has been saved."):
        services.pool_consent_set(actor=actor, membership=membership, consent=consent)
    return redirect("talent:my_talent")
