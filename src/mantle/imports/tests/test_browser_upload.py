"""An HR administrator uploads an extract in a real browser and sees the result; a bad file shows
every error; both pages pass axe WCAG 2.2 AA."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mantle.core.testing.factories import make_user
from mantle.imports.tests.test_import_history import CEO, MD, NURSE, write
from mantle.workforce.models import Organisation, Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def org() -> Organisation:
    org = Organisation.objects.create(
        code="RXA", name="Alpha Hospitals NHS Trust", org_type="acute"
    )
    make_user(username="hr", roles=[("hr_admin", org)])
    return org


def upload(page: Any, live_server: Any, path: Path) -> None:
    page.goto(f"{live_server.url}/imports/")
    page.fill("#as_of", "2026-01-31")
    page.set_input_files("#file", str(path))
    page.click("button:has-text('Upload and check')")
    page.wait_for_selector("text=Recent imports", state="detached", timeout=30000)
    page.wait_for_selector(".nhsuk-card__heading", timeout=30000)


def test_upload_a_clean_extract_and_see_what_changed(
    browser_page: Any,
    live_server: Any,
    org: Organisation,
    tmp_path: Path,
    sign_in: Any,
    assert_accessible: Any,
) -> None:
    page = browser_page
    sign_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/imports/")
    assert_accessible(page)
    upload(page, live_server, write(tmp_path, "jan.csv", CEO, MD, NURSE))
    assert "Imported" in page.locator(".nhsuk-card__heading").inner_text()
    assert "Starters" in page.content()
    assert Person.objects.count() == 3
    assert_accessible(page)


def test_upload_a_bad_extract_and_see_every_error(
    browser_page: Any,
    live_server: Any,
    org: Organisation,
    tmp_path: Path,
    sign_in: Any,
    assert_accessible: Any,
) -> None:
    page = browser_page
    sign_in(page, live_server, "hr")
    bad = write(
        tmp_path, "bad.csv", CEO, MD.replace("4567890", "45"), NURSE.replace(",1,2021", ",9,2021")
    )
    upload(page, live_server, bad)
    assert "Not imported" in page.locator(".nhsuk-card__heading").inner_text()
    table = page.locator("table", has_text="Problem").inner_text()
    assert "registration_number" in table and "assignment_fte" in table
    assert Person.objects.count() == 0
    assert_accessible(page)
