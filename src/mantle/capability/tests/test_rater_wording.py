"""Issue 13 item 16: what 360° raters and participants read. A self-rating is not told it was
stored "without your name"; advice to nominate more raters shows only while raters can still be
chosen; demo nominations name the colleague, not "Rater 1104"."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.test import Client

from mantle.capability import services
from mantle.capability.models import Nomination

from .conftest import Team, form_data, full_answers
from .test_views_cycles import _open

pytestmark = pytest.mark.django_db


def test_a_self_rating_is_confirmed_as_a_self_rating(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = _open(team, frameworks, django_capture_on_commit_callbacks)
    client.force_login(team.participant.user)
    answers = form_data(full_answers(cycle.framework_version.spec(), value=4))
    page = client.post(
        f"/leadership/360/{cycle.pk}/self-rating/", {**answers, "submit": "1"}
    ).content.decode()
    assert "Your self-rating is complete" in page
    assert "without your name" not in page and "feedback has been sent" not in page


def test_a_colleague_is_still_told_their_answers_are_anonymous(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = _open(team, frameworks, django_capture_on_commit_callbacks)
    nomination = cycle.nominations.get(person=team.peers[0].person)
    client.force_login(team.peers[0].user)
    answers = form_data(full_answers(cycle.framework_version.spec(), value=3))
    page = client.post(
        f"/leadership/feedback/{nomination.pk}/", {**answers, "submit": "1"}
    ).content.decode()
    assert "stored without your name" in page


def test_nomination_advice_is_gone_once_the_cycle_is_sent(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # Given a cycle with exactly three peers (the advice "Consider nominating more" applies) that
    # has been approved and sent, then closed
    cycle = _open(team, frameworks, django_capture_on_commit_callbacks)
    client.force_login(team.participant.user)
    assert (
        "Consider nominating more"
        not in client.get(f"/leadership/360/{cycle.pk}/").content.decode()
    )
    client.force_login(team.hr)
    client.post(f"/leadership/360/{cycle.pk}/manage/", {"action": "close"})
    client.force_login(team.participant.user)
    assert "Before you send" not in client.get(f"/leadership/360/{cycle.pk}/").content.decode()


def test_the_advice_shows_while_raters_are_being_chosen(
    client: Client, team: Team, frameworks: dict[str, Any]
) -> None:
    from .conftest import deadline

    actor = team.participant.actor
    cycle = services.cycle_open(
        actor=actor,
        participant=team.participant.person,
        framework_version=frameworks["hlm"],
        deadline=deadline(),
        mode="developmental",
    )
    for member in team.peers[:3]:
        services.nomination_add(actor=actor, cycle=cycle, group="peer", email=member.user.email)
    client.force_login(team.participant.user)
    assert "Consider nominating more" in client.get(f"/leadership/360/{cycle.pk}/").content.decode()


def test_demo_nominations_name_the_colleague(team: Team, frameworks: dict[str, Any]) -> None:
    from mantle.capability.demo import _cycles
    from mantle.workforce.models import PostVersion

    people = [team.manager, team.participant, *team.peers, *team.reports]
    main_post = {m.person.pk: m.post.pk for m in people}
    versions = {v.post_id: v for v in PostVersion.objects.filter(post_id__in=main_post.values())}
    _cycles(
        team.org,
        frameworks["hlm"],
        main_post,
        versions,
        as_of=dt.date(2026, 3, 1),
        rng=random.Random(0),
    )
    names = set(Nomination.objects.values_list("name", flat=True))
    assert names
    assert not [n for n in names if n.startswith("Rater ")]
