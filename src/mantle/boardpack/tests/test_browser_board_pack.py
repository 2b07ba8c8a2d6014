"""Issue 19 in a real browser: a chair opens the board pack from the divide dashboard, makes the
latest month's pack and downloads it; the page passes axe (WCAG 2.2 AA) with no sideways scroll."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mantle.boardpack.models import BoardPackDownload
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
        as_of=dt.date.today().replace(day=1),
    )
    make_user(username="chair", roles=[("chair", org)])
    return org


def test_a_chair_downloads_the_latest_board_pack(
    browser_page: Any,
    live_server: Any,
    org: Organisation,
    sign_in: Any,
    assert_accessible: Any,
    tmp_path: Path,
) -> None:
    page = browser_page
    sign_in(page, live_server, "chair")
    page.goto(f"{live_server.url}/divide/?org=RXA")
    page.get_by_role("link", name="Board pack (PDF)").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Board pack"
    assert_accessible(page)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Make and download the board pack (PDF)").click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes()[:5] == b"%PDF-"
    assert download.suggested_filename == f"board-pack-{dt.date.today():%Y-%m}.pdf"
    assert BoardPackDownload.objects.get().user_label == "chair"
    page.goto(f"{live_server.url}/board-pack/?org=RXA")
    assert "chair (" in page.locator("table").inner_text()
    assert_accessible(page)
