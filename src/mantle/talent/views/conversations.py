"""Talent conversation pages: the person's own record, their manager's view, and HR/OD's counts."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from mantle.core.access import actor_for
from mantle.core.dates import years_from
from mantle.core.htmx import render_page
from mantle.talent import measures, selectors, services
from mantle.talent.access import managed_person_ids
from mantle.talent.forms import ActionForm, ConversationForm
from mantle.talent.models import ConversationAction, TalentConversation
from mantle.workforce.models import Person

from ._helpers import crumbs, form_errors_to_messages, service_call

FIELDS = ConversationForm.Meta.fields
TEAM_PAGE_SIZE = 50


def conversation_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    today = dt.date.today()
    team_ids = managed_person_ids(actor, on=today)
    visible = selectors.conversations_visible(actor)
    # A divisional director manages over a thousand people: their team is listed a page at a time,
    # by name, and only that page's conversations are read.
    page = Paginator(
        Person.objects.filter(pk__in=team_ids).order_by("last_name", "first_name", "pk"),
        TEAM_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    latest: dict[int, TalentConversation] = {}
    for c in visible.filter(person_id__in=[p.pk for p in page]).order_by("held_on", "pk"):
        latest[c.person_id] = c
    team = [(p, latest.get(p.pk)) for p in page]
    return render_page(
        request,
        "talent/conversation_list.html",
        {
            "mine": visible.filter(person_id=actor.person_id) if actor.person_id else [],
            "team": team,
            "team_page": page,
            "has_person": actor.person_id is not None,
            "breadcrumbs": crumbs(("Talent", "/talent/"), ("Talent conversations", "")),
        },
    )


def conversation_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    raw = request.GET.get("person") or actor.person_id
    if not raw:
        raise PermissionDenied("Your account is not linked to a staff record.")
    try:
        person = selectors.person_for_talent(actor, int(raw))
    except ValueError:
        raise PermissionDenied("Choose a person.") from None
    form = ConversationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, "Talent conversation recorded."):
            conversation = services.conversation_create(
                actor=actor, person=person, **{k: form.cleaned_data[k] for k in FIELDS}
            )
            return redirect("talent:conversation_detail", pk=conversation.pk)
    return render_page(
        request,
        "talent/conversation_form.html",
        {
            "form": form,
            "person": person,
            "is_self": person.pk == actor.person_id,
            "breadcrumbs": crumbs(
                ("Talent conversations", "/talent/conversations/"), ("New conversation", "")
            ),
        },
    )


def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    conversation = selectors.conversation_get(actor, pk)
    return render_page(
        request,
        "talent/conversation_detail.html",
        {
            "c": conversation,
            "actions": conversation.actions.all(),
            "is_self": conversation.person_id == actor.person_id,
            "action_form": ActionForm(),
            "breadcrumbs": crumbs(
                ("Talent conversations", "/talent/conversations/"),
                (conversation.person.full_name, ""),
            ),
        },
    )


def conversation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    conversation = selectors.conversation_get(actor, pk)
    form = ConversationForm(
        request.POST if request.method == "POST" else None, instance=conversation
    )
    if request.method == "POST" and form.is_valid():
        with service_call(request, "Talent conversation updated."):
            fresh = TalentConversation.objects.get(pk=conversation.pk)
            services.conversation_update(
                actor=actor, conversation=fresh, **{k: form.cleaned_data[k] for k in FIELDS}
            )
            return redirect("talent:conversation_detail", pk=pk)
    return render_page(
        request,
        "talent/conversation_form.html",
        {
            "form": form,
            "person": conversation.person,
            "conversation": conversation,
            "is_self": conversation.person_id == actor.person_id,
            "breadcrumbs": crumbs(
                ("Talent conversations", "/talent/conversations/"), ("Edit conversation", "")
            ),
        },
    )


@require_POST
def conversation_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    conversation = selectors.conversation_get(actor, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        with service_call(request, "Action added to the development plan."):
            services.conversation_action_add(
                actor=actor, conversation=conversation, **form.cleaned_data
            )
    else:
        form_errors_to_messages(request, form)
    return redirect("talent:conversation_detail", pk=pk)


@require_POST
def conversation_action_complete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    action = get_object_or_404(ConversationAction, pk=pk)
    selectors.conversation_get(actor, action.conversation_id)
    with service_call(request, "Action marked as done."):
        services.conversation_action_complete(actor=actor, action=action)
    return redirect("talent:conversation_detail", pk=action.conversation_id)


@require_POST
def conversation_agree(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    conversation = selectors.conversation_get(actor, pk)
    with service_call(request, "You have agreed this record."):
        services.conversation_agree(actor=actor, conversation=conversation)
    return redirect("talent:conversation_detail", pk=pk)


def conversation_summary(request: HttpRequest) -> HttpResponse:
    """HR/OD's view: counts only. Executives see the same counts suppressed."""
    actor = actor_for(request)
    org = selectors.organisation_for_talent(actor, request.GET.get("org"))
    if not (actor.is_hr_admin(org.code) or actor.can_view_aggregates(org.code)):
        raise PermissionDenied
    today = dt.date.today()
    since = years_from(today, -1)
    suppress = not actor.sees_unsuppressed(org.code)
    counts, notes = measures.conversation_counts(organisation=org, since=since, suppress=suppress)
    return render_page(
        request,
        "talent/conversation_summary.html",
        {
            "org": org,
            "orgs": selectors.talent_organisations(actor),
            "counts": counts,
            "footnotes": notes,
            "since": since,
            "suppress": suppress,
            "readiness": TalentConversation.CareerReadiness.choices,
            "interest": [c for c in TalentConversation.ManagementInterest.choices if c[0]],
            "breadcrumbs": crumbs(("Talent", "/talent/"), ("Talent conversations: summary", "")),
        },
    )
