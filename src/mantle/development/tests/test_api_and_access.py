"""The API and the administrator pages, scoped by role exactly as the pages are."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mantle.core.access import build_actor
from mantle.development import services
from mantle.development.models import Enrolment, Offering, Requirement

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(trust: Any) -> Offering:
    return Offering.objects.create(
        code="l7-senior-leader",
        name="Senior Leader Apprenticeship",
        provider="A university",
        kind="programme",
        category="apprenticeship",
        level="Level 7",
        cost=14000,
    )


def test_catalogue_is_open_to_everyone(client: Any, trust: Any, programme: Offering):
    client.force_login(trust.users["nurse"])
    data = client.get("/api/v1/development/catalogue").json()
    assert [o["code"] for o in data] == ["l7-senior-leader"]


def test_my_development_api(client: Any, trust: Any, programme: Offering):
    client.force_login(trust.users["nurse"])
    body = client.get("/api/v1/development/me").json()
    assert body["name"] == "Nina Nurse" and body["holdings"] == []


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("hr", 200),
        ("manager", 200),
        ("nurse", 200),
        ("md", 404),
        ("viewer", 404),
        ("outsider", 404),
    ],
)
def test_person_record_by_role(client: Any, trust: Any, who: str, status: int):
    # given Nell's record; Wendy manages her, Mo is a colleague, the outsider is HR elsewhere
    nell = trust.people["nurse2"] if who != "nurse" else trust.people["nurse1"]
    client.force_login(trust.users[who])
    assert client.get(f"/api/v1/development/people/{nell.pk}").status_code == status
    page_status = client.get(f"/development/people/{nell.pk}/").status_code
    assert page_status == (302 if who == "nurse" else status)  # your own record: 'My development'


def test_guessing_an_id_that_does_not_exist_looks_the_same(client: Any, trust: Any):
    client.force_login(trust.users["md"])
    assert client.get("/api/v1/development/people/999999").status_code == 404
    assert client.get("/development/people/999999/").status_code == 404
    assert client.get("/development/fppt/cycles/999999/").status_code == 404


def test_bulk_enrolment_skips_people_it_cannot_enrol(client: Any, trust: Any, programme: Offering):
    # given an HR administrator and a list including someone from another organisation
    from mantle.core.testing.factories import make_person

    stranger = make_person(organisation=trust.other, first_name="Sam", last_name="Stranger")
    client.force_login(trust.users["hr"])
    payload = {
        "organisation": "RXA",
        "offering": "l7-senior-leader",
        "applied_on": "2024-09-01",
        "person_ids": [trust.people["nurse1"].pk, trust.people["nurse2"].pk, stranger.pk],
        "funding_source": "levy",
    }

    # when they enrol the list twice
    first = client.post(
        "/api/v1/development/enrolments/bulk", payload, content_type="application/json"
    ).json()
    second = client.post(
        "/api/v1/development/enrolments/bulk", payload, content_type="application/json"
    ).json()

    # then two are enrolled at the list cost, the stranger is skipped, and nobody twice
    assert len(first["created"]) == 2 and first["created"][0]["cost"] == "14000.00"
    assert [s["person_id"] for s in first["skipped"]] == [stranger.pk]
    assert second["created"] == [] and len(second["skipped"]) == 3
    assert Enrolment.objects.count() == 2


def test_enrolment_api_refuses_other_roles(client: Any, trust: Any, programme: Offering):
    payload = {
        "organisation": "RXA",
        "person_id": trust.people["nurse1"].pk,
        "offering": "l7-senior-leader",
        "applied_on": "2024-09-01",
    }
    for who, status in (("manager", 403), ("outsider", 403), ("nurse", 403)):
        client.force_login(trust.users[who])
        assert (
            client.post(
                "/api/v1/development/enrolments", payload, content_type="application/json"
            ).status_code
            == status
        )
    client.force_login(trust.users["hr"])
    response = client.post(
        "/api/v1/development/enrolments", payload, content_type="application/json"
    )
    assert response.status_code == 201
    enrolment_id = response.json()["id"]
    # an invalid move is refused with the reason
    bad = client.post(
        f"/api/v1/development/enrolments/{enrolment_id}/status",
        {"status": "completed", "on": "2024-09-02"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "cannot become completed" in bad.json()["message"]
    client.force_login(trust.users["outsider"])
    assert (
        client.post(
            f"/api/v1/development/enrolments/{enrolment_id}/status",
            {"status": "enrolled", "on": "2024-09-02"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_staff_apply_for_a_programme(client: Any, trust: Any, programme: Offering):
    client.force_login(trust.users["nurse"])
    assert client.post("/development/apply/", {"offering": programme.pk}).status_code == 302
    enrolment = Enrolment.objects.get()
    assert (enrolment.person, enrolment.status, enrolment.organisation) == (
        trust.people["nurse1"],
        "applied",
        trust.org,
    )


def test_compliance_and_fppt_api_scopes(client: Any, trust: Any, programme: Offering):
    hr = build_actor(trust.users["hr"])
    services.requirement_save(
        actor=hr,
        organisation=trust.org,
        name="Senior",
        offerings=[programme],
        tier="board_executive",
        grace_days=0,
    )
    client.force_login(trust.users["viewer"])
    body = client.get("/api/v1/development/organisations/RXA/compliance").json()
    assert body["suppressed"] and body["gaps"] == []
    client.force_login(trust.users["hr"])
    body = client.get("/api/v1/development/organisations/RXA/compliance").json()
    assert not body["suppressed"] and {g["name"] for g in body["gaps"]} == {
        "Chris Chief",
        "Mo Medic",
    }
    assert client.get("/api/v1/development/organisations/RXA/fppt?year=2024").status_code == 403
    client.force_login(trust.users["secretary"])
    fppt = client.get("/api/v1/development/organisations/RXA/fppt?year=2024").json()
    assert fppt["counts"]["members"] == 4
    client.force_login(trust.users["nurse"])
    assert client.get("/api/v1/development/organisations/RXA/compliance").status_code == 404


def test_local_catalogue_entries_belong_to_their_organisation(client: Any, trust: Any):
    from mantle.core.access import AccessDenied

    hr = build_actor(trust.users["hr"])
    local = services.offering_save(
        actor=hr,
        organisation=trust.org,
        name="Alpha Leaders",
        provider="Alpha OD team",
        kind="programme",
        category="other",
        dimensions=["hlm:engaging_the_team"],
    )
    assert local.code == "rxa-alpha-leaders"
    with pytest.raises(AccessDenied):
        services.offering_save(
            actor=build_actor(trust.users["outsider"]),
            organisation=None,
            offering=local,
            name="x",
            provider="y",
            kind="programme",
            category="other",
        )
    with pytest.raises(AccessDenied):
        services.offering_save(
            actor=hr,
            organisation=None,
            name="National",
            provider="NHSE",
            kind="programme",
            category="academy",
        )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.offering_save(
            actor=hr,
            organisation=trust.org,
            name="Bad",
            provider="y",
            kind="programme",
            category="other",
            dimensions=["hlm:nonsense"],
        )
    # the other organisation's staff do not see the local entry
    client.force_login(trust.users["outsider"])
    assert client.get("/api/v1/development/catalogue").json() == []


def test_requirement_page_adds_and_deactivates(client: Any, trust: Any, programme: Offering):
    client.force_login(trust.users["hr"])
    response = client.post(
        "/development/requirements/?org=RXA",
        {
            "org": "RXA",
            "name": "Board development",
            "offerings": [programme.pk],
            "strength": "required",
            "tier": "board_executive",
            "job_role": "",
            "post": "",
            "grace_days": "365",
        },
    )
    assert response.status_code == 302
    requirement = Requirement.objects.get()
    assert client.post(f"/development/requirements/{requirement.pk}/deactivate/").status_code == 302
    requirement.refresh_from_db()
    assert not requirement.active
    client.force_login(trust.users["outsider"])
    assert client.get("/development/requirements/?org=RXA").status_code == 404
    client.force_login(trust.users["nurse"])
    assert client.get("/development/requirements/").status_code == 403


def test_holding_cannot_be_awarded_in_the_future(trust: Any, programme: Offering):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.holding_add(
            actor=build_actor(trust.users["nurse"]),
            person=trust.people["nurse1"],
            offering=programme,
            awarded_on=dt.date.today() + dt.timedelta(days=1),
        )


def test_bulk_enrolment_page_by_pasted_employee_numbers(
    client: Any, trust: Any, programme: Offering
):
    # given the employee numbers of two nurses and one that does not exist
    numbers = [trust.people[k].employee_numbers.get().number for k in ("nurse1", "nurse2")]
    client.force_login(trust.users["hr"])

    # when HR pastes them into the bulk enrolment form
    response = client.post(
        "/development/enrolments/?org=RXA",
        {
            "form": "bulk",
            "org": "RXA",
            "offering": programme.pk,
            "status": "enrolled",
            "applied_on": "2024-09-01",
            "funding_source": "levy",
            "employee_numbers": f"{numbers[0]}, {numbers[1]}\nE9999999",
        },
        follow=True,
    )

    # then both are enrolled and the unknown number is reported
    page = response.content.decode()
    assert "2 enrolled" in page and "E9999999 (not found in RXA)" in page
    assert set(Enrolment.objects.values_list("person__first_name", flat=True)) == {"Nina", "Nell"}
    # and with nothing chosen the form says what to do
    empty = client.post(
        "/development/enrolments/?org=RXA",
        {
            "form": "bulk",
            "org": "RXA",
            "offering": programme.pk,
            "status": "enrolled",
            "applied_on": "2024-09-01",
        },
    )
    assert "Choose people to enrol, or paste their employee numbers" in empty.content.decode()
