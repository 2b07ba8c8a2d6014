from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from mantle.core.testing.factories import (
    OrganisationFactory,
    UnitFactory,
    make_assignment,
    make_person,
    make_post,
    make_registration,
    make_user,
)


@dataclass
class Trust:
    org: Any
    other_org: Any
    ceo_post: Any
    manager_post: Any
    nurse_post: Any
    manager: Any
    nurse: Any
    outsider: Any
    users: dict[str, Any]


@pytest.fixture
def trust(db: Any) -> Trust:
    """A small trust: a chief executive, a ward manager reporting to them, a nurse reporting to the ward
    manager; and a person in another trust. One user per role."""
    org = OrganisationFactory(code="RXA", name="Alpha Hospitals NHS Trust")
    other = OrganisationFactory(code="RXB", name="Beta Hospitals NHS Trust")
    unit = UnitFactory(organisation=org, name="Medicine", path="Medicine")
    ceo_post = make_post(
        organisation=org, title="Chief Executive", tier="board_executive", unit=unit
    )
    manager_post = make_post(
        organisation=org, title="Ward Manager", tier="first_line", unit=unit, reports_to=ceo_post
    )
    nurse_post = make_post(
        organisation=org, title="Staff Nurse", unit=unit, reports_to=manager_post
    )
    ceo = make_person(organisation=org, first_name="Cora", last_name="Chief")
    manager = make_person(organisation=org, first_name="Mo", last_name="Manager")
    nurse = make_person(organisation=org, first_name="Nia", last_name="Nurse")
    other_unit = UnitFactory(organisation=other, name="Surgery", path="Surgery")
    outsider_post = make_post(organisation=other, title="Staff Nurse", unit=other_unit)
    outsider = make_person(organisation=other, first_name="Oli", last_name="Outsider")
    make_assignment(person=ceo, post=ceo_post)
    make_assignment(person=manager, post=manager_post)
    make_assignment(person=nurse, post=nurse_post)
    make_assignment(person=outsider, post=outsider_post)
    make_registration(person=nurse, body="NMC", number="12A3456E", start=dt.date(2015, 1, 1))
    users = {
        "staff": make_user(username="staff", roles=[("staff", org)], person=nurse),
        "manager": make_user(username="manager", roles=[("line_manager", org)], person=manager),
        "hr": make_user(username="hr", roles=[("hr_admin", org)]),
        "exec": make_user(username="exec", roles=[("executive", org)], person=ceo),
        "analyst": make_user(username="analyst", roles=[("analyst", None)]),
        "other_hr": make_user(username="other_hr", roles=[("hr_admin", other)]),
    }
    return Trust(org, other, ceo_post, manager_post, nurse_post, manager, nurse, outsider, users)
