"""Pages: every role gets what it may see, and guessing another record's id gives 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from mantle.talent import services
from mantle.talent.models import Placement, SuccessionPlan, TalentReview

from .conftest import AS_OF, Trust

pytestmark = pytest.mark.django_db


def _as(client: Client, trust: Trust, username: str) -> Client:
    client.force_login(trust.users[username])
    return client


def _setup(trust: Trust) -> tuple[TalentReview, Placement, SuccessionPlan]:
    hr = trust.actor("hr")
    review = services.review_create(
        actor=hr,
        organisation=trust.org,
        name="Surgery 2025",
        population_kind="unit",
        population_value="Trust/Surgery",
        as_of=AS_OF,
        panel=[(trust.users["carol"], "chair")],
    )
    placement = services.placement_propose(
        actor=trust.actor("dina"),
        review=review,
        person=trust.people["nia"],
        performance=2,
        potential=3,
        rationale="Matron material",
    )
    plan = services.plan_create(
        actor=hr, post=trust.posts["dof"], next_review_on=dt.date(2027, 1, 1)
    )
    services.candidate_add(
        actor=hr,
        plan=plan,
        person=trust.people["sam"],
        readiness="ready_now",
        added_on=dt.date(2025, 1, 1),
    )
    return review, placement, plan


@pytest.mark.parametrize("username", ["hr", "exec", "dina", "sam", "carol"])
def test_every_role_can_open_the_talent_home_page(
    client: Client, trust: Trust, username: str
) -> None:
    response = _as(client, trust, username).get("/talent/")
    assert response.status_code == 200
    assert "Talent and succession" in response.content.decode()


def test_hr_pages_render_with_data(client: Client, trust: Trust) -> None:
    review, _placement, plan = _setup(trust)
    c = _as(client, trust, "hr")
    for url in [
        "/talent/succession/",
        "/talent/succession/?org=RXX&unit=Trust/Surgery",
        "/talent/succession/posts/",
        f"/talent/succession/plans/{plan.pk}/",
        f"/talent/reviews/{review.pk}/",
        f"/talent/reviews/{review.pk}/results/",
        "/talent/conversations/summary/",
        "/talent/settings/",
        "/talent/pools/new/",
        "/talent/reviews/new/",
    ]:
        response = c.get(url)
        assert response.status_code == 200, url
    body = c.get("/talent/succession/").content.decode()
    assert "Director of Finance" in body  # the heat list names posts for HR/OD
    assert "No ready successor" in body  # the Medical Director post has none


def test_executives_see_suppressed_aggregates_but_no_heat_list(
    client: Client, trust: Trust
) -> None:
    _setup(trust)
    c = _as(client, trust, "exec")
    body = c.get("/talent/succession/").content.decode()
    assert "Bench strength by unit" in body
    assert "Heat list" not in body
    assert "fewer than 5 people" in body.lower() or "hidden to protect" in body
    csv = c.get("/talent/succession/export.csv?org=RXX").content.decode()
    assert "distinct_ready_now" in csv


def test_executives_cannot_open_plans_or_calibration(client: Client, trust: Trust) -> None:
    review, _placement, plan = _setup(trust)
    c = _as(client, trust, "exec")
    assert c.get(f"/talent/succession/plans/{plan.pk}/").status_code == 404
    assert c.get(f"/talent/reviews/{review.pk}/calibration/").status_code == 404
    assert c.get(f"/talent/reviews/{review.pk}/results/").status_code == 200


def test_staff_cannot_use_the_succession_dashboard(client: Client, trust: Trust) -> None:
    assert _as(client, trust, "sam").get("/talent/succession/").status_code == 404


def test_guessing_ids_gives_404(client: Client, trust: Trust) -> None:
    review, _placement, plan = _setup(trust)
    conversation = services.conversation_create(
        actor=trust.actor("dina"),
        person=trust.people["nia"],
        impact="solid",
        readiness="in_role",
        held_on=dt.date(2026, 1, 1),
    )
    sam = _as(client, trust, "sam")
    assert sam.get(f"/talent/conversations/{conversation.pk}/").status_code == 404
    assert sam.get(f"/talent/succession/plans/{plan.pk}/").status_code == 404
    assert sam.get(f"/talent/reviews/{review.pk}/").status_code == 404
    assert sam.get("/talent/succession/plans/999999/").status_code == 404
    other = _as(Client(), trust, "other_hr")
    assert other.get(f"/talent/reviews/{review.pk}/").status_code == 404
    assert other.get(f"/talent/conversations/{conversation.pk}/").status_code == 404
    # HR/OD see counts, never the record
    assert (
        _as(Client(), trust, "hr").get(f"/talent/conversations/{conversation.pk}/").status_code
        == 404
    )


def test_a_manager_sees_their_chain_in_a_review_but_not_calibration(
    client: Client, trust: Trust
) -> None:
    review, _placement, _plan = _setup(trust)
    c = _as(client, trust, "dina")
    body = c.get(f"/talent/reviews/{review.pk}/").content.decode()
    assert "Nia Nurse" in body and "Matron material" in body
    assert c.get(f"/talent/reviews/{review.pk}/calibration/").status_code == 404


def test_the_calibration_flow_through_the_pages(client: Client, trust: Trust) -> None:
    review, placement, _plan = _setup(trust)
    carol = _as(client, trust, "carol")
    assert carol.post(f"/talent/reviews/{review.pk}/start/").status_code == 302
    response = carol.post(
        f"/talent/reviews/{review.pk}/move/",
        {"placement": placement.pk, "performance": 3, "potential": 3, "reason": "Panel view"},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.box == 9
    body = carol.get(f"/talent/reviews/{review.pk}/calibration/").content.decode()
    assert "Panel view" in body and "moved from box 8" in body
    carol.post(f"/talent/reviews/{review.pk}/lock/")
    review.refresh_from_db()
    assert review.is_locked
    carol.post(
        f"/talent/reviews/{review.pk}/move/",
        {"placement": placement.pk, "performance": 1, "potential": 1, "reason": "Too late"},
    )
    placement.refresh_from_db()
    assert placement.box == 9


def test_a_person_sees_their_placement_only_when_the_setting_allows(
    client: Client, trust: Trust
) -> None:
    review, _placement, _plan = _setup(trust)
    services.review_calibration_start(actor=trust.actor("hr"), review=review)
    services.review_lock(actor=trust.actor("hr"), review=review)
    from mantle.core.testing.factories import make_user

    client.force_login(
        make_user(username="nia", roles=[("staff", trust.org)], person=trust.people["nia"])
    )
    nia = client
    assert "Surgery 2025" not in nia.get("/talent/me/").content.decode()
    services.talent_settings_update(
        actor=trust.actor("hr"), organisation=trust.org, show_placement_to_person=True
    )
    assert "Surgery 2025" in nia.get("/talent/me/").content.decode()


def test_the_person_records_a_conversation_through_the_form(client: Client, trust: Trust) -> None:
    c = _as(client, trust, "sam")
    response = c.post(
        "/talent/conversations/new/",
        {
            "held_on": "2026-02-01",
            "impact": "high",
            "readiness": "ready_now",
            "management_interest": "middle",
            "growth_stretch": "on",
        },
    )
    assert response.status_code == 302
    detail = c.get(response["Location"]).content.decode()
    assert "Middle management" in detail and "stretch" in detail


def test_forms_show_errors_for_missing_fields(client: Client, trust: Trust) -> None:
    body = _as(client, trust, "sam").post("/talent/conversations/new/", {}).content.decode()
    assert "There is a problem" in body


def test_pool_nomination_and_decision_through_the_pages(
    client: Client, trust: Trust, mailoutbox: Any
) -> None:
    hr = _as(client, trust, "hr")
    response = hr.post(
        "/talent/pools/new/", {"name": "Future clinical directors", "clinicians_only": "on"}
    )
    assert response.status_code == 302
    pool_url = response["Location"]
    sam = _as(Client(), trust, "sam")
    sam.post(f"{pool_url}nominate/", {"person": trust.people["sam"].pk, "reason": "Keen"})
    from mantle.talent.models import PoolMembership

    membership = PoolMembership.objects.get()
    hr.post(f"/talent/memberships/{membership.pk}/decide/", {"approve": "1", "note": ""})
    membership.refresh_from_db()
    assert membership.status == "member"
    sam.post(f"/talent/memberships/{membership.pk}/consent/", {"consent": "1"})
    membership.refresh_from_db()
    assert membership.consent_to_share


def test_plan_keepers_find_their_plans(client: Client, trust: Trust) -> None:
    _review, _placement, plan = _setup(trust)
    # Carol (Chief Executive) keeps plans for the posts below hers; Sam keeps none
    body = _as(client, trust, "carol").get("/talent/succession/plans/").content.decode()
    assert "Director of Finance" in body
    assert (
        _as(client, trust, "carol").get(f"/talent/succession/plans/{plan.pk}/").status_code == 200
    )
    body = _as(Client(), trust, "sam").get("/talent/succession/plans/").content.decode()
    assert "There are no succession plans you keep" in body


def test_reading_pool_members_is_audited(client: Client, trust: Trust) -> None:
    from mantle.core.models import AuditEvent

    pool = services.pool_create(actor=trust.actor("hr"), organisation=trust.org, name="P")
    services.pool_nominate(
        actor=trust.actor("hr"), pool=pool, person=trust.people["nia"], reason="x"
    )
    _as(client, trust, "hr").get(f"/talent/pools/{pool.pk}/")
    assert AuditEvent.objects.filter(action="view", object_type="talent.talentpool").exists()
