"""Demo talent records for one organisation, built from the register already loaded: succession plans
for its critical posts, three talent pools, a senior-management talent review in calibration, and talent
conversations for a sample of managers. Called by ``mantle demo`` through ``seed_demo``."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from mantle.accounts.models import Membership
from mantle.talent.models import (
    ConversationAction,
    FlightRiskRecord,
    Placement,
    PoolMembership,
    PoolMembershipEvent,
    ReadinessAssessment,
    ReviewPanelMember,
    SuccessionCandidate,
    SuccessionPlan,
    TalentConversation,
    TalentPool,
    TalentReview,
)
from mantle.talent.population import ClinicalFacts, Holding, clinical_facts, holdings_on
from mantle.talent.rules.readiness import Readiness
from mantle.workforce.models import Organisation, Tier

# Where successors come from: the tier below (board executive ← senior; senior ← middle).
_FEEDER = {
    Tier.BOARD_EXECUTIVE: (Tier.SENIOR, Tier.BOARD_EXECUTIVE),
    Tier.BOARD_NON_EXECUTIVE: (Tier.BOARD_NON_EXECUTIVE,),
    Tier.SENIOR: (Tier.MIDDLE, Tier.SENIOR),
}
_READINESS_WEIGHTS = [
    (Readiness.EMERGENCY_COVER, 0.12),
    (Readiness.READY_NOW, 0.25),
    (Readiness.READY_1_2_YEARS, 0.38),
    (Readiness.READY_3_PLUS_YEARS, 0.25),
]


def _pick_readiness(rng: random.Random) -> Readiness:
    bands, weights = zip(*_READINESS_WEIGHTS, strict=True)
    return rng.choices(bands, weights=weights)[0]


def _unit_prefix(path: str) -> str:
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 1 else path


@transaction.atomic
def seed_demo(*, organisation: Organisation, as_of: dt.date, rng: random.Random) -> None:
    """Create demo talent records (rule: only people and posts from the register, dates on or before
    ``as_of``; running it twice for the same organisation adds nothing the second time)."""
    if SuccessionPlan.objects.filter(organisation=organisation).exists():
        return
    holdings = holdings_on(organisation=organisation, on=as_of)
    if not holdings:
        return
    by_tier: dict[str, list[Holding]] = defaultdict(list)
    by_post: dict[int, list[Holding]] = defaultdict(list)
    for h in holdings:
        by_tier[h.version.tier].append(h)
        by_post[h.post_id].append(h)
    facts = clinical_facts(organisation=organisation, on=as_of)
    hr_user = (
        Membership.objects.filter(organisation=organisation, role="hr_admin")
        .select_related("user")
        .first()
    )
    hr = hr_user.user if hr_user else None
    start = as_of - dt.timedelta(days=400)

    _seed_succession(organisation, as_of, rng, holdings, by_tier, by_post, hr, start)
    _seed_pools(organisation, as_of, rng, by_tier, facts, hr)
    _seed_review(organisation, as_of, rng, by_tier, by_post, hr)
    _seed_conversations(organisation, as_of, rng, by_tier)


def _seed_succession(
    organisation: Organisation,
    as_of: dt.date,
    rng: random.Random,
    holdings: list[Holding],
    by_tier: dict[str, list[Holding]],
    by_post: dict[int, list[Holding]],
    hr: Any,
    start: dt.date,
) -> None:
    critical = {}
    for h in holdings:
        if h.version.critical:
            critical[h.post_id] = h.version
    plans = [
        SuccessionPlan(
            post_id=post_id,
            organisation=organisation,
            owner=hr,
            next_review_on=as_of + dt.timedelta(days=rng.randint(-60, 300)),
            last_reviewed_on=as_of - dt.timedelta(days=rng.randint(30, 330)),
        )
        for post_id in sorted(critical)
    ]
    SuccessionPlan.objects.bulk_create(plans)
    plans = list(SuccessionPlan.objects.filter(organisation=organisation))
    candidates: list[SuccessionCandidate] = []
    for plan in plans:
        version = critical[plan.post_id]
        incumbents = {h.person_id for h in by_post.get(plan.post_id, [])}
        feeders = [
            h
            for tier in _FEEDER.get(Tier(version.tier), ())
            for h in by_tier.get(tier, [])
            if h.person_id not in incumbents and h.post_id != plan.post_id
        ]
        near = [
            h
            for h in feeders
            if _unit_prefix(h.version.unit.path) == _unit_prefix(version.unit.path)
        ]
        pool = near if len(near) >= 2 else feeders
        chosen = rng.sample(
            sorted({h.person_id for h in pool}),
            k=min(len({h.person_id for h in pool}), rng.choice([0, 1, 1, 2, 2, 2, 3])),
        )
        for rank, person_id in enumerate(chosen, start=1):
            added = start + dt.timedelta(days=rng.randint(0, 200))
            candidates.append(
                SuccessionCandidate(
                    plan=plan, person_id=person_id, rank=rank, added_on=added, nominated_by=hr
                )
            )
    SuccessionCandidate.objects.bulk_create(candidates)
    assessments = []
    for c in SuccessionCandidate.objects.filter(plan__organisation=organisation):
        band = _pick_readiness(rng)
        assessments.append(
            ReadinessAssessment(
                candidate=c, readiness=band.value, assessed_on=c.added_on, assessed_by=hr
            )
        )
        if band is Readiness.READY_1_2_YEARS and rng.random() < 0.3:
            later = min(as_of, c.added_on + dt.timedelta(days=rng.randint(120, 360)))
            assessments.append(
                ReadinessAssessment(
                    candidate=c,
                    readiness=Readiness.READY_NOW,
                    assessed_on=later,
                    assessed_by=hr,
                    note="Completed the acting-up period",
                )
            )
    ReadinessAssessment.objects.bulk_create(assessments)
    risks = [
        FlightRiskRecord(
            plan=p,
            risk=rng.choice(["low", "low", "medium", "high"]),
            recorded_on=as_of - dt.timedelta(days=rng.randint(10, 200)),
            recorded_by=hr,
        )
        for p in plans
        if rng.random() < 0.35
    ]
    FlightRiskRecord.objects.bulk_create(risks)


def _seed_pools(
    organisation: Organisation,
    as_of: dt.date,
    rng: random.Random,
    by_tier: dict[str, list[Holding]],
    facts: dict[int, ClinicalFacts],
    hr: Any,
) -> None:
    specs = [
        (
            "Clinicians into senior management",
            "Registered clinicians in first-line and middle management posts preparing for senior "
            "management roles.",
            "Clinically registered; leading a team or service; supported by their line manager.",
            True,
            [Tier.FIRST_LINE.value, Tier.MIDDLE.value],
        ),
        (
            "Aspiring directors",
            "Senior managers preparing for executive director roles.",
            "Senior-tier post holders with a recent talent conversation showing stretch aspiration.",
            False,
            [Tier.SENIOR.value],
        ),
        (
            "Future clinical directors",
            "Consultants and senior clinicians interested in leading a clinical division.",
            "Registered clinicians; endorsed by their clinical director.",
            True,
            [],
        ),
    ]
    for name, description, criteria, clinicians_only, tiers in specs:
        pool = TalentPool.objects.create(
            organisation=organisation,
            name=name,
            description=description,
            entry_criteria=criteria,
            clinicians_only=clinicians_only,
            eligible_tiers=tiers,
            share_within_icb=organisation.parent_id is not None and clinicians_only,
            created_by=hr,
        )
        eligible = sorted(
            {
                h.person_id
                for tier in (tiers or [Tier.MIDDLE.value, Tier.NONE.value])
                for h in by_tier.get(tier, [])
                if not clinicians_only
                or (facts.get(h.person_id) and facts[h.person_id].is_clinician)
            }
        )
        chosen = rng.sample(eligible, k=min(len(eligible), rng.randint(8, 24)))
        for person_id in chosen:
            nominated = as_of - dt.timedelta(days=rng.randint(20, 360))
            roll = rng.random()
            status = "member" if roll < 0.65 else "nominated" if roll < 0.85 else "declined"
            decided = nominated + dt.timedelta(days=rng.randint(5, 19))
            m = PoolMembership.objects.create(
                pool=pool,
                person_id=person_id,
                status=status,
                nominated_by=hr,
                nominated_on=nominated,
                nomination_reason="Nominated at their talent conversation",
                decided_by=hr if status != "nominated" else None,
                decided_on=decided if status != "nominated" else None,
                decision_note="" if status != "declined" else "Not yet leading a team",
                joined_on=decided if status == "member" else None,
                consent_to_share=status == "member" and rng.random() < 0.6,
            )
            events = [
                PoolMembershipEvent(
                    membership=m, status="nominated", occurred_on=nominated, actor=hr
                )
            ]
            if status != "nominated":
                events.append(
                    PoolMembershipEvent(membership=m, status=status, occurred_on=decided, actor=hr)
                )
            PoolMembershipEvent.objects.bulk_create(events)


def _seed_review(
    organisation: Organisation,
    as_of: dt.date,
    rng: random.Random,
    by_tier: dict[str, list[Holding]],
    by_post: dict[int, list[Holding]],
    hr: Any,
) -> None:
    people = {
        h.person_id: h
        for tier in (Tier.SENIOR, Tier.BOARD_EXECUTIVE)
        for h in by_tier.get(tier, [])
    }
    if not people:
        return
    review = TalentReview.objects.create(
        organisation=organisation,
        name=f"Senior management talent review {as_of.year}",
        population_kind="cohort",
        population_value="senior_management",
        as_of=as_of,
        status=TalentReview.Status.CALIBRATING,
        created_by=hr,
    )
    if hr is not None:
        ReviewPanelMember.objects.create(review=review, user=hr, role="chair")
    users = dict(get_user_model().objects.filter(person__isnull=False).values_list("person", "pk"))
    placements = []
    for person_id, h in sorted(people.items()):
        manager_post = h.version.reports_to_id
        manager = next((m.person_id for m in by_post.get(manager_post or -1, [])), None)
        perf = rng.choices([1, 2, 3], weights=[0.12, 0.55, 0.33])[0]
        pot = rng.choices([1, 2, 3], weights=[0.25, 0.5, 0.25])[0]
        placements.append(
            Placement(
                review=review,
                person_id=person_id,
                proposed_by_id=(users.get(manager) if manager else None)
                or (hr.pk if hr is not None else None),
                proposed_performance=perf,
                proposed_potential=pot,
                performance=perf,
                potential=pot,
                rationale="Appraisal outcome and objectives for the year",
            )
        )
    Placement.objects.bulk_create(placements)


def _seed_conversations(
    organisation: Organisation,
    as_of: dt.date,
    rng: random.Random,
    by_tier: dict[str, list[Holding]],
) -> None:
    sample = sorted(
        {
            h.person_id
            for tier in (Tier.FIRST_LINE, Tier.MIDDLE, Tier.SENIOR)
            for h in by_tier.get(tier, [])
        }
    )
    chosen = rng.sample(sample, k=min(len(sample), max(10, len(sample) // 6)))
    conversations = []
    for person_id in chosen:
        held = as_of - dt.timedelta(days=rng.randint(5, 330))
        interest = rng.choice(["", "", "middle", "senior", "senior", "board_executive"])
        conversations.append(
            TalentConversation(
                person_id=person_id,
                organisation=organisation,
                held_on=held,
                impact=rng.choice(["high", "solid", "solid", "developing"]),
                growth_depth=rng.random() < 0.5,
                growth_breadth=rng.random() < 0.3,
                growth_stretch=bool(interest) and rng.random() < 0.8,
                readiness=rng.choice(
                    [
                        "ready_now",
                        "ready_1_2_years",
                        "ready_1_2_years",
                        "ready_3_plus_years",
                        "in_role",
                    ]
                ),
                management_interest=interest,
                aspiration="Lead a larger service within three years" if interest else "",
                status=(status := rng.choice(["agreed", "agreed", "draft"])),
                # Only an agreed record has an agreement date.
                agreed_on=held + dt.timedelta(days=7) if status == "agreed" else None,
            )
        )
    TalentConversation.objects.bulk_create(conversations)
    actions = [
        ConversationAction(
            conversation=c,
            description=text,
            due_on=c.held_on + dt.timedelta(days=rng.randint(60, 300)),
            completed_on=(c.held_on + dt.timedelta(days=40)) if rng.random() < 0.3 else None,
        )
        for c in TalentConversation.objects.filter(organisation=organisation)
        for text in rng.sample(
            [
                "Shadow a divisional director",
                "Lead a service improvement",
                "Complete a management development programme",
                "Act up for a period of leave cover",
            ],
            k=rng.randint(0, 2),
        )
    ]
    ConversationAction.objects.bulk_create(actions)
