"""Talent review rounds: proposals by managers, calibration by a panel, then a lock.

Rules (docs/talent.md, "Talent review"):
* HR/OD administrators of the organisation set up a round and its panel.
* While the round is *proposing*, a manager may propose (or revise) a placement with a rationale for
  anyone in the population who is in their line-management chain; HR/OD administrators for anyone in
  the population.
* When calibration opens, proposals stop. Panel members and HR/OD administrators may move a person
  to another box, always with a reason; each move is kept (``PlacementMove``) and audited.
* Locking (HR/OD administrator or panel chair) closes the round: nothing can change afterwards.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mantle.core.access import AccessDenied, Actor
from mantle.talent.access import managed_person_ids
from mantle.talent.models import Placement, PlacementMove, ReviewPanelMember, TalentReview
from mantle.talent.population import population_person_ids, valid_population
from mantle.talent.rules.ninebox import Level
from mantle.workforce.models import Organisation, Person

from ._common import audit, require_text, user_of


def _is_panel(actor: Actor, review: TalentReview, *, chair: bool = False) -> bool:
    user_id = getattr(actor.user, "pk", None)
    if user_id is None or not getattr(actor.user, "is_authenticated", False):
        return False
    members = ReviewPanelMember.objects.filter(review=review, user_id=user_id)
    if chair:
        members = members.filter(role=ReviewPanelMember.Role.CHAIR)
    return members.exists()


def _level(value: int, field: str) -> int:
    try:
        return int(Level(int(value)))
    except (TypeError, ValueError):
        raise ValidationError({field: "Choose low, moderate or high."}) from None


@transaction.atomic
def review_create(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    population_kind: str,
    population_value: str,
    as_of: dt.date,
    panel: list[tuple[Any, str]] | None = None,
    via: str = "web",
) -> TalentReview:
    """Set up a review round. Rule: HR/OD administrators of the organisation only; the population must
    name a unit, staff group, management tier or cohort that exists."""
    if not actor.is_hr_admin(organisation.code):
        raise AccessDenied("Only HR/OD administrators may set up a talent review.")
    problem = valid_population(population_kind, population_value, organisation=organisation)
    if problem:
        raise ValidationError({"population_value": problem})
    review = TalentReview.objects.create(
        organisation=organisation,
        name=require_text(name, field="name", message="Give the review a name."),
        population_kind=population_kind,
        population_value=population_value,
        as_of=as_of,
        created_by=user_of(actor),
    )
    for user, role in panel or []:
        ReviewPanelMember.objects.create(review=review, user=user, role=role)
    audit(
        actor,
        "create",
        review,
        org_code=organisation.code,
        via=via,
        detail={"population": f"{population_kind}:{population_value}", "as_of": str(as_of)},
    )
    return review


@transaction.atomic
def review_panel_add(
    *,
    actor: Actor,
    review: TalentReview,
    user: Any,
    role: str = ReviewPanelMember.Role.MEMBER,
    via: str = "web",
) -> ReviewPanelMember:
    """Add someone to the panel. Rule: HR/OD administrators, before the round is locked."""
    if not actor.is_hr_admin(review.organisation.code):
        raise AccessDenied("Only HR/OD administrators may change the panel.")
    if review.is_locked:
        raise ValidationError("This review is locked.")
    member, _ = ReviewPanelMember.objects.update_or_create(
        review=review, user=user, defaults={"role": role}
    )
    audit(
        actor,
        "change",
        review,
        org_code=review.organisation.code,
        via=via,
        detail={"panel_add": user.get_username(), "role": role},
    )
    return member


def can_propose_for(actor: Actor, review: TalentReview, person_id: int) -> bool:
    """Rule: HR/OD administrators for anyone; line managers for people in their chain."""
    if actor.is_hr_admin(review.organisation.code):
        return True
    return person_id in managed_person_ids(actor, on=review.as_of)


@transaction.atomic
def placement_propose(
    *,
    actor: Actor,
    review: TalentReview,
    person: Person,
    performance: int,
    potential: int,
    rationale: str,
    via: str = "web",
) -> Placement:
    """Propose (or revise) a person's placement. Rule: only while the round is proposing; the person
    must be in the population; the proposer must manage them (or be HR/OD); a rationale is required."""
    review = TalentReview.objects.select_for_update().get(pk=review.pk)
    if review.status != TalentReview.Status.PROPOSING:
        raise ValidationError("Proposals are closed: calibration has started.")
    population = population_person_ids(
        organisation=review.organisation,
        kind=review.population_kind,
        value=review.population_value,
        on=review.as_of,
    )
    if person.pk not in population:
        raise ValidationError("This person is not in the review's population.")
    if not can_propose_for(actor, review, person.pk):
        raise AccessDenied("You may propose placements only for people you line-manage.")
    perf = _level(performance, "performance")
    pot = _level(potential, "potential")
    text = require_text(rationale, field="rationale", message="Give the reason for this placement.")
    placement, created = Placement.objects.update_or_create(
        review=review,
        person=person,
        defaults={
            "proposed_by": user_of(actor),
            "proposed_performance": perf,
            "proposed_potential": pot,
            "performance": perf,
            "potential": pot,
            "rationale": text,
        },
    )
    audit(
        actor,
        "create" if created else "change",
        placement,
        org_code=review.organisation.code,
        label=f"9-box proposal: {person.full_name}",
        via=via,
        detail={"performance": perf, "potential": pot},
    )
    return placement


@transaction.atomic
def review_calibration_start(
    *, actor: Actor, review: TalentReview, via: str = "web"
) -> TalentReview:
    """Open the calibration session. Rule: HR/OD administrators or the panel chair; proposals stop."""
    if not (actor.is_hr_admin(review.organisation.code) or _is_panel(actor, review, chair=True)):
        raise AccessDenied("Only HR/OD administrators or the panel chair may open calibration.")
    if review.status != TalentReview.Status.PROPOSING:
        raise ValidationError("Calibration has already started.")
    review.status = TalentReview.Status.CALIBRATING
    review.calibration_started_at = timezone.now()
    review.save(update_fields=["status", "calibration_started_at"])
    audit(
        actor,
        "change",
        review,
        org_code=review.organisation.code,
        via=via,
        detail={"status": review.status},
    )
    return review


def can_calibrate(actor: Actor, review: TalentReview) -> bool:
    return actor.is_hr_admin(review.organisation.code) or _is_panel(actor, review)


@transaction.atomic
def placement_move(
    *,
    actor: Actor,
    placement: Placement,
    performance: int,
    potential: int,
    reason: str,
    via: str = "web",
) -> PlacementMove:
    """Move a person on the grid during calibration. Rule: panel members or HR/OD administrators; only
    while calibration is open (never after the lock); a reason is required; the move is recorded and
    audited with where the person came from."""
    review = TalentReview.objects.select_for_update().get(pk=placement.review_id)
    if review.status == TalentReview.Status.LOCKED:
        raise ValidationError("This review is locked: placements can no longer change.")
    if review.status != TalentReview.Status.CALIBRATING:
        raise ValidationError("People can be moved only during the calibration session.")
    if not can_calibrate(actor, review):
        raise AccessDenied("Only the review panel may move people.")
    perf = _level(performance, "performance")
    pot = _level(potential, "potential")
    text = require_text(reason, field="reason", message="Record the panel's reason for the move.")
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if (perf, pot) == (placement.performance, placement.potential):
        raise ValidationError("The person is already in that box.")
    move = PlacementMove.objects.create(
        placement=placement,
        from_performance=placement.performance,
        from_potential=placement.potential,
        to_performance=perf,
        to_potential=pot,
        reason=text,
        moved_by=user_of(actor),
    )
    placement.performance, placement.potential = perf, pot
    placement.save(update_fields=["performance", "potential", "updated_at"])
    audit(
        actor,
        "move",
        placement,
        org_code=review.organisation.code,
        via=via,
        label=f"9-box move: {placement.person.full_name}",
        detail={
            "from": [move.from_performance, move.from_potential],
            "to": [perf, pot],
            "reason": text,
            "review": review.pk,
        },
    )
    return move


@transaction.atomic
def review_lock(*, actor: Actor, review: TalentReview, via: str = "web") -> TalentReview:
    """Close and lock the session. Rule: HR/OD administrators or the panel chair; only from the
    calibration stage; afterwards no proposal or move is accepted."""
    review = TalentReview.objects.select_for_update().get(pk=review.pk)
    if not (actor.is_hr_admin(review.organisation.code) or _is_panel(actor, review, chair=True)):
        raise AccessDenied("Only HR/OD administrators or the panel chair may lock the review.")
    if review.status != TalentReview.Status.CALIBRATING:
        raise ValidationError("Only a review in calibration can be locked.")
    review.status = TalentReview.Status.LOCKED
    review.locked_at = timezone.now()
    review.locked_by = user_of(actor)
    review.save(update_fields=["status", "locked_at", "locked_by"])
    audit(
        actor,
        "change",
        review,
        org_code=review.organisation.code,
        via=via,
        detail={"status": "locked", "placements": review.placements.count()},
    )
    return review
