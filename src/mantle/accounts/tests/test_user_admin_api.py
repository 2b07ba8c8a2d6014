"""The user and role administration API (/api/v1/users/): HR/OD administrators only, scoped to their
organisations (another trust's account answers 404 like a missing one), every change with a reason and
audited as made through the API, refusals answered 422 naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mantle.accounts.models import Membership
from mantle.accounts.services import api_token_create
from mantle.core.models import AuditEvent
from mantle.core.testing.factories import make_user

pytestmark = pytest.mark.django_db


def api(user: Any) -> Client:
    """A client calling the API with the user's personal token, as a script would."""
    _, raw = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_only_hr_admins_may_use_it(trust: Any) -> None:
    # given an analyst (who may hold a token) and a signed-in staff member
    analyst = api(trust.users["analyst"])
    staff = Client()
    staff.force_login(trust.users["staff"])
    # when they list or change accounts, then they are refused
    for client in (analyst, staff):
        assert client.get("/api/v1/users/").status_code == 403
        target = trust.users["manager"].pk
        response = client.post(
            f"/api/v1/users/{target}/deactivate", {"reason": "x"}, content_type="application/json"
        )
        assert response.status_code == 403
    assert trust.users["manager"].is_active


def test_list_shows_the_accounts_of_my_organisation_with_their_roles(trust: Any) -> None:
    client = api(trust.users["hr"])
    response = client.get("/api/v1/users/")
    assert response.status_code == 200
    body = response.json()
    names = {u["username"] for u in body["items"]}
    assert {"staff", "manager", "hr", "exec"} <= names
    assert "other_hr" not in names and "analyst" not in names
    staff = next(u for u in body["items"] if u["username"] == "staff")
    assert staff["person_id"] == trust.nurse.pk
    assert [(r["organisation"], r["role"]) for r in staff["roles"]] == [("RXA", "staff")]
    assert staff["roles_elsewhere"] == 0
    found = client.get("/api/v1/users/", {"q": "manag"}).json()
    assert [u["username"] for u in found["items"]] == ["manager"]


def test_list_reads_the_same_number_of_times_for_2_or_12_accounts(trust: Any) -> None:
    client = api(trust.users["hr"])
    client.get("/api/v1/users/")  # warm: token last-used write

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/users/?limit=50").status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for i in range(10):
        make_user(username=f"extra{i}", roles=[("staff", trust.org), ("line_manager", trust.org)])
    assert queries() == before


def test_another_trusts_account_answers_like_a_missing_one(trust: Any) -> None:
    client = api(trust.users["hr"])
    other = client.get(f"/api/v1/users/{trust.users['other_hr'].pk}")
    missing = client.get("/api/v1/users/2000000000")
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    for path in ("deactivate", "roles"):
        body = (
            {"reason": "x"}
            if path == "deactivate"
            else {"organisation": "RXA", "role": "staff", "reason": "x"}
        )
        a = client.post(
            f"/api/v1/users/{trust.users['other_hr'].pk}/{path}",
            body,
            content_type="application/json",
        )
        b = client.post(f"/api/v1/users/2000000000/{path}", body, content_type="application/json")
        assert a.status_code == b.status_code == 404 and a.json() == b.json()


def test_invite_creates_an_account_with_one_role_and_emails_it(
    trust: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(trust.users["hr"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/users/",
            {
                "email": "Nia.New@nhs.net",
                "first_name": "Nia",
                "last_name": "New",
                "organisation": "rxa",
                "role": "line_manager",
                "reason": "Started as ward manager",
            },
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "nia.new@nhs.net" and body["is_active"]
    assert [(r["organisation"], r["role"], r["reason"]) for r in body["roles"]] == [
        ("RXA", "line_manager", "Started as ward manager")
    ]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nia.new@nhs.net"]
    event = AuditEvent.objects.get(object_type="user", object_id=str(body["id"]), action="create")
    assert event.via == "api" and event.detail["reason"] == "Started as ward manager"


def test_invite_refusals_name_the_field(trust: Any) -> None:
    client = api(trust.users["hr"])
    base = {
        "email": "x@nhs.net",
        "first_name": "X",
        "last_name": "Y",
        "organisation": "RXA",
        "role": "staff",
        "reason": "New starter",
    }

    def fields(**change: Any) -> list[str]:
        response = client.post(
            "/api/v1/users/", {**base, **change}, content_type="application/json"
        )
        assert response.status_code == 422, response.content
        return [e["field"] for e in response.json()["errors"]]

    assert fields(email="not an address") == ["email"]
    trust.users["staff"].email = "taken@nhs.net"
    trust.users["staff"].save()
    assert fields(email="TAKEN@nhs.net") == ["email"]
    # another trust's organisation and an unknown one answer alike
    assert fields(organisation="RXB") == fields(organisation="ZZZ9") == ["organisation"]
    assert fields(role="analyst") == ["role"]
    assert fields(role="emperor") == ["role"]
    assert fields(reason="") == ["reason"]
    # a staff record in another trust and a missing one answer alike
    assert fields(person_id=trust.outsider.pk) == fields(person_id=2_000_000_000) == ["person_id"]
    assert fields(person_id=trust.nurse.pk) == ["person_id"]  # already linked to "staff"


def test_grant_and_revoke_a_role_with_reasons_audited(trust: Any) -> None:
    client = api(trust.users["hr"])
    manager = trust.users["manager"]
    granted = client.post(
        f"/api/v1/users/{manager.pk}/roles",
        {"organisation": "RXA", "role": "executive", "reason": "Acting director"},
        content_type="application/json",
    )
    assert granted.status_code == 201, granted.content
    role = granted.json()
    assert role["role"] == "executive" and role["granted_by"] == "hr"
    again = client.post(
        f"/api/v1/users/{manager.pk}/roles",
        {"organisation": "RXA", "role": "executive", "reason": "Twice"},
        content_type="application/json",
    )
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "role"
    no_reason = client.post(
        f"/api/v1/users/{manager.pk}/roles/{role['id']}/revoke",
        {"reason": ""},
        content_type="application/json",
    )
    assert no_reason.status_code == 422
    revoked = client.post(
        f"/api/v1/users/{manager.pk}/roles/{role['id']}/revoke",
        {"reason": "Director back"},
        content_type="application/json",
    )
    assert revoked.status_code == 200
    assert [r["role"] for r in revoked.json()["roles"]] == ["line_manager"]
    assert not Membership.objects.filter(pk=role["id"]).exists()
    details = [
        e.detail
        for e in AuditEvent.objects.filter(object_type="user", object_id=str(manager.pk), via="api")
    ]
    assert {"granted": "executive", "reason": "Acting director"} in details
    assert {"revoked": "executive", "reason": "Director back"} in details
    # a role the administrator cannot see (another trust's) answers 404
    elsewhere = Membership.objects.create(user=manager, organisation=trust.other_org, role="staff")
    hidden = client.post(
        f"/api/v1/users/{manager.pk}/roles/{elsewhere.pk}/revoke",
        {"reason": "x"},
        content_type="application/json",
    )
    assert hidden.status_code == 404
    assert client.get(f"/api/v1/users/{manager.pk}").json()["roles_elsewhere"] == 1


def test_deactivate_stops_sign_in_and_tokens_and_cannot_target_yourself(trust: Any) -> None:
    hr = trust.users["hr"]
    second_hr = make_user(username="hr2", roles=[("hr_admin", trust.org)])
    second_client = api(second_hr)
    client = api(hr)
    own = client.post(
        f"/api/v1/users/{hr.pk}/deactivate", {"reason": "x"}, content_type="application/json"
    )
    assert own.status_code == 403
    response = client.post(
        f"/api/v1/users/{second_hr.pk}/deactivate",
        {"reason": "Left the trust"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert second_client.get("/api/v1/me/").status_code == 401  # their token stopped working
    back = client.post(
        f"/api/v1/users/{second_hr.pk}/reactivate",
        {"reason": "Returned"},
        content_type="application/json",
    )
    assert back.json()["is_active"] is True
    events = AuditEvent.objects.filter(object_type="user", object_id=str(second_hr.pk), via="api")
    assert [e.detail["active"] for e in events.order_by("id")] == [False, True]


def test_bad_ids_are_422_naming_them(trust: Any) -> None:
    client = api(trust.users["hr"])
    response = client.get("/api/v1/users/0")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith("user_id")
    assert client.get("/api/v1/users/", {"offset": 10**30}).status_code == 422
