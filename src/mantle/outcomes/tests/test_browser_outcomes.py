"""A real Chromium: an HR/OD director and an analyst load the shared files, explore, fit a model and
read it in words; axe-core (WCAG 2.2 A/AA) on every outcomes page, and the pages fit 375 px."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mantle.core.testing import shared_data_dir
from mantle.core.testing.factories import make_user
from mantle.imports.services import workforce_file_import
from mantle.imports.tests.test_import_history import CD, CEO, CONS, MD, NURSE, WARD, write
from mantle.workforce.models import Organisation, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PANEL = shared_data_dir() / "hospital_management"
needs_panel = pytest.mark.skipif(not PANEL.exists(), reason="shared data not present")


@pytest.fixture
def trust(tmp_path: Path) -> Organisation:
    org = Organisation.objects.create(
        code="RXA", name="Alpha Hospitals NHS Trust", org_type="acute"
    )
    workforce_file_import(
        path=write(tmp_path, "jan.csv", CEO, MD, CONS, CD, NURSE, WARD),
        org=org,
        as_of=dt.date(2026, 1, 31),
    )
    make_user(username="hrdirector", roles=[("hr_admin", org)])
    make_user(username="analyst", roles=[("analyst", None)])
    return org


def _load(page: Any, url: str, kind: str, path: Path) -> None:
    page.goto(f"{url}/outcomes/load/")
    page.select_option("#kind", kind)
    page.set_input_files("#file", str(path))
    page.click("text=Upload and check")
    page.wait_for_load_state("load")


def _fits(page: Any, width: int = 375) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


@needs_panel
def test_hr_director_loads_files_explores_and_fits_a_model(
    browser_page: Any,
    live_server: Any,
    trust: Organisation,
    sign_in: Any,
    assert_accessible: Any,
    tmp_path: Path,
) -> None:
    page = browser_page
    sign_in(page, live_server, "hrdirector")
    # given the published SHMI and managers files, loaded on the page
    for kind, name in (("shmi", "shmi.csv"), ("managers", "managers_simple_def.csv")):
        _load(page, live_server.url, kind, PANEL / name)
        assert f"Loaded {name}" in page.locator("#result").inner_text()
    assert_accessible(page)
    # and a unit file with a mistake, refused with its row and column, then corrected
    unit = Unit.objects.filter(organisation=trust).order_by("path").first()
    assert unit is not None
    bad = tmp_path / "units.csv"
    bad.write_text(
        f"org_code,unit_path,period,measure,value\nRXA,{unit.path},2026-01,falls,2\nRXA,Nowhere,2026-01,falls,1\n"
    )
    _load(page, live_server.url, "unit-long", bad)
    assert "nothing was loaded" in page.locator("#result").inner_text()
    assert page.locator("td", has_text="has no unit 'Nowhere'").count() == 1
    assert_accessible(page)
    # when they explore SHMI against managers across trusts
    page.goto(f"{live_server.url}/outcomes/?x=managers_fte&y=shmi&period=2016")
    assert "Mortality Indicator" in page.locator("h2").first.inner_text()
    assert page.locator("table tbody tr").count() > 100
    assert_accessible(page)
    _fits(page)
    # and fit the two-way fixed-effects model from the form
    page.goto(f"{live_server.url}/outcomes/model/")
    page.select_option("#outcome", "shmi")
    page.select_option("#r0", "managers_fte")
    page.select_option("#r0_transform", "log")
    page.check("#fe_organisation")
    page.check("#fe_period")
    page.select_option("#cluster", "organisation")
    page.click("text=Fit the model")
    page.wait_for_load_state("load")
    # then they read it in words, with the caveat, and can take the data away
    text = page.locator("main").inner_text()
    assert "comparing each organisation with itself over time" in text
    assert "association" in text and "log(managers_fte)" in text
    assert page.locator("a", has_text="the exact data used (CSV)").count() == 1
    assert_accessible(page)
    _fits(page)
    page.goto(f"{live_server.url}/outcomes/where/")
    assert_accessible(page)


@needs_panel
def test_analyst_loads_the_staff_survey_and_fits_a_pasted_specification(
    browser_page: Any,
    live_server: Any,
    trust: Organisation,
    sign_in: Any,
    assert_accessible: Any,
) -> None:
    page = browser_page
    sign_in(page, live_server, "analyst")
    _load(page, live_server.url, "consultants", PANEL / "consultants_simple_def.csv")
    _load(page, live_server.url, "managers", PANEL / "managers_simple_def.csv")
    _load(page, live_server.url, "shmi", PANEL / "shmi.csv")
    assert "Loaded shmi.csv" in page.locator("#result").inner_text()
    # a bad specification is named
    page.goto(f"{live_server.url}/outcomes/model/")
    page.fill(
        "#spec",
        '{"outcome": "shmi", "regressors": [{"measure": "managers_fte", "transform": "per_100"}]}',
    )
    page.click("text=Fit this specification")
    assert "regressors[0].denominator" in page.locator(".nhsuk-error-summary").inner_text()
    assert_accessible(page)
    # a good one is fitted and read
    page.fill(
        "#spec",
        '{"outcome": "shmi", "regressors": [{"measure": "managers_fte", "transform": "per_100",'
        ' "denominator": "consultants_fte"}], "fixed_effects": ["organisation", "period"],'
        ' "cluster": "organisation"}',
    )
    page.click("text=Fit this specification")
    text = page.locator("main").inner_text()
    assert "managers_fte per 100 consultants_fte" in text and "not causes" in text
    assert_accessible(page)
    page.goto(f"{live_server.url}/outcomes/where/?org=RXH")
    assert "RXH" in page.locator("caption").first.inner_text()
    assert_accessible(page)
    _fits(page)
