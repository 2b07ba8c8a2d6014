"""A small trust with two years of history everyone in these tests knows by name.

RXA "Alpha Hospitals" on 2026-06-30: a medical director (clinician, GMC) and a finance director
(not a clinician) on the board; two senior managers (one a nurse); four middle managers (two
nurses); twelve staff nurses and six administrators outside management. Over the two years before,
two nurses and one administrator left, a middle manager stepped down, and one nurse was appointed
to a middle-management post. RYY is another trust. Accounts: ``exec`` (executive, RXA), ``hr``
(HR/OD administrator, RXA), ``analyst``, ``manager`` (line manager, RXA), ``nurse`` (staff, RXA),
``outsider`` (executive, RYY).
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
from mantle.workforce.models import Organisation

ON = dt.date(2026, 6, 30)
HISTORY = dt.date(2024, 1, 1)


@dataclass
class Trust:
    org: Organisation
    other: Organisation
    users: dict[str, Any]


@pytest.fixture
def trust(db: Any) -> Trust:
    org = OrganisationFactory(code="RXA", name="Alpha Hospitals NHS Trust")
    other = OrganisationFactory(code="RYY", name="Other Trust")
    root = UnitFactory(organisation=org, name="Trust", path="Trust")
    counter = iter(range(1_000_000, 9_999_999))

    def person(
        *,
        title: str,
        tier: str,
        code: str,
        band: str,
        clinician: bool,
        born: int,
        start: dt.date = HISTORY,
        end: dt.date | None = None,
    ) -> Any:
        post = make_post(
            organisation=org,
            title=title,
            tier=tier,
            occupation_code=code,
            pay_band=band,
            unit=root,
            valid_from=HISTORY,
        )
        p = make_person(organisation=org, dob=dt.date(born, 3, 1))
        make_assignment(person=p, post=post, start=start, end=end)
        if clinician:
            body, number = (
                ("GMC", str(next(counter)))
                if code.isdigit()
                else ("NMC", f"{next(counter) % 100:02d}A{next(counter) % 10000:04d}E")
            )
            make_registration(person=p, body=body, number=number, start=dt.date(2000, 1, 1))
        return p

    person(
        title="Medical Director",
        tier="board_executive",
        code="011",
        band="VSM",
        clinician=True,
        born=1968,
    )
    person(
        title="Finance Director",
        tier="board_executive",
        code="G0A",
        band="VSM",
        clinician=False,
        born=1970,
    )
    person(
        title="Deputy Chief Nurse",
        tier="senior",
        code="N0A",
        band="Band 8d",
        clinician=True,
        born=1965,
    )
    person(
        title="Head of Operations",
        tier="senior",
        code="G1A",
        band="Band 8c",
        clinician=False,
        born=1975,
    )
    for i in range(4):
        nurse = i < 2
        person(
            title=f"Service Manager {i}",
            tier="middle",
            code="N1A" if nurse else "G1A",
            band="Band 8a",
            clinician=nurse,
            born=1972 + i,
        )
    for i in range(12):
        person(
            title=f"Staff Nurse {i}",
            tier="none",
            code="N6A",
            band="Band 5",
            clinician=True,
            born=1980 + i,
        )
    for i in range(6):
        person(
            title=f"Administrator {i}",
            tier="none",
            code="G2A",
            band="Band 3",
            clinician=False,
            born=1960 + i,
        )
    # history: leavers, a step-down and an appointment (their posts stay, vacant or refilled)
    for i in range(2):
        person(
            title=f"Former Nurse {i}",
            tier="none",
            code="N6A",
            band="Band 5",
            clinician=True,
            born=1985,
            end=dt.date(2025, 3 + i, 15),
        )
    person(
        title="Former Administrator",
        tier="none",
        code="G2A",
        band="Band 3",
        clinician=False,
        born=1964,
        end=dt.date(2025, 9, 10),
    )
    person(
        title="Former Service Manager",
        tier="middle",
        code="G1A",
        band="Band 8a",
        clinician=False,
        born=1971,
        end=dt.date(2025, 11, 20),
    )
    person(
        title="New Service Manager",
        tier="middle",
        code="N1A",
        band="Band 8a",
        clinician=True,
        born=1983,
        start=dt.date(2025, 12, 1),
    )
    users = {
        "exec": make_user(username="exec", roles=[("executive", org)]),
        "hr": make_user(username="hr", roles=[("hr_admin", org)]),
        "analyst": make_user(username="analyst", roles=[("analyst", None)]),
        "manager": make_user(username="manager", roles=[("line_manager", org)]),
        "nurse": make_user(username="nurse", roles=[("staff", org)]),
        "outsider": make_user(username="outsider", roles=[("executive", other)]),
    }
    return Trust(org=org, other=other, users=users)


def assumptions(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "organisation": "RXA",
        "name": "Half of vacancies to clinicians",
        "start": ON.isoformat(),
        "years": 2,
        "runs": 1000,
        "seed": 1,
        "levers": {"clinician_vacancy_share": 0.5},
    }
    raw.update(changes)
    return raw
