"""Issue 19: the dashboard's XmR chart (HR/OD view, exact figures drawn) passes axe and fits 375 px."""

from __future__ import annotations

from typing import Any

import pytest

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
    chart = page.locator("figure.mantle-spc-figure svg")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("circle").count() >= 1  # exact figures are drawn for HR/OD
    assert "mean" in page.locator("#spc-summary").inner_text()
    page.get_by_text("XmR chart figures").click()
    assert_accessible(page)
    # The chart and its table fit, and so does the whole page: every wide table (tiers, units, month
    # ends, XmR figures) scrolls in its own box.
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        for selector in ("figure.mantle-spc-figure", "#spc-table", "#spc-summary"):
            box = page.locator(selector).bounding_box()
            assert box is not None and box["x"] + box["width"] <= width, (selector, width)
