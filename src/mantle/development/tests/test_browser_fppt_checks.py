"""Issue 13 item 12 in a real browser: the secretary records several FPPT checks from one page;
the open form passes axe-core and fits a 375 px screen."""

from __future__ import annotations

from typing import Any

import pytest

from mantle.development.models import FpptCheck, FpptCycle

from .test_browser_development import seeded  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_records_checks_on_one_page(
    browser_page: Any,
    live_server: Any,
    seeded: Any,  # noqa: F811
    sign_in: Any,
    assert_accessible: Any,
) -> None:
    cycle = FpptCycle.objects.get(person=seeded.people["md"])
    page = browser_page
    sign_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/development/fppt/cycles/{cycle.pk}/")
    page.click("text=Record several checks at once")
    page.select_option("select[name=outcome_right_to_work]", "satisfactory")
    page.fill("input[name=checked_on_right_to_work]", "2024-05-01")
    page.select_option("select[name=outcome_dbs]", "satisfactory")
    page.fill("input[name=checked_on_dbs]", "2024-05-02")
    assert_accessible(page)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        assert not overflow, width
    page.click("button:has-text('Record these checks')")
    page.wait_for_load_state("networkidle")
    done = dict(
        FpptCheck.objects.filter(cycle=cycle)
        .exclude(outcome="pending")
        .values_list("item", "outcome")
    )
    assert done == {"right_to_work": "satisfactory", "dbs": "satisfactory"}
    assert_accessible(page)
