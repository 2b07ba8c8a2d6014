"""A real Chromium signs in, walks the main pages and runs axe-core (WCAG 2.2 A/AA) on each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mantle.core.testing.factories import make_user
from mantle.imports.services import workforce_file_import
from mantle.imports.tests.test_import_history import CD, CEO, CONS, MD, NURSE, WARD, write
from mantle.workforce.models import Organisation, Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded(tmp_path: Path) -> Organisation:
    org = Organisation.objects.create(
        code="RXA", name="Alpha Hospitals NHS Trust", org_type="acute"
    )
    today = dt.date.today()
    workforce_file_import(
        path=write(tmp_path, "x.csv", CEO, MD, CONS, CD, NURSE, WARD), org=org, as_of=today
    )
    make_user(username="hr", roles=[("hr_admin", org)], person=Person.objects.get(first_name="Eve"))
    return org


def test_hr_admin_walks_the_main_pages_and_each_is_accessible(
    browser_page: Any, live_server: Any, loaded: Organisation, sign_in: Any, assert_accessible: Any
) -> None:
    page = browser_page
    sign_in(page, live_server, "hr")
    pages = {
        "/": "Mantle",
        "/register/RXA/": "Alpha Hospitals NHS Trust",
        "/register/RXA/chart/": "Org chart of posts",
        "/register/me/": "Eve Ng",
        "/divide/?org=RXA": "The divide",
        "/imports/": "Import a workforce extract",
        "/imports/export/": "Export the register",
        "/audit/": "Audit log",
        "/accounts/": "Your account",
    }
    for path, heading in pages.items():
        page.goto(f"{live_server.url}{path}")
        assert heading in page.locator("h1").first.inner_text(), path
        assert_accessible(page)


def test_org_chart_search_updates_in_place_and_person_profile_is_accessible(
    browser_page: Any, live_server: Any, loaded: Organisation, sign_in: Any, assert_accessible: Any
) -> None:
    page = browser_page
    sign_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/register/RXA/chart/")
    page.fill("#q", "Ward Manager")
    page.click("button:has-text('Show')")
    page.wait_for_load_state("networkidle")
    assert page.locator("#chart").get_by_text("Ward Manager").first.is_visible()
    assert page.locator("#chart").get_by_text("Chief Executive").count() == 0
    page.locator("#chart a", has_text="Eve Ng").first.click()
    page.wait_for_load_state("networkidle")
    assert "Eve Ng" in page.locator("h1").inner_text()
    assert_accessible(page)


def test_sign_in_page_is_accessible_and_rejects_a_wrong_password(
    browser_page: Any, live_server: Any, loaded: Organisation, assert_accessible: Any
) -> None:
    page = browser_page
    page.goto(f"{live_server.url}/accounts/sign-in/")
    assert_accessible(page)
    page.fill("#id_username", "hr")
    page.fill("#id_password", "wrong password")
    page.click("button[type=submit]")
    assert "There is a problem" in page.content()
    assert_accessible(page)
