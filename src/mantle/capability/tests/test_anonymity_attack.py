"""Attacks on 360° rater anonymity, through every door: pages, print view, API, e-mail, the cycle
page's nominee list, progress counts and the database rows themselves.

The attacker is whoever might want to know what one rater said: the participant, the line manager,
an HR/OD administrator or a facilitator.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from mantle.capability import selectors, services
from mantle.capability.models import Cycle, Nomination, Response
from mantle.core.access import build_actor

from .conftest import Team, deadline, full_answers

pytestmark = pytest.mark.django_db


def _cycle(
    team: Team,
    frameworks: dict[str, Any],
    capture: Any,
    *,
    peers: int = 4,
    reports: int = 3,
    framework: str = "hlm",
    facilitator: Any = None,
) -> Cycle:
    actor = team.participant.actor
    cycle = services.cycle_open(
        actor=actor,
        participant=team.participant.person,
        framework_version=frameworks[framework],
        deadline=deadline(),
        mode="appraisal",
        facilitator=facilitator,
    )
    # The minimum for peers is lowered so tiny teams can be tested.
    cycle.limits = {**cycle.limits, "peer": [0, 10]}
    cycle.save(update_fields=["limits"])
    for member in team.peers[:peers]:
        services.nomination_add(actor=actor, cycle=cycle, group="peer", email=member.user.email)
    for member in team.reports[:reports]:
        services.nomination_add(
            actor=actor, cycle=cycle, group="direct_report", email=member.user.email
        )
    services.cycle_submit_for_approval(actor=actor, cycle=cycle)
    with capture(execute=True):
        services.cycle_approve(actor=team.manager.actor, cycle=cycle)
    cycle.refresh_from_db()
    return cycle


def _answer(cycle: Cycle, person: Any, value: int, comment: str = "") -> None:
    nomination = cycle.nominations.get(person=person)
    services.rater_submit(
        nomination=nomination,
        answers=full_answers(cycle.framework_version.spec(), value=value),
        comment=comment,
    )


def _hr(team: Team) -> Any:
    return build_actor(team.hr)


def _report_json(client: Client, cycle: Cycle) -> Any:
    response = client.get(f"/api/v1/capability/cycles/{cycle.pk}/report")
    assert response.status_code == 200, response.content
    return response.json()


# --- the differencing attack ---------------------------------------------------------------------
def test_no_report_exists_anywhere_while_responses_can_still_arrive(
    client: Client,
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given an open cycle where three of four peers have answered
    facilitator = team.executive
    cycle = _cycle(team, frameworks, django_capture_on_commit_callbacks, facilitator=facilitator)
    for member, value in zip(team.peers[:3], (1, 2, 3), strict=True):
        _answer(cycle, member.person, value)
    # when anyone with any role asks for the report by any route
    for user in (team.participant.user, team.manager.user, team.hr, facilitator):
        client.force_login(user)
        # then there is no report to read: page, print view and API all answer 404
        for url in (
            f"/leadership/360/{cycle.pk}/report/",
            f"/leadership/360/{cycle.pk}/report/print/",
            f"/api/v1/capability/cycles/{cycle.pk}/report",
        ):
            assert client.get(url).status_code == 404, (user, url)


def test_one_more_response_cannot_change_a_report_once_it_exists(
    client: Client,
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given three peers answered and the cycle closed and released
    cycle = _cycle(team, frameworks, django_capture_on_commit_callbacks)
    for member, value in zip(team.peers[:3], (1, 2, 3), strict=True):
        _answer(cycle, member.person, value)
    _answer(cycle, team.manager.person, 4)
    services.cycle_close(actor=_hr(team), cycle=cycle)
    services.cycle_release(actor=_hr(team), cycle=cycle)
    client.force_login(team.participant.user)
    before = _report_json(client, cycle)
    # when the fourth peer tries to answer (by page, by service) after the close
    late = cycle.nominations.get(person=team.peers[3].person)
    with pytest.raises(ValidationError):
        services.rater_submit(
            nomination=late, answers=full_answers(cycle.framework_version.spec(), value=4)
        )
    client.force_login(team.peers[3].user)
    page = client.post(f"/leadership/feedback/{late.pk}/", {"submit": "1"})
    assert page.status_code == 200 and b"closed" in page.content
    # and an administrator tries to reopen it by moving the deadline
    with pytest.raises(ValidationError, match="cannot be reopened"):
        services.cycle_extend_deadline(actor=_hr(team), cycle=cycle, deadline=deadline(30))
    # then the report is exactly as it was
    client.force_login(team.participant.user)
    assert _report_json(client, cycle) == before
    assert Response.objects.filter(cycle=cycle).count() == 4


def test_a_deadline_that_has_passed_freezes_the_cycle_even_before_anyone_closes_it(
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    cycle = _cycle(team, frameworks, django_capture_on_commit_callbacks)
    _answer(cycle, team.peers[0].person, 2)
    Cycle.objects.filter(pk=cycle.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    cycle.refresh_from_db()
    assert cycle.frozen() and not cycle.accepting_responses()
    with pytest.raises(ValidationError):
        _answer(cycle, team.peers[1].person, 4)
    with pytest.raises(ValidationError):
        services.cycle_extend_deadline(actor=_hr(team), cycle=cycle, deadline=deadline(5))


# --- tiny teams ----------------------------------------------------------------------------------
def _released(team: Team, cycle: Cycle) -> None:
    services.cycle_close(actor=_hr(team), cycle=cycle)
    services.cycle_release(actor=_hr(team), cycle=cycle)
    cycle.refresh_from_db()


def test_a_lone_peer_leaves_no_trace_in_any_figure(
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given two cycles identical except for what a lone responding peer said (1 or 4)
    reports = []
    for lone_value in (1, 4):
        cycle = _cycle(team, frameworks, django_capture_on_commit_callbacks, peers=1, reports=1)
        _answer(cycle, team.manager.person, 3, comment="Steady.")
        _answer(cycle, team.peers[0].person, lone_value, comment=f"Peer says {lone_value}.")
        _released(team, cycle)
        reports.append(selectors.cycle_report(team.participant.actor, cycle))
        Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CANCELLED)
    low, high = reports
    # then every figure and comment is the same: the peer's answers influenced nothing
    assert [d.performance for d in low.dimensions] == [d.performance for d in high.dimensions]
    assert low.comments.anonymous == high.comments.anonymous == ()
    peer_group = next(g for g in low.groups if g.group == "peer")
    assert peer_group.status == "withheld" and peer_group.responses == "fewer than 3"
    # and all others is the line manager alone, labelled as such
    assert low.dimensions[0].performance["all_others"].mean == pytest.approx(3.0)
    assert any("left out" in n for n in low.notices)


def test_small_groups_that_reach_the_threshold_together_are_merged(
    client: Client,
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given two peers and one direct report answering (each group below 3, together 3)
    cycle = _cycle(team, frameworks, django_capture_on_commit_callbacks, peers=2, reports=1)
    _answer(cycle, team.peers[0].person, 1)
    _answer(cycle, team.peers[1].person, 2)
    _answer(cycle, team.reports[0].person, 4)
    _released(team, cycle)
    report = selectors.cycle_report(team.participant.actor, cycle)
    # then they appear only as one combined column, with the mean of the three
    keys = [c.key for c in report.columns]
    assert "peer" not in keys and "direct_report" not in keys and "combined" in keys
    assert report.dimensions[0].performance["combined"].mean == pytest.approx(7 / 3)
    # and the report page says so in words
    client.force_login(team.participant.user)
    page = client.get(f"/leadership/360/{cycle.pk}/report/")
    assert page.status_code == 200
    assert b"combined" in page.content


def test_not_applicable_answers_cannot_shrink_a_shown_group_below_the_threshold(
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given three peers on the LCF, two of whom had no chance to see the first domain
    cycle = _cycle(
        team, frameworks, django_capture_on_commit_callbacks, peers=3, reports=0, framework="lcf"
    )
    spec = cycle.framework_version.spec()
    first = spec.dimensions[0]
    for index, member in enumerate(team.peers[:3]):
        answers = full_answers(spec, value=3)
        if index > 0:
            for statement in first.statements:
                answers["statements"][statement.key] = None
        services.rater_submit(
            nomination=cycle.nominations.get(person=member.person), answers=answers
        )
    _released(team, cycle)
    report = selectors.cycle_report(team.participant.actor, cycle)
    # then the peers' figure for that domain is hidden, and the single rater's score is not
    # recoverable from "all others" (which leaves it out)
    cell = report.dimensions[0].performance["peer"]
    assert cell.suppressed and cell.mean is None
    assert report.dimensions[0].performance["all_others"].n == 0
    assert report.dimensions[1].performance["peer"].mean == pytest.approx(3.0)


# --- comments ------------------------------------------------------------------------------------
def test_comment_order_does_not_follow_arrival(
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given two cycles with the same comment secret, where the same four comments arrive in
    # opposite orders
    texts = ["Listens well.", "Could delegate more.", "Calm in a crisis.", "Great with students."]
    orders = []
    for sequence in (texts, list(reversed(texts))):
        cycle = _cycle(team, frameworks, django_capture_on_commit_callbacks, peers=4, reports=0)
        Cycle.objects.filter(pk=cycle.pk).update(comment_secret="ab" * 32)
        cycle.refresh_from_db()
        for member, text in zip(team.peers, sequence, strict=True):
            _answer(cycle, member.person, 3, comment=text)
        _released(team, cycle)
        orders.append(selectors.cycle_report(team.participant.actor, cycle).comments.anonymous)
        Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CANCELLED)
    # then the report shows them in the same order both times
    assert orders[0] == orders[1]
    assert sorted(orders[0]) == sorted(texts)


# --- what the database and the screens hold --------------------------------------------------------
def test_responses_carry_no_rater_time_or_arrival_order(
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    cycle = _cycle(team, frameworks, django_capture_on_commit_callbacks)
    for member in team.peers:
        _answer(cycle, member.person, 2)
    services.cycle_close(actor=_hr(team), cycle=cycle)
    # the model has no field that could identify a rater or when they answered
    names = {f.name for f in Response._meta.get_fields()}
    assert names == {"id", "cycle", "group", "ratings", "comments"}
    # its keys are random, not a sequence
    rows = list(Response.objects.filter(cycle=cycle))
    assert len(rows) == len(team.peers)
    assert all(len(str(r.pk)) == 36 for r in rows)
    # and the Django admin does not show responses at all
    assert Response not in admin.site._registry


def test_no_one_can_see_who_has_responded(
    client: Client,
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given one peer of four has answered
    cycle = _cycle(team, frameworks, django_capture_on_commit_callbacks)
    _answer(cycle, team.peers[0].person, 2)
    for user in (team.participant.user, team.manager.user, team.hr):
        client.force_login(user)
        # when the cycle page and the API list the nominees
        page = client.get(f"/leadership/360/{cycle.pk}/").content.decode()
        nominees = client.get(f"/api/v1/capability/cycles/{cycle.pk}/nominations").json()
        # then every nominee shows as invited, and the peers' count is banded
        assert "Responded</td>" not in page
        assert {n["status"] for n in nominees} == {"invited"}
        progress = client.get(f"/api/v1/capability/cycles/{cycle.pk}").json()["progress"]
        peers = next(g for g in progress["groups"] if g["group"] == "peer")
        assert peers["responded"] == "fewer than 3"
        assert progress["others_responded"].startswith("at least")


def test_reminders_do_not_say_how_many_have_not_answered(
    client: Client,
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    cycle = _cycle(team, frameworks, django_capture_on_commit_callbacks)
    _answer(cycle, team.peers[0].person, 2)
    services.cycle_send_reminders(actor=_hr(team), cycle=cycle)
    client.force_login(team.hr)
    response = client.post(f"/leadership/360/{cycle.pk}/manage/", {"action": "remind"}, follow=True)
    assert b"anyone who has not yet responded" in response.content
    assert b"Reminders sent to" not in response.content


def test_administrators_never_read_a_report(
    client: Client,
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    cycle = _cycle(team, frameworks, django_capture_on_commit_callbacks)
    for member in team.peers[:3]:
        _answer(cycle, member.person, 2)
    _released(team, cycle)
    client.force_login(team.hr)
    assert client.get(f"/leadership/360/{cycle.pk}/report/").status_code == 404
    assert client.get(f"/api/v1/capability/cycles/{cycle.pk}/report").status_code == 404
    # nor can anyone else in the organisation, by guessing the id
    for member in (team.peers[0], team.reports[0], team.outsider):
        client.force_login(member.user)
        assert client.get(f"/leadership/360/{cycle.pk}/").status_code == 404
        assert client.get(f"/api/v1/capability/cycles/{cycle.pk}").status_code == 404


def test_a_rater_link_gives_nothing_but_the_raters_own_form(
    client: Client,
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given an external rater's link to an open cycle where peers have answered
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
    services.nomination_add(
        actor=actor, cycle=cycle, group="other", email="x@example.org", name="Ext Ernal"
    )
    services.cycle_submit_for_approval(actor=actor, cycle=cycle)
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_approve(actor=team.manager.actor, cycle=cycle)
    for member in team.peers[:3]:
        _answer(cycle, member.person, 2, comment="secret peer comment")
    token = services.rater_link_token(cycle.nominations.get(external=True))
    client.logout()
    # when the link holder reads their form by page and API
    form = client.get(f"/feedback/r/{token}/")
    api = client.get(f"/api/v1/capability/responses/{token}")
    # then they see their own (empty) form and nothing of anyone else's answers
    assert form.status_code == 200 and api.status_code == 200
    assert b"secret peer comment" not in form.content
    assert "secret peer comment" not in json.dumps(api.json())
    assert api.json()["answers"] == {"statements": {}, "importance": {}}
    # and the token does not open the cycle or its report
    assert client.get(f"/api/v1/capability/cycles/{cycle.pk}/report").status_code == 401
    assert client.get(f"/leadership/360/{cycle.pk}/").status_code == 302


def test_the_stored_360_scores_used_by_heatmaps_skip_small_pools(
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a released cycle where only the line manager and one peer answered
    cycle = _cycle(team, frameworks, django_capture_on_commit_callbacks, peers=1, reports=0)
    _answer(cycle, team.manager.person, 4)
    _answer(cycle, team.peers[0].person, 1)
    _released(team, cycle)
    # then no "all others" figure is kept for organisation views (the pool is one person)
    assert set(cycle.others_scores.values()) == {None}
    assert (
        Nomination.objects.filter(cycle=cycle, draft__isnull=False).exclude(draft={}).count() == 0
    )
