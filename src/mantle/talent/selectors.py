"""Scoped reads of talent records: each takes the ``Actor`` and returns only what it may see (rules in
``mantle.talent.access``). Getting one record another person's record is audited as a view; a record
the actor may not see is a 404, the same as one that does not exist."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from mantle.core.access import Actor
from mantle.core.audit import audit_record
from mantle.talent.access import can_see_conversations_of, managed_person_ids, managed_post_ids
from mantle.talent.models import (
    Placement,
    PoolMembership,
    ReviewPanelMember,
    SuccessionPlan,
    TalentConversation,
    TalentPool,
    TalentReview,
)
from mantle.talent.services.settings import talent_settings_for
from mantle.talent.services.succession import can_manage_plan
from mantle.workforce.models import Organisation, Person


def _today() -> dt.date:
    return dt.date.today()


def _audit_view(actor: Actor, obj: object, *, org_code: str, label: str, via: str) -> None:
    audit_record(
        actor=actor.user if actor.user.is_authenticated else None,
        action="view",
        object_type=f"talent.{type(obj).__name__.lower()}",
        object_id=getattr(obj, "pk", ""),
        object_label=label,
        organisation_code=org_code,
        via=via,
    )


# --- organisations ---------------------------------------------------------------------------------
def talent_organisations(actor: Actor) -> list[Organisation]:
    """Organisations whose talent pages the actor may open: HR/OD, line managers, executives, chairs
    (and every organisation for superusers and analysts, whose figures are suppressed)."""
    orgs = Organisation.objects.exclude(org_type__in=["icb", "sub_icb"]).order_by("name")
    if actor.superuser or actor.analyst:
        return list(orgs.filter(posts__isnull=False).distinct())
    codes = actor.orgs_with("hr_admin", "line_manager", "executive", "chair")
    return list(orgs.filter(code__in=codes))


def organisation_for_talent(actor: Actor, code: str | None) -> Organisation:
    """The organisation named by ``code`` (or the actor's first), or 404."""
    orgs = talent_organisations(actor)
    if not orgs:
        raise Http404("You do not have access to any organisation's talent information.")
    if not code:
        return orgs[0]
    found = next((o for o in orgs if o.code == code.upper()), None)
    if found is None:
        raise Http404("No such organisation, or you do not have access to it.")
    return found


# --- conversations ----------------------------------------------------------------------------------
def conversations_visible(actor: Actor) -> QuerySet[TalentConversation]:
    """The actor's own conversations and those of their line-management chain (never HR's view)."""
    ids = managed_person_ids(actor, on=_today())
    if actor.person_id is not None:
        ids.add(actor.person_id)
    return TalentConversation.objects.filter(person_id__in=ids).select_related("person", "coach")


def conversation_get(actor: Actor, pk: int, *, via: str = "web") -> TalentConversation:
    """One conversation, or 404; reading someone else's is audited."""
    conversation = (
        TalentConversation.objects.select_related("person", "organisation", "coach")
        .filter(pk=pk)
        .first()
    )
    if conversation is None or not can_see_conversations_of(
        actor, conversation.person, on=_today()
    ):
        raise Http404("No such talent conversation, or you may not see it.")
    if conversation.person_id != actor.person_id:
        _audit_view(
            actor,
            conversation,
            org_code=conversation.organisation.code,
            label=f"Talent conversation: {conversation.person.full_name}",
            via=via,
        )
    return conversation


def person_for_talent(actor: Actor, person_id: int) -> Person:
    """A person whose talent records the actor may write or read: themselves or their chain."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not can_see_conversations_of(actor, person, on=_today()):
        raise Http404("No such person, or you may not see their talent records.")
    return person


# --- reviews ---------------------------------------------------------------------------------------
def reviews_visible(actor: Actor) -> QuerySet[TalentReview]:
    """Reviews of organisations where the actor is HR/OD, a line manager, an executive or chair, and
    any review whose panel they sit on."""
    if actor.superuser:
        return TalentReview.objects.select_related("organisation")
    codes = actor.orgs_with("hr_admin", "line_manager", "executive", "chair")
    condition = Q(organisation__code__in=codes)
    if actor.user.is_authenticated:
        condition |= Q(panel__user_id=actor.user.pk)
    return TalentReview.objects.filter(condition).distinct().select_related("organisation")


def review_get(actor: Actor, pk: int) -> TalentReview:
    review = reviews_visible(actor).filter(pk=pk).first()
    if review is None:
        raise Http404("No such talent review, or you may not see it.")
    return review


def is_panel_member(actor: Actor, review: TalentReview) -> bool:
    return (
        actor.user.is_authenticated
        and ReviewPanelMember.objects.filter(review=review, user_id=actor.user.pk).exists()
    )


def sees_all_placements(actor: Actor, review: TalentReview) -> bool:
    """Rule: HR/OD of the organisation and the review panel see every placement."""
    return actor.is_hr_admin(review.organisation.code) or is_panel_member(actor, review)


def placements_visible(
    actor: Actor, review: TalentReview, *, via: str = "web"
) -> QuerySet[Placement]:
    """Placements the actor may see in a review (rules in ``access``); the read is audited once per
    request when it includes other people's placements."""
    qs = review.placements.select_related("person", "proposed_by")
    if not sees_all_placements(actor, review):
        qs = qs.filter(person_id__in=managed_person_ids(actor, on=_today()))
    if qs.exists():
        _audit_view(
            actor,
            review,
            org_code=review.organisation.code,
            label=f"9-box placements: {review.name}",
            via=via,
        )
    return qs


def own_placements(actor: Actor) -> list[Placement]:
    """The actor's own placements in locked reviews, where their organisation's setting allows it."""
    if actor.person_id is None:
        return []
    out = []
    for p in Placement.objects.filter(
        person_id=actor.person_id, review__status=TalentReview.Status.LOCKED
    ).select_related("review__organisation"):
        if talent_settings_for(p.review.organisation).show_placement_to_person:
            out.append(p)
    return out


# --- pools -----------------------------------------------------------------------------------------
def pools_visible(actor: Actor) -> QuerySet[TalentPool]:
    """Pools of organisations where the actor holds any role (so staff can nominate themselves), and
    pools shared within the ICB for HR/OD administrators of its other organisations."""
    if actor.superuser:
        return TalentPool.objects.select_related("organisation")
    codes = set(actor.roles_by_org)
    hr_codes = actor.orgs_with("hr_admin")
    icb_ids = set(
        Organisation.objects.filter(code__in=hr_codes, parent__isnull=False).values_list(
            "parent_id", flat=True
        )
    )
    condition = Q(organisation__code__in=codes)
    if icb_ids:
        condition |= Q(share_within_icb=True, organisation__parent_id__in=icb_ids)
    return TalentPool.objects.filter(condition).distinct().select_related("organisation")


def pool_get(actor: Actor, pk: int) -> TalentPool:
    pool = pools_visible(actor).filter(pk=pk).first()
    if pool is None:
        raise Http404("No such talent pool, or you may not see it.")
    return pool


def pool_memberships_visible(actor: Actor, pool: TalentPool) -> QuerySet[PoolMembership]:
    """Members the actor may see: all for HR/OD of the pool's organisation; consenting members for
    HR/OD of other organisations in the ICB when the pool is shared; their chain for line managers;
    their own for everyone."""
    qs = pool.memberships.select_related("person", "nominated_by", "decided_by").prefetch_related(
        "events"
    )
    if actor.is_hr_admin(pool.organisation.code):
        return qs
    condition = Q(person_id=actor.person_id) if actor.person_id else Q(pk__in=[])
    managed = managed_person_ids(actor, on=_today())
    if managed:
        condition |= Q(person_id__in=managed)
    if pool.share_within_icb and pool.organisation.parent_id is not None:
        same_icb = Organisation.objects.filter(
            code__in=actor.orgs_with("hr_admin"), parent_id=pool.organisation.parent_id
        ).exists()
        if same_icb:
            condition |= Q(consent_to_share=True, status=PoolMembership.Status.MEMBER)
    return qs.filter(condition)


def pool_memberships_read(
    actor: Actor, pool: TalentPool, *, via: str = "web"
) -> list[PoolMembership]:
    """``pool_memberships_visible`` as a list, auditing the read when it includes other people."""
    rows = list(pool_memberships_visible(actor, pool))
    if any(m.person_id != actor.person_id for m in rows):
        _audit_view(
            actor,
            pool,
            org_code=pool.organisation.code,
            label=f"Talent pool members: {pool.name}",
            via=via,
        )
    return rows


def membership_get(actor: Actor, pk: int) -> PoolMembership:
    membership = (
        PoolMembership.objects.select_related("pool__organisation", "person").filter(pk=pk).first()
    )
    if (
        membership is None
        or not pool_memberships_visible(actor, membership.pool).filter(pk=pk).exists()
    ):
        raise Http404("No such membership, or you may not see it.")
    return membership


def own_memberships(actor: Actor) -> QuerySet[PoolMembership]:
    if actor.person_id is None:
        return PoolMembership.objects.none()
    return PoolMembership.objects.filter(person_id=actor.person_id).select_related("pool")


# --- succession ------------------------------------------------------------------------------------
def plans_visible(actor: Actor, organisation: Organisation) -> QuerySet[SuccessionPlan]:
    """Plans the actor may open: all for HR/OD; their own and those for posts below them otherwise."""
    qs = SuccessionPlan.objects.filter(organisation=organisation).select_related("post", "owner")
    if actor.is_hr_admin(organisation.code):
        return qs
    condition = Q(post_id__in=managed_post_ids(actor, on=_today()))
    if actor.user.is_authenticated:
        condition |= Q(owner_id=actor.user.pk)
    return qs.filter(condition)


def plan_get(actor: Actor, pk: int, *, via: str = "web") -> SuccessionPlan:
    """One plan, or 404; opening it is audited (it names nominated successors)."""
    plan = (
        SuccessionPlan.objects.select_related("post", "organisation", "owner").filter(pk=pk).first()
    )
    if plan is None or not can_manage_plan(actor, plan):
        raise Http404("No such succession plan, or you may not see it.")
    _audit_view(
        actor,
        plan,
        org_code=plan.organisation.code,
        label=f"Succession plan for post {plan.post.position_number}",
        via=via,
    )
    return plan


def sees_post_detail(actor: Actor, organisation: Organisation) -> bool:
    """Rule: the per-post heat list names holders' retirement and flight risk, so it is for HR/OD of
    the organisation; others see posts only through plans they manage."""
    return actor.is_hr_admin(organisation.code)


CANDIDATE_SEARCH_LIMIT = 20


def candidate_search(
    *, organisation: Organisation, query: str, limit: int = CANDIDATE_SEARCH_LIMIT
) -> tuple[list[Person], bool]:
    """People with an employee number in ``organisation`` whose name matches every word of
    ``query`` (each word the start of the first or last name, any case) or whose employee number
    is ``query``: at most ``limit`` of them, by name, and whether there were more. One query,
    whatever the size of the organisation (issue 12: the plan page listed every person)."""
    words = query.split()
    if not words:
        return [], False
    people = Person.objects.filter(employee_numbers__organisation=organisation)
    name = Q()
    for word in words[:4]:
        name &= Q(first_name__istartswith=word) | Q(last_name__istartswith=word)
    found = list(
        people.filter(name | Q(employee_numbers__number=query.strip()))
        .distinct()
        .order_by("last_name", "first_name", "pk")
        .only("pk", "first_name", "last_name")[: limit + 1]
    )
    return found[:limit], len(found) > limit


def candidate_person(*, organisation: Organisation, person_id: int) -> Person | None:
    """The person to nominate, if they have an employee number in ``organisation`` (else None)."""
    return (
        Person.objects.filter(pk=person_id, employee_numbers__organisation=organisation)
        .distinct()
        .first()
    )
