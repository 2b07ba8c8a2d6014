"""A small trust everyone in these tests knows by name.

RXA "Alpha Hospitals": a chair (Cara), a non-executive (Ned), a chief executive (Chris), a medical
director (Mo), a ward manager (Wendy) and three staff nurses who report to her (Nina, Nell, Noor).
Accounts: ``hr`` (HR/OD administrator), ``chair`` (Cara), ``secretary`` (company secretary, no staff
record), ``ceo`` (Chris, executive), ``md`` (Mo, staff), ``manager`` (Wendy, line manager), ``nurse``
(Nina, staff), ``viewer`` (executive, no staff record), ``outsider`` (HR/OD administrator elsewhere).
"""

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
from mantle.workforce.models import Organisation, Person, Post

START = dt.date(2020, 1, 1)


@dataclass
class Trust:
    org: Organisation
    other: Organisation
    people: dict[str, Person]
    posts: dict[str, Post]
    users: dict[str, Any]


@pytest.fixture
def trust(settings: Any, tmp_path: Any) -> Trust:
    settings.MEDIA_ROOT = tmp_path / "media"
    org = OrganisationFactory(code="RXA", name="Alpha Hospitals NHS Trust")
    other = OrganisationFactory(code="RYY", name="Other Trust")
    root = UnitFactory(organisation=org, name="Trust", path="Trust")
    medicine = UnitFactory(
        organisation=org, name="Medicine", path="Trust/Medicine", parent=root, depth=2
    )
    posts = {
        "chair": make_post(
            organisation=org,
            title="Chair",
            tier="board_non_executive",
            job_role="Chair",
            occupation_code="G0A",
            pay_band="Non-AfC",
            unit=root,
        ),
        "ned": make_post(
            organisation=org,
            title="Non-executive Director",
            tier="board_non_executive",
            occupation_code="G0A",
            pay_band="Non-AfC",
            unit=root,
        ),
        "ceo": make_post(
            organisation=org,
            title="Chief Executive",
            tier="board_executive",
            occupation_code="G0A",
            pay_band="VSM",
            unit=root,
        ),
        "md": make_post(
            organisation=org,
            title="Medical Director",
            tier="board_executive",
            occupation_code="G0A",
            pay_band="VSM",
            statutory_clinical=True,
            unit=root,
        ),
        "ward": make_post(
            organisation=org,
            title="Ward Manager",
            tier="first_line",
            job_role="Ward Manager",
            occupation_code="N0A",
            pay_band="Band 7",
            unit=medicine,
        ),
    }
    for key in ("nurse1", "nurse2", "nurse3"):
        posts[key] = make_post(
            organisation=org,
            title="Staff Nurse",
            occupation_code="N6A",
            pay_band="Band 5",
            unit=medicine,
            reports_to=posts["ward"],
        )
    names = {
        "chair": ("Cara", "Chairman"),
        "ned": ("Ned", "Nonexec"),
        "ceo": ("Chris", "Chief"),
        "md": ("Mo", "Medic"),
        "ward": ("Wendy", "Ward"),
        "nurse1": ("Nina", "Nurse"),
        "nurse2": ("Nell", "Nurse"),
        "nurse3": ("Noor", "Nurse"),
    }
    people: dict[str, Person] = {}
    for key, (first, last) in names.items():
        people[key] = make_person(
            organisation=org, first_name=first, last_name=last, dob=dt.date(1970, 5, 17)
        )
        make_assignment(person=people[key], post=posts[key], start=START)
    for key in ("ward", "nurse1", "nurse2", "nurse3"):
        make_registration(
            person=people[key], body="NMC", number=f"12A345{key[-1] if key[-1].isdigit() else '0'}E"
        )
    make_registration(person=people["md"], body="GMC", number="7654321")
    users = {
        "hr": make_user(username="hr", roles=[("hr_admin", org)]),
        "chair": make_user(username="chair", roles=[("chair", org)], person=people["chair"]),
        "secretary": make_user(username="secretary", roles=[("company_secretary", org)]),
        "ceo": make_user(username="ceo", roles=[("executive", org)], person=people["ceo"]),
        "md": make_user(username="md", roles=[("staff", org)], person=people["md"]),
        "ned": make_user(username="ned", roles=[("staff", org)], person=people["ned"]),
        "manager": make_user(
            username="manager", roles=[("line_manager", org)], person=people["ward"]
        ),
        "nurse": make_user(username="nurse", roles=[("staff", org)], person=people["nurse1"]),
        "viewer": make_user(username="viewer", roles=[("executive", org)]),
        "outsider": make_user(username="outsider", roles=[("hr_admin", other)]),
    }
    for user in users.values():
        user.email = f"{user.username}@example.nhs.uk"
        user.save(update_fields=["email"])
    return Trust(org=org, other=other, people=people, posts=posts, users=users)
