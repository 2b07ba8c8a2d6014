"""Talent conversations: owned by the person, visible to their line manager, counts only for HR/OD."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from mantle.core.access import AccessDenied
from mantle.core.models import AuditEvent
from mantle.talent import measures, selectors, services

from .conftest import Trust

pytestmark = pytest.mark.django_db
FIELDS = {
    "impact": "high",
    "readiness": "ready_1_2_years",
    "growth_stretch": True,
    "management_interest": "senior",
    "held_on": dt.date(2026, 1, 10),
}


def test_the_person_records_and_agrees_their_conversation(trust: Trust) -> None:
    c = services.conversation_create(actor=trust.actor("sam"), person=trust.people["sam"], **FIELDS)
    assert c.status == "draft" and c.coach_id is None
    services.conversation_agree(actor=trust.actor("sam"), conversation=c)
    c.refresh_from_db()
    assert c.status == "agreed"


def test_a_managers_change_returns_the_record_to_draft_and_names_the_coach(trust: Trust) -> None:
    c = services.conversation_create(actor=trust.actor("sam"), person=trust.people["sam"], **FIELDS)
    services.conversation_agree(actor=trust.actor("sam"), conversation=c)
    services.conversation_update(actor=trust.actor("dina"), conversation=c, readiness="ready_now")
    c.refresh_from_db()
    assert (c.status, c.coach_id, c.readiness) == ("draft", trust.people["dina"].pk, "ready_now")
    with pytest.raises(AccessDenied):
        services.conversation_agree(actor=trust.actor("dina"), conversation=c)


def test_hr_cannot_read_or_write_a_conversation(trust: Trust) -> None:
    c = services.conversation_create(actor=trust.actor("sam"), person=trust.people["sam"], **FIELDS)
    with pytest.raises(Http404):
        selectors.conversation_get(trust.actor("hr"), c.pk)
    with pytest.raises(AccessDenied):
        services.conversation_create(actor=trust.actor("hr"), person=trust.people["sam"], **FIELDS)


def test_a_managers_read_is_audited_and_an_outsider_gets_404(trust: Trust) -> None:
    c = services.conversation_create(actor=trust.actor("sam"), person=trust.people["sam"], **FIELDS)
    selectors.conversation_get(trust.actor("dina"), c.pk)
    assert AuditEvent.objects.filter(
        action="view", object_type="talent.talentconversation", actor_label="dina"
    ).exists()
    with pytest.raises(Http404):
        selectors.conversation_get(trust.actor("carol"), c.pk + 999)


def test_future_dates_and_empty_actions_are_refused(trust: Trust) -> None:
    with pytest.raises(ValidationError, match="future"):
        services.conversation_create(
            actor=trust.actor("sam"),
            person=trust.people["sam"],
            **{**FIELDS, "held_on": dt.date.today() + dt.timedelta(1)},
        )
    c = services.conversation_create(actor=trust.actor("sam"), person=trust.people["sam"], **FIELDS)
    with pytest.raises(ValidationError, match="Describe"):
        services.conversation_action_add(
            actor=trust.actor("sam"), conversation=c, description=" ", due_on=dt.date(2027, 1, 1)
        )


def test_counts_are_suppressed_for_viewers_and_exact_for_hr(trust: Trust) -> None:
    for who, actor in (("sam", "sam"), ("nia", "dina")):
        services.conversation_create(actor=trust.actor(actor), person=trust.people[who], **FIELDS)
    since = dt.date(2025, 12, 1)
    exact, _ = measures.conversation_counts(organisation=trust.org, since=since, suppress=False)
    hidden, notes = measures.conversation_counts(organisation=trust.org, since=since, suppress=True)
    assert exact["people"] == 2 and exact["management_senior"] == 2
    assert hidden["people"] == "*" and hidden["management_senior"] == "*"
    assert notes
