"""Fixtures for the capability app's database tests: shipped frameworks loaded, and one small team.

The team (organisation RXA, unit "Trust/Surgery/Ward 7"):
* ``manager`` — ward manager (first-line management), line manager of the participant and the peers;
* ``participant`` — deputy ward manager, whose 360° the tests run;
* ``peers`` — four staff nurses reporting to the manager;
* ``reports`` — three healthcare assistants reporting to the participant;
* ``hr`` — an HR/OD administrator of RXA; ``executive`` — a board viewer of RXA;
* ``outsider`` — a staff member of another trust.
Everyone has a user with e-mail ``<username>@example.nhs.uk`` and the factories' default password.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from mantle.capability.models import FrameworkVersion
from mantle.capability.services import frameworks_load_shipped
from mantle.core.access import Actor, build_actor
from mantle.core.testing.factories import (
    OrganisationFactory,
    UnitFactory,
    make_assignment,
    make_person,
    make_post,
    make_user,
)
from mantle.workforce.models import Organisation, Person, Post, Unit


@dataclass
class Member:
    person: Person
    user: Any
    post: Post

    @property
    def actor(self) -> Actor:
        return build_actor(self.user)


@dataclass
class Team:
    org: Organisation
    unit: Unit
    manager: Member
    participant: Member
    peers: list[Member]
    reports: list[Member]
    hr: Any
    executive: Any
    outsider: Member
    extra: dict[str, Any] = field(default_factory=dict)


def add_member(
    *,
    org: Organisation,
    unit: Unit,
    username: str,
    title: str,
    reports_to: Post | None = None,
    tier: str = "none",
    occupation_code: str = "N6A",
    roles: list[str] | None = None,
) -> Member:
    post = make_post(
        organisation=org,
        title=title,
        unit=unit,
        tier=tier,
        reports_to=reports_to,
        occupation_code=occupation_code,
    )
    person = make_person(organisation=org, first_name=username.capitalize(), last_name="Tester")
    make_assignment(person=person, post=post)
    user = make_user(
        username=username, person=person, roles=[(role, org) for role in (roles or ["staff"])]
    )
    return Member(person=person, user=user, post=post)


@pytest.fixture
def frameworks(db: Any) -> dict[str, FrameworkVersion]:
    frameworks_load_shipped()
    return {v.framework.key: v for v in FrameworkVersion.objects.select_related("framework")}


@pytest.fixture
def team(db: Any, frameworks: dict[str, FrameworkVersion]) -> Team:
    org: Any = OrganisationFactory(code="RXA", name="Riverside Acute")
    root = UnitFactory(organisation=org, name="Trust", path="Trust")
    surgery = UnitFactory(
        organisation=org, name="Surgery", path="Trust/Surgery", parent=root, depth=2
    )
    ward: Any = UnitFactory(
        organisation=org, name="Ward 7", path="Trust/Surgery/Ward 7", parent=surgery, depth=3
    )
    manager = add_member(
        org=org,
        unit=ward,
        username="manager",
        title="Ward Manager",
        tier="first_line",
        roles=["staff", "line_manager"],
    )
    participant = add_member(
        org=org,
        unit=ward,
        username="participant",
        title="Deputy Ward Manager",
        reports_to=manager.post,
        tier="first_line",
        roles=["staff", "line_manager"],
    )
    peers = [
        add_member(
            org=org, unit=ward, username=f"peer{i}", title="Staff Nurse", reports_to=manager.post
        )
        for i in range(1, 5)
    ]
    reports = [
        add_member(
            org=org,
            unit=ward,
            username=f"report{i}",
            title="Healthcare Assistant",
            reports_to=participant.post,
            occupation_code="H1A",
        )
        for i in range(1, 4)
    ]
    hr = make_user(username="hradmin", roles=[("hr_admin", org)])
    executive = make_user(username="exec", roles=[("executive", org)])
    other: Any = OrganisationFactory(code="RYY", name="Other Trust")
    other_unit: Any = UnitFactory(organisation=other, name="Trust", path="Trust")
    outsider = add_member(
        org=other, unit=other_unit, username="outsider", title="Porter", occupation_code="H2R"
    )
    return Team(
        org=org,
        unit=ward,
        manager=manager,
        participant=participant,
        peers=peers,
        reports=reports,
        hr=hr,
        executive=executive,
        outsider=outsider,
    )


def deadline(days: int = 14) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() + dt.timedelta(days=days)


def full_answers(
    spec: Any, value: int = 3, importance: int = 3, per_dimension: dict[str, int] | None = None
) -> Any:
    """Answers to every statement (``value``, or a per-dimension value) and every importance."""
    statements = {}
    for dimension in spec.dimensions:
        for statement in dimension.statements:
            statements[statement.key] = (per_dimension or {}).get(dimension.key, value)
    answers: dict[str, Any] = {"statements": statements, "importance": {}}
    if spec.rates_importance:
        answers["importance"] = {d.key: importance for d in spec.dimensions}
    return answers


def form_data(answers: dict[str, Any]) -> dict[str, str]:
    data = {f"s:{k}": ("na" if v is None else str(v)) for k, v in answers["statements"].items()}
    data.update({f"i:{k}": str(v) for k, v in answers["importance"].items()})
    return data
