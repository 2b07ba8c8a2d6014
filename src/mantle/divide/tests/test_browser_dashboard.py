"""The divide dashboard in a real browser: changing the date updates in place (htmx), charts have
tables, and the page passes axe WCAG 2.2 AA for an administrator and a suppressed viewer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mantle.core.testing.factories import make_user
from mantle.imports.services import workforce_file_import
from mantle.imports.tests.test_import_history import CD, CEO, CONS, MD, NURSE, WARD, write
from mantle.workforce.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def org(tmp_path: Path) -> Organisation:
    org = Organisation.objects.create(
        code="RXA", name="Alpha Hospitals NHS Trust", org_type="acute"
    )
    workforce_file_import(
        path=write(tmp_path, "a.csv", CEO, MD, CONS, CD, NURSE, WARD),
        org=org,
        as_of=dt.date(2026, 1, 31),
    )
    make_user(username="hr", roles=[("hr_admin", org)])
    make_user(username="exec", roles=[("executive", org)])
    return org


def test_changing_the_date_updates_the_dashboard_in_place(
    browser_page: Any, live_server: Any, org: Organisation, sign_in: Any, assert_accessible: Any
) -> None:
    page = browser_page
    sign_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/divide/?org=RXA&as_of=2026-01-31")
    assert "13.33" in page.locator(".nhsuk-inset-text").inner_text()
    assert page.locator("#trend-chart .main-svg").count() >= 1  # Plotly drew the chart
    assert_accessible(page)
    page.evaluate("window.__marker = 'kept'")
    page.fill("#as_of", "2025-12-31")
    page.dispatch_event("#as_of", "change")
    page.locator("#divide h2", has_text="31 December 2025").first.wait_for()
    assert page.evaluate("window.__marker") == "kept"  # no full page load
    assert "as_of=2025-12-31" in page.url
    assert_accessible(page)


def test_an_executive_sees_suppressed_figures_and_an_accessible_page(
    browser_page: Any, live_server: Any, org: Organisation, sign_in: Any, assert_accessible: Any
) -> None:
    page = browser_page
    sign_in(page, live_server, "exec")
    page.goto(f"{live_server.url}/divide/?org=RXA&as_of=2026-01-31")
    assert "hidden to protect privacy" in page.content()
    assert_accessible(page)


def test_choosing_a_tier_updates_the_unit_table_and_trend_in_place(
    browser_page: Any, live_server: Any, org: Organisation, sign_in: Any, assert_accessible: Any
) -> None:
    page = browser_page
    sign_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/divide/?org=RXA&as_of=2026-01-31")
    page.select_option("#tier", "first_line")
    # A locator wait, not wait_for_function: the Content-Security-Policy forbids eval().
    page.locator("#divide").get_by_text("First-line management by unit").first.wait_for()
    assert "tier=first_line" in page.url
    assert "First-line management: clinician share" in page.locator("#divide").inner_text()
    assert_accessible(page)
