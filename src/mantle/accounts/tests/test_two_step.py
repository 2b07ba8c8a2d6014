"""Two-step verification: who must use it, enrolment, verification, recovery codes, and a reset by another
administrator. Codes are computed as an authenticator app would (django-otp's TOTP)."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mantle.accounts.mfa import DEMO_TOTP_KEY_HEX, demo_totp_device_ensure
from mantle.accounts.services import two_step_reset
from mantle.core.access import build_actor
from mantle.core.models import AuditEvent
from mantle.core.testing.factories import OrganisationFactory, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps_ahead`` periods later, to avoid reusing one)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def clear_throttling(user: Any) -> None:
    """Wrong codes make every device wait before the next try (growing delays); tests skip the wait."""
    from django_otp.plugins.otp_static.models import StaticDevice

    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )


@pytest.fixture(autouse=True)
def mfa_on(settings: Any) -> None:
    settings.MANTLE_MFA_REQUIRED_ROLES = ["hr_admin", "company_secretary", "superuser"]


@pytest.fixture
def org(db: Any) -> Any:
    return OrganisationFactory(code="RXA", name="Alpha Hospitals NHS Trust")


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/sign-in/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def test_privileged_roles_must_enrol_before_anything_else(org: Any) -> None:
    make_user(username="hr", roles=[("hr_admin", org)])
    client = signed_in("hr")
    for path in ("/", "/register/RXA/", "/accounts/users/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/mfa/setup/"
        ), path
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and api.json()["code"] == "two_step_required"


def test_staff_and_managers_are_not_asked(org: Any) -> None:
    make_user(username="porter", roles=[("staff", org)])
    make_user(username="manager", roles=[("line_manager", org)])
    for username in ("porter", "manager"):
        assert signed_in(username).get("/accounts/").status_code == 200


def test_superusers_are_asked_and_the_setting_lists_the_roles(org: Any, settings: Any) -> None:
    make_user(username="root", superuser=True)
    assert signed_in("root").get("/").status_code == 302
    settings.MANTLE_MFA_REQUIRED_ROLES = ["company_secretary"]
    assert signed_in("root").get("/accounts/").status_code == 200


def test_enrolment_with_a_code_issues_recovery_codes_and_unlocks_the_session(org: Any) -> None:
    user = make_user(username="hr", roles=[("hr_admin", org)])
    client = signed_in("hr")
    page = client.get("/accounts/mfa/setup/?next=/accounts/users/")
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    key = re.search(rb'id="totp-key">([A-Z2-7 ]+)<', page.content)
    assert key is not None

    wrong = client.post("/accounts/mfa/setup/", {"code": "000000", "next": "/accounts/users/"})
    assert b"does not match" in wrong.content
    clear_throttling(user)
    device.refresh_from_db()

    done = client.post(
        "/accounts/mfa/setup/", {"code": code_for(device), "next": "/accounts/users/"}
    )
    assert done.status_code == 302 and done["Location"].startswith("/accounts/mfa/recovery-codes/")
    codes_page = client.get(done["Location"])
    codes = re.findall(rb"<li><code>([a-z0-9]+)</code></li>", codes_page.content)
    assert len(codes) == 10
    assert client.get("/accounts/mfa/recovery-codes/").status_code == 302  # shown once only
    assert client.get("/accounts/users/").status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed
    assert AuditEvent.objects.filter(object_id=str(user.pk), detail__two_step="enrolled").exists()


def test_sign_in_asks_for_the_code_and_accepts_a_recovery_code_once(org: Any) -> None:
    user = make_user(username="secretary", roles=[("company_secretary", org)])
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    from mantle.accounts.mfa import _new_recovery_codes

    codes = _new_recovery_codes(user)

    client = signed_in("secretary")
    assert client.get("/development/")["Location"].startswith("/accounts/mfa/verify/")
    bad = client.post("/accounts/mfa/verify/", {"code": "123456", "next": "/development/"})
    assert bad.status_code == 200 and b"That code is not right" in bad.content
    clear_throttling(user)
    device.refresh_from_db()
    ok = client.post("/accounts/mfa/verify/", {"code": code_for(device), "next": "/development/"})
    assert ok.status_code == 302 and ok["Location"] == "/development/"
    assert client.get("/accounts/").status_code == 200

    second = signed_in("secretary")
    assert second.post("/accounts/mfa/verify/", {"code": codes[0]}).status_code == 302
    assert second.get("/accounts/").status_code == 200
    third = signed_in("secretary")
    reused = third.post("/accounts/mfa/verify/", {"code": codes[0]})
    assert reused.status_code == 200 and b"That code is not right" in reused.content
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_an_offsite_next_is_ignored(org: Any) -> None:
    user = make_user(username="hr", roles=[("hr_admin", org)])
    device = demo_totp_device_ensure(user=user)
    client = signed_in("hr")
    response = client.post(
        "/accounts/mfa/verify/", {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_another_administrator_resets_two_step_with_a_reason(org: Any) -> None:
    hr = make_user(username="hr", roles=[("hr_admin", org)])
    colleague = make_user(username="hr2", roles=[("hr_admin", org)])
    demo_totp_device_ensure(user=colleague)
    actor = build_actor(hr)
    with pytest.raises(Exception, match="reason"):
        two_step_reset(actor=actor, user=colleague, reason=" ")
    two_step_reset(actor=actor, user=colleague, reason="Lost phone, ticket 4411")
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    event = AuditEvent.objects.get(object_type="user", object_id=str(colleague.pk))
    assert event.actor == hr and event.detail["reason"] == "Lost phone, ticket 4411"
    from mantle.core.access import AccessDenied

    with pytest.raises(AccessDenied):
        two_step_reset(actor=actor, user=hr, reason="myself")
    # After the reset, the colleague enrols again at their next sign-in.
    assert signed_in("hr2").get("/")["Location"].startswith("/accounts/mfa/setup/")


def test_the_demo_key_is_the_published_one(org: Any) -> None:
    user = make_user(username="hr", roles=[("hr_admin", org)])
    device = demo_totp_device_ensure(user=user)
    assert device.key == DEMO_TOTP_KEY_HEX and device.confirmed
    assert (
        signed_in("hr").post("/accounts/mfa/verify/", {"code": code_for(device)}).status_code == 302
    )


def test_htmx_requests_and_the_django_admin_are_held_too(org: Any) -> None:
    make_user(username="root", superuser=True)
    client = signed_in("root")
    assert client.get("/admin/")["Location"].startswith("/accounts/mfa/setup/")
    partial = client.get("/accounts/users/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 204 and partial["HX-Redirect"] == "/accounts/mfa/setup/"


def test_service_status_and_health_answer_before_the_second_step(org: Any) -> None:
    # Given an administrator who has signed in with a password but not yet given a code
    make_user(username="hr", roles=[("hr_admin", org)])
    client = signed_in("hr")
    # When they open the footer's service status page or the health check, then they get it
    # (these show nothing personal), while other pages still wait for the second step.
    assert client.get("/status/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 302
