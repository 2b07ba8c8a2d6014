"""Fixtures for the marketplace tests: one small trust.

Organisation RXA, unit "Trust/Medicine/Ward 7":
* ``director`` — divisional director (middle management), owns opportunities;
* ``manager`` — ward manager reporting to the director, line manager of the nurses;
* ``nurses`` — three band 5 staff nurses reporting to the manager;
* ``porter`` — a band 2 porter reporting to the director;
* ``sponsor`` — an executive of RXA (sponsors opportunities); ``hr`` — HR/OD of RXA;
* ``outsider`` — a staff member of another trust.
Every user's password is the factories' default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from mantle.core.access import Actor, build_actor
from mantle.core.testing.factories import (
    OrganisationFactory,
    UnitFactory,
    make_assignment,
    make_person,
    make_post,
    make_user,
)
from mantle.opportunities.models import Opportunity
from mantle.workforce.models import Organisation, Person, Post


@dataclass
class Member:
    person: Person
    user: Any
    post: Post

    @property
    def actor(self) -> Actor:
        return build_actor(self.user)


@dataclass
class Trust:
    org: Organisation
    director: Member
    manager: Member
    nurses: list[Member]
    porter: Member
    sponsor: Any
    hr: Any
    outsider: Member


def _member(
    org: Any,
    unit: Any,
    username: str,
    *,
    title: str,
    reports_to: Post | None = None,
    tier: str = "none",
    band: str = "Band 5",
    code: str = "N6A",
    roles: tuple[str, ...] = ("staff",),
) -> Member:
    post = make_post(
        organisation=org,
        title=title,
        unit=unit,
        tier=tier,
        reports_to=reports_to,
        occupation_code=code,
        pay_band=band,
    )
    person = make_person(organisation=org, first_name=username.capitalize(), last_name="Tester")
    make_assignment(person=person, post=post)
    user = make_user(username=username, person=person, roles=[(r, org) for r in roles])
    user.email = f"{username}@example.nhs.uk"
    user.save(update_fields=["email"])
    return Member(person, user, post)


@pytest.fixture
def trust(db: Any) -> Trust:
    org: Any = OrganisationFactory(code="RXA", name="Riverside Acute")
    root = UnitFactory(organisation=org, name="Trust", path="Trust")
    ward = UnitFactory(organisation=org, name="Ward 7", path="Trust/Ward 7", parent=root, depth=2)
    director = _member(
        org,
        root,
        "director",
        title="Divisional Director",
        tier="middle",
        band="Band 8c",
        code="G0A",
        roles=("staff", "line_manager"),
    )
    manager = _member(
        org,
        ward,
        "manager",
        title="Ward Manager",
        reports_to=director.post,
        tier="first_line",
        band="Band 7",
        roles=("staff", "line_manager"),
    )
    nurses = [
        _member(org, ward, f"nurse{i}", title="Staff Nurse", reports_to=manager.post)
        for i in range(1, 4)
    ]
    porter = _member(
        org, root, "porter", title="Porter", reports_to=director.post, band="Band 2", code="H2R"
    )
    sponsor = make_user(username="sponsor", roles=[("executive", org)])
    hr = make_user(username="hradmin", roles=[("hr_admin", org)])
    other: Any = OrganisationFactory(code="RYY", name="Other Trust")
    other_unit = UnitFactory(organisation=other, name="Trust", path="Trust")
    outsider = _member(other, other_unit, "outsider", title="Porter", band="Band 2", code="H2R")
    return Trust(org, director, manager, nurses, porter, sponsor, hr, outsider)


def make_opportunity(
    trust: Trust,
    *,
    title: str = "Lead the falls QI project",
    kind: str = "qi_lead",
    places: int = 1,
    status: str = "open",
    hours: str = "3",
    dimensions: list[str] | None = None,
    bands: list[str] | None = None,
    staff_groups: list[str] | None = None,
    tiers: list[str] | None = None,
    owner: Member | None = None,
    starts_in: int = 30,
    description: str = "Reduce falls on two wards with PDSA cycles.",
    round: Any = None,
) -> Opportunity:
    today = timezone.localdate()
    owner = owner or trust.director
    return Opportunity.objects.create(
        organisation=trust.org,
        title=title,
        kind=kind,
        description=description,
        owner=owner.person,
        sponsor=trust.sponsor,
        posted_by=owner.user,
        time_unit="hours",
        time_amount=Decimal(hours),
        starts_on=today + dt.timedelta(days=starts_in),
        ends_on=today + dt.timedelta(days=starts_in + 180),
        closes_on=today + dt.timedelta(days=min(14, starts_in)),
        places=places,
        eligible_bands=bands or [],
        eligible_staff_groups=staff_groups or [],
        eligible_tiers=tiers or [],
        dimensions=dimensions or ["hlm:engaging_the_team"],
        status=status,
        round=round,
    )


@pytest.fixture
def opportunity(trust: Trust) -> Opportunity:
    return make_opportunity(trust)
