"""Posting, sponsoring, applying, releasing, selecting and completing, through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from mantle.core.access import AccessDenied, build_actor
from mantle.development.models import Enrolment, Holding
from mantle.opportunities import services
from mantle.opportunities.models import Application, Opportunity

from .conftest import Trust, make_opportunity

pytestmark = pytest.mark.django_db


def _post(trust: Trust, **kw: Any) -> Opportunity:
    today = timezone.localdate()
    args: dict[str, Any] = {
        "actor": trust.manager.actor,
        "organisation": trust.org,
        "title": "Chair the ward's safety huddle",
        "kind": "committee",
        "description": "Run the daily huddle.",
        "owner": None,
        "sponsor": trust.sponsor,
        "time_unit": "hours",
        "time_amount": Decimal("2"),
        "starts_on": today + dt.timedelta(days=30),
        "ends_on": today + dt.timedelta(days=120),
        "closes_on": today + dt.timedelta(days=14),
        "dimensions": ["hlm:engaging_the_team"],
    }
    args.update(kw)
    return services.opportunity_save(**args)


def test_posting_needs_the_sponsor_before_anyone_can_apply(
    trust: Trust, django_capture_on_commit_callbacks: Any
) -> None:
    # given a ward manager posting a draft with an executive as sponsor
    opp = _post(trust)
    assert opp.status == "draft" and opp.owner == trust.manager.person and opp.open_to_all
    # when it is sent, nobody can apply until the sponsor approves
    with django_capture_on_commit_callbacks(execute=True):
        services.opportunity_submit(actor=trust.manager.actor, opportunity=opp)
    assert opp.status == "pending"
    assert trust.sponsor.email and mail.outbox[-1].to == [trust.sponsor.email]
    with pytest.raises(ValidationError, match="not taking applications"):
        services.application_submit(actor=trust.nurses[0].actor, opportunity=opp, statement="Me")
    with pytest.raises(AccessDenied):
        services.opportunity_decide(actor=trust.manager.actor, opportunity=opp, approve=True)
    services.opportunity_decide(actor=build_actor(trust.sponsor), opportunity=opp, approve=True)
    assert opp.status == "open"


def test_a_declined_opportunity_needs_a_reason_and_can_be_resubmitted(trust: Trust) -> None:
    opp = _post(trust)
    services.opportunity_submit(actor=trust.manager.actor, opportunity=opp)
    sponsor = build_actor(trust.sponsor)
    with pytest.raises(ValidationError, match="reason"):
        services.opportunity_decide(actor=sponsor, opportunity=opp, approve=False, note=" ")
    services.opportunity_decide(actor=sponsor, opportunity=opp, approve=False, note="Too vague")
    assert opp.status == "declined" and opp.sponsor_note == "Too vague"
    services.opportunity_submit(actor=trust.manager.actor, opportunity=opp)
    assert opp.status == "pending" and opp.sponsor_note == ""


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sponsor": "self"}, "sponsor"),
        ({"sponsor": "nurse"}, "sponsor"),
        ({"time_unit": "fte", "time_amount": Decimal("1.5")}, "time_amount"),
        ({"eligible_bands": ["Band 55"]}, "eligible_bands"),
        ({"eligible_tiers": ["captain"]}, "eligible_tiers"),
        ({"dimensions": ["hlm:nope"]}, "dimensions"),
        ({"closes_on": "after_start"}, "closes_on"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_bad_fields_are_named(trust: Trust, changes: dict[str, Any], field: str) -> None:
    if changes.get("sponsor") == "self":
        changes["sponsor"] = trust.manager.user
    elif changes.get("sponsor") == "nurse":
        changes["sponsor"] = trust.nurses[0].user
    if changes.get("closes_on") == "after_start":
        changes["closes_on"] = timezone.localdate() + dt.timedelta(days=31)
    with pytest.raises(ValidationError) as caught:
        _post(trust, **changes)
    assert field in caught.value.message_dict


def test_only_staff_of_the_organisation_post(trust: Trust) -> None:
    with pytest.raises(AccessDenied):
        _post(trust, actor=trust.outsider.actor)


def test_eligibility_is_enforced_when_applying(trust: Trust) -> None:
    opp = make_opportunity(trust, bands=["Band 6"])
    with pytest.raises(ValidationError, match="band Band 6"):
        services.application_submit(actor=trust.nurses[0].actor, opportunity=opp, statement="Me")
    with pytest.raises(ValidationError, match="no current post"):
        services.application_submit(actor=trust.outsider.actor, opportunity=opp, statement="Me")


def test_release_then_selection_then_completion(
    trust: Trust, opportunity: Opportunity, django_capture_on_commit_callbacks: Any
) -> None:
    nurse = trust.nurses[0]
    # given a nurse's application: the register names the ward manager as line manager
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_submit(
            actor=nurse.actor, opportunity=opportunity, statement="I lead our falls huddle."
        )
    assert app.line_manager == trust.manager.person and app.status == "submitted"
    assert app.fit is not None
    assert mail.outbox[-1].to == ["manager@example.nhs.uk"]
    # the owner cannot select before release, another manager cannot release, nor the nurse herself
    with pytest.raises(ValidationError, match="not released their time"):
        services.application_decide(actor=trust.director.actor, application=app, select=True)
    with pytest.raises(AccessDenied):
        services.application_release(
            actor=trust.director.actor, application=app, release=True, note="x"
        )
    with pytest.raises(AccessDenied):
        services.application_release(actor=nurse.actor, application=app, release=True, note="x")
    with pytest.raises(ValidationError, match="backfill"):
        services.application_release(
            actor=trust.manager.actor, application=app, release=True, note=""
        )
    # when the manager releases with a backfill note and the owner selects
    with django_capture_on_commit_callbacks(execute=True):
        services.application_release(
            actor=trust.manager.actor, application=app, release=True, note="Bank shift on Tuesdays"
        )
    assert app.status == "released" and app.backfill_note == "Bank shift on Tuesdays"
    assert {m.to[0] for m in mail.outbox[-2:]} == {
        "nurse1@example.nhs.uk",
        "director@example.nhs.uk",
    }
    with pytest.raises(AccessDenied):
        services.application_decide(actor=trust.manager.actor, application=app, select=True)
    services.application_decide(actor=trust.director.actor, application=app, select=True)
    assert app.status == "selected"
    # then completion is written to her development record as an experience with its dimensions
    opportunity.starts_on = timezone.localdate() - dt.timedelta(days=60)
    opportunity.save()
    with pytest.raises(ValidationError, match="feedback"):
        services.application_complete(
            actor=trust.director.actor,
            application=app,
            completed_on=timezone.localdate(),
            feedback="",
            ratings={},
        )
    with pytest.raises(ValidationError, match="ratings"):
        services.application_complete(
            actor=trust.director.actor,
            application=app,
            completed_on=timezone.localdate(),
            feedback="Good",
            ratings={"hlm:sharing_the_vision": "strength"},
        )
    services.application_complete(
        actor=trust.director.actor,
        application=app,
        completed_on=timezone.localdate(),
        feedback="Ran the huddles well.",
        ratings={"hlm:engaging_the_team": "strength"},
    )
    enrolment = Enrolment.objects.get(person=nurse.person)
    assert enrolment.status == "completed" and app.enrolment == enrolment
    assert enrolment.offering.dimensions == ["hlm:engaging_the_team"]
    assert enrolment.offering.organisation == trust.org
    assert Holding.objects.filter(person=nurse.person, enrolment=enrolment).exists()
    assert list(app.events.values_list("to_status", flat=True)) == [
        "submitted",
        "released",
        "selected",
        "completed",
    ]


def test_not_releasing_needs_a_reason_and_ends_the_application(
    trust: Trust, opportunity: Opportunity
) -> None:
    app = services.application_submit(
        actor=trust.nurses[1].actor, opportunity=opportunity, statement="Me"
    )
    with pytest.raises(ValidationError, match="reason"):
        services.application_release(
            actor=trust.manager.actor, application=app, release=False, note=""
        )
    services.application_release(
        actor=trust.manager.actor, application=app, release=False, note="Winter"
    )
    assert app.status == "not_released" and app.release_reason == "Winter"
    with pytest.raises(ValidationError):
        services.application_decide(actor=trust.director.actor, application=app, select=True)


def test_no_more_selected_than_places_and_a_rejection_needs_a_reason(
    trust: Trust, opportunity: Opportunity
) -> None:
    apps = []
    for nurse in trust.nurses[:2]:
        app = services.application_submit(
            actor=nurse.actor, opportunity=opportunity, statement="Me"
        )
        services.application_release(
            actor=trust.manager.actor, application=app, release=True, note="Cover"
        )
        apps.append(app)
    services.application_decide(actor=trust.director.actor, application=apps[0], select=True)
    with pytest.raises(ValidationError, match="All 1 place"):
        services.application_decide(actor=trust.director.actor, application=apps[1], select=True)
    with pytest.raises(ValidationError, match="why"):
        services.application_decide(actor=trust.director.actor, application=apps[1], select=False)
    services.application_decide(
        actor=trust.director.actor, application=apps[1], select=False, reason="Place filled"
    )
    assert Application.objects.get(pk=apps[1].pk).decision_reason == "Place filled"


def test_one_live_application_and_withdrawal(trust: Trust, opportunity: Opportunity) -> None:
    nurse = trust.nurses[0]
    app = services.application_submit(actor=nurse.actor, opportunity=opportunity, statement="Me")
    with pytest.raises(ValidationError, match="already applied"):
        services.application_submit(actor=nurse.actor, opportunity=opportunity, statement="Me")
    with pytest.raises(AccessDenied):
        services.application_withdraw(actor=trust.director.actor, application=app)
    services.application_withdraw(actor=nurse.actor, application=app)
    again = services.application_submit(actor=nurse.actor, opportunity=opportunity, statement="Me")
    assert again.pk != app.pk


def test_no_line_manager_means_hr_releases(trust: Trust, opportunity: Opportunity) -> None:
    app = services.application_submit(
        actor=trust.director.actor,
        opportunity=make_opportunity(trust, owner=trust.manager),
        statement="Me",
    )
    assert app.line_manager is None
    with pytest.raises(AccessDenied):
        services.application_release(
            actor=trust.manager.actor, application=app, release=True, note="x"
        )
    services.application_release(
        actor=build_actor(trust.hr), application=app, release=True, note="Deputy covers"
    )
    assert app.status == "released"


def test_cancelling_withdraws_live_applications(trust: Trust, opportunity: Opportunity) -> None:
    app = services.application_submit(
        actor=trust.nurses[0].actor, opportunity=opportunity, statement="Me"
    )
    services.opportunity_set_open(
        actor=trust.director.actor, opportunity=opportunity, action="cancel"
    )
    app.refresh_from_db()
    assert opportunity.status == "cancelled" and app.status == "withdrawn"


def test_profile_hours_are_bounded(trust: Trust) -> None:
    with pytest.raises(ValidationError):
        services.profile_save(
            actor=trust.nurses[0].actor, hours_available=Decimal("40"), share_360=False
        )
    profile = services.profile_save(
        actor=trust.nurses[0].actor, hours_available=Decimal("4"), share_360=True
    )
    assert profile.share_360
