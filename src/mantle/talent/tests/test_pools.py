"""Talent pools: entry criteria, nomination and approval, membership history, consent and ICB
sharing, and the decision e-mail sent only after commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from mantle.core.access import AccessDenied
from mantle.talent import selectors, services
from mantle.talent.models import TalentPool

from .conftest import Trust

pytestmark = pytest.mark.django_db


def _pool(trust: Trust, **kwargs: Any) -> TalentPool:
    return services.pool_create(
        actor=trust.actor("hr"),
        organisation=trust.org,
        name="Clinicians into senior management",
        **kwargs,
    )


def test_a_clinicians_only_pool_refuses_a_non_clinician(trust: Trust) -> None:
    pool = _pool(trust, clinicians_only=True)
    with pytest.raises(ValidationError, match="clinician"):
        services.pool_nominate(
            actor=trust.actor("hr"),
            pool=pool,
            person=trust.people["fran"],
            reason="Strong finance lead",
        )
    services.pool_nominate(
        actor=trust.actor("hr"), pool=pool, person=trust.people["sam"], reason="Surgical lead"
    )


def test_a_tier_criterion_checks_current_posts(trust: Trust) -> None:
    pool = _pool(trust, eligible_tiers=["middle", "first_line"])
    with pytest.raises(ValidationError, match="tier"):
        services.pool_nominate(
            actor=trust.actor("hr"), pool=pool, person=trust.people["sam"], reason="x"
        )
    services.pool_nominate(
        actor=trust.actor("hr"), pool=pool, person=trust.people["nia"], reason="Ward leader"
    )


def test_who_may_nominate(trust: Trust) -> None:
    pool = _pool(trust)
    # a manager nominates someone in their chain; staff nominate themselves
    services.pool_nominate(
        actor=trust.actor("dina"), pool=pool, person=trust.people["nia"], reason="Ready for more"
    )
    services.pool_nominate(
        actor=trust.actor("sam"), pool=pool, person=trust.people["sam"], reason="I want to lead"
    )
    # but not someone outside their chain
    with pytest.raises(AccessDenied):
        services.pool_nominate(
            actor=trust.actor("sam"), pool=pool, person=trust.people["nia"], reason="x"
        )
    # and not twice while open
    with pytest.raises(ValidationError, match="already"):
        services.pool_nominate(
            actor=trust.actor("hr"), pool=pool, person=trust.people["sam"], reason="again"
        )


def test_approval_is_emailed_only_after_commit_and_history_is_kept(
    trust: Trust, django_capture_on_commit_callbacks: Any
) -> None:
    pool = _pool(trust)
    membership = services.pool_nominate(
        actor=trust.actor("sam"), pool=pool, person=trust.people["sam"], reason="I want to lead"
    )
    # when HR approves inside a transaction
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.pool_decide(actor=trust.actor("hr"), membership=membership, approve=True)
    # then nothing is sent until the commit
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.nhs.uk"]
    assert "approved" in mail.outbox[0].body
    membership.refresh_from_db()
    assert membership.status == "member"
    # and the history shows the nomination then the approval
    assert [e.status for e in membership.events.all()] == ["nominated", "member"]
    # when Sam leaves, history grows and the membership is closed
    services.pool_membership_end(actor=trust.actor("sam"), membership=membership)
    assert [e.status for e in membership.events.all()] == ["nominated", "member", "left"]


def test_a_decline_needs_a_note_and_only_hr_decides(trust: Trust) -> None:
    pool = _pool(trust)
    membership = services.pool_nominate(
        actor=trust.actor("hr"), pool=pool, person=trust.people["nia"], reason="x"
    )
    with pytest.raises(AccessDenied):
        services.pool_decide(actor=trust.actor("dina"), membership=membership, approve=True)
    with pytest.raises(ValidationError, match="declined"):
        services.pool_decide(actor=trust.actor("hr"), membership=membership, approve=False)


def test_sharing_within_the_icb_shows_only_consenting_members(trust: Trust) -> None:
    pool = _pool(trust, share_within_icb=True)
    sam = services.pool_nominate(
        actor=trust.actor("hr"), pool=pool, person=trust.people["sam"], reason="x"
    )
    nia = services.pool_nominate(
        actor=trust.actor("hr"), pool=pool, person=trust.people["nia"], reason="x"
    )
    for m in (sam, nia):
        services.pool_decide(actor=trust.actor("hr"), membership=m, approve=True)
    other_hr = trust.actor("other_hr")
    # given only Sam consents (and only Sam may give his consent)
    with pytest.raises(AccessDenied):
        services.pool_consent_set(actor=trust.actor("hr"), membership=sam, consent=True)
    services.pool_consent_set(actor=trust.actor("sam"), membership=sam, consent=True)
    # then HR of the neighbouring trust sees the pool and Sam only
    assert pool in selectors.pools_visible(other_hr)
    assert [m.person_id for m in selectors.pool_memberships_visible(other_hr, pool)] == [
        trust.people["sam"].pk
    ]
    # and a pool that is not shared is invisible to them
    private = services.pool_create(
        actor=trust.actor("hr"), organisation=trust.org, name="Aspiring directors"
    )
    assert private not in selectors.pools_visible(other_hr)


def test_line_managers_see_only_their_chain_in_a_pool(trust: Trust) -> None:
    pool = _pool(trust)
    for who in ("nia", "fran"):
        services.pool_nominate(
            actor=trust.actor("hr"), pool=pool, person=trust.people[who], reason="x"
        )
    seen = {m.person_id for m in selectors.pool_memberships_visible(trust.actor("dina"), pool)}
    assert seen == {trust.people["nia"].pk}


def test_plan_review_reminders_go_to_owners_and_name_posts_only(trust: Trust) -> None:
    import datetime as dt

    from django.core.management import call_command

    trust.users["hr"].email = "hr@example.nhs.uk"
    trust.users["hr"].save()
    plan = services.plan_create(
        actor=trust.actor("hr"),
        post=trust.posts["dof"],
        next_review_on=dt.date.today() - dt.timedelta(days=3),
    )
    services.candidate_add(
        actor=trust.actor("hr"), plan=plan, person=trust.people["sam"], readiness="ready_now"
    )
    services.plan_create(
        actor=trust.actor("hr"),
        post=trust.posts["ceo"],
        next_review_on=dt.date.today() + dt.timedelta(days=200),
    )
    call_command("talent_review_reminders", "--org", "RXX")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Director of Finance: review overdue" in body
    assert "Chief Executive" not in body
    assert "Sam" not in body
