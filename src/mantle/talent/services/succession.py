"""Critical posts and their succession plans.

Rules (docs/talent.md, "Succession"):
* Marking a post critical (or not) is an HR/OD administrator's change to the post, effective from a
  date, through the register's own service so the post's history is kept.
* A succession plan belongs to a critical post. HR/OD administrators of the organisation, the plan's
  owner and line managers above the post may keep it up to date.
* A candidate must be employed in the organisation when added, may not be a current holder of the
  post, and starts with a readiness assessment; later assessments are added, never overwritten.
* Development actions are tied to a capability dimension of a shipped framework.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from mantle.core.access import AccessDenied, Actor
from mantle.talent.access import managed_post_ids
from mantle.talent.models import (
    CandidateAction,
    FlightRiskRecord,
    ReadinessAssessment,
    SuccessionCandidate,
    SuccessionPlan,
)
from mantle.talent.rules.exposure import FlightRisk
from mantle.talent.rules.readiness import Readiness
from mantle.workforce.models import Assignment, Person, Post, PostVersion
from mantle.workforce.services import post_version_change

from ._common import audit, require_text, today, user_of


@cache
def capability_dimensions() -> dict[str, dict[str, str]]:
    """Framework key → {dimension key: name}, from the individual leadership frameworks shipped with
    Mantle (the management-practice instrument rates units, not people, so it is left out)."""
    from mantle.capability.frameworks.loader import shipped_frameworks

    return {
        f.key: {d.key: d.name for d in f.dimensions}
        for f in shipped_frameworks()
        if f.kind == "leadership"
    }


def can_manage_plan(actor: Actor, plan: SuccessionPlan, *, on: dt.date | None = None) -> bool:
    """Rule: HR/OD of the organisation, the plan owner, or a line manager above the post."""
    if actor.is_hr_admin(plan.organisation.code):
        return True
    if plan.owner_id is not None and getattr(actor.user, "pk", None) == plan.owner_id:
        return True
    return plan.post_id in managed_post_ids(actor, on=on or today())


def _require_manager(actor: Actor, plan: SuccessionPlan) -> None:
    if not can_manage_plan(actor, plan):
        raise AccessDenied("You may not change this succession plan.")


@transaction.atomic
def post_critical_set(
    *, actor: Actor, post: Post, critical: bool, effective: dt.date | None = None, via: str = "web"
) -> PostVersion:
    """Mark a post critical or not from ``effective``. Rule: HR/OD administrators of the post's
    organisation; the change is a new post version (history kept)."""
    if not actor.is_hr_admin(post.organisation.code):
        raise AccessDenied("Only HR/OD administrators may mark critical posts.")
    return post_version_change(
        actor=user_of(actor), post=post, effective=effective or today(), critical=critical
    )


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    post: Post,
    next_review_on: dt.date,
    owner: Any = None,
    notes: str = "",
    via: str = "web",
) -> SuccessionPlan:
    """Start a succession plan. Rule: HR/OD administrators, or a line manager above the post; the post
    must be critical today; one plan per post."""
    version = PostVersion.objects.current_on(today()).filter(post=post).first()
    if version is None or not version.critical:
        raise ValidationError("Only a current critical post can have a succession plan.")
    if not (
        actor.is_hr_admin(post.organisation.code) or post.pk in managed_post_ids(actor, on=today())
    ):
        raise AccessDenied("You may not start a succession plan for this post.")
    if SuccessionPlan.objects.filter(post=post).exists():
        raise ValidationError("This post already has a succession plan.")
    plan = SuccessionPlan.objects.create(
        post=post,
        organisation=post.organisation,
        owner=owner or user_of(actor),
        next_review_on=next_review_on,
        notes=notes,
    )
    audit(
        actor,
        "create",
        plan,
        org_code=post.organisation.code,
        via=via,
        label=f"Succession plan: {version.title}",
    )
    return plan


@transaction.atomic
def plan_update(
    *, actor: Actor, plan: SuccessionPlan, via: str = "web", **changes: Any
) -> SuccessionPlan:
    """Change a plan's owner, expected retirement age of the holder, next review date or notes.
    Rule: as for managing the plan; a retirement age must be 50–80."""
    _require_manager(actor, plan)
    allowed = {"owner", "incumbent_retirement_age", "next_review_on", "notes"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    age = changes.get("incumbent_retirement_age")
    if age is not None and not 50 <= int(age) <= 80:
        raise ValidationError({"incumbent_retirement_age": "Enter an age from 50 to 80."})
    for key, value in changes.items():
        setattr(plan, key, value)
    plan.save()
    audit(
        actor,
        "change",
        plan,
        org_code=plan.organisation.code,
        via=via,
        detail={k: str(getattr(v, "pk", v)) for k, v in changes.items()},
    )
    return plan


@transaction.atomic
def plan_mark_reviewed(
    *,
    actor: Actor,
    plan: SuccessionPlan,
    reviewed_on: dt.date,
    next_review_on: dt.date,
    via: str = "web",
) -> SuccessionPlan:
    """Record that the plan was reviewed. Rule: the next review must be after the review date."""
    _require_manager(actor, plan)
    if next_review_on <= reviewed_on:
        raise ValidationError({"next_review_on": "The next review must be after this one."})
    plan.last_reviewed_on = reviewed_on
    plan.next_review_on = next_review_on
    plan.save(update_fields=["last_reviewed_on", "next_review_on", "updated_at"])
    audit(
        actor,
        "change",
        plan,
        org_code=plan.organisation.code,
        via=via,
        detail={"reviewed_on": reviewed_on.isoformat(), "next": next_review_on.isoformat()},
    )
    return plan


@transaction.atomic
def flight_risk_record(
    *,
    actor: Actor,
    plan: SuccessionPlan,
    risk: str,
    recorded_on: dt.date | None = None,
    note: str = "",
    via: str = "web",
) -> FlightRiskRecord:
    """Record the reviewer's view of the holder's flight risk from a date. Rule: as for managing the
    plan; records are added, never changed, so exposure on past dates stays as it was."""
    _require_manager(actor, plan)
    value = FlightRisk(risk)
    record = FlightRiskRecord.objects.create(
        plan=plan,
        risk=value.value,
        recorded_on=recorded_on or today(),
        recorded_by=user_of(actor),
        note=note,
    )
    audit(
        actor,
        "change",
        plan,
        org_code=plan.organisation.code,
        via=via,
        detail={"flight_risk": value.value, "from": record.recorded_on.isoformat()},
    )
    return record


@transaction.atomic
def candidate_add(
    *,
    actor: Actor,
    plan: SuccessionPlan,
    person: Person,
    readiness: str,
    rank: int = 1,
    added_on: dt.date | None = None,
    notes: str = "",
    via: str = "web",
) -> SuccessionCandidate:
    """Nominate a successor. Rule: as for managing the plan; the person must be employed in the
    organisation on the date and must not hold the post then; one open nomination per person."""
    _require_manager(actor, plan)
    on = added_on or today()
    value = Readiness(readiness)
    current = Assignment.objects.current_on(on).filter(person=person)
    if not current.filter(organisation=plan.organisation).exists():
        raise ValidationError("The candidate must hold a post in this organisation.")
    if current.filter(post=plan.post).exists():
        raise ValidationError("The current holder of the post cannot be their own successor.")
    if SuccessionCandidate.objects.filter(
        plan=plan, person=person, removed_on__isnull=True
    ).exists():
        raise ValidationError("This person is already a candidate for the post.")
    if rank < 1:
        raise ValidationError({"rank": "Rank starts at 1."})
    candidate = SuccessionCandidate.objects.create(
        plan=plan,
        person=person,
        rank=rank,
        added_on=on,
        nominated_by=user_of(actor),
        notes=notes,
    )
    ReadinessAssessment.objects.create(
        candidate=candidate, readiness=value.value, assessed_on=on, assessed_by=user_of(actor)
    )
    audit(
        actor,
        "create",
        candidate,
        org_code=plan.organisation.code,
        via=via,
        label=f"Successor nomination: {person.full_name}",
        detail={"post": plan.post_id, "readiness": value.value},
    )
    return candidate


@transaction.atomic
def candidate_readiness_set(
    *,
    actor: Actor,
    candidate: SuccessionCandidate,
    readiness: str,
    assessed_on: dt.date | None = None,
    note: str = "",
    via: str = "web",
) -> ReadinessAssessment:
    """Record a new readiness assessment from a date. Rule: as for managing the plan; assessments are
    added, never overwritten; the date cannot be before the nomination or in the future."""
    plan = candidate.plan
    _require_manager(actor, plan)
    on = assessed_on or today()
    if on < candidate.added_on or on > today():
        raise ValidationError({"assessed_on": "The date must be between the nomination and today."})
    assessment = ReadinessAssessment.objects.create(
        candidate=candidate,
        readiness=Readiness(readiness).value,
        assessed_on=on,
        assessed_by=user_of(actor),
        note=note,
    )
    audit(
        actor,
        "change",
        candidate,
        org_code=plan.organisation.code,
        via=via,
        detail={"readiness": assessment.readiness, "from": on.isoformat()},
    )
    return assessment


@transaction.atomic
def candidate_remove(
    *,
    actor: Actor,
    candidate: SuccessionCandidate,
    reason: str,
    removed_on: dt.date | None = None,
    via: str = "web",
) -> SuccessionCandidate:
    """End a nomination from a date (kept in history). Rule: as for managing the plan; a reason is
    required."""
    plan = candidate.plan
    _require_manager(actor, plan)
    on = removed_on or today()
    if on < candidate.added_on:
        raise ValidationError({"removed_on": "The date cannot be before the nomination."})
    candidate.removed_on = on
    candidate.removal_reason = require_text(
        reason, field="removal_reason", message="Say why the nomination ends."
    )
    candidate.save(update_fields=["removed_on", "removal_reason"])
    audit(
        actor,
        "change",
        candidate,
        org_code=plan.organisation.code,
        via=via,
        detail={"removed_on": on.isoformat()},
    )
    return candidate


@transaction.atomic
def candidate_action_add(
    *,
    actor: Actor,
    candidate: SuccessionCandidate,
    description: str,
    framework_key: str,
    dimension_key: str,
    due_on: dt.date,
    gap_source: str = "",
    via: str = "web",
) -> CandidateAction:
    """Add a development action tied to a capability gap. Rule: as for managing the plan; the
    framework and dimension must be ones Mantle ships."""
    plan = candidate.plan
    _require_manager(actor, plan)
    dims = capability_dimensions().get(framework_key)
    if dims is None:
        raise ValidationError({"framework_key": "Choose a capability framework."})
    if dimension_key not in dims:
        raise ValidationError({"dimension_key": "Choose a dimension of that framework."})
    action = CandidateAction.objects.create(
        candidate=candidate,
        description=require_text(description, field="description", message="Describe the action."),
        framework_key=framework_key,
        dimension_key=dimension_key,
        gap_source=gap_source,
        due_on=due_on,
    )
    audit(actor, "create", action, org_code=plan.organisation.code, via=via)
    return action


@transaction.atomic
def candidate_action_complete(
    *, actor: Actor, action: CandidateAction, completed_on: dt.date | None = None, via: str = "web"
) -> CandidateAction:
    """Mark a development action done. Rule: as for managing the plan."""
    plan = action.candidate.plan
    _require_manager(actor, plan)
    action.completed_on = completed_on or today()
    action.save(update_fields=["completed_on"])
    audit(
        actor,
        "change",
        action,
        org_code=plan.organisation.code,
        via=via,
        detail={"completed_on": action.completed_on.isoformat()},
    )
    return action
