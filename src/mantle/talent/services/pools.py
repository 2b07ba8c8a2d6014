"""Talent pools: nomination (self, line manager or HR/OD), approval by HR/OD, membership history, and
consent to share membership with other organisations in the ICB."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mantle.core.access import AccessDenied, Actor
from mantle.talent.access import managed_person_ids
from mantle.talent.models import PoolMembership, PoolMembershipEvent, TalentPool
from mantle.talent.population import clinical_facts_of, holdings_on
from mantle.talent.rules.eligibility import PoolCriteria, eligibility_problems
from mantle.talent.tasks import send_pool_decision_email
from mantle.workforce.models import Assignment, Organisation, Person, Tier

from ._common import audit, require_text, today, user_of


def _tiers(values: Iterable[str]) -> list[str]:
    tiers = sorted(set(values))
    bad = [t for t in tiers if t not in Tier.values or t == Tier.NONE]
    if bad:
        raise ValidationError({"eligible_tiers": f"Not management tiers: {', '.join(bad)}."})
    return tiers


@transaction.atomic
def pool_create(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    description: str = "",
    entry_criteria: str = "",
    clinicians_only: bool = False,
    eligible_tiers: Iterable[str] = (),
    share_within_icb: bool = False,
    via: str = "web",
) -> TalentPool:
    """Create a named pool. Rule: HR/OD administrators of the organisation; names are unique within it;
    sharing within the ICB needs the organisation to belong to one."""
    if not actor.is_hr_admin(organisation.code):
        raise AccessDenied("Only HR/OD administrators may create talent pools.")
    name = require_text(name, field="name", message="Give the pool a name.")
    if TalentPool.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": "This organisation already has a pool with that name."})
    if share_within_icb and organisation.parent_id is None:
        raise ValidationError(
            {"share_within_icb": "This organisation is not linked to an integrated care board."}
        )
    pool = TalentPool.objects.create(
        organisation=organisation,
        name=name,
        description=description,
        entry_criteria=entry_criteria,
        clinicians_only=clinicians_only,
        eligible_tiers=_tiers(eligible_tiers),
        share_within_icb=share_within_icb,
        created_by=user_of(actor),
    )
    audit(actor, "create", pool, org_code=organisation.code, via=via)
    return pool


def _event(membership: PoolMembership, actor: Actor, note: str, on: dt.date) -> None:
    PoolMembershipEvent.objects.create(
        membership=membership,
        status=membership.status,
        occurred_on=on,
        actor=user_of(actor),
        note=note,
    )


def pool_eligibility(*, pool: TalentPool, person: Person, on: dt.date) -> list[str]:
    """The checked entry criteria a person fails on ``on`` (rules.eligibility)."""
    employed = (
        Assignment.objects.current_on(on)
        .filter(person=person, organisation=pool.organisation)
        .exists()
    )
    tiers = {
        h.version.tier
        for h in holdings_on(organisation=pool.organisation, on=on)
        if h.person_id == person.pk
    }
    is_clinician = False
    if pool.clinicians_only:
        facts = clinical_facts_of(organisation=pool.organisation, on=on, person_ids={person.pk})
        is_clinician = facts[person.pk].is_clinician if person.pk in facts else False
    return eligibility_problems(
        criteria=PoolCriteria(pool.clinicians_only, frozenset(pool.eligible_tiers)),
        employed=employed,
        is_clinician=is_clinician,
        current_tiers=tiers,
    )


@transaction.atomic
def pool_nominate(
    *,
    actor: Actor,
    pool: TalentPool,
    person: Person,
    reason: str,
    on: dt.date | None = None,
    via: str = "web",
) -> PoolMembership:
    """Nominate someone. Rule: the person themselves, their line-management chain or HR/OD of the
    pool's organisation; the pool must be active; the person must meet the checked entry criteria and
    have no open nomination or membership already."""
    on = on or today()
    is_self = actor.person_id == person.pk
    if not (
        is_self
        or actor.is_hr_admin(pool.organisation.code)
        or person.pk in managed_person_ids(actor, on=on)
    ):
        raise AccessDenied("You may nominate yourself or people you line-manage.")
    if not pool.is_active:
        raise ValidationError("This pool is closed to nominations.")
    if PoolMembership.objects.filter(
        pool=pool, person=person, status__in=PoolMembership.OPEN
    ).exists():
        raise ValidationError("This person is already nominated to or a member of the pool.")
    problems = pool_eligibility(pool=pool, person=person, on=on)
    if problems:
        raise ValidationError(problems)
    membership = PoolMembership.objects.create(
        pool=pool,
        person=person,
        nominated_by=user_of(actor),
        nominated_on=on,
        nomination_reason=require_text(
            reason, field="nomination_reason", message="Say why this person should join the pool."
        ),
    )
    _event(membership, actor, "Self-nomination" if is_self else membership.nomination_reason, on)
    audit(
        actor,
        "create",
        membership,
        org_code=pool.organisation.code,
        via=via,
        label=f"Pool nomination: {person.full_name} → {pool.name}",
    )
    return membership


@transaction.atomic
def pool_decide(
    *,
    actor: Actor,
    membership: PoolMembership,
    approve: bool,
    note: str = "",
    on: dt.date | None = None,
    via: str = "web",
) -> PoolMembership:
    """Approve or decline a nomination. Rule: HR/OD administrators of the pool's organisation; only an
    open nomination; a decline needs a note; the nominee is e-mailed once the decision is committed."""
    on = on or today()
    pool = membership.pool
    if not actor.is_hr_admin(pool.organisation.code):
        raise AccessDenied("Only HR/OD administrators may decide nominations.")
    if membership.status != PoolMembership.Status.NOMINATED:
        raise ValidationError("This nomination has already been decided.")
    if not approve:
        note = require_text(note, field="decision_note", message="Say why it was declined.")
    membership.status = PoolMembership.Status.MEMBER if approve else PoolMembership.Status.DECLINED
    membership.decided_by = user_of(actor)
    membership.decided_on = on
    membership.decision_note = note
    membership.joined_on = on if approve else None
    membership.save()
    _event(membership, actor, note, on)
    audit(
        actor,
        "change",
        membership,
        org_code=pool.organisation.code,
        via=via,
        detail={"status": membership.status},
    )
    membership_id = membership.pk
    transaction.on_commit(lambda: send_pool_decision_email.enqueue(membership_id))
    return membership


@transaction.atomic
def pool_membership_end(
    *,
    actor: Actor,
    membership: PoolMembership,
    note: str = "",
    on: dt.date | None = None,
    via: str = "web",
) -> PoolMembership:
    """End a membership (left) or withdraw a nomination. Rule: the person themselves or HR/OD of the
    pool's organisation; history is kept."""
    on = on or today()
    pool = membership.pool
    if not (actor.person_id == membership.person_id or actor.is_hr_admin(pool.organisation.code)):
        raise AccessDenied("Only the member or HR/OD may end a membership.")
    if membership.status == PoolMembership.Status.MEMBER:
        membership.status = PoolMembership.Status.LEFT
        membership.left_on = on
    elif membership.status == PoolMembership.Status.NOMINATED:
        membership.status = PoolMembership.Status.WITHDRAWN
    else:
        raise ValidationError("This membership has already ended.")
    membership.save()
    _event(membership, actor, note, on)
    audit(
        actor,
        "change",
        membership,
        org_code=pool.organisation.code,
        via=via,
        detail={"status": membership.status},
    )
    return membership


@transaction.atomic
def pool_consent_set(
    *, actor: Actor, membership: PoolMembership, consent: bool, via: str = "web"
) -> PoolMembership:
    """Record the person's consent to share their membership within the ICB. Rule: only the person may
    give or withdraw it; it can be withdrawn at any time."""
    if actor.person_id != membership.person_id:
        raise AccessDenied("Only the member may give or withdraw consent to share.")
    membership.consent_to_share = consent
    membership.consent_recorded_at = timezone.now()
    membership.save(update_fields=["consent_to_share", "consent_recorded_at"])
    audit(
        actor,
        "change",
        membership,
        org_code=membership.pool.organisation.code,
        via=via,
        detail={"consent_to_share": consent},
    )
    return membership
