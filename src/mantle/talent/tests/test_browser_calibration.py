"""A real Chromium runs a calibration session: the panel chair opens it, moves a person with a reason,
sees the move recorded, locks the session; every page passes axe-core (WCAG 2.2 A/AA)."""

from __future__ import annotations

from typing import Any

import pytest

from mantle.talent import services
from mantle.talent.models import PlacementMove, TalentReview

from .conftest import AS_OF, Trust

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_calibration_session_moves_a_person_and_locks(
    browser_page: Any, live_server: Any, trust: Trust, sign_in: Any, assert_accessible: Any
) -> None:
    # given a Surgery review with two proposals and Carol as panel chair
    review = services.review_create(
        actor=trust.actor("hr"),
        organisation=trust.org,
        name="Surgery talent review",
        population_kind="unit",
        population_value="Trust/Surgery",
        as_of=AS_OF,
        panel=[(trust.users["carol"], "chair")],
    )
    nia = services.placement_propose(
        actor=trust.actor("dina"),
        review=review,
        person=trust.people["nia"],
        performance=2,
        potential=2,
        rationale="Runs the ward well",
    )
    services.placement_propose(
        actor=trust.actor("dina"),
        review=review,
        person=trust.people["sam"],
        performance=3,
        potential=2,
        rationale="Excellent outcomes",
    )
    page = browser_page
    sign_in(page, live_server, "carol")
    # when Carol opens the review and starts calibration
    page.goto(f"{live_server.url}/talent/reviews/{review.pk}/")
    assert "Surgery talent review" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.click("text=Close proposals and open calibration")
    page.wait_for_load_state("networkidle")
    assert "Calibration: Surgery talent review" in page.locator("h1").inner_text()
    assert_accessible(page)
    # and moves Nia to high potential with a reason
    page.select_option("#move-placement", str(nia.pk))
    page.select_option("#move-performance", "2")
    page.select_option("#move-potential", "3")
    page.fill("#move-reason", "Led the theatre recovery plan across two wards")
    page.click("button:has-text('Move')")
    page.wait_for_load_state("networkidle")
    # then the grid and the list of moves show it
    grid = page.locator("#ninebox").inner_text()
    assert "Nia Nurse (moved from box 5)" in grid
    assert "Led the theatre recovery plan" in page.content()
    assert PlacementMove.objects.filter(placement=nia).count() == 1
    assert_accessible(page)
    # when she locks the session
    page.click("text=Close and lock the session")
    page.wait_for_load_state("networkidle")
    # then it is locked and the move form has gone
    assert "Closed and locked" in page.content()
    assert page.locator("#move-reason").count() == 0
    assert TalentReview.objects.get(pk=review.pk).is_locked
    assert_accessible(page)
    # and the results page is accessible too
    page.goto(f"{live_server.url}/talent/reviews/{review.pk}/results/")
    assert_accessible(page)
