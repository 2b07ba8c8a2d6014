"""360° pages end to end: open, nominate, approve, answer (signed in and by link), release, report."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from mantle.capability import services
from mantle.capability.models import Cycle, Nomination

from .conftest import Team, deadline, form_data, full_answers

pytestmark = pytest.mark.django_db


def test_a_participant_runs_a_360_through_the_pages(
    client: Client,
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a signed-in deputy ward manager
    client.force_login(team.participant.user)
    # when they open a 360°
    response = client.post(
        "/leadership/360/new/",
        {
            "framework_version": frameworks["hlm"].pk,
            "mode": "developmental",
            "deadline": deadline().isoformat(),
        },
    )
    assert response.status_code == 302
    cycle = Cycle.objects.get(participant=team.participant.person)
    detail = f"/leadership/360/{cycle.pk}/"
    # and nominate three peers, two reports and an external partner
    for member in team.peers[:3]:
        client.post(f"{detail}nominations/", {"group": "peer", "email": member.user.email})
    for member in team.reports[:2]:
        client.post(f"{detail}nominations/", {"group": "direct_report", "email": member.user.email})
    client.post(
        f"{detail}nominations/", {"group": "other", "email": "gp@example.org", "name": "Dr Gee"}
    )
    page = client.get(detail)
    # then the page lists them and warns that two direct reports will be withheld
    assert page.status_code == 200
    assert b"Dr Gee" in page.content
    assert b"their feedback will be combined" in page.content or b"withheld" in page.content
    # when they send for approval and the line manager approves on their page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{detail}submit/")
    client.force_login(team.manager.user)
    assert b"Approve and send invitations" in client.get(detail).content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{detail}approve/", {"decision": "approve"})
    cycle.refresh_from_db()
    # then the cycle is open and invitations went out
    assert cycle.status == Cycle.Status.OPEN
    assert any(m.to == ["gp@example.org"] for m in mail.outbox)


def _open(team: Team, frameworks: dict[str, Any], capture: Any, **kwargs: Any) -> Cycle:
    actor = team.participant.actor
    cycle = services.cycle_open(
        actor=actor,
        participant=team.participant.person,
        framework_version=frameworks["hlm"],
        deadline=deadline(),
        mode=kwargs.get("mode", "developmental"),
    )
    for member in team.peers[:3]:
        services.nomination_add(actor=actor, cycle=cycle, group="peer", email=member.user.email)
    services.nomination_add(
        actor=actor, cycle=cycle, group="other", email="ext@example.org", name="Ext Rater"
    )
    services.cycle_submit_for_approval(actor=actor, cycle=cycle)
    with capture(execute=True):
        services.cycle_approve(actor=team.manager.actor, cycle=cycle)
    cycle.refresh_from_db()
    return cycle


def test_a_colleague_answers_signed_in(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given an invited peer
    cycle = _open(team, frameworks, django_capture_on_commit_callbacks)
    nomination = cycle.nominations.get(person=team.peers[0].person)
    client.force_login(team.peers[0].user)
    url = f"/leadership/feedback/{nomination.pk}/"
    # when they save part, then submit everything
    assert client.post(url, {"s:inspiring_shared_purpose.1": "3", "save": "1"}).status_code == 302
    assert b'value="3" checked' in client.get(url).content
    answers = form_data(full_answers(cycle.framework_version.spec(), value=3))
    done = client.post(url, {**answers, "comment": "Calm and clear.", "submit": "1"})
    # then they are thanked, and the request is closed to them
    assert done.status_code == 200 and b"Thank you" in done.content
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED
    assert b"already sent" in client.get(url).content


def test_an_incomplete_rater_form_is_not_sent(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = _open(team, frameworks, django_capture_on_commit_callbacks)
    nomination = cycle.nominations.get(person=team.peers[0].person)
    client.force_login(team.peers[0].user)
    response = client.post(
        f"/leadership/feedback/{nomination.pk}/",
        {"s:inspiring_shared_purpose.1": "3", "submit": "1"},
    )
    assert response.status_code == 400
    assert b"has not been sent yet" in response.content
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.INVITED


def test_no_one_can_open_another_raters_form(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = _open(team, frameworks, django_capture_on_commit_callbacks)
    nomination = cycle.nominations.get(person=team.peers[0].person)
    for user in (team.peers[1].user, team.participant.user, team.hr, team.manager.user):
        client.force_login(user)
        assert client.get(f"/leadership/feedback/{nomination.pk}/").status_code == 404


def test_an_external_rater_answers_by_link_once(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given the link from an external rater's invitation e-mail
    cycle = _open(team, frameworks, django_capture_on_commit_callbacks)
    invitation = next(m for m in mail.outbox if m.to == ["ext@example.org"])
    path = invitation.body[invitation.body.index("/feedback/r/") :].split()[0]
    # when they open it without signing in and submit
    form = client.get(path)
    assert form.status_code == 200 and b"Feedback for" in form.content
    answers = form_data(full_answers(cycle.framework_version.spec(), value=2))
    done = client.post(path, {**answers, "submit": "1"})
    assert done.status_code == 200 and b"This link will no longer work" in done.content
    # then the link cannot be used again
    again = client.get(path)
    assert again.status_code == 410 and b"already been used" in again.content


def test_an_external_rater_can_decline(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = _open(team, frameworks, django_capture_on_commit_callbacks)
    token = services.rater_link_token(cycle.nominations.get(external=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/feedback/r/{token}/", {"decline": "1", "reason": "Left post"})
    assert b"You have declined" in response.content
    assert mail.outbox[-1].to == [team.participant.user.email]
    # the participant sees the decline and can invite a replacement on the cycle page
    client.force_login(team.participant.user)
    page = client.get(f"/leadership/360/{cycle.pk}/")
    assert b"Declined" in page.content and b"Invite replacement" in page.content


def test_a_bad_link_is_a_404(client: Client, db: Any) -> None:
    response = client.get("/feedback/r/not-a-real-token/")
    assert response.status_code == 404
    assert b"not valid" in response.content


def test_the_participant_gives_their_self_rating(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = _open(team, frameworks, django_capture_on_commit_callbacks)
    client.force_login(team.participant.user)
    url = f"/leadership/360/{cycle.pk}/self-rating/"
    answers = form_data(full_answers(cycle.framework_version.spec(), value=4))
    assert client.post(url, {**answers, "submit": "1"}).status_code == 200
    assert cycle.nominations.get(group="self").status == Nomination.Status.SUBMITTED
    # nobody else can open it
    client.force_login(team.manager.user)
    assert client.get(url).status_code == 404


def test_the_released_report_and_print_view(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given a released cycle with self 4, manager 3 and three peers 2
    cycle = _open(team, frameworks, django_capture_on_commit_callbacks)
    spec = cycle.framework_version.spec()
    for nomination, value in (
        (cycle.nominations.get(group="self"), 4),
        (cycle.nominations.get(group="line_manager"), 3),
        *((cycle.nominations.get(person=m.person), 2) for m in team.peers[:3]),
    ):
        services.rater_submit(
            nomination=nomination,
            answers=full_answers(spec, value=value),
            comment=f"comment {value}",
        )
    client.force_login(team.hr)
    client.post(f"/leadership/360/{cycle.pk}/manage/", {"action": "close"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/leadership/360/{cycle.pk}/manage/", {"action": "release"})
    # when the participant opens the report
    client.force_login(team.participant.user)
    page = client.get(f"/leadership/360/{cycle.pk}/report/")
    # then it shows self 4.00, line manager 3.00, peers 2.00 and all others 2.25 ((3+2+2+2)/4)
    assert page.status_code == 200
    body = page.content.decode()
    for figure in ("4.00", "3.00", "2.00", "2.25"):
        assert f"<td>{figure}</td>" in body
    assert "Blind spots" in body and "comment 2" in body
    # and the print view carries the same figures without navigation
    printed = client.get(f"/leadership/360/{cycle.pk}/report/print/").content.decode()
    assert "<td>2.25</td>" in printed and "nhsuk-header" not in printed


def test_administrator_pages(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given an HR administrator
    client.force_login(team.hr)
    # when they preview and open a cohort for Ward 7's first-line managers
    url = f"/leadership/admin/{team.org.code}/cohort/"
    assert client.get(url).status_code == 200
    data = {
        "name": "Ward leaders",
        "framework_version": frameworks["hlm"].pk,
        "mode": "developmental",
        "deadline": deadline().isoformat(),
        "unit": "Trust/Surgery",
        "tier": "first_line",
    }
    preview = client.post(url, {**data, "preview": "1"})
    assert b"2 people will be included" in preview.content
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302
    # then both appear on the organisation's list with counts only
    listing = client.get(f"/leadership/admin/{team.org.code}/")
    assert listing.status_code == 200 and listing.content.count(b"Choosing raters") == 2
    # and a staff member cannot reach either page
    client.force_login(team.peers[0].user)
    assert client.get(url).status_code == 404
    assert client.get(f"/leadership/admin/{team.org.code}/").status_code == 404
