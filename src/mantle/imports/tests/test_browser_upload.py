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


def test_a_dry_run_shows_the_leavers_and_a_mass_leaver_import_needs_the_number_typed(
    browser_page: Any,
    live_server: Any,
    org: Organisation,
    tmp_path: Path,
    sign_in: Any,
    assert_accessible: Any,
    settings: Any,
) -> None:
    from mantle.imports.preview import current_assignment_count
    from mantle.imports.services import workforce_file_import
    from mantle.imports.tests.test_import_history import CD, CONS, WARD

    # given a register of six assignments (the minimum lowered so that four ended ones count)
    settings.MANTLE_IMPORT_MASS_LEAVER_MINIMUM = 0
    settings.MEDIA_ROOT = str(tmp_path / "media")
    full = write(tmp_path, "full.csv", CEO, MD, CONS, CD, NURSE, WARD)
    import datetime as dt

    workforce_file_import(path=full, org=org, as_of=dt.date(2025, 12, 31))
    page = browser_page
    sign_in(page, live_server, "hr")
    # when HR checks a two-row file (dry run)
    page.goto(f"{live_server.url}/imports/")
    page.fill("#as_of", "2026-01-31")
    page.set_input_files("#file", str(write(tmp_path, "two.csv", CEO, MD)))
    page.check("#dry_run")
    page.click("button:has-text('Upload and check')")
    page.wait_for_selector("text=What importing this file would do", timeout=30000)
    # then the preview shows the leavers by unit and by name, and asks for the number
    assert "Leavers: 3" in page.content()
    page.click("text=Leavers: 3")
    assert page.locator("td", has_text="Dan Lee").count() == 1
    assert_accessible(page)
    # when HR confirms with a wrong number, then the page says which number to type
    page.fill("#confirmed_ended", "3")
    page.click("button:has-text('Import and end 4 assignments')")
    page.wait_for_selector("#confirmed_ended-error")
    assert current_assignment_count(org) == 6
    assert_accessible(page)
    # when HR types the number, then the file is imported
    page.fill("#confirmed_ended", "4")
    page.click("button:has-text('Import and end 4 assignments')")
    page.wait_for_selector(".nhsuk-card__heading:has-text('Imported')", timeout=30000)
    assert current_assignment_count(org) == 2
    assert_accessible(page)
