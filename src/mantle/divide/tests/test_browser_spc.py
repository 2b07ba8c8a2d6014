"""Issue 19: the dashboard's XmR chart (HR/OD view, exact figures drawn) passes axe and fits 375 px."""

from __future__ import annotations

from typing import Any

import pytest

from mantle.divide.spc import MONTHLY_SERIES
from mantle.divide.tests.test_browser_dashboard import org  # noqa: F401 (fixture)
from mantle.workforce.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_spc_chart_is_accessible_and_fits(
    browser_page: Any,
    live_server: Any,
    org: Organisation,  # noqa: F811
    sign_in: Any,
    assert_accessible: Any,
) -> None:
    page = browser_page
    sign_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/divide/?org=RXA&as_of=2026-01-31")
    chart = page.locator("#spc-figure svg")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("circle").count() >= 1  # exact figures are drawn for HR/OD
    assert "mean" in page.locator("#spc-summary").inner_text()
    page.get_by_text("XmR chart figures").click()
    # Every other monthly series has its chart and table behind a details element: open them all.
    summaries = page.locator("details.nhsuk-details summary")
    for i in range(summaries.count()):
        if "XmR chart (" in summaries.nth(i).inner_text():
            summaries.nth(i).click()
    assert page.locator("figure.mantle-spc-figure svg").count() == len(MONTHLY_SERIES)
    assert page.locator("#spc-summary-table tbody tr").count() == len(MONTHLY_SERIES)
    assert_accessible(page)
    # The chart and its table fit, and so does the whole page: every wide table (tiers, units, month
    # ends, XmR figures) scrolls in its own box.
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        for selector in ("#spc-figure", "#spc-table", "#spc-summary", "#spc-summary-box"):
            box = page.locator(selector).bounding_box()
            assert box is not None and box["x"] + box["width"] <= width, (selector, width)


def test_the_system_view_and_the_targets_page_are_accessible(
    browser_page: Any,
    live_server: Any,
    org: Organisation,  # noqa: F811
    sign_in: Any,
    assert_accessible: Any,
) -> None:
    """The HR/OD administrator follows the dashboard's links to the targets page (sets a target,
    with an error first) and to the system view; both pass axe and fit 375 px."""
    page = browser_page
    sign_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/divide/?org=RXA&as_of=2026-01-31")
    page.get_by_role("link", name="Set targets and change points").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Targets and change points"
    assert_accessible(page)
    page.get_by_label("Target (%)").fill("250")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    assert "not '250'" in page.locator(".nhsuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Target (%)").fill("10")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    assert "Saved:" in page.locator(".nhsuk-inset-text").inner_text()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
    page.goto(f"{live_server.url}/divide/system/?as_of=2026-01-31")
    assert page.locator("h1").inner_text().startswith("System view")
    assert page.locator("figure svg").get_attribute("role") == "img"
    assert_accessible(page)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
