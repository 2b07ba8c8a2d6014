"""A real Chromium, signed in as the demo's executive (a board-level planner): opens the demo's saved
scenario, builds and runs a new one, goal-seeks, compares the two, and runs axe-core (WCAG 2.2 A/AA)
on every page."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from mantle.demo.services import DEMO_PASSWORD
from mantle.scenarios.demo import DEMO_NAME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_planner_builds_runs_goal_seeks_and_compares(
    browser_page: Any, live_server: Any, sign_in: Any, assert_accessible: Any
) -> None:
    call_command("demo", "--staff", "300", stdout=StringIO())
    page = browser_page
    sign_in(page, live_server, "exec", DEMO_PASSWORD)
    # the navigation leads to the scenarios, where the demo's scenario is listed
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Scenarios").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Workforce scenarios"
    assert_accessible(page)
    page.get_by_role("link", name=DEMO_NAME).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h2", has_text="How well the model did").count() == 1
    assert_accessible(page)

    # build: a new scenario with hybrid posts, saved and run
    page.goto(f"{live_server.url}/scenarios/")
    page.get_by_role("link", name="New scenario").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    page.fill("#id_name", "Two hybrid posts a year")
    page.fill("#id_years", "3")
    page.fill("#id_hybrid_posts_per_year", "2")
    page.get_by_role("button", name="Save and run").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Two hybrid posts a year"
    page.locator("#summary-clinician_share-senior_leadership").wait_for()
    assert "most likely" in page.locator("#summary-clinician_share-senior_leadership").inner_text()
    assert page.locator("table caption", has_text="Back-test").count() == 1
    assert_accessible(page)

    # goal seek: what share of vacancies must go to clinicians for 90% senior leadership by 2 years
    page.get_by_role("link", name="Change assumptions").click()
    page.wait_for_load_state("networkidle")
    page.select_option("#id_goal_metric", "clinician_share.senior_leadership")
    page.fill("#id_goal_target", "90")
    by = page.input_value("#id_start")
    year = int(by[:4]) + 2
    page.fill("#id_goal_by", f"{year}{by[4:7]}-28")
    page.fill("#id_goal_probability", "80")
    page.select_option("#id_goal_lever", "clinician_vacancy_share")
    page.get_by_role("button", name="Save and run").click()
    page.wait_for_load_state("networkidle")
    result = page.locator("#goal-result").inner_text()
    assert "Reached" in result or "Cannot be reached within the lever's range" in result
    assert_accessible(page)

    # compare the two scenarios
    page.goto(f"{live_server.url}/scenarios/")
    for box in page.locator("input[name=ids]").all()[:2]:
        box.check()
    page.get_by_role("button", name="Compare the ticked scenarios (up to 4)").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Compare scenarios"
    header = page.locator("thead").inner_text()
    assert DEMO_NAME in header and "Two hybrid posts a year" in header
    assert_accessible(page)
