"""Talent review rounds: proposals, calibration with audited moves, locking, and who sees what."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from mantle.core.access import AccessDenied
from mantle.core.models import AuditEvent
from mantle.talent import services
from mantle.talent.models import PlacementMove, TalentReview

from .conftest import AS_OF, Trust

pytestmark = pytest.mark.django_db


def _review(trust: Trust, **kwargs: Any) -> TalentReview:
    return services.review_create(
        actor=trust.actor("hr"),
        organisation=trust.org,
        name="Surgery 2025",
        population_kind="unit",
        population_value="Trust/Surgery",
        as_of=AS_OF,
        panel=[(trust.users["carol"], "chair")],
        **kwargs,
    )


def test_only_hr_sets_up_a_review(trust: Trust) -> None:
    with pytest.raises(AccessDenied):
        services.review_create(
            actor=trust.actor("dina"),
            organisation=trust.org,
            name="x",
            population_kind="unit",
            population_value="Trust/Surgery",
            as_of=AS_OF,
        )


def test_a_population_that_does_not_exist_is_refused(trust: Trust) -> None:
    with pytest.raises(ValidationError, match="unit"):
        services.review_create(
            actor=trust.actor("hr"),
            organisation=trust.org,
            name="x",
            population_kind="unit",
            population_value="Trust/Nowhere",
            as_of=AS_OF,
        )


def test_a_manager_proposes_for_their_chain_but_not_for_others(trust: Trust) -> None:
    # given a review of Surgery (Dina, Sam and Nia work there; Dina manages Sam and Nia)
    review = _review(trust)
    # when Dina proposes Sam
    placement = services.placement_propose(
        actor=trust.actor("dina"),
        review=review,
        person=trust.people["sam"],
        performance=3,
        potential=3,
        rationale="Leads the theatre redesign",
    )
    # then the proposal is the current placement too
    assert (placement.box, placement.proposed_box) == (9, 9)
    # but Dina cannot propose herself (she is not in her own chain)
    with pytest.raises(AccessDenied):
        services.placement_propose(
            actor=trust.actor("dina"),
            review=review,
            person=trust.people["dina"],
            performance=2,
            potential=2,
            rationale="x",
        )


def test_someone_outside_the_population_cannot_be_placed(trust: Trust) -> None:
    review = _review(trust)
    with pytest.raises(ValidationError, match="population"):
        services.placement_propose(
            actor=trust.actor("hr"),
            review=review,
            person=trust.people["fran"],
            performance=2,
            potential=2,
            rationale="x",
        )


def test_a_proposal_needs_a_rationale(trust: Trust) -> None:
    review = _review(trust)
    with pytest.raises(ValidationError, match="reason"):
        services.placement_propose(
            actor=trust.actor("hr"),
            review=review,
            person=trust.people["sam"],
            performance=2,
            potential=2,
            rationale="  ",
        )


def test_calibration_moves_are_recorded_audited_and_stop_at_the_lock(trust: Trust) -> None:
    # given a proposal for Nia in box 5
    review = _review(trust)
    placement = services.placement_propose(
        actor=trust.actor("dina"),
        review=review,
        person=trust.people["nia"],
        performance=2,
        potential=2,
        rationale="Steady",
    )
    # and the chair opens calibration
    services.review_calibration_start(actor=trust.actor("carol"), review=review)
    # when the chair moves Nia to box 8 with a reason
    services.placement_move(
        actor=trust.actor("carol"),
        placement=placement,
        performance=2,
        potential=3,
        reason="Acting matron cover shows stretch",
    )
    # then the move is kept with where she came from, and audited
    move = PlacementMove.objects.get(placement=placement)
    assert (move.from_performance, move.from_potential, move.to_performance, move.to_potential) == (
        2,
        2,
        2,
        3,
    )
    event = AuditEvent.objects.filter(action="move", object_type="talent.placement").get()
    assert event.detail["from"] == [2, 2]
    assert event.detail["to"] == [2, 3]
    assert event.detail["reason"] == "Acting matron cover shows stretch"
    assert event.actor_label == "carol"
    placement.refresh_from_db()
    assert (placement.box, placement.proposed_box, placement.moved) == (8, 5, True)
    # when the session is locked
    services.review_lock(actor=trust.actor("carol"), review=review)
    # then no further move or proposal is accepted
    with pytest.raises(ValidationError, match="locked"):
        services.placement_move(
            actor=trust.actor("hr"),
            placement=placement,
            performance=1,
            potential=1,
            reason="late change",
        )
    with pytest.raises(ValidationError, match="closed"):
        services.placement_propose(
            actor=trust.actor("hr"),
            review=review,
            person=trust.people["sam"],
            performance=1,
            potential=1,
            rationale="late",
        )
    assert PlacementMove.objects.count() == 1


def test_a_move_needs_a_reason_and_the_panel(trust: Trust) -> None:
    review = _review(trust)
    placement = services.placement_propose(
        actor=trust.actor("hr"),
        review=review,
        person=trust.people["nia"],
        performance=2,
        potential=2,
        rationale="Steady",
    )
    services.review_calibration_start(actor=trust.actor("hr"), review=review)
    with pytest.raises(ValidationError, match="reason"):
        services.placement_move(
            actor=trust.actor("hr"), placement=placement, performance=3, potential=3, reason=""
        )
    with pytest.raises(AccessDenied):
        services.placement_move(
            actor=trust.actor("dina"),
            placement=placement,
            performance=3,
            potential=3,
            reason="I manage her",
        )


def test_moves_are_refused_before_calibration_opens(trust: Trust) -> None:
    review = _review(trust)
    placement = services.placement_propose(
        actor=trust.actor("hr"),
        review=review,
        person=trust.people["nia"],
        performance=2,
        potential=2,
        rationale="Steady",
    )
    with pytest.raises(ValidationError, match="calibration"):
        services.placement_move(
            actor=trust.actor("carol"),
            placement=placement,
            performance=3,
            potential=3,
            reason="early",
        )


def test_only_the_chair_or_hr_can_lock(trust: Trust) -> None:
    review = _review(
        trust,
    )
    services.review_panel_add(actor=trust.actor("hr"), review=review, user=trust.users["dina"])
    services.review_calibration_start(actor=trust.actor("hr"), review=review)
    with pytest.raises(AccessDenied):
        services.review_lock(actor=trust.actor("dina"), review=review)
    services.review_lock(actor=trust.actor("hr"), review=review)
    review.refresh_from_db()
    assert review.is_locked and review.locked_by == trust.users["hr"]


def test_cohort_population_of_medical_consultants(trust: Trust) -> None:
    review = services.review_create(
        actor=trust.actor("hr"),
        organisation=trust.org,
        name="Consultants",
        population_kind="cohort",
        population_value="medical_consultants",
        as_of=AS_OF,
    )
    services.placement_propose(
        actor=trust.actor("hr"),
        review=review,
        person=trust.people["sam"],
        performance=2,
        potential=3,
        rationale="Clinical lead potential",
    )
    with pytest.raises(ValidationError, match="population"):
        services.placement_propose(
            actor=trust.actor("hr"),
            review=review,
            person=trust.people["nia"],
            performance=2,
            potential=3,
            rationale="Not a consultant",
        )
