"""A real Chromium: a nurse applies, her ward manager releases her time, the owner selects her; axe-core
(WCAG 2.2 A/AA) runs on every page on the way, and the browse page at 320 px fits without sideways
scrolling."""

from __future__ import annotations

from typing import Any

import pytest

from mantle.opportunities import services
from mantle.opportunities.models import Application

from .conftest import Trust, make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_apply(
    browser_page: Any, live_server: Any, trust: Trust, sign_in: Any, assert_accessible: Any
) -> None:
    page = browser_page
    opp = make_opportunity(trust, title="Lead the falls QI project")
    make_opportunity(trust, title="Band 7 only", bands=["Band 7"])
    # given a staff nurse on the marketplace
    sign_in(page, live_server, "nurse1")
    page.goto(f"{live_server.url}/opportunities/")
    assert page.locator("h1").inner_text() == "Leadership opportunities"
    assert page.locator("text=Recommended for you").count() == 1
    assert_accessible(page)
    # when she opens an opportunity and applies without a statement, she is told what is missing
    page.get_by_role("link", name="Lead the falls QI project").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Lead the falls QI project"
    assert_accessible(page)
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".nhsuk-error-summary").count() == 1
    assert_accessible(page)
    page.fill("#id_statement", "I run our ward's falls huddle and want to lead the project.")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state("networkidle")
    # then her application waits for her line manager
    assert "/opportunities/mine/" in page.url
    assert page.locator("text=Waiting for release by the line manager").count() == 1
    assert_accessible(page)
    assert Application.objects.get(opportunity=opp).line_manager == trust.manager.person
    # and an opportunity she is not eligible for says why
    page.goto(f"{live_server.url}/opportunities/")
    page.get_by_role("link", name="Band 7 only").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("text=You cannot apply").count() == 1


def test_manager_release(
    browser_page: Any, live_server: Any, trust: Trust, sign_in: Any, assert_accessible: Any
) -> None:
    page = browser_page
    opp = make_opportunity(trust)
    app = services.application_submit(
        actor=trust.nurses[0].actor, opportunity=opp, statement="I run our falls huddle."
    )
    # given the ward manager with a release request from her team
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/opportunities/releases/")
    assert page.locator("h1").inner_text() == "Release requests"
    assert_accessible(page)
    # when she releases the time with a backfill note
    page.fill(f"#release-{app.pk}-note", "Bank shift on Tuesdays")
    page.get_by_role("button", name="Save decision for Nurse1 Tester").click()
    page.wait_for_load_state("networkidle")
    # then the request is gone and the application is released
    assert page.locator("text=Nothing is waiting for you.").count() == 1
    assert_accessible(page)
    app.refresh_from_db()
    assert app.status == "released" and app.backfill_note == "Bank shift on Tuesdays"


def test_owner_select(
    browser_page: Any, live_server: Any, trust: Trust, sign_in: Any, assert_accessible: Any
) -> None:
    page = browser_page
    opp = make_opportunity(trust, places=1)
    apps = []
    for nurse in trust.nurses[:2]:
        app = services.application_submit(
            actor=nurse.actor, opportunity=opp, statement="Me, please."
        )
        services.application_release(
            actor=trust.manager.actor, application=app, release=True, note="Cover"
        )
        apps.append(app)
    # given the owner on the opportunity with two released applicants
    sign_in(page, live_server, "director")
    page.goto(f"{live_server.url}/opportunities/{opp.pk}/")
    assert_accessible(page)
    # when she selects the first and does not select the second, with a reason
    page.get_by_role("button", name="Save decision for Nurse1 Tester").click()
    page.wait_for_load_state("networkidle")
    page.check(f"#select-{apps[1].pk}-no")
    page.fill(f"#select-{apps[1].pk}-note", "The place went to a colleague with falls experience.")
    page.get_by_role("button", name="Save decision for Nurse2 Tester").click()
    page.wait_for_load_state("networkidle")
    # then both are told, and the page offers to record completion for the one selected
    assert_accessible(page)
    statuses = dict(Application.objects.values_list("person__first_name", "status"))
    assert statuses == {"Nurse1": "selected", "Nurse2": "not_selected"}
    assert page.locator("text=Record completion for Nurse1 Tester").count() >= 1


def test_browse_fits_a_small_screen(
    browser_page: Any, live_server: Any, trust: Trust, sign_in: Any
) -> None:
    page = browser_page
    for i in range(3):
        make_opportunity(trust, title=f"A rather long opportunity title number {i}")
    sign_in(page, live_server, "porter")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/opportunities/")
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow
