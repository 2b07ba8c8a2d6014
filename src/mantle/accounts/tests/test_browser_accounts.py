"""A real Chromium: single sign-on through the loopback provider's login page, two-step sign-in with TOTP,
and the user administration pages, each checked with axe-core and for horizontal overflow at 375 and 1280 px.
"""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest
from django_otp.oath import TOTP

from mantle.core.testing.factories import OrganisationFactory, make_person, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_horizontal_overflow(page: Any) -> None:
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{page.url} overflows by {overflow}px at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


def totp_code(base32_key: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for this key (RFC 6238, 30-second steps, 6 digits)."""
    raw = base32_key.replace(" ", "")
    key = base64.b32decode(raw + "=" * (-len(raw) % 8))
    totp = TOTP(key, 30, 0, 6, 0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_single_sign_on_through_the_providers_login_page_and_out_again(
    browser_page: Any, live_server: Any, sso: Any, assert_accessible: Any
) -> None:
    org = OrganisationFactory(code="RXA", name="Alpha Hospitals NHS Trust")
    user = make_user(username="hreid", roles=[("hr_admin", org)])
    user.email = "hana.reid@nhs.net"
    user.save()
    page = browser_page
    page.goto(f"{live_server.url}/accounts/sign-in/")
    assert_accessible(page)
    page.click("#sso-sign-in")
    page.wait_for_selector("input[name=login]")
    assert page.url.startswith(sso.issuer)
    page.fill("input[name=login]", "hr.sso")
    page.fill("input[name=password]", "any password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/")
    assert "single sign-on" in page.content()
    assert_accessible(page)

    page.goto(f"{live_server.url}/accounts/sign-out/")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{sso.issuer}/**")
    page.click("button[name=logout]")
    page.wait_for_url(f"{live_server.url}/accounts/sign-in/**")
    assert_accessible(page)
    page.goto(f"{live_server.url}/accounts/")
    assert "/accounts/sign-in/" in page.url


def test_unknown_person_sees_a_page_that_says_so(
    browser_page: Any, live_server: Any, sso: Any, assert_accessible: Any
) -> None:
    page = browser_page
    page.goto(f"{live_server.url}/accounts/sign-in/sso/")
    page.fill("input[name=login]", "stranger")
    page.fill("input[name=password]", "x")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/accounts/sign-in/sso/callback/**")
    assert "There is no Mantle account for you yet" in page.locator("h1").inner_text()
    assert_accessible(page)
    no_horizontal_overflow(page)


def test_hr_admin_enrols_and_then_signs_in_with_totp(
    browser_page: Any, live_server: Any, settings: Any, sign_in: Any, assert_accessible: Any
) -> None:
    settings.MANTLE_MFA_REQUIRED_ROLES = ["hr_admin", "company_secretary", "superuser"]
    org = OrganisationFactory(code="RXA", name="Alpha Hospitals NHS Trust")
    make_user(username="hr", roles=[("hr_admin", org)])
    page = browser_page
    sign_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/accounts/users/")
    assert "/accounts/mfa/setup/" in page.url
    assert page.locator("figure.mantle-qr svg").is_visible()
    assert_accessible(page)
    no_horizontal_overflow(page)
    key = page.locator("#totp-key").inner_text()
    page.fill("#id_code", totp_code(key))
    page.click("main form button[type=submit] >> nth=0")
    page.wait_for_url("**/accounts/mfa/recovery-codes/**")
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page)
    no_horizontal_overflow(page)
    page.click("text=I have saved my codes")
    page.wait_for_url(f"{live_server.url}/accounts/users/")
    assert "Users" in page.locator("h1").inner_text()

    page.context.clear_cookies()
    sign_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/accounts/")
    assert "/accounts/mfa/verify/" in page.url
    assert_accessible(page)
    no_horizontal_overflow(page)
    page.fill("#id_code", totp_code(key, steps_ahead=1))  # the previous code may not be reused
    page.click("main form button[type=submit] >> nth=0")
    page.wait_for_url(f"{live_server.url}/accounts/")
    assert "Two-step verification" in page.content()


def test_user_administration_pages_are_accessible_and_fit_small_screens(
    browser_page: Any, live_server: Any, sign_in: Any, assert_accessible: Any
) -> None:
    org = OrganisationFactory(code="RXA", name="Alpha Hospitals NHS Trust")
    make_user(username="hr", roles=[("hr_admin", org)])
    person = make_person(organisation=org, first_name="Nia", last_name="Nurse")
    nurse = make_user(username="nia.nurse", roles=[("staff", org)], person=person)
    page = browser_page
    sign_in(page, live_server, "hr")
    pages = {
        "/accounts/users/": "Users",
        f"/accounts/users/{nurse.pk}/": "nia.nurse",
        f"/accounts/users/{nurse.pk}/roles/add/": "Grant a role",
        f"/accounts/users/{nurse.pk}/deactivate/": "Deactivate the account",
        f"/accounts/users/{nurse.pk}/link/": "Link to a staff record",
        "/accounts/users/invite/": "Invite a user",
        "/accounts/users/groups/": "Single sign-on group mappings",
        "/accounts/password/": "Change your password",
        f"/register/people/{person.pk}/": "Nia Nurse",
    }
    for path, heading in pages.items():
        page.goto(f"{live_server.url}{path}")
        assert heading in page.locator("h1").first.inner_text() or heading in page.content(), path
        assert_accessible(page)
        no_horizontal_overflow(page)

    page.goto(f"{live_server.url}/accounts/users/{nurse.pk}/roles/add/")
    page.select_option("#id_organisation", "RXA")
    page.select_option("#id_role", "line_manager")
    page.fill("#id_reason", "Promoted to ward manager")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/accounts/users/{nurse.pk}/")
    assert "Promoted to ward manager" in page.content()
    assert_accessible(page)
