"""Administrators edit the register through forms; bad input is refused with a specific message and
nothing is partly saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mantle.core.models import AuditEvent
from mantle.core.testing.factories import (
    OrganisationFactory,
    UnitFactory,
    make_assignment,
    make_person,
    make_post,
    make_user,
)
from mantle.workforce.models import Assignment, Person, Post, PostVersion, Registration, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client: Any) -> dict[str, Any]:
    org = OrganisationFactory(code="RXA")
    unit = UnitFactory(organisation=org, name="Medicine", path="Medicine")
    top = make_post(organisation=org, title="Chief Executive", tier="board_executive", unit=unit)
    middle = make_post(
        organisation=org, title="Divisional Director", tier="senior", unit=unit, reports_to=top
    )
    person = make_person(organisation=org)
    client.force_login(make_user(username="hr", roles=[("hr_admin", org)]))
    return {"org": org, "unit": unit, "top": top, "middle": middle, "person": person}


def test_hr_admin_adds_a_unit_post_and_person(client: Any, setup: dict[str, Any]) -> None:
    r1 = client.post("/register/RXA/units/new/", {"name": "Ward 7", "parent": setup["unit"].pk})
    assert r1.status_code == 302 and Unit.objects.filter(path="Medicine/Ward 7").exists()
    r2 = client.post(
        "/register/RXA/posts/new/",
        {
            "position_number": "P900",
            "title": "Ward Manager",
            "unit": setup["unit"].pk,
            "reports_to": setup["middle"].pk,
            "occupation_code": "N6A",
            "job_role": "Ward Manager",
            "pay_band": "Band 7",
            "tier": "first_line",
            "budgeted_fte": "1",
            "effective": "2026-01-01",
        },
    )
    assert r2.status_code == 302
    assert PostVersion.objects.get(post__position_number="P900").tier == "first_line"
    r3 = client.post(
        "/register/RXA/people/new/",
        {
            "first_name": "Ana",
            "last_name": "Bell",
            "date_of_birth": "1980-02-03",
            "employee_number": "E1",
        },
    )
    assert r3.status_code == 302 and Person.objects.filter(last_name="Bell").exists()
    assert AuditEvent.objects.filter(action="create").count() == 3


def test_unknown_occupation_code_is_refused_with_a_message(
    client: Any, setup: dict[str, Any]
) -> None:
    response = client.post(
        "/register/RXA/posts/new/",
        {
            "position_number": "P901",
            "title": "X",
            "unit": setup["unit"].pk,
            "occupation_code": "!!!",
            "pay_band": "Band 5",
            "tier": "none",
            "budgeted_fte": "1",
            "effective": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert "is not an NHS occupation code" in response.content.decode()
    assert not Post.objects.filter(position_number="P901").exists()


def test_a_post_cannot_report_to_itself_or_into_a_loop(client: Any, setup: dict[str, Any]) -> None:
    top = setup["top"]
    base = {
        "title": "Chief Executive",
        "unit": setup["unit"].pk,
        "occupation_code": "G0A",
        "pay_band": "VSM",
        "tier": "board_executive",
        "budgeted_fte": "1",
        "effective": dt.date.today().isoformat(),
    }
    itself = client.post(f"/register/RXA/posts/{top.pk}/edit/", {**base, "reports_to": top.pk})
    loop = client.post(
        f"/register/RXA/posts/{top.pk}/edit/", {**base, "reports_to": setup["middle"].pk}
    )
    assert itself.status_code == 400 and loop.status_code == 400
    assert "cannot report to itself or into a loop" in loop.content.decode()
    assert PostVersion.objects.filter(post=top).count() == 1


def test_registration_number_format_is_checked(client: Any, setup: dict[str, Any]) -> None:
    person = setup["person"]
    bad = client.post(
        f"/register/people/{person.pk}/registrations/new/",
        {"body": "GMC", "number": "12345", "status": "registered", "valid_from": "2026-01-01"},
    )
    assert bad.status_code == 400 and "GMC" in bad.content.decode()
    good = client.post(
        f"/register/people/{person.pk}/registrations/new/",
        {"body": "GMC", "number": "1234567", "status": "registered", "valid_from": "2026-01-01"},
    )
    assert good.status_code == 302 and Registration.objects.filter(person=person).count() == 1


def test_assignments_over_the_maximum_fte_or_ending_before_they_start_are_refused(
    client: Any, setup: dict[str, Any]
) -> None:
    person = setup["person"]
    make_assignment(person=person, post=setup["middle"], fte="1.0")
    url = f"/register/people/{person.pk}/assignments/new/"
    over = client.post(url, {"post": setup["top"].pk, "fte": "0.8", "start_date": "2026-01-01"})
    backwards = client.post(
        url,
        {
            "post": setup["top"].pk,
            "fte": "0.2",
            "start_date": "2026-02-01",
            "end_date": "2026-01-01",
        },
    )
    assert over.status_code == 400 and "above 1.5" in over.content.decode()
    assert (
        backwards.status_code == 400 and "on or after the start date" in backwards.content.decode()
    )
    ok = client.post(url, {"post": setup["top"].pk, "fte": "0.2", "start_date": "2026-01-01"})
    assert ok.status_code == 302
    assert Assignment.objects.filter(person=person).count() == 2


def test_a_change_to_a_post_keeps_its_history(client: Any, setup: dict[str, Any]) -> None:
    middle = setup["middle"]
    response = client.post(
        f"/register/RXA/posts/{middle.pk}/edit/",
        {
            "title": "Divisional Director of Operations",
            "unit": setup["unit"].pk,
            "reports_to": setup["top"].pk,
            "occupation_code": "G0A",
            "pay_band": "Band 9",
            "tier": "senior",
            "budgeted_fte": "1",
            "effective": "2026-06-01",
        },
    )
    assert response.status_code == 302
    on = lambda d: PostVersion.objects.current_on(dt.date.fromisoformat(d)).get(post=middle).title  # noqa: E731
    assert on("2026-05-31") == "Divisional Director"
    assert on("2026-06-01") == "Divisional Director of Operations"


def test_staff_cannot_reach_the_edit_forms(client: Any, setup: dict[str, Any]) -> None:
    client.force_login(
        make_user(username="nurse", roles=[("staff", setup["org"])], person=setup["person"])
    )
    assert client.get("/register/RXA/posts/new/").status_code in (403, 404)
    assert client.get(f"/register/people/{setup['person'].pk}/assignments/new/").status_code == 403
