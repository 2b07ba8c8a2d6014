"""360° cycles: nomination rules, approval, invitations and reminders after commit, declines and
replacements, external one-time links, closing and the two release modes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from mantle.capability import selectors, services
from mantle.capability.models import Cycle, Nomination, Response, SealedResponse

from .conftest import Team, deadline, full_answers

pytestmark = pytest.mark.django_db


def open_cycle(
    team: Team,
    frameworks: dict[str, Any],
    *,
    mode: str = "developmental",
    facilitator: Any = None,
    framework: str = "hlm",
) -> Cycle:
    return services.cycle_open(
        actor=team.participant.actor,
        participant=team.participant.person,
        framework_version=frameworks[framework],
        deadline=deadline(),
        mode=mode,
        facilitator=facilitator,
    )


def nominate(
    team: Team, cycle: Cycle, *, peers: int = 4, reports: int = 3, externals: int = 0
) -> None:
    actor = team.participant.actor
    for member in team.peers[:peers]:
        services.nomination_add(actor=actor, cycle=cycle, group="peer", email=member.user.email)
    for member in team.reports[:reports]:
        services.nomination_add(
            actor=actor, cycle=cycle, group="direct_report", email=member.user.email
        )
    for index in range(externals):
        services.nomination_add(
            actor=actor,
            cycle=cycle,
            group="other",
            email=f"partner{index}@council.example.org",
            name=f"Partner {index}",
        )


def launch(team: Team, cycle: Cycle, django_capture_on_commit_callbacks: Any) -> Cycle:
    services.cycle_submit_for_approval(actor=team.participant.actor, cycle=cycle)
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_approve(actor=team.manager.actor, cycle=cycle)
    cycle.refresh_from_db()
    return cycle


# --- opening and nominations ---------------------------------------------------------------------
def test_opening_nominates_self_and_the_line_manager_from_the_register(
    team: Team, frameworks: dict[str, Any]
) -> None:
    # given the participant's post reports to the ward manager's post
    # when the participant opens a 360°
    cycle = open_cycle(team, frameworks)
    # then the line manager is recorded and nominated, and the self-rating exists
    assert cycle.line_manager == team.manager.person
    groups = sorted(cycle.nominations.values_list("group", flat=True))
    assert groups == ["line_manager", "self"]
    assert cycle.status == Cycle.Status.NOMINATING


def test_a_staff_member_cannot_open_a_360_for_someone_else(
    team: Team, frameworks: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        services.cycle_open(
            actor=team.peers[0].actor,
            participant=team.participant.person,
            framework_version=frameworks["hlm"],
            deadline=deadline(),
            mode="developmental",
        )


def test_the_deadline_must_be_in_the_future(team: Team, frameworks: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="after today"):
        services.cycle_open(
            actor=team.participant.actor,
            participant=team.participant.person,
            framework_version=frameworks["hlm"],
            deadline=timezone.localdate(),
            mode="developmental",
        )


def test_colleagues_are_internal_and_unknown_addresses_external(
    team: Team, frameworks: dict[str, Any]
) -> None:
    # given an open cycle
    cycle = open_cycle(team, frameworks)
    actor = team.participant.actor
    # when a colleague and an outside partner are nominated
    colleague = services.nomination_add(
        actor=actor, cycle=cycle, group="peer", email=team.peers[0].user.email.upper()
    )
    partner = services.nomination_add(
        actor=actor, cycle=cycle, group="other", email="gp@surgery.example.org", name="Dr Lee"
    )
    # then the colleague is linked to their record and the partner is external
    assert colleague.person == team.peers[0].person and not colleague.external
    assert partner.person is None and partner.external and partner.name == "Dr Lee"


def test_an_external_rater_needs_a_name(team: Team, frameworks: dict[str, Any]) -> None:
    cycle = open_cycle(team, frameworks)
    with pytest.raises(ValidationError, match="name"):
        services.nomination_add(
            actor=team.participant.actor, cycle=cycle, group="other", email="nobody@example.org"
        )


@pytest.mark.parametrize("who", ["self", "duplicate", "email_duplicate"])
def test_nomination_refusals(team: Team, frameworks: dict[str, Any], who: str) -> None:
    # given a cycle with one peer nominated
    cycle = open_cycle(team, frameworks)
    actor = team.participant.actor
    services.nomination_add(actor=actor, cycle=cycle, group="peer", email=team.peers[0].user.email)
    email = {
        "self": team.participant.user.email,
        "duplicate": team.peers[0].user.email,
        "email_duplicate": team.peers[0].user.email.upper(),
    }[who]
    # when the participant nominates themself or the same person again
    # then it is refused
    with pytest.raises(ValidationError):
        services.nomination_add(actor=actor, cycle=cycle, group="other", email=email, name="X")


def test_a_group_cannot_exceed_its_maximum(team: Team, frameworks: dict[str, Any]) -> None:
    # given a cycle whose line-manager group allows one (already the ward manager)
    cycle = open_cycle(team, frameworks)
    # when a second line manager is nominated
    # then it is refused
    with pytest.raises(ValidationError, match="No more than 1"):
        services.nomination_add(
            actor=team.participant.actor,
            cycle=cycle,
            group="line_manager",
            email=team.peers[0].user.email,
        )


def test_nominations_below_the_minimum_cannot_be_sent(
    team: Team, frameworks: dict[str, Any]
) -> None:
    # given only two peers nominated (minimum three)
    cycle = open_cycle(team, frameworks)
    nominate(team, cycle, peers=2, reports=0)
    # when sent for approval
    # then it is refused, naming the group
    with pytest.raises(ValidationError, match="Peers: 2 nominated; at least 3"):
        services.cycle_submit_for_approval(actor=team.participant.actor, cycle=cycle)


def test_warnings_before_launch_name_groups_that_cannot_be_shown(
    team: Team, frameworks: dict[str, Any]
) -> None:
    # given three peers and two direct reports
    cycle = open_cycle(team, frameworks)
    nominate(team, cycle, peers=3, reports=2)
    # when the warnings are read
    codes = {(w.group, w.code) for w in selectors.nomination_warnings_for(cycle)}
    # then exactly-at-threshold peers and too-few direct reports are flagged
    assert ("peer", "no_margin") in codes
    assert ("direct_report", "will_be_withheld") in codes


# --- approval and invitations --------------------------------------------------------------------
def test_only_the_line_manager_approves(team: Team, frameworks: dict[str, Any]) -> None:
    # given nominations waiting for approval
    cycle = open_cycle(team, frameworks)
    nominate(team, cycle)
    services.cycle_submit_for_approval(actor=team.participant.actor, cycle=cycle)
    # when the participant or a peer tries to approve
    # then they are refused
    for actor in (team.participant.actor, team.peers[0].actor):
        with pytest.raises(PermissionDenied):
            services.cycle_approve(actor=actor, cycle=cycle)


def test_approval_request_is_emailed_only_after_commit(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given complete nominations
    cycle = open_cycle(team, frameworks)
    nominate(team, cycle)
    # when they are sent inside a transaction
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.cycle_submit_for_approval(actor=team.participant.actor, cycle=cycle)
        # then nothing has been sent before commit
        assert mail.outbox == []
    for callback in callbacks:
        callback()
    # and the line manager is asked after commit
    assert [m.to for m in mail.outbox] == [[team.manager.user.email]]
    assert "approve" in mail.outbox[0].subject.lower()


def test_a_rolled_back_approval_sends_nothing(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given nominations waiting for approval
    cycle = open_cycle(team, frameworks)
    nominate(team, cycle)
    services.cycle_submit_for_approval(actor=team.participant.actor, cycle=cycle)
    mail.outbox.clear()

    def approve_then_fail() -> None:
        with transaction.atomic():
            services.cycle_approve(actor=team.manager.actor, cycle=cycle)
            raise RuntimeError("something later failed")

    # when the approval's transaction is rolled back
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        approve_then_fail()
    # then no invitation went out and the cycle is not open
    assert mail.outbox == []
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.AWAITING_APPROVAL


def test_approval_invites_every_rater_after_commit(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given seven colleagues and one external partner nominated
    cycle = open_cycle(team, frameworks)
    nominate(team, cycle, externals=1)
    services.cycle_submit_for_approval(actor=team.participant.actor, cycle=cycle)
    mail.outbox.clear()
    # when the line manager approves
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.cycle_approve(actor=team.manager.actor, cycle=cycle)
        assert mail.outbox == []
    for callback in callbacks:
        callback()
    # then the participant, the manager, 4 peers, 3 reports and the partner are each invited
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert len(recipients) == 10
    assert "partner0@council.example.org" in recipients
    external = next(m for m in mail.outbox if m.to == ["partner0@council.example.org"])
    assert "/feedback/r/" in external.body
    assert "anonymous" in external.body
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.OPEN


def test_returned_nominations_go_back_to_the_participant_with_a_note(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = open_cycle(team, frameworks)
    nominate(team, cycle)
    services.cycle_submit_for_approval(actor=team.participant.actor, cycle=cycle)
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_return_nominations(
            actor=team.manager.actor, cycle=cycle, note="Add someone from theatres."
        )
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.NOMINATING
    assert "Add someone from theatres." in mail.outbox[-1].body


# --- responding ----------------------------------------------------------------------------------
def test_a_response_is_stored_without_its_rater(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given an open cycle
    cycle = launch(team, _ready(team, frameworks), django_capture_on_commit_callbacks)
    nomination = cycle.nominations.get(person=team.peers[0].person)
    spec = cycle.framework_version.spec()
    # when a peer submits
    services.rater_submit(nomination=nomination, answers=full_answers(spec), comment="Kind.")
    # then the answers are sealed: one encrypted row with no rater, group or time in the clear
    sealed = SealedResponse.objects.get(cycle=cycle)
    assert {f.name for f in SealedResponse._meta.get_fields()} == {"id", "cycle", "sealed"}
    assert "Kind." not in sealed.sealed and "peer" not in sealed.sealed
    assert not Response.objects.filter(cycle=cycle).exists()
    # and when the cycle closes, the response holds the group and answers only
    services.cycle_close(actor=_hr(team), cycle=cycle)
    assert not SealedResponse.objects.filter(cycle=cycle).exists()
    response = Response.objects.get(cycle=cycle)
    assert response.comments == ["Kind."]
    assert response.group == "peer"
    assert {f.name for f in Response._meta.get_fields()} == {
        "id",
        "cycle",
        "group",
        "ratings",
        "comments",
    }
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.draft == {} and nomination.draft_comment == ""


def _ready(team: Team, frameworks: dict[str, Any], **kwargs: Any) -> Cycle:
    cycle = open_cycle(team, frameworks, **kwargs)
    nominate(team, cycle, externals=1)
    return cycle


def test_a_rater_cannot_submit_twice(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = launch(team, _ready(team, frameworks), django_capture_on_commit_callbacks)
    nomination = cycle.nominations.get(person=team.peers[0].person)
    spec = cycle.framework_version.spec()
    services.rater_submit(nomination=nomination, answers=full_answers(spec))
    with pytest.raises(ValidationError):
        services.rater_submit(nomination=nomination, answers=full_answers(spec))
    assert SealedResponse.objects.filter(cycle=cycle).count() == 1


def test_decline_tells_the_participant_and_allows_a_replacement(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given an open cycle
    cycle = launch(team, _ready(team, frameworks), django_capture_on_commit_callbacks)
    nomination = cycle.nominations.get(person=team.peers[0].person)
    mail.outbox.clear()
    # when a peer declines
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_decline(nomination=nomination, reason="On leave")
    # then the participant is told, by name of the decliner only
    assert mail.outbox[0].to == [team.participant.user.email]
    assert "declined" in mail.outbox[0].subject
    # and a replacement in the same group is invited at once
    with django_capture_on_commit_callbacks(execute=True):
        replacement = services.nomination_replace(
            actor=team.participant.actor,
            declined=nomination,
            email="matron@example.org",
            name="Matron Jones",
        )
    assert replacement.group == "peer" and replacement.status == Nomination.Status.INVITED
    assert mail.outbox[-1].to == ["matron@example.org"]


def test_reminders_go_only_to_those_who_have_not_answered(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given a cycle launched eight days ago where one peer has answered
    cycle = launch(team, _ready(team, frameworks), django_capture_on_commit_callbacks)
    spec = cycle.framework_version.spec()
    answered = cycle.nominations.get(person=team.peers[0].person)
    services.rater_submit(nomination=answered, answers=full_answers(spec))
    cycle.nominations.update(invited_at=timezone.now() - dt.timedelta(days=8))
    mail.outbox.clear()
    # when the daily schedule runs
    with django_capture_on_commit_callbacks(execute=True):
        count = services.reminders_send_due()
    # then everyone else is reminded, not the peer who answered
    recipients = {a for m in mail.outbox for a in m.to}
    assert count == 9
    assert team.peers[0].user.email not in recipients
    assert team.peers[1].user.email in recipients
    # and running it again the same day reminds no one
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due() == 0


# --- external links ------------------------------------------------------------------------------
def _external(cycle: Cycle) -> Nomination:
    return cycle.nominations.get(external=True)


def test_external_link_opens_the_form_once(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given an invited external rater
    cycle = launch(team, _ready(team, frameworks), django_capture_on_commit_callbacks)
    token = services.rater_link_token(_external(cycle))
    # when the link is used
    nomination = services.nomination_for_token(token)
    services.rater_submit(
        nomination=nomination, answers=full_answers(cycle.framework_version.spec())
    )
    # then it cannot be used again
    with pytest.raises(services.RaterLinkInvalid) as problem:
        services.nomination_for_token(token)
    assert problem.value.reason == "used"


def test_a_tampered_link_is_unknown(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = launch(team, _ready(team, frameworks), django_capture_on_commit_callbacks)
    token = services.rater_link_token(_external(cycle))
    key, signature = token.split(".", 1)
    for bad in (f"{key}.{signature[:-2]}xx", f"{key[:-1]}Z.{signature}", "nonsense"):
        with pytest.raises(services.RaterLinkInvalid) as problem:
            services.nomination_for_token(bad)
        assert problem.value.reason == "unknown"


def test_an_external_link_expires_after_the_deadline(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = launch(team, _ready(team, frameworks), django_capture_on_commit_callbacks)
    nomination = _external(cycle)
    token = services.rater_link_token(nomination)
    Nomination.objects.filter(pk=nomination.pk).update(
        link_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(services.RaterLinkInvalid) as problem:
        services.nomination_for_token(token)
    assert problem.value.reason == "expired"


def test_closing_stops_every_link(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = launch(team, _ready(team, frameworks), django_capture_on_commit_callbacks)
    token = services.rater_link_token(_external(cycle))
    services.cycle_close(actor=_hr(team), cycle=cycle)
    with pytest.raises(services.RaterLinkInvalid):
        services.nomination_for_token(token)


def _hr(team: Team) -> Any:
    from mantle.core.access import build_actor

    return build_actor(team.hr)


def test_responses_after_the_deadline_are_refused(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given an open cycle whose deadline day has ended
    cycle = launch(team, _ready(team, frameworks), django_capture_on_commit_callbacks)
    Cycle.objects.filter(pk=cycle.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    nomination = cycle.nominations.get(person=team.peers[0].person)
    # when a peer submits
    # then it is refused
    with pytest.raises(ValidationError, match="closed"):
        services.rater_submit(
            nomination=nomination, answers=full_answers(cycle.framework_version.spec())
        )
    # and the schedule records the cycle as closed
    assert services.cycles_close_due() == 1


# --- release -------------------------------------------------------------------------------------
def _respond_all(cycle: Cycle) -> None:
    spec = cycle.framework_version.spec()
    for nomination in cycle.nominations.filter(status=Nomination.Status.INVITED, external=False):
        services.rater_submit(nomination=nomination, answers=full_answers(spec))


@pytest.mark.parametrize("mode", ["developmental", "appraisal"])
def test_release_modes(
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    mode: str,
) -> None:
    # given a closed cycle in the chosen mode
    cycle = launch(team, _ready(team, frameworks, mode=mode), django_capture_on_commit_callbacks)
    _respond_all(cycle)
    hr = _hr(team)
    services.cycle_close(actor=hr, cycle=cycle)
    # before release neither participant nor manager can read it
    for actor in (team.participant.actor, team.manager.actor):
        with pytest.raises(Http404):
            selectors.cycle_report(actor, cycle)
    # when released
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_release(actor=hr, cycle=cycle)
    cycle.refresh_from_db()
    # then the participant reads it; the line manager never does, in either mode (issue 11: only
    # the participant and an accepted facilitator read a report; in appraisal mode the
    # participant brings it to the appraisal)
    assert selectors.cycle_report(team.participant.actor, cycle).dimensions
    with pytest.raises(Http404):
        selectors.cycle_report(team.manager.actor, cycle)
    recipients = {a for m in mail.outbox for a in m.to}
    assert team.participant.user.email in recipients
    assert team.manager.user.email not in recipients
    # and the administrator who released it still cannot read it
    with pytest.raises(Http404):
        selectors.cycle_report(hr, cycle)


def test_the_mode_is_fixed_once_open(team: Team, frameworks: dict[str, Any]) -> None:
    # there is no service that changes the mode; the field is set once by cycle_open
    cycle = open_cycle(team, frameworks, mode="appraisal")
    assert not any("mode" in name for name in dir(services) if name.startswith("cycle_set"))
    assert cycle.mode == "appraisal"


def test_an_accepted_facilitator_reads_the_report_once_closed_before_release(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    facilitator = team.executive
    cycle = launch(
        team, _ready(team, frameworks, facilitator=facilitator), django_capture_on_commit_callbacks
    )
    _respond_all(cycle)
    from mantle.core.access import build_actor

    actor = build_actor(facilitator)
    services.cycle_facilitator_accept(actor=team.participant.actor, cycle=cycle)
    with pytest.raises(Http404):
        selectors.cycle_report(actor, cycle)
    services.cycle_close(actor=actor, cycle=cycle)
    assert selectors.cycle_report(actor, cycle).dimensions
    with pytest.raises(Http404):
        selectors.cycle_report(team.participant.actor, cycle)


def test_release_needs_a_closed_cycle(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = launch(team, _ready(team, frameworks), django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="closed"):
        services.cycle_release(actor=_hr(team), cycle=cycle)


def test_cohort_opens_one_cycle_per_person_and_emails_them(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given an administrator choosing the four peers
    people = [m.person for m in team.peers]
    # when they open a cohort
    with django_capture_on_commit_callbacks(execute=True):
        cohort = services.cohort_open(
            actor=_hr(team),
            organisation=team.org,
            name="Ward leaders 2026",
            framework_version=frameworks["hlm"],
            deadline=deadline(),
            mode="developmental",
            participants=people,
        )
    # then each has a cycle and an e-mail asking them to choose raters
    assert cohort.cycles.count() == 4
    assert {a for m in mail.outbox for a in m.to} == {m.user.email for m in team.peers}


def test_only_administrators_open_cohorts(team: Team, frameworks: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.cohort_open(
            actor=team.manager.actor,
            organisation=team.org,
            name="x",
            framework_version=frameworks["hlm"],
            deadline=deadline(),
            mode="developmental",
            participants=[team.peers[0].person],
        )
