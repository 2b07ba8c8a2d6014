"""A real Chromium: no Content-Security-Policy violation on the main pages (charts, htmx, Swagger UI still
work), and the service status and scheduled jobs pages are accessible without sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from mantle.core.scheduler import jobs_run_due
from mantle.core.testing.factories import make_user
from mantle.core.tests.test_scheduler import PING

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script, through DevTools (so the policy does not apply to it).
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber);
});
"""


def _session_page(browser_page: Any, live_server: Any, user: Any) -> Any:
    """A page whose browser holds a signed-in session for ``user`` (as after a real sign-in and two-step
    verification: administrators need a verified second factor)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="browser test", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    browser_page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )
    browser_page.add_init_script(LISTEN)
    return browser_page


def _csp_problems(page: Any, console: list[str]) -> list[str]:
    page.wait_for_load_state("networkidle")
    found = list(page.evaluate("() => window.__csp || []"))
    return found + [c for c in console if "Content Security Policy" in c]


@pytest.fixture
def demo() -> None:
    """A small demo trust (R1A): every app has records, so every chart has data to draw."""
    call_command("demo", "--staff", "120", "--seed", "5", verbosity=0)


@pytest.mark.usefixtures("demo")
def test_main_pages_report_no_policy_violation_and_charts_and_swagger_still_draw(
    browser_page: Any, live_server: Any
) -> None:
    user = make_user(username="root", superuser=True)
    page = _session_page(browser_page, live_server, user)
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    page.on("pageerror", lambda exc: console.append(f"pageerror {exc}"))
    pages = (
        "/",
        "/status/",
        "/scheduled-jobs/",
        "/audit/",
        "/register/R1A/",
        "/register/R1A/chart/",
        "/leadership/",
        "/talent/",
        "/development/",
    )
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        assert "/accounts/" not in page.url, f"{path} asked to sign in"
        assert _csp_problems(page, console) == [], path
        # the design system's inline script ran (it carries the nonce)
        assert "js-enabled" in page.evaluate("() => document.body.className"), path
    for path in ("/divide/?org=R1A", "/talent/succession/?org=R1A"):
        page.goto(f"{live_server.url}{path}", timeout=90000)  # the first divide computes its frames
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=20000)  # Plotly drew its chart
        assert _csp_problems(page, console) == [], path
    # htmx still swaps content in place: the org chart search
    page.goto(f"{live_server.url}/register/R1A/chart/")
    page.fill("#q", "Chief Executive")
    page.click("button:has-text('Show')")
    page.wait_for_load_state("networkidle")
    assert page.locator("#chart").get_by_text("Chief Executive").first.is_visible()
    assert _csp_problems(page, console) == []
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20000)
    assert "Mantle API" in page.locator(".swagger-ui .info .title").inner_text()
    assert _csp_problems(page, console) == []
    assert not [c for c in console if c.startswith("pageerror")], console


@pytest.mark.parametrize("width", [375, 1280])
def test_status_and_scheduled_jobs_pages_are_accessible_and_fit(
    browser_page: Any, live_server: Any, width: int, assert_accessible: Any
) -> None:
    jobs_run_due(jobs=(PING,), claimed_by="test")
    page = _session_page(browser_page, live_server, make_user(username="root", superuser=True))
    page.set_viewport_size({"width": width, "height": 900})
    for path, heading in (("/status/", "Service status"), ("/scheduled-jobs/", "Scheduled jobs")):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        assert _csp_problems(page, []) == []
