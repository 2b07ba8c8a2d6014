"""A live marketplace for the demo trust, built from the register and the demo accounts.

What it creates for one organisation (once; running it again adds nothing):

* about twenty open opportunities of every kind, owned by the demo ``director`` (and one by the
  ``manager``), sponsored by the ``exec`` account, most open to all staff, some limited by band,
  staff group or tier; one more waits for ``exec``'s approval as sponsor;
* applications from the ``manager``'s team waiting for the manager to release their time, released
  applicants waiting for the ``director`` to select, and a cohort round (coordinated by ``hr``) with
  released applicants for the optimal allocation;
* past acting-up and secondment places completed by clinicians (written to their development
  record like any completion), and about two hundred applications across the trust so the fairness
  monitor has figures. ``staff`` and ``porter`` have not applied to anything: they can apply.

Applicants are drawn at random from the register; the demo is not evidence of anything.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from mantle.core.access import build_actor
from mantle.workforce.models import Assignment, EqualityRecord, Organisation, Person, PostVersion

from .models import AllocationRound, Application, ApplicationEvent, Opportunity

# (title, kind, hours, fte, places, dimensions, eligibility, description)
CATALOGUE: list[
    tuple[str, str, float | None, float | None, int, list[str], dict[str, list[str]], str]
] = [
    (
        "Lead the falls reduction QI project",
        "qi_lead",
        3,
        None,
        2,
        ["hlm:evaluating_information", "hlm:engaging_the_team"],
        {},
        "Lead a six-month quality improvement project to reduce inpatient falls on two medical wards, using PDSA cycles and run charts.",
    ),
    (
        "Deteriorating patient audit lead",
        "audit",
        2,
        None,
        1,
        ["hlm:evaluating_information", "hlm:holding_to_account"],
        {},
        "Design and run the trust's annual audit of NEWS2 escalation, and present the findings to the patient safety committee.",
    ),
    (
        "Staff seat on the Patient Safety Committee",
        "committee",
        2,
        None,
        2,
        ["hlm:influencing_for_results", "hlm:connecting_our_service"],
        {},
        "A voting seat for frontline staff on the committee that reviews incidents and safety improvement.",
    ),
    (
        "Outpatients redesign: clinical lead",
        "redesign",
        None,
        0.2,
        1,
        ["hlm:sharing_the_vision", "hlm:connecting_our_service"],
        {
            "staff_groups": [
                "HCHS doctors",
                "Nurses & health visitors",
                "Scientific, therapeutic & technical staff",
            ]
        },
        "Help redesign outpatient pathways with patients and the digital team: one day a week for six months.",
    ),
    (
        "Shadow the Chief Nurse",
        "shadowing",
        4,
        None,
        3,
        ["hlm:sharing_the_vision", "hlm:influencing_for_results"],
        {},
        "Spend a day a fortnight with the Chief Nurse: board papers, regulator meetings, ward visits and difficult decisions.",
    ),
    (
        "Shadow the Director of Operations",
        "shadowing",
        4,
        None,
        2,
        ["hlm:connecting_our_service", "hlm:leading_with_care"],
        {},
        "See how operational pressures are managed across the trust, from bed meetings to system calls.",
    ),
    (
        "Board observer for a year",
        "board_observer",
        2,
        None,
        2,
        ["hlm:sharing_the_vision", "hlm:holding_to_account"],
        {},
        "Observe public and private board meetings and committee meetings, with a non-executive mentor.",
    ),
    (
        "Mentor a newly qualified nurse",
        "mentoring",
        1,
        None,
        6,
        ["hlm:developing_capability", "hlm:leading_with_care"],
        {"bands": ["Band 6", "Band 7", "Band 8a"]},
        "Mentor a preceptee through their first year: monthly conversations and support in practice.",
    ),
    (
        "Reverse mentoring for an executive",
        "mentoring",
        1,
        None,
        4,
        ["hlm:inspiring_shared_purpose", "hlm:engaging_the_team"],
        {},
        "Mentor a member of the executive team on what it is like to work here, from porters to paediatricians.",
    ),
    (
        "Acting ward manager (maternity cover)",
        "acting_up",
        None,
        1.0,
        1,
        ["hlm:engaging_the_team", "hlm:holding_to_account", "hlm:leading_with_care"],
        {"bands": ["Band 6"], "staff_groups": ["Nurses & health visitors"]},
        "Act up as ward manager for nine months: budget, rota, staff wellbeing and quality on a 28-bed ward.",
    ),
    (
        "Acting clinical director, surgery",
        "acting_up",
        None,
        0.4,
        1,
        ["hlm:sharing_the_vision", "hlm:holding_to_account"],
        {"staff_groups": ["HCHS doctors"]},
        "Two days a week as clinical director while the post is recruited to.",
    ),
    (
        "Secondment: deputy divisional director",
        "secondment",
        None,
        1.0,
        1,
        ["hlm:connecting_our_service", "hlm:influencing_for_results"],
        {"bands": ["Band 7", "Band 8a"]},
        "A twelve-month secondment into the medicine division's management team.",
    ),
    (
        "Secondment to the ICB's urgent care programme",
        "secondment",
        None,
        0.5,
        1,
        ["hlm:connecting_our_service", "hlm:sharing_the_vision"],
        {},
        "Half-time secondment to the integrated care board's urgent and emergency care programme.",
    ),
    (
        "Estates sustainability champion lead",
        "qi_lead",
        2,
        None,
        2,
        ["hlm:inspiring_shared_purpose", "hlm:engaging_the_team"],
        {"staff_groups": ["Hotel, property & estates", "Support to doctors, nurses & midwives"]},
        "Lead the green team's waste and energy projects across the hospital sites.",
    ),
    (
        "Freedom to Speak Up champion",
        "committee",
        1,
        None,
        5,
        ["hlm:leading_with_care", "hlm:inspiring_shared_purpose"],
        {},
        "Listen to colleagues who raise concerns and help them to the right route, with training from the guardian.",
    ),
    (
        "Recruitment panel member (values-based)",
        "committee",
        1,
        None,
        8,
        ["hlm:developing_capability", "hlm:holding_to_account"],
        {},
        "Join interview panels for band 2 to 5 posts, assessing values alongside skills.",
    ),
    (
        "Discharge lounge redesign team",
        "redesign",
        3,
        None,
        3,
        ["hlm:engaging_the_team", "hlm:evaluating_information"],
        {},
        "Work with porters, pharmacy and nursing to cut waits in the discharge lounge.",
    ),
    (
        "Clinical audit of consent forms",
        "audit",
        2,
        None,
        2,
        ["hlm:evaluating_information"],
        {"staff_groups": ["HCHS doctors", "Nurses & health visitors", "Midwives"]},
        "Audit consent documentation across surgical specialties and report to the clinical effectiveness group.",
    ),
    (
        "Lead a staff wellbeing huddle programme",
        "qi_lead",
        2,
        None,
        2,
        ["hlm:leading_with_care", "hlm:engaging_the_team"],
        {},
        "Set up and evaluate weekly wellbeing huddles in three departments.",
    ),
    (
        "First-line manager shadowing (estates)",
        "shadowing",
        2,
        None,
        2,
        ["hlm:holding_to_account", "hlm:developing_capability"],
        {"tiers": ["none"]},
        "Shadow the estates duty managers to see whether a first-line management role is for you.",
    ),
]


def _person(username: str) -> Person | None:
    user = get_user_model().objects.filter(username=username).first()
    return Person.objects.filter(user=user).first() if user else None


def _make(
    org: Organisation,
    row: tuple[Any, ...],
    *,
    owner: Person,
    sponsor: Any,
    poster: Any,
    today: dt.date,
    rng: random.Random,
    status: str = "open",
    round: AllocationRound | None = None,
    starts: dt.date | None = None,
) -> Opportunity:
    title, kind, hours, fte, places, dims, elig, description = row
    start = starts or today + dt.timedelta(days=rng.randint(30, 75))
    return Opportunity.objects.create(
        organisation=org,
        title=title,
        kind=kind,
        description=description,
        owner=owner,
        sponsor=sponsor,
        posted_by=poster,
        time_unit="fte" if fte is not None else "hours",
        time_amount=Decimal(str(fte if fte is not None else hours)),
        starts_on=start,
        ends_on=start + dt.timedelta(days=rng.choice([90, 180, 270, 365])),
        closes_on=min(start, today + dt.timedelta(days=rng.randint(14, 28)))
        if status == "open"
        else start - dt.timedelta(days=14),
        places=places,
        eligible_staff_groups=elig.get("staff_groups", []),
        eligible_bands=elig.get("bands", []),
        eligible_tiers=elig.get("tiers", []),
        dimensions=dims,
        status=status,
        round=round,
        sponsor_decided_at=timezone.now() if status != "pending" else None,
    )


def _apply(
    opp: Opportunity,
    person_id: int,
    *,
    status: str,
    manager_id: int | None,
    rng: random.Random,
    fit: float | None = None,
) -> Application:
    app = Application.objects.create(
        opportunity=opp,
        person_id=person_id,
        statement="I would like to take this on: it builds on my work and I want to grow as a leader.",
        status=status,
        line_manager_id=manager_id,
        backfill_note="Covered from the bank and by rearranging the rota."
        if status not in ("submitted", "not_released")
        else "",
        release_reason="The ward is short-staffed this quarter."
        if status == "not_released"
        else "",
        released_at=timezone.now() if status not in ("submitted", "not_released") else None,
        fit=fit if fit is not None else round(rng.uniform(0.2, 0.9), 4),
        decision_reason={
            "selected": "Selected by the owner.",
            "completed": "Selected by the owner.",
            "not_selected": "Other applicants' experience matched the project more closely.",
        }.get(status, ""),
    )
    ApplicationEvent.objects.create(application=app, from_status="", to_status=status)
    return app


def seed_demo(*, organisation: Organisation, as_of: dt.date, rng: random.Random) -> None:
    """Seed the marketplace (module docstring). Needs the demo accounts."""
    if Opportunity.objects.filter(organisation=organisation).exists():
        return
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["director", "manager", "exec", "hr", "staff", "porter"]
        )
    }
    director, manager = _person("director"), _person("manager")
    if director is None or "exec" not in users:
        return
    today = max(as_of, timezone.localdate())
    on = min(as_of, timezone.localdate())
    sponsor, poster = users["exec"], users["director"]
    staff_ids = list(
        Assignment.objects.current_on(on)
        .filter(organisation=organisation)
        .values_list("person_id", flat=True)
        .distinct()
    )
    excluded = {
        p.pk
        for p in (
            director,
            manager,
            _person("staff"),
            _person("porter"),
            _person("hr"),
            _person("exec"),
        )
        if p
    }
    pool = sorted(set(staff_ids) - excluded)
    rng.shuffle(pool)
    hr_user = users.get("hr")
    ward_round = AllocationRound.objects.create(
        organisation=organisation,
        name="Spring leadership round",
        coordinator=hr_user or poster,
        ratio=Decimal("0.80"),
    )
    opps = []
    for i, row in enumerate(CATALOGUE):
        owner = manager if (i == 8 and manager) else director
        opps.append(
            _make(
                organisation,
                row,
                owner=owner,
                sponsor=sponsor,
                poster=users.get("manager") if owner is manager else poster,
                today=today,
                rng=rng,
                round=ward_round if i in (4, 5, 6, 16) else None,
            )
        )
    _make(
        organisation,
        (
            "Lead the hand hygiene campaign",
            "qi_lead",
            2,
            None,
            2,
            ["hlm:inspiring_shared_purpose"],
            {},
            "Plan and lead this winter's hand hygiene campaign across the trust.",
        ),
        owner=director,
        sponsor=sponsor,
        poster=poster,
        today=today,
        rng=rng,
        status="pending",
    )

    # The manager's team: applications waiting for release.
    if manager is not None and "manager" in users:
        team = [p.pk for p in _team(users["manager"]) if p.pk != manager.pk]
        for person_id, opp in zip(team[:3], (opps[0], opps[2], opps[14]), strict=False):
            _apply(opp, person_id, status="submitted", manager_id=manager.pk, rng=rng)
    # Released applicants for the director to select, and for the round's allocation.
    people = iter(pool)
    for opp in (opps[0], opps[1], opps[16]):
        for person_id in _take(people, 3):
            _apply(opp, person_id, status="released", manager_id=None, rng=rng)
    round_opps = [opps[4], opps[5], opps[6], opps[16]]
    # A round with enough disabled applicants that a fairness bound of 0.8 can be met (with one
    # disabled applicant in forty, no allocation can be within 0.8 — the page says so).
    disabled = set(
        EqualityRecord.objects.filter(person_id__in=pool, disability="Y").values_list(
            "person_id", flat=True
        )
    )
    chosen = [p for p in pool if p in disabled][:8]
    rest = _take(people, 40 - len(chosen))
    for person_id in [*chosen, *(p for p in rest if p not in chosen)]:
        for opp in rng.sample(round_opps, k=2):
            if not opp.applications.filter(person_id=person_id).exists():
                _apply(opp, person_id, status="released", manager_id=None, rng=rng)

    _past_experience(
        organisation, rng=rng, on=on, director=director, sponsor=sponsor, poster=poster
    )
    # Applications across the trust for the fairness monitor, to the other opportunities; never
    # more selected than places.
    others = [o for i, o in enumerate(opps) if i not in (0, 1, 4, 5, 6, 16)]
    statuses = ["submitted", "released", "not_released", "selected", "not_selected", "withdrawn"]
    weights = [2, 2, 1, 3, 3, 1]
    selected: dict[int, int] = {}
    for person_id in _take(people, min(180, max(0, len(pool) - 60))):
        opp = rng.choice(others)
        status = rng.choices(statuses, weights)[0]
        if status == "selected":
            if selected.get(opp.pk, 0) >= opp.places:
                status = "not_selected"
            else:
                selected[opp.pk] = selected.get(opp.pk, 0) + 1
        _apply(opp, person_id, status=status, manager_id=None, rng=rng)


def _take(people: Any, n: int) -> list[int]:
    """Up to ``n`` more people from the shuffled pool (fewer in a small demo trust)."""
    out = []
    for _ in range(n):
        person_id = next(people, None)
        if person_id is None:
            break
        out.append(person_id)
    return out


def _team(user: Any) -> list[Person]:
    from mantle.workforce.selectors import people_visible

    return list(people_visible(build_actor(user)).order_by("pk")[:20])


def _past_experience(
    org: Organisation,
    *,
    rng: random.Random,
    on: dt.date,
    director: Person,
    sponsor: Any,
    poster: Any,
) -> None:
    """Acting-up and secondment places of the last three years, completed (clinicians, some of whom
    the register shows in management later), written to the development record."""
    from mantle.development.services.experience import experience_record
    from mantle.talent.population import clinical_facts

    facts = clinical_facts(organisation=org, on=on)
    management_posts = (
        PostVersion.objects.current_on(on)
        .filter(organisation=org, tier__in=["first_line", "middle", "senior"])
        .values("post_id")
    )
    managers = set(
        Assignment.objects.current_on(on)
        .filter(organisation=org, post_id__in=management_posts)
        .values_list("person_id", flat=True)
    )
    clinicians = [pid for pid, f in facts.items() if f.is_clinician]
    rng.shuffle(clinicians)
    # Weight towards people now in management, so the conversion table has something to show.
    chosen = [p for p in clinicians if p in managers][:14] + [
        p for p in clinicians if p not in managers
    ][:10]
    rows: list[tuple[Any, ...]] = [
        (
            "Acting ward manager",
            "acting_up",
            None,
            1.0,
            4,
            ["hlm:engaging_the_team", "hlm:holding_to_account"],
            {},
            "Acting up as ward manager.",
        ),
        (
            "Secondment into divisional management",
            "secondment",
            None,
            1.0,
            4,
            ["hlm:connecting_our_service"],
            {},
            "A secondment into a division's management team.",
        ),
    ]
    people = iter(chosen)
    for years_ago in (3, 2):
        for row in rows:
            start = on - dt.timedelta(days=365 * years_ago)
            opp = _make(
                org,
                row,
                owner=director,
                sponsor=sponsor,
                poster=poster,
                today=start,
                rng=rng,
                status="closed",
                starts=start,
            )
            opp.title = f"{row[0]} ({start.year})"
            opp.save(update_fields=["title"])
            for _ in range(6):
                person_id = next(people, None)
                if person_id is None:
                    return
                app = _apply(opp, person_id, status="completed", manager_id=None, rng=rng)
                done = opp.ends_on if opp.ends_on <= on else on
                person = Person.objects.get(pk=person_id)
                app.completed_on = done
                app.feedback = "Led the team well through a difficult winter; keep building confidence with the budget."
                app.feedback_ratings = dict.fromkeys(opp.dimensions, "demonstrated")
                try:
                    app.enrolment = experience_record(
                        recorded_by=poster,
                        organisation=org,
                        person=person,
                        code=f"opportunity-{opp.pk}",
                        name=f"{opp.get_kind_display()}: {opp.title}",
                        provider=f"{org.name} leadership opportunities",
                        dimensions=list(opp.dimensions),
                        applied_on=start - dt.timedelta(days=20),
                        started_on=start,
                        completed_on=done,
                    )
                except ValidationError:  # a person the register no longer employs: no record
                    app.enrolment = None
                app.save()


def seed_minimal(*, organisation: Organisation, user: Any) -> None:
    """One open opportunity, one draft, an application to each and a round, for a test trust whose
    only account is ``user`` (owner, poster, sponsor and coordinator): tests that records of one
    trust stay hidden from another's roles."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        return
    today = timezone.localdate()
    rng = random.Random(1)
    r = AllocationRound.objects.create(organisation=organisation, name="Round", coordinator=user)
    applicants = list(
        Assignment.objects.current_on(today)
        .filter(organisation=organisation)
        .exclude(person=person)
        .values_list("person_id", flat=True)[:2]
    )
    for i, status in enumerate(("open", "draft")):
        opp = _make(
            organisation,
            CATALOGUE[i],
            owner=person,
            sponsor=user,
            poster=user,
            today=today,
            rng=rng,
            status=status,
            round=r,
        )
        if i < len(applicants):
            _apply(opp, applicants[i], status="submitted", manager_id=None, rng=rng)
