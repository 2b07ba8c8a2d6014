"""A real Chromium walks the development pages for each role and runs axe-core (WCAG 2.2 A/AA)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mantle.core.access import build_actor
from mantle.development import services
from mantle.development.models import FpptCycle, Holding, Offering

from .test_rules_evidence import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(trust: Any) -> Any:
    hr = build_actor(trust.users["hr"])
    ilm = Offering.objects.create(
        code="ilm-3",
        name="ILM Level 3 Award",
        provider="ILM",
        kind="qualification",
        category="award",
        level="Level 3",
        dimensions=["hlm:engaging_the_team"],
    )
    programme = Offering.objects.create(
        code="rf",
        name="Rosalind Franklin programme",
        provider="NHS Leadership Academy",
        kind="programme",
        category="academy",
        cost=Decimal("5000"),
    )
    services.requirement_save(
        actor=hr,
        organisation=trust.org,
        name="First-line award",
        offerings=[ilm],
        job_role="Ward Manager",
        grace_days=180,
    )
    cohort = services.cohort_create(
        actor=hr,
        organisation=trust.org,
        offering=programme,
        name="2022",
        starts_on=dt.date(2022, 1, 1),
    )
    for key in ("nurse1", "nurse2"):
        e = services.enrolment_create(
            actor=hr,
            organisation=trust.org,
            person=trust.people[key],
            offering=programme,
            applied_on=dt.date(2021, 11, 1),
            status="enrolled",
            cohort=cohort,
        )
        services.enrolment_set_status(
            actor=hr, enrolment=e, status="completed", on=dt.date(2022, 12, 31)
        )
    services.fppt_cycles_open_for_year(
        actor=build_actor(trust.users["secretary"]), organisation=trust.org, year=2024
    )
    return trust


def test_nurse_records_a_qualification_with_evidence(
    browser_page: Any,
    live_server: Any,
    seeded: Any,
    sign_in: Any,
    assert_accessible: Any,
    tmp_path: Path,
):
    page = browser_page
    sign_in(page, live_server, "nurse")
    page.goto(f"{live_server.url}/development/")
    assert page.locator("h1").inner_text() == "My development"
    assert_accessible(page)
    page.click("text=Record a qualification")
    assert_accessible(page)
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(PDF)
    page.select_option("#id_offering", label="ILM Level 3 Award")
    page.fill("#id_awarded_on", "2023-05-01")
    page.set_input_files("#id_evidence", str(certificate))
    page.click("button:has-text('Save')")
    page.wait_for_load_state("networkidle")
    assert "The qualification has been recorded" in page.content()
    assert Holding.objects.filter(person=seeded.people["nurse1"]).count() == 2  # + the programme
    assert_accessible(page)


def test_a_wrong_file_shows_an_accessible_error(
    browser_page: Any,
    live_server: Any,
    seeded: Any,
    sign_in: Any,
    assert_accessible: Any,
    tmp_path: Path,
):
    page = browser_page
    sign_in(page, live_server, "nurse")
    page.goto(f"{live_server.url}/development/holdings/new/")
    fake = tmp_path / "certificate.pdf"
    fake.write_bytes(b"<html><script>alert(1)</script></html>")
    page.select_option("#id_offering", label="ILM Level 3 Award")
    page.fill("#id_awarded_on", "2023-05-01")
    page.set_input_files("#id_evidence", str(fake))
    page.click("button:has-text('Save')")
    page.wait_for_load_state("networkidle")
    assert "There is a problem" in page.content()
    assert "not accepted" in page.content()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("who", "paths"),
    [
        (
            "hr",
            [
                "/development/catalogue/",
                "/development/enrolments/?org=RXA",
                "/development/requirements/?org=RXA",
                "/development/compliance/?org=RXA",
                "/development/conversion/?org=RXA&as_of=2024-06-30",
                "/development/catalogue/new/?org=RXA",
            ],
        ),
        ("viewer", ["/development/compliance/?org=RXA", "/development/conversion/?org=RXA"]),
        ("manager", ["/development/compliance/"]),
        (
            "secretary",
            ["/development/fppt/?org=RXA&year=2024", "/development/fppt/references/new/?org=RXA"],
        ),
    ],
)
def test_pages_are_accessible(
    browser_page: Any,
    live_server: Any,
    seeded: Any,
    sign_in: Any,
    assert_accessible: Any,
    who: str,
    paths: list[str],
):
    page = browser_page
    sign_in(page, live_server, who)
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert page.locator("h1").count() == 1
        assert_accessible(page)


def test_member_attests_and_the_cycle_page_is_accessible(
    browser_page: Any, live_server: Any, seeded: Any, sign_in: Any, assert_accessible: Any
):
    cycle = FpptCycle.objects.get(person=seeded.people["md"])
    page = browser_page
    sign_in(page, live_server, "md")
    page.goto(f"{live_server.url}/development/fppt/cycles/{cycle.pk}/")
    assert_accessible(page)
    for box in page.locator("input[type=checkbox][name^=declare_]").all():
        box.check()
    for select in page.locator("select[name^=lcf_]").all():
        select.select_option("frequently")
    page.click("button:has-text('Submit my self-attestation')")
    page.wait_for_load_state("networkidle")
    cycle.refresh_from_db()
    assert cycle.status == "attested"
    assert_accessible(page)
