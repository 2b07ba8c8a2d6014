"""Issue 13 item 14: a talent conversation's status and dates agree, and growth is in words."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.test import Client

from mantle.talent import services
from mantle.talent.demo import seed_demo
from mantle.talent.models import TalentConversation

from .conftest import AS_OF, Trust

pytestmark = pytest.mark.django_db


def test_a_draft_never_says_agreed_and_growth_is_in_words(client: Client, trust: Trust) -> None:
    # Given a draft conversation that (as old demo data did) still carries an agreement date
    conversation = services.conversation_create(
        actor=trust.actor("dina"),
        person=trust.people["sam"],
        impact="solid",
        readiness="in_role",
        held_on=dt.date(2026, 1, 1),
        growth_depth=True,
        growth_stretch=True,
    )
    TalentConversation.objects.filter(pk=conversation.pk).update(
        status="draft", agreed_on=dt.date(2026, 1, 8)
    )

    # When the person opens it
    client.force_login(trust.users["sam"])
    page = client.get(f"/talent/conversations/{conversation.pk}/").content.decode()

    # Then it is a draft not yet agreed, and the growth directions are in words
    assert "Draft" in page and "Agreed on" not in page and "Not yet agreed by you" in page
    assert "Grow in depth (more expertise in the current area)" in page
    assert "Grow by stretch (a bigger role)" in page
    assert "depth, " not in page


def test_demo_conversations_have_an_agreement_date_only_when_agreed(trust: Trust) -> None:
    seed_demo(organisation=trust.org, as_of=AS_OF, rng=random.Random(3))
    conversations = TalentConversation.objects.filter(organisation=trust.org)
    assert conversations.exists()
    assert not conversations.filter(status="draft", agreed_on__isnull=False).exists()
    assert not conversations.filter(status="agreed", agreed_on__isnull=True).exists()
