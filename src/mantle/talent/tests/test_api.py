"""The talent API: the same scoping as the pages, JSON errors, suppression for viewers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from mantle.talent import services
from mantle.talent.models import TalentReview

from .conftest import AS_OF, Trust

pytestmark = pytest.mark.django_db


def _as(trust: Trust, username: str) -> Client:
    client = Client()
    client.force_login(trust.users[username])
    return client


def _data(trust: Trust) -> dict[str, int]:
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
    services.placement_propose(
        actor=hr,
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
    pool = services.pool_create(actor=hr, organisation=trust.org, name="Aspiring directors")
    return {"review": review.pk, "plan": plan.pk, "pool": pool.pk}


def test_hr_sees_unsuppressed_summary_and_executives_suppressed(trust: Trust) -> None:
    _data(trust)
    hr = _as(trust, "hr").get("/api/v1/talent/succession/summary?org=RXX&as_of=2025-06-01").json()
    ex = _as(trust, "exec").get("/api/v1/talent/succession/summary?org=RXX&as_of=2025-06-01").json()
    assert hr["bench"]["scope"]["ready_now"] == 1
    assert ex["bench"]["scope"]["ready_now"] == "*"
    assert ex["bench"]["scope"]["critical_posts"] == 4
    assert ex["suppression"]["applied"] is True


def test_staff_get_403_from_the_summary_and_404_for_a_plan(trust: Trust) -> None:
    ids = _data(trust)
    sam = _as(trust, "sam")
    assert sam.get("/api/v1/talent/succession/summary").status_code == 404
    response = sam.get(f"/api/v1/talent/succession/plans/{ids['plan']}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_plan_detail_gives_readiness_on_a_date(trust: Trust) -> None:
    ids = _data(trust)
    body = (
        _as(trust, "hr")
        .get(f"/api/v1/talent/succession/plans/{ids['plan']}?as_of=2025-06-01")
        .json()
    )
    assert body["exposure_level"] == "High"
    assert body["candidates"][0]["readiness"] == "ready_now"
    before = (
        _as(trust, "hr")
        .get(f"/api/v1/talent/succession/plans/{ids['plan']}?as_of=2024-12-31")
        .json()
    )
    assert before["candidates"][0]["readiness"] is None


def test_review_placements_are_scoped(trust: Trust) -> None:
    ids = _data(trust)
    hr = _as(trust, "hr").get(f"/api/v1/talent/reviews/{ids['review']}").json()
    ex = _as(trust, "exec").get(f"/api/v1/talent/reviews/{ids['review']}").json()
    assert [p["person_name"] for p in hr["placements"]] == ["Nia Nurse"]
    assert ex["placements"] == []


def test_proposing_and_moving_through_the_api(trust: Trust) -> None:
    ids = _data(trust)
    dina = _as(trust, "dina")
    response = dina.post(
        f"/api/v1/talent/reviews/{ids['review']}/placements",
        {
            "person_id": trust.people["sam"].pk,
            "performance": 3,
            "potential": 2,
            "rationale": "Strong",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    placement_id = response.json()["id"]
    # moving before calibration is a 422 with the rule's message
    carol = _as(trust, "carol")
    early = carol.post(
        f"/api/v1/talent/reviews/{ids['review']}/placements/{placement_id}/move",
        {"performance": 3, "potential": 3, "reason": "x"},
        content_type="application/json",
    )
    assert early.status_code == 422
    assert "calibration" in early.json()["message"]
    services.review_calibration_start(
        actor=trust.actor("hr"), review=TalentReview.objects.get(pk=ids["review"])
    )
    moved = carol.post(
        f"/api/v1/talent/reviews/{ids['review']}/placements/{placement_id}/move",
        {"performance": 3, "potential": 3, "reason": "Panel agreed"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["box"] == 9
    # a manager not on the panel cannot move: 404, as if it did not exist
    assert (
        dina.post(
            f"/api/v1/talent/reviews/{ids['review']}/placements/{placement_id}/move",
            {"performance": 1, "potential": 1, "reason": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_results_equality_is_always_suppressed(trust: Trust) -> None:
    ids = _data(trust)
    body = _as(trust, "hr").get(f"/api/v1/talent/reviews/{ids['review']}/results").json()
    assert body["suppressed"] is False
    assert body["proposed"]["box_8"] == 1
    eth = next(r for r in body["equality_proposed"] if r["characteristic"] == "ethnicity")
    assert eth["focus_people"] == "*"


def test_pools_and_self_nomination(trust: Trust) -> None:
    ids = _data(trust)
    sam = _as(trust, "sam")
    assert [p["name"] for p in sam.get("/api/v1/talent/pools").json()] == ["Aspiring directors"]
    response = sam.post(
        f"/api/v1/talent/pools/{ids['pool']}/nominations",
        {"person_id": trust.people["sam"].pk, "reason": "Keen"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "nominated"
    # someone whose record sam may not see answers exactly as someone who does not exist (issue 11)
    hidden = sam.post(
        f"/api/v1/talent/pools/{ids['pool']}/nominations",
        {"person_id": trust.people["nia"].pk, "reason": "x"},
        content_type="application/json",
    )
    missing = sam.post(
        f"/api/v1/talent/pools/{ids['pool']}/nominations",
        {"person_id": 987654321, "reason": "x"},
        content_type="application/json",
    )
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert _as(trust, "other_hr").get(f"/api/v1/talent/pools/{ids['pool']}").status_code == 404


def test_conversation_summary_counts(trust: Trust) -> None:
    services.conversation_create(
        actor=trust.actor("sam"),
        person=trust.people["sam"],
        impact="high",
        readiness="ready_now",
        held_on=dt.date(2026, 5, 1),
    )
    body = _as(trust, "hr").get("/api/v1/talent/conversations/summary").json()
    assert body["counts"]["people"] == 1
    assert _as(trust, "sam").get("/api/v1/talent/conversations/summary").status_code == 404
