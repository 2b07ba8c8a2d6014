"""Access control for every role, through pages and the API: what each can and cannot see."""

from __future__ import annotations

from typing import Any

import pytest

from mantle.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def person_url(person: Any) -> str:
    return f"/register/people/{person.pk}/"


@pytest.mark.parametrize(
    ("role", "sees_nurse", "sees_manager", "sees_outsider"),
    [
        ("staff", True, False, False),
        ("manager", True, True, False),
        ("hr", True, True, False),
        ("exec", False, False, False),
        ("analyst", False, False, False),
        ("other_hr", False, False, True),
    ],
)
def test_person_pages_are_scoped_by_role(
    client: Any, trust: Any, role: str, sees_nurse: bool, sees_manager: bool, sees_outsider: bool
) -> None:
    # given a user with one role
    client.force_login(trust.users[role])
    # when they open three people's records
    codes = {
        name: client.get(person_url(getattr(trust, name))).status_code
        for name in ("nurse", "manager", "outsider")
    }
    # then they see exactly the records their role allows, and 404 (never data) for the rest
    assert codes == {
        "nurse": 200 if sees_nurse else 404,
        "manager": 200 if sees_manager else 404,
        "outsider": 200 if sees_outsider else 404,
    }


def test_guessing_an_id_gives_404_not_data(client: Any, trust: Any) -> None:
    client.force_login(trust.users["staff"])
    response = client.get("/register/people/999999/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert trust.outsider.last_name.encode() not in client.get(person_url(trust.outsider)).content


def test_reading_another_persons_record_is_audited_but_reading_your_own_is_not(
    client: Any, trust: Any
) -> None:
    client.force_login(trust.users["hr"])
    client.get(person_url(trust.nurse))
    client.force_login(trust.users["staff"])
    client.get(person_url(trust.nurse))
    events = list(AuditEvent.objects.filter(object_type="person", action="view"))
    assert [(e.actor_label, e.object_id) for e in events] == [("hr", str(trust.nurse.pk))]


def test_equality_data_is_shown_to_hr_only(client: Any, trust: Any) -> None:
    from mantle.workforce.models import EqualityRecord

    EqualityRecord.objects.create(person=trust.nurse, sex="2", ethnic_category="M", disability="N")
    client.force_login(trust.users["hr"])
    assert b"Equality monitoring" in client.get(person_url(trust.nurse)).content
    client.force_login(trust.users["manager"])
    assert b"Equality monitoring" not in client.get(person_url(trust.nurse)).content


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("hr", 200),
        ("exec", 200),
        ("manager", 200),
        ("staff", 404),
        ("analyst", 404),
        ("other_hr", 404),
    ],
)
def test_org_chart_access(client: Any, trust: Any, role: str, status: int) -> None:
    client.force_login(trust.users[role])
    assert client.get("/register/RXA/chart/").status_code == status


def test_org_chart_names_holders_only_for_hr(client: Any, trust: Any) -> None:
    client.force_login(trust.users["hr"])
    assert b"Nia Nurse" in client.get("/register/RXA/chart/").content
    client.force_login(trust.users["exec"])
    page = client.get("/register/RXA/chart/").content
    assert b"Nia Nurse" not in page and b"Staff Nurse" in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("hr", 200),
        ("exec", 200),
        ("analyst", 200),
        ("staff", 404),
        ("manager", 404),
        ("other_hr", 404),
    ],
)
def test_divide_api_scoped_to_aggregate_roles(
    client: Any, trust: Any, role: str, status: int
) -> None:
    client.force_login(trust.users[role])
    assert client.get("/api/v1/organisations/RXA/divide").status_code == status


def test_divide_api_suppresses_for_everyone_but_the_organisations_hr(
    client: Any, trust: Any
) -> None:
    client.force_login(trust.users["hr"])
    hr = client.get("/api/v1/organisations/RXA/divide").json()
    client.force_login(trust.users["exec"])
    ex = client.get("/api/v1/organisations/RXA/divide").json()
    assert hr["suppression"]["applied"] is False and hr["workforce"]["headcount"] == 3
    assert ex["suppression"]["applied"] is True and ex["workforce"]["headcount"] == "*"


def test_staff_cannot_use_the_import_or_audit_pages(client: Any, trust: Any) -> None:
    client.force_login(trust.users["staff"])
    assert client.get("/imports/").status_code == 403
    assert client.get("/core/audit/").status_code in (403, 404)
    assert client.get("/audit/").status_code == 403
    client.force_login(trust.users["hr"])
    assert client.get("/imports/").status_code == 200
    assert client.get("/audit/").status_code == 200


def test_anonymous_users_are_sent_to_sign_in_and_the_api_answers_401(
    client: Any, trust: Any
) -> None:
    response = client.get("/register/RXA/chart/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    api = client.get("/api/v1/organisations/RXA/divide")
    assert api.status_code == 401 and api.json()["code"] == "not_authenticated"


def test_api_token_authenticates_and_revocation_stops_it(client: Any, trust: Any) -> None:
    from mantle.accounts.services import api_token_create, api_token_revoke

    token, raw = api_token_create(user=trust.users["hr"], name="ESR feed")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/me/", **headers).json()["username"] == "hr"
    assert raw not in str(token.token_hash)
    api_token_revoke(user=trust.users["hr"], token=token)
    assert client.get("/api/v1/me/", **headers).status_code == 401
