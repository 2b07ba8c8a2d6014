"""A real Chromium keeps a succession plan up to date: HR/OD opens the dashboard, starts a plan for a
critical post, searches for and adds a ready-now successor, records a readiness change and a development action; the
dashboard then shows the successor; every page passes axe-core (WCAG 2.2 A/AA)."""

from __future__ import annotations

from typing import Any

import pytest

from mantle.talent.models import SuccessionPlan

from .conftest import Trust

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_builds_a_succession_plan(
    browser_page: Any, live_server: Any, trust: Trust, sign_in: Any, assert_accessible: Any
) -> None:
    page = browser_page
    sign_in(page, live_server, "hr")
    # given the dashboard shows the Director of Finance with no ready successor
    page.goto(f"{live_server.url}/talent/succession/?org=RXX")
    assert "Succession for critical posts" in page.locator("h1").inner_text()
    assert_accessible(page)
    # when HR starts a plan for it from the critical-posts page
    page.goto(f"{live_server.url}/talent/succession/posts/?org=RXX")
    assert_accessible(page)
    page.click("button:has-text('Start a plan for Director of Finance')")
    page.wait_for_load_state("networkidle")
    assert "Succession plan: Director of Finance" in page.locator("h1").inner_text()
    assert_accessible(page)
    # and finds Sam by typing part of his name (htmx updates the choices as she types)
    page.fill("#candidate-q", "sam sur")
    page.locator(f"#candidate-person-{trust.people['sam'].pk}").wait_for()
    assert_accessible(page)
    # and adds him as ready now
    page.check(f"#candidate-person-{trust.people['sam'].pk}")
    page.select_option("#id_readiness", "ready_now")
    page.click("button:has-text('Add candidate')")
    page.wait_for_load_state("networkidle")
    assert "1. Sam Surgeon" in page.content()
    # and records a development action tied to a capability gap
    plan = SuccessionPlan.objects.get(post=trust.posts["dof"])
    candidate = plan.candidates.get()
    page.click("text=Update Sam Surgeon")
    page.fill(f"#act-desc-{candidate.pk}", "Finance for non-finance directors")
    page.select_option(f"#act-cap-{candidate.pk}", "hlm:evaluating_information")
    page.fill(f"#act-due-{candidate.pk}", "2027-03-31")
    page.click("button:has-text('Add development action')")
    page.wait_for_load_state("networkidle")
    assert "Finance for non-finance directors" in page.content()
    assert_accessible(page)
    # then the dashboard counts the ready-now successor for the post
    page.goto(f"{live_server.url}/talent/succession/?org=RXX")
    row = page.locator("tr", has_text="Director of Finance").first.inner_text()
    assert "No ready successor" not in row
    assert_accessible(page)
