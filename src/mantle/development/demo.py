"""Demo records for professionalised leadership, built from the register already loaded.

What it creates for one organisation: a starter catalogue (shared entries, idempotent by code);
requirements by tier; holdings for some managers (a few expiring soon, a few lapsed); two past cohorts
of a clinical leadership programme and one current cohort, whose participants are clinicians who were
not managers at the start; and board member references for board members appointed in the last year.
FPPT cycles are not created: they need reviewer accounts, which the demo command makes afterwards (the
demo company secretary opens the year with one button).

All costs are illustrative demo values, not prices. Participants are drawn at random, with those whom
the register shows later taking a management post weighted twice as likely, so that the conversion
dashboard has something to show: the demo is not evidence that any programme works.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import polars as pl

from mantle.development.conversion import status_on
from mantle.development.models import (
    BoardMemberReference,
    Cohort,
    Enrolment,
    Holding,
    Offering,
    Requirement,
)
from mantle.development.rules.enrolment import add_months, expiry_for
from mantle.development.selectors.conversion import register_frames
from mantle.development.selectors.fppt import board_tenures
from mantle.workforce.models import Assignment, Organisation, PostVersion

# (code, name, provider, kind, category, level, months, demo cost, validity months, dimensions)
CATALOGUE: list[tuple[str, str, str, str, str, str, int, int, int | None, list[str]]] = [
    (
        "apprenticeship-l5-operations-manager",
        "Operations / Departmental Manager apprenticeship",
        "Apprenticeship training provider",
        "qualification",
        "apprenticeship",
        "Level 5",
        24,
        7000,
        None,
        ["hlm:engaging_the_team", "hlm:holding_to_account"],
    ),
    (
        "apprenticeship-l7-senior-leader",
        "Senior Leader apprenticeship",
        "Apprenticeship training provider",
        "qualification",
        "apprenticeship",
        "Level 7",
        24,
        14000,
        None,
        ["hlm:sharing_the_vision", "hlm:influencing_for_results"],
    ),
    (
        "mba-healthcare-leadership",
        "MBA in Healthcare Leadership",
        "University",
        "qualification",
        "degree",
        "Level 7",
        24,
        18000,
        None,
        ["hlm:evaluating_information", "hlm:sharing_the_vision"],
    ),
    (
        "msc-healthcare-leadership",
        "MSc in Healthcare Leadership",
        "University",
        "qualification",
        "degree",
        "Level 7",
        24,
        12000,
        None,
        ["hlm:connecting_our_service"],
    ),
    (
        "nhsla-mary-seacole",
        "Mary Seacole programme",
        "NHS Leadership Academy",
        "programme",
        "academy",
        "",
        6,
        1500,
        None,
        ["hlm:leading_with_care", "hlm:engaging_the_team"],
    ),
    (
        "nhsla-rosalind-franklin",
        "Rosalind Franklin programme",
        "NHS Leadership Academy",
        "programme",
        "academy",
        "",
        12,
        5000,
        None,
        ["hlm:inspiring_shared_purpose"],
    ),
    (
        "nhsla-elizabeth-garrett-anderson",
        "Elizabeth Garrett Anderson programme",
        "NHS Leadership Academy",
        "qualification",
        "academy",
        "Level 7",
        24,
        12000,
        None,
        ["hlm:developing_capability", "hlm:holding_to_account"],
    ),
    (
        "fmlm-associate-fellow",
        "FMLM Associate Fellow",
        "Faculty of Medical Leadership and Management",
        "qualification",
        "fellowship",
        "Associate Fellow",
        0,
        300,
        12,
        [],
    ),
    (
        "fmlm-fellow",
        "FMLM Fellow",
        "Faculty of Medical Leadership and Management",
        "qualification",
        "fellowship",
        "Fellow",
        0,
        400,
        12,
        [],
    ),
    (
        "ilm-l3-award",
        "ILM Level 3 Award in Leadership and Management",
        "ILM",
        "qualification",
        "award",
        "Level 3",
        6,
        900,
        None,
        ["hlm:engaging_the_team"],
    ),
    (
        "ilm-l5-certificate",
        "ILM Level 5 Certificate in Leadership and Management",
        "ILM",
        "qualification",
        "award",
        "Level 5",
        12,
        2500,
        None,
        ["hlm:holding_to_account"],
    ),
    (
        "board-development",
        "Board development programme",
        "NHS England",
        "qualification",
        "board",
        "",
        6,
        3000,
        36,
        ["lcf:providing_governance", "lcf:setting_strategy"],
    ),
]


def _catalogue() -> dict[str, Offering]:
    existing = {o.code: o for o in Offering.objects.filter(code__in=[c[0] for c in CATALOGUE])}
    new = [
        Offering(
            code=code,
            name=name,
            provider=provider,
            kind=kind,
            category=category,
            level=level,
            duration_months=months or None,
            cost=Decimal(cost),
            validity_months=validity,
            dimensions=dimensions,
        )
        for code, name, provider, kind, category, level, months, cost, validity, dimensions in CATALOGUE
        if code not in existing
    ]
    Offering.objects.bulk_create(new)
    return {o.code: o for o in Offering.objects.filter(code__in=[c[0] for c in CATALOGUE])}


def _requirements(org: Organisation, offerings: dict[str, Offering]) -> None:
    if Requirement.objects.filter(organisation=org).exists():
        return
    specs = [
        (
            "Senior leadership qualification (Level 7)",
            "senior",
            "required",
            730,
            [
                "apprenticeship-l7-senior-leader",
                "mba-healthcare-leadership",
                "msc-healthcare-leadership",
                "nhsla-elizabeth-garrett-anderson",
            ],
        ),
        (
            "Management qualification (Level 5)",
            "middle",
            "required",
            365,
            ["apprenticeship-l5-operations-manager", "ilm-l5-certificate"],
        ),
        (
            "First-line leadership award",
            "first_line",
            "desirable",
            365,
            ["ilm-l3-award", "apprenticeship-l5-operations-manager", "ilm-l5-certificate"],
        ),
        (
            "Board development (executive)",
            "board_executive",
            "required",
            365,
            ["board-development"],
        ),
        (
            "Board development (non-executive)",
            "board_non_executive",
            "required",
            365,
            ["board-development"],
        ),
    ]
    for name, tier, strength, grace, codes in specs:
        req = Requirement.objects.create(
            organisation=org, name=name, tier=tier, strength=strength, grace_days=grace
        )
        req.offerings.set([offerings[c] for c in codes])


def _holdings(
    org: Organisation, on: dt.date, offerings: dict[str, Offering], rng: random.Random
) -> None:
    if Holding.objects.filter(person__employee_numbers__organisation=org).exists():
        return
    by_tier = {
        "senior": [
            "apprenticeship-l7-senior-leader",
            "mba-healthcare-leadership",
            "msc-healthcare-leadership",
        ],
        "middle": ["apprenticeship-l5-operations-manager", "ilm-l5-certificate"],
        "first_line": ["ilm-l3-award"],
        "board_executive": ["board-development"],
        "board_non_executive": ["board-development"],
    }
    tiers = dict(
        PostVersion.objects.current_on(on).filter(organisation=org).values_list("post_id", "tier")
    )
    new: list[Holding] = []
    seen: set[int] = set()
    for person_id, post_id in (
        Assignment.objects.current_on(on)
        .filter(organisation=org)
        .values_list("person_id", "post_id")
    ):
        codes = by_tier.get(tiers.get(post_id, "none"))
        if not codes or person_id in seen or rng.random() > 0.6:
            continue
        seen.add(person_id)
        offering = offerings[rng.choice(codes)]
        awarded = on - dt.timedelta(days=rng.randint(60, 2000))
        new.append(
            Holding(
                person_id=person_id,
                offering=offering,
                awarded_on=awarded,
                expires_on=expiry_for(awarded_on=awarded, validity_months=offering.validity_months),
                verified_at=None,
            )
        )
    Holding.objects.bulk_create(new)


def _cohorts(
    org: Organisation, on: dt.date, offerings: dict[str, Offering], rng: random.Random
) -> None:
    if Cohort.objects.filter(organisation=org).exists():
        return
    spells, regs = register_frames(org=org)
    if spells.is_empty():
        return
    programme = offerings["nhsla-rosalind-franklin"]
    plans = [
        ("Spring (two years ago)", add_months(on, -36), add_months(on, -24), "completed"),
        ("Spring (last year)", add_months(on, -24), add_months(on, -12), "completed"),
        ("This year", add_months(on, -3), None, "enrolled"),
    ]
    people = spells.select("person_id").unique()
    managers_later = set(spells.filter(pl.col("tier") != "none").get_column("person_id").to_list())
    taken: set[int] = set()
    for name, start, end, status in plans:
        baseline = start - dt.timedelta(days=1)
        at = status_on(
            pairs=people.with_columns(pl.lit(baseline).alias("on")),
            spells=spells,
            registrations=regs,
        )
        pool = (
            at.filter(
                pl.col("employed")
                & pl.col("clinician")
                & ~pl.col("in_management")
                & (pl.col("org_code") == org.code)
            )
            .get_column("person_id")
            .to_list()
        )
        pool = [p for p in pool if p not in taken]
        weights = [2.0 if p in managers_later else 1.0 for p in pool]
        chosen: list[int] = []
        while pool and len(chosen) < min(20, len(pool)):
            pick = rng.choices(pool, weights=weights)[0]
            index = pool.index(pick)
            pool.pop(index)
            weights.pop(index)
            chosen.append(pick)
        if not chosen:
            continue
        cohort = Cohort.objects.create(
            organisation=org, offering=programme, name=name, starts_on=start, ends_on=end
        )
        rows = []
        for person_id in chosen:
            withdrew = status == "completed" and rng.random() < 0.1
            rows.append(
                Enrolment(
                    organisation=org,
                    person_id=person_id,
                    offering=programme,
                    cohort=cohort,
                    status="withdrawn" if withdrew else status,
                    applied_on=start - dt.timedelta(days=60),
                    started_on=start,
                    completed_on=end if status == "completed" and not withdrew else None,
                    withdrawn_on=add_months(start, 4) if withdrew else None,
                    cost=programme.cost,
                    funding_source="nhse",
                )
            )
        Enrolment.objects.bulk_create(rows)
        taken.update(chosen)


def _references(org: Organisation, on: dt.date, rng: random.Random) -> None:
    if BoardMemberReference.objects.filter(organisation=org).exists():
        return
    new = []
    for person_id, spans in board_tenures(org=org).items():
        for start, _end in spans:
            if on - dt.timedelta(days=365) <= start <= on and rng.random() < 0.7:
                new.append(
                    BoardMemberReference(
                        organisation=org,
                        person_id=person_id,
                        kind="appointment",
                        event_on=start,
                        other_organisation="Previous NHS employer",
                        requested_on=start - dt.timedelta(days=45),
                        completed_on=start - dt.timedelta(days=20),
                    )
                )
    BoardMemberReference.objects.bulk_create(new)


def seed_demo(*, organisation: Organisation, as_of: dt.date, rng: random.Random) -> None:
    """Create the demo records described in this module's docstring (safe to run twice)."""
    offerings = _catalogue()
    _requirements(organisation, offerings)
    _holdings(organisation, as_of, offerings, rng)
    _cohorts(organisation, as_of, offerings, rng)
    _references(organisation, as_of, rng)
