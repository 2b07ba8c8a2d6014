"""A line manager opens My team from the navigation in a real browser; axe finds no violations."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Trust

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_director_opens_my_team_and_records_a_conversation_from_it(
    browser_page: Any, live_server: Any, trust: Trust, sign_in: Any, assert_accessible: Any
) -> None:
    page = browser_page
    sign_in(page, live_server, "carol")
    page.click("nav >> text=My team")
    page.wait_for_selector("h1:has-text('My team')")
    table = page.locator("table").inner_text()
    assert "Dina Director" in table and "Indirect" in table and "GMC: Registered" in table
    assert_accessible(page)
    page.click("text=Record a conversation with Mo Medic")
    page.wait_for_load_state("networkidle")
    assert "Mo Medic" in page.content()
