"""Reads for the marketplace, each scoped to what the actor may see (docs/opportunities.md,
"Who sees what"). A record the actor may not see answers the same 404 as a missing one."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import Http404

from mantle.core.access import Actor
from mantle.workforce.models import Assignment, Organisation, Person, PostVersion
from mantle.workforce.rules.occupation import classify_occupation_code

from .models import AllocationRound, Application, MarketplaceProfile, Opportunity
from .rules.eligibility import Criteria, PostFacts, eligibility
from .rules.ranking import (
    Fit,
    OpportunityFacts,
    PersonSignals,
    combined_weaknesses,
    fit,
    rank,
    words,
)

PUBLIC_STATUSES = (Opportunity.Status.OPEN, Opportunity.Status.CLOSED)


@cache
def dimension_labels() -> dict[str, str]:
    """Every framework dimension an opportunity may develop (``framework:dimension`` → label)."""
    from mantle.development.services.catalogue import framework_dimensions

    return framework_dimensions()


@cache
def staff_group_of(code: str) -> str:
    cls = classify_occupation_code(code)
    return cls.staff_group if cls is not None else ""


def member_org_codes(actor: Actor) -> set[str]:
    """Organisations whose marketplace the actor may browse: those they hold any role in, and those
    that employ them."""
    codes = set(actor.roles_by_org)
    if actor.person_id is not None:
        codes |= set(
            Person.objects.filter(pk=actor.person_id)
            .exclude(employee_numbers__organisation__code__isnull=True)
            .values_list("employee_numbers__organisation__code", flat=True)
        )
    return codes


def opportunities_visible(actor: Actor) -> QuerySet[Opportunity]:
    """Open and closed opportunities of the actor's organisations; drafts, pending, declined and
    cancelled ones only to whoever posted, owns or sponsors them and the organisation's HR/OD."""
    qs = Opportunity.objects.select_related("organisation", "owner")
    if actor.superuser:
        return qs
    condition = Q(status__in=PUBLIC_STATUSES, organisation__code__in=member_org_codes(actor))
    if actor.user.is_authenticated:
        condition |= Q(posted_by=actor.user) | Q(sponsor=actor.user)
    if actor.person_id is not None:
        condition |= Q(owner_id=actor.person_id)
    hr = actor.orgs_with("hr_admin")
    if hr:
        condition |= Q(organisation__code__in=hr)
    return qs.filter(condition)


def opportunity_get(actor: Actor, opportunity_id: int) -> Opportunity:
    found = opportunities_visible(actor).filter(pk=opportunity_id).first()
    if found is None:
        raise Http404("No such opportunity, or you do not have access to it.")
    return found


def applications_visible(actor: Actor) -> QuerySet[Application]:
    """The applicant's own, those their line manager releases, those to the owner's opportunities, and
    every application of the organisation for its HR/OD administrators."""
    qs = Application.objects.select_related("opportunity", "opportunity__organisation", "person")
    if actor.superuser:
        return qs
    condition = Q(pk__in=[])
    if actor.person_id is not None:
        condition |= (
            Q(person_id=actor.person_id)
            | Q(line_manager_id=actor.person_id)
            | Q(opportunity__owner_id=actor.person_id)
        )
    hr = actor.orgs_with("hr_admin")
    if hr:
        condition |= Q(opportunity__organisation__code__in=hr)
    return qs.filter(condition)


def application_get(actor: Actor, application_id: int) -> Application:
    found = applications_visible(actor).filter(pk=application_id).first()
    if found is None:
        raise Http404("No such application, or you do not have access to it.")
    return found


def rounds_visible(actor: Actor) -> QuerySet[AllocationRound]:
    """Rounds the actor coordinates, and every round of organisations they are HR/OD for."""
    qs = AllocationRound.objects.select_related("organisation")
    if actor.superuser:
        return qs
    condition = Q(coordinator=actor.user) if actor.user.is_authenticated else Q(pk__in=[])
    hr = actor.orgs_with("hr_admin")
    if hr:
        condition |= Q(organisation__code__in=hr)
    return qs.filter(condition)


def round_get(actor: Actor, round_id: int) -> AllocationRound:
    found = rounds_visible(actor).filter(pk=round_id).first()
    if found is None:
        raise Http404("No such round, or you do not have access to it.")
    return found


# --- eligibility ----------------------------------------------------------------------------------
def post_facts(person_ids: Iterable[int], *, on: dt.date) -> dict[int, dict[int, list[PostFacts]]]:
    """person → organisation id → their current posts there (staff group, band, tier)."""
    ids = set(person_ids)
    if not ids:
        return {}
    held = list(
        Assignment.objects.current_on(on)
        .filter(person_id__in=ids)
        .values_list("person_id", "organisation_id", "post_id")
    )
    versions = {
        post_id: (code, band, tier)
        for post_id, code, band, tier in PostVersion.objects.current_on(on)
        .filter(post_id__in={p for _, _, p in held})
        .values_list("post_id", "occupation_code", "pay_band", "tier")
    }
    out: dict[int, dict[int, list[PostFacts]]] = {}
    for person_id, org_id, post_id in held:
        version = versions.get(post_id)
        if version is None:
            continue
        code, band, tier = version
        out.setdefault(person_id, {}).setdefault(org_id, []).append(
            PostFacts(staff_group_of(code), band, tier)
        )
    return out


def criteria_of(opp: Opportunity) -> Criteria:
    return Criteria(
        tuple(opp.eligible_staff_groups), tuple(opp.eligible_bands), tuple(opp.eligible_tiers)
    )


def eligibility_for(opp: Opportunity, person_id: int | None, *, on: dt.date) -> tuple[bool, str]:
    if person_id is None:
        return False, "Your account is not linked to a staff record."
    posts = post_facts([person_id], on=on).get(person_id, {}).get(opp.organisation_id, [])
    return eligibility(criteria_of(opp), posts)


# --- recommendations ------------------------------------------------------------------------------
def person_signals(person_id: int) -> PersonSignals:
    """What 'recommended for me' knows about a person: their latest talent conversation (agreed if
    there is one), their latest completed self-assessment in each framework, their latest released
    360 only if they chose to share it, and the hours they said they have."""
    from mantle.capability.models import Cycle, SelfAssessment
    from mantle.talent.models import TalentConversation

    profile = MarketplaceProfile.objects.filter(person_id=person_id).first()
    conversations = TalentConversation.objects.filter(person_id=person_id).order_by(
        "-held_on", "-pk"
    )
    conversation = conversations.filter(status="agreed").first() or conversations.first()
    self_scores: dict[str, float] = {}
    seen: set[str] = set()
    for key, scores in (
        SelfAssessment.objects.filter(person_id=person_id, status="completed")
        .order_by("-completed_at", "-pk")
        .values_list("framework_version__framework__key", "scores")
    ):
        if key in seen:
            continue
        seen.add(key)
        for dim, value in (scores or {}).items():
            if isinstance(value, (int, float)):
                self_scores[f"{key}:{dim}"] = float(value)
    others: dict[str, float] = {}
    share = bool(profile and profile.share_360)
    if share:
        cycle = (
            Cycle.objects.filter(participant_id=person_id, status="released")
            .order_by("-released_at", "-pk")
            .values_list("framework_version__framework__key", "others_scores")
            .first()
        )
        if cycle is not None:
            key, scores = cycle
            others = {
                f"{key}:{dim}": float(v)
                for dim, v in (scores or {}).items()
                if isinstance(v, (int, float))
            }
    goal_text: list[str] = []
    interest, stretch = "", False
    if conversation is not None:
        goal_text = [
            conversation.aspiration,
            conversation.growth_notes,
            conversation.career_interest_notes,
        ]
        interest = conversation.management_interest
        stretch = conversation.growth_stretch
    return PersonSignals(
        weakness=combined_weaknesses(self_scores, others if share else None),
        uses_360=bool(share and others),
        goal_words=words(*goal_text),
        management_interest=interest,
        stretch=stretch,
        hours_available=(
            float(profile.hours_available)
            if profile is not None and profile.hours_available is not None
            else None
        ),
    )


def _facts(row: dict[str, Any]) -> OpportunityFacts:
    """An opportunity's facts for ranking, from a row of ``values()`` (or ``_row``)."""
    labels = dimension_labels()
    dims = tuple(row["dimensions"] or ())
    hours = float(row["time_amount"]) * (37.5 if row["time_unit"] == "fte" else 1.0)
    return OpportunityFacts(
        id=int(row["id"]),
        title=str(row["title"]),
        kind=str(row["kind"]),
        dimensions=dims,
        hours_per_week=round(hours, 1),
        closes_on=row["closes_on"],
        text=" ".join(
            [row["title"], row["description"], *(labels.get(d, "") for d in dims)]
        ).lower(),
    )


def _row(opp: Opportunity) -> dict[str, Any]:
    return {
        "id": opp.pk,
        "title": opp.title,
        "kind": opp.kind,
        "description": opp.description,
        "dimensions": opp.dimensions,
        "time_amount": opp.time_amount,
        "time_unit": opp.time_unit,
        "closes_on": opp.closes_on,
    }


def fit_for(opp: Opportunity, person_id: int) -> Fit:
    return fit(person_signals(person_id), _facts(_row(opp)), labels=dimension_labels())


def open_opportunities(actor: Actor, *, on: dt.date) -> QuerySet[Opportunity]:
    """Opportunities taking applications today in the actor's organisations."""
    return opportunities_visible(actor).filter(
        status=Opportunity.Status.OPEN,
        closes_on__gte=on,
        organisation__code__in=member_org_codes(actor),
    )


@dataclass(frozen=True)
class Recommendation:
    opportunity_id: int
    title: str
    kind_label: str
    organisation: str
    closes_on: dt.date
    fit: Fit


def recommendations(actor: Actor, *, on: dt.date, limit: int = 5) -> list[Recommendation]:
    """'Recommended for me': open opportunities the actor is eligible for and has not applied to,
    ranked by fit (``rules.ranking``). Reads the opportunities in one query."""
    if actor.person_id is None:
        return []
    posts = post_facts([actor.person_id], on=on).get(actor.person_id, {})
    applied = set(
        Application.objects.filter(person_id=actor.person_id)
        .exclude(status="withdrawn")
        .values_list("opportunity_id", flat=True)
    )
    # The JSON lists are read as text and decoded only when not empty: most opportunities are open
    # to all, and decoding 8,000 empty lists through the ORM's converters cost more than ranking.
    rows = list(
        open_opportunities(actor, on=on)
        .exclude(pk__in=applied)
        .annotate(
            dims=Cast("dimensions", TextField()),
            groups=Cast("eligible_staff_groups", TextField()),
            bands=Cast("eligible_bands", TextField()),
            tiers=Cast("eligible_tiers", TextField()),
        )
        .values(
            "id",
            "title",
            "kind",
            "description",
            "dims",
            "time_amount",
            "time_unit",
            "closes_on",
            "organisation_id",
            "organisation__code",
            "groups",
            "bands",
            "tiers",
        )
    )

    def listed(text: str | None) -> tuple[str, ...]:
        return tuple(json.loads(text)) if text and text != "[]" else ()

    eligible = []
    for r in rows:
        criteria = Criteria(listed(r["groups"]), listed(r["bands"]), listed(r["tiers"]))
        if eligibility(criteria, posts.get(r["organisation_id"], []))[0]:
            r["dimensions"] = listed(r["dims"])
            eligible.append(r)
    by_id = {r["id"]: r for r in eligible}
    kinds = dict(Opportunity.Kind.choices)
    ranked = rank(
        person_signals(actor.person_id),
        [_facts(dict(r)) for r in eligible],
        labels=dimension_labels(),
        limit=limit,
    )
    return [
        Recommendation(
            f.opportunity_id,
            by_id[f.opportunity_id]["title"],
            kinds.get(by_id[f.opportunity_id]["kind"], ""),
            by_id[f.opportunity_id]["organisation__code"],
            by_id[f.opportunity_id]["closes_on"],
            f,
        )
        for f in ranked
    ]


# --- lists ----------------------------------------------------------------------------------------
def browse(
    actor: Actor,
    *,
    on: dt.date,
    q: str = "",
    kind: str = "",
    dimension: str = "",
    max_hours: float | None = None,
) -> list[Any]:
    """Open opportunities with the browse filters applied (text, kind, dimension, hours a week)."""
    qs = open_opportunities(actor, on=on).annotate(applicants=Count("applications"))
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    rows = list(qs.order_by("closes_on", "title")[:500])
    if dimension:
        rows = [o for o in rows if dimension in (o.dimensions or [])]
    if max_hours is not None:
        rows = [o for o in rows if float(o.hours_per_week) <= max_hours]
    return rows


def my_applications(actor: Actor) -> list[Application]:
    if actor.person_id is None:
        return []
    return list(
        Application.objects.filter(person_id=actor.person_id)
        .select_related("opportunity", "opportunity__organisation")
        .order_by("-submitted_at")
    )


def releases_for(actor: Actor) -> list[Application]:
    """Applications waiting for the actor's release: those whose line manager they are, and, for
    HR/OD administrators, those with no line manager in the register."""
    condition = Q(pk__in=[])
    if actor.person_id is not None:
        condition |= Q(line_manager_id=actor.person_id)
    hr = actor.orgs_with("hr_admin")
    if actor.superuser or hr:
        condition |= Q(line_manager__isnull=True) & (
            Q() if actor.superuser else Q(opportunity__organisation__code__in=hr)
        )
    return list(
        Application.objects.filter(condition, status=Application.Status.SUBMITTED)
        .select_related("opportunity", "person")
        .order_by("submitted_at")
    )


def owned_by(actor: Actor) -> list[Any]:
    condition = Q(pk__in=[])
    if actor.person_id is not None:
        condition |= Q(owner_id=actor.person_id)
    if actor.user.is_authenticated:
        condition |= Q(posted_by=actor.user)
    return list(
        Opportunity.objects.filter(condition)
        .annotate(applicants=Count("applications"))
        .select_related("organisation")
        .order_by("-created_at")
    )


def awaiting_sponsor(actor: Actor) -> list[Opportunity]:
    if not actor.user.is_authenticated:
        return []
    return list(
        Opportunity.objects.filter(sponsor_id=actor.user.pk, status=Opportunity.Status.PENDING)
        .select_related("organisation", "owner")
        .order_by("created_at")
    )


def sponsors_for(org: Organisation) -> list[Any]:
    """Who may sponsor an opportunity in an organisation: its line managers, executives, chair and
    HR/OD administrators (by account)."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            memberships__organisation=org,
            memberships__role__in=["line_manager", "executive", "chair", "hr_admin"],
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def member_org_codes_of_person(person_id: int) -> set[str]:
    """The organisations that employ a person (by staff record)."""
    return set(
        Person.objects.filter(pk=person_id)
        .exclude(employee_numbers__organisation__code__isnull=True)
        .values_list("employee_numbers__organisation__code", flat=True)
    )


# --- allocation -----------------------------------------------------------------------------------
def equality_groups(person_ids: Iterable[int]) -> dict[str, dict[int, str]]:
    """characteristic → person → reference / focus / unknown (the WRES groups of
    ``talent.rules.equality``), for sex, ethnicity and disability."""
    from mantle.talent.rules.equality import PersonOutcome, group_of
    from mantle.workforce.models import EqualityRecord

    ids = set(person_ids)
    records = {
        pid: (sex, eth, dis)
        for pid, sex, eth, dis in EqualityRecord.objects.filter(person_id__in=ids).values_list(
            "person_id", "sex", "ethnic_category", "disability"
        )
    }
    out: dict[str, dict[int, str]] = {"sex": {}, "ethnicity": {}, "disability": {}}
    for pid in ids:
        sex, eth, dis = records.get(pid, ("", "", ""))
        outcome = PersonOutcome(
            sex=sex, ethnic_category=eth, disability=dis, clinician=None, placed=False
        )
        for name in out:
            out[name][pid] = group_of(name, outcome)
    return out


def round_allocation(round: AllocationRound, *, ratio: float | None) -> Any:
    """The optimal allocation of a round's released applications (``analytics.allocation``), using
    each application's fit as recorded when it was made."""
    from mantle.analytics.allocation import Candidate, allocate

    opps = {
        o.pk: o
        for o in Opportunity.objects.filter(round=round).exclude(
            status__in=[Opportunity.Status.CANCELLED, Opportunity.Status.DECLINED]
        )
    }
    taken: dict[int, int] = {}
    for opp_id, n in (
        Application.objects.filter(opportunity_id__in=opps, status__in=["selected", "completed"])
        .values_list("opportunity_id")
        .annotate(n=Count("pk"))
    ):
        taken[opp_id] = n
    places = {pk: max(0, o.places - taken.get(pk, 0)) for pk, o in opps.items()}
    rows = list(
        Application.objects.filter(opportunity_id__in=opps, status=Application.Status.RELEASED)
        .exclude(
            person_id__in=Application.objects.filter(
                opportunity_id__in=opps, status__in=["selected", "completed"]
            ).values("person_id")
        )
        .values_list("person_id", "opportunity_id", "fit")
    )
    candidates = [Candidate(p, o, float(f or 0.0)) for p, o, f in rows if places.get(o)]
    return allocate(
        candidates=candidates,
        places={k: v for k, v in places.items() if v},
        groups=equality_groups({p for p, _, _ in rows}),
        ratio=ratio,
        titles={pk: o.title for pk, o in opps.items()},
    )


# --- fairness and conversion ----------------------------------------------------------------------
def fairness_for(actor: Actor, *, org: Organisation, since: dt.date, on: dt.date) -> Any:
    """Applications, selections and completions by band, profession, clinician status, sex,
    ethnicity and disability (``fairness``), for organisations whose aggregates the actor may see;
    exact only for the organisation's HR/OD administrators. Applications made from ``since`` to
    ``on`` count."""
    from django.conf import settings

    from mantle.talent.population import clinical_facts
    from mantle.talent.rules.equality import PersonOutcome, group_of
    from mantle.workforce.models import EqualityRecord

    from .fairness import PersonFacts, fairness_report

    if not actor.can_view_aggregates(org.code):
        raise Http404("No such organisation, or you do not have access to its figures.")
    from django.core.cache import cache
    from django.db.models import Max

    from mantle.divide.family import register_version

    threshold = int(getattr(settings, "MANTLE_SUPPRESSION_THRESHOLD", 5))
    exact = actor.sees_unsuppressed(org.code)
    # The report is cached until the register, an application or anyone's equality data changes.
    apps_version = Application.objects.filter(opportunity__organisation=org).aggregate(
        n=Count("pk"), m=Max("updated_at")
    )
    equality_version = EqualityRecord.objects.aggregate(m=Max("updated_at"), n=Count("pk"))
    key = (
        f"opportunities-fairness:{org.code}:{since}:{on}:{exact}:{threshold}:"
        f"{register_version(org)}:{apps_version['n']}:{apps_version['m']}:"
        f"{equality_version['n']}:{equality_version['m']}"
    ).replace(" ", "_")
    cached = cache.get(key)
    if cached is not None:
        return cached
    main: dict[int, tuple[float, str]] = {}
    held = Assignment.objects.current_on(on).filter(organisation=org)
    bands = dict(
        PostVersion.objects.current_on(on)
        .filter(organisation=org)
        .values_list("post_id", "pay_band")
    )
    for person_id, post_id, fte in held.values_list("person_id", "post_id", "fte"):
        if post_id in bands and (person_id not in main or float(fte) > main[person_id][0]):
            main[person_id] = (float(fte), bands[post_id])
    clinical = clinical_facts(organisation=org, on=on)
    equality = {
        pid: (sex, eth, dis)
        for pid, sex, eth, dis in EqualityRecord.objects.filter(person_id__in=main).values_list(
            "person_id", "sex", "ethnic_category", "disability"
        )
    }
    people = []
    for pid, (_fte, band) in main.items():
        sex, eth, dis = equality.get(pid, ("", "", ""))
        facts = clinical.get(pid)
        outcome = PersonOutcome(
            sex=sex,
            ethnic_category=eth,
            disability=dis,
            clinician=facts.is_clinician if facts else None,
            placed=False,
        )
        people.append(
            PersonFacts(
                person_id=pid,
                band=band or "",
                profession=(facts.profession or "Not a clinician")
                if facts and facts.is_clinician
                else "Not a clinician",
                clinician=group_of("clinician", outcome),
                sex=group_of("sex", outcome),
                ethnicity=group_of("ethnicity", outcome),
                disability=group_of("disability", outcome),
            )
        )
    apps = Application.objects.filter(
        opportunity__organisation=org,
        submitted_at__date__gte=since,
        submitted_at__date__lte=on,
    ).values_list("person_id", "status")
    applied, selected, completed = set(), set(), set()
    for pid, status in apps:
        applied.add(pid)
        if status in ("selected", "completed"):
            selected.add(pid)
        if status == "completed":
            completed.add(pid)
    report = fairness_report(
        people=people,
        applied=applied,
        selected=selected,
        completed=completed,
        threshold=threshold,
        exact=exact,
        system=f"opportunities {org.code} {since}–{on}",
    )
    cache.set(key, report, 24 * 3600)
    return report


CONVERSION_KINDS = {Opportunity.Kind.ACTING_UP: 1, Opportunity.Kind.SECONDMENT: 2}


def conversion_experience_frame(*, org: Organisation) -> Any:
    """Acting-up and secondment places of the organisation as 'enrolments' of the development
    conversion measure: one programme per kind, one cohort per starting year; completed places are
    participants, from the opportunity's start to the completion date."""
    import polars as pl

    from mantle.development.conversion import ENROLMENT_SCHEMA

    rows = []
    for app in Application.objects.filter(
        opportunity__organisation=org,
        opportunity__kind__in=list(CONVERSION_KINDS),
        status__in=["selected", "completed"],
    ).select_related("opportunity"):
        opp = app.opportunity
        rows.append(
            {
                "enrolment_id": app.pk,
                "person_id": app.person_id,
                "offering_id": CONVERSION_KINDS[Opportunity.Kind(opp.kind)],
                "programme": opp.get_kind_display(),
                "cohort": f"Started {opp.starts_on.year}",
                "status": "completed" if app.status == "completed" else "enrolled",
                "started_on": opp.starts_on,
                "completed_on": app.completed_on,
                "withdrawn_on": None,
                "cost": None,
            }
        )
    return pl.DataFrame(rows, schema=ENROLMENT_SCHEMA)


def conversion_for(actor: Actor, *, org: Organisation, on: dt.date) -> Any:
    """Did acting up and secondments move clinicians into management posts? The development
    module's conversion measure (matched comparison) on the organisation's completed acting-up and
    secondment places, suppressed except for its HR/OD administrators."""
    from mantle.development.selectors.conversion import conversion_for_org

    if not actor.can_view_aggregates(org.code):
        raise Http404("No such organisation, or you do not have access to its figures.")
    return conversion_for_org(
        org=org,
        as_of=on,
        suppress=not actor.sees_unsuppressed(org.code),
        enrolments=conversion_experience_frame(org=org),
    )
