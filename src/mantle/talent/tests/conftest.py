"""A small trust everyone in these tests knows by name.

St Elsewhere (RXX), in ICB QXX, as at 1 June 2025:

* Chief Executive (board executive) ← Medical Director (board executive, statutory clinical)
  ← Clinical Director of Surgery (senior, unit "Surgery") ← Consultant Surgeon (none, "Surgery/Theatres").
* Director of Finance (board executive, unit "Corporate") reports to the Chief Executive.
* Holders: Carol Chief (CEO, born 1961-01-20), Mo Medic (Medical Director, GMC), Dina Director (Clinical
  Director, NMC nurse), Sam Surgeon (consultant, GMC), Fran Finance (Director of Finance, born 1960-03-01,
  no registration), Nia Nurse (ward sister in Surgery, NMC).
* Users: ``hr`` (HR/OD admin), ``exec`` (executive), ``dina`` (line manager, is Dina Director),
  ``sam`` (staff, is Sam Surgeon), ``carol`` (line manager, is Carol Chief), ``other_hr`` (HR/OD admin of
  a second trust in the same ICB).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from mantle.core.access import Actor, build_actor
from mantle.core.testing.factories import (
    OrganisationFactory,
    UnitFactory,
    make_assignment,
    make_person,
    make_post,
    make_registration,
    make_user,
)
from mantle.workforce.models import EqualityRecord, Organisation, Person, Post

AS_OF = dt.date(2025, 6, 1)


@dataclass
class Trust:
    org: Organisation
    other: Organisation
    posts: dict[str, Post]
    people: dict[str, Person]
    users: dict[str, Any]

    def actor(self, username: str) -> Actor:
        return build_actor(self.users[username])


@pytest.fixture
def trust(db: Any) -> Trust:
    icb = OrganisationFactory(code="QXX", name="Test ICB", org_type="icb")
    org = OrganisationFactory(code="RXX", name="St Elsewhere", parent=icb)
    other = OrganisationFactory(code="RYY", name="St Nearby", parent=icb)
    root = UnitFactory(organisation=org, name="Trust", path="Trust")
    corporate = UnitFactory(
        organisation=org, name="Corporate", path="Trust/Corporate", parent=root, depth=2
    )
    surgery = UnitFactory(
        organisation=org, name="Surgery", path="Trust/Surgery", parent=root, depth=2
    )
    theatres = UnitFactory(
        organisation=org, name="Theatres", path="Trust/Surgery/Theatres", parent=surgery, depth=3
    )
    ceo = make_post(
        organisation=org,
        title="Chief Executive",
        unit=root,
        tier="board_executive",
        occupation_code="G0A",
        pay_band="VSM",
    )
    md = make_post(
        organisation=org,
        title="Medical Director",
        unit=root,
        tier="board_executive",
        occupation_code="G0A",
        pay_band="VSM",
        statutory_clinical=True,
        reports_to=ceo,
    )
    dof = make_post(
        organisation=org,
        title="Director of Finance",
        unit=corporate,
        tier="board_executive",
        occupation_code="G0A",
        pay_band="VSM",
        reports_to=ceo,
    )
    cd = make_post(
        organisation=org,
        title="Clinical Director of Surgery",
        unit=surgery,
        tier="senior",
        occupation_code="G0A",
        pay_band="Band 9",
        reports_to=md,
    )
    consultant = make_post(
        organisation=org,
        title="Consultant Surgeon",
        unit=theatres,
        tier="none",
        occupation_code="011",
        job_role="Consultant",
        pay_band="Consultant",
        reports_to=cd,
    )
    sister = make_post(
        organisation=org,
        title="Ward Sister",
        unit=theatres,
        tier="first_line",
        occupation_code="N1A",
        pay_band="Band 7",
        reports_to=cd,
    )
    other_post = make_post(
        organisation=other,
        title="Chief Executive",
        tier="board_executive",
        occupation_code="G0A",
        pay_band="VSM",
    )

    def person(
        key: str,
        first: str,
        last: str,
        dob: dt.date,
        post: Post,
        reg: str | None,
        organisation: Organisation = org,
        sex: str = "",
        ethnic: str = "",
        disability: str = "",
    ) -> Person:
        p = make_person(organisation=organisation, dob=dob, first_name=first, last_name=last)
        make_assignment(person=p, post=post, start=dt.date(2020, 1, 1))
        if reg == "GMC":
            make_registration(person=p, body="GMC", number=f"{7000000 + p.pk}")
        elif reg == "NMC":
            make_registration(person=p, body="NMC", number=f"{p.pk % 90 + 10:02d}A1234E")
        EqualityRecord.objects.create(
            person=p, sex=sex, ethnic_category=ethnic, disability=disability
        )
        return p

    people = {
        "carol": person(
            "carol",
            "Carol",
            "Chief",
            dt.date(1961, 1, 20),
            ceo,
            None,
            sex="2",
            ethnic="A",
            disability="N",
        ),
        "mo": person(
            "mo", "Mo", "Medic", dt.date(1970, 5, 5), md, "GMC", sex="1", ethnic="H", disability="N"
        ),
        "fran": person(
            "fran",
            "Fran",
            "Finance",
            dt.date(1960, 3, 1),
            dof,
            None,
            sex="2",
            ethnic="A",
            disability="N",
        ),
        "dina": person(
            "dina",
            "Dina",
            "Director",
            dt.date(1975, 6, 1),
            cd,
            "NMC",
            sex="2",
            ethnic="M",
            disability="Y",
        ),
        "sam": person(
            "sam",
            "Sam",
            "Surgeon",
            dt.date(1980, 2, 2),
            consultant,
            "GMC",
            sex="1",
            ethnic="A",
            disability="N",
        ),
        "nia": person(
            "nia",
            "Nia",
            "Nurse",
            dt.date(1985, 9, 9),
            sister,
            "NMC",
            sex="2",
            ethnic="N",
            disability="N",
        ),
        "olu": person(
            "olu", "Olu", "Other", dt.date(1972, 1, 1), other_post, None, organisation=other
        ),
    }
    users = {
        "hr": make_user(username="hr", roles=[("hr_admin", org)]),
        "exec": make_user(username="exec", roles=[("executive", org)]),
        "dina": make_user(
            username="dina", roles=[("line_manager", org), ("staff", org)], person=people["dina"]
        ),
        "sam": make_user(username="sam", roles=[("staff", org)], person=people["sam"]),
        "carol": make_user(username="carol", roles=[("line_manager", org)], person=people["carol"]),
        "other_hr": make_user(username="other_hr", roles=[("hr_admin", other)]),
    }
    users["sam"].email = "sam@example.nhs.uk"
    users["sam"].save()
    posts = {
        "ceo": ceo,
        "md": md,
        "dof": dof,
        "cd": cd,
        "consultant": consultant,
        "sister": sister,
        "other": other_post,
    }
    return Trust(org=org, other=other, posts=posts, people=people, users=users)
