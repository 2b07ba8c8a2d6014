"""The conversion measure read from the register's effective-dated history (not snapshots), with the
matched comparison, the dashboard's disclosure control and its CSV."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from mantle.core.access import build_actor
from mantle.core.testing.factories import make_assignment, make_person, make_post, make_registration
from mantle.development import selectors, services
from mantle.development.models import Offering
from mantle.workforce.models import PostVersion, Unit

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def cohort_history(trust: Any) -> Offering:
    """Nina, Nell and Noor (band 5 nurses) complete a programme on 31 Dec 2021. Nina's post is
    re-graded to a first-line management post from 1 June 2022. Two band 5 nurses who never took
    part: Nora becomes a ward manager on 1 March 2022; Nadia stays a staff nurse."""
    hr = build_actor(trust.users["hr"])
    medicine = Unit.objects.get(organisation=trust.org, path="Trust/Medicine")
    programme = Offering.objects.create(
        code="mid-career",
        name="Mid-career programme",
        provider="NHS Leadership Academy",
        kind="programme",
        category="academy",
        cost=Decimal("3000"),
    )
    cohort = services.cohort_create(
        actor=hr,
        organisation=trust.org,
        offering=programme,
        name="2021",
        starts_on=D(2021, 1, 1),
        ends_on=D(2021, 12, 31),
    )
    for key in ("nurse1", "nurse2", "nurse3"):
        enrolment = services.enrolment_create(
            actor=hr,
            organisation=trust.org,
            person=trust.people[key],
            offering=programme,
            applied_on=D(2020, 11, 1),
            status="enrolled",
            cohort=cohort,
            funding_source="nhse",
        )
        services.enrolment_set_status(
            actor=hr, enrolment=enrolment, status="completed", on=D(2021, 12, 31)
        )
    version = PostVersion.objects.get(post=trust.posts["nurse1"])
    version.valid_to = D(2022, 6, 1)
    version.save()
    version.pk = None
    version.valid_from, version.valid_to, version.tier = D(2022, 6, 1), None, "first_line"
    version.save()
    for first, number in (("Nora", "12A3499E"), ("Nadia", "12A3498E")):
        person = make_person(organisation=trust.org, first_name=first, last_name="Nurse")
        make_registration(person=person, body="NMC", number=number)
        post = make_post(
            organisation=trust.org,
            title="Staff Nurse",
            occupation_code="N6A",
            pay_band="Band 5",
            unit=medicine,
        )
        if first == "Nora":
            make_assignment(person=person, post=post, start=D(2019, 1, 1), end=D(2022, 2, 28))
            ward = make_post(
                organisation=trust.org,
                title="Ward Manager",
                tier="first_line",
                occupation_code="N0A",
                pay_band="Band 7",
                unit=medicine,
            )
            make_assignment(person=person, post=ward, start=D(2022, 3, 1))
        else:
            make_assignment(person=person, post=post, start=D(2019, 1, 1))
    return programme


def test_conversion_from_the_register_history(trust: Any, cohort_history: Offering, settings: Any):
    # when HR reads the measure on 30 June 2023 (12 months observed, 24 not yet), with costs
    # shown from a single move
    settings.MANTLE_CONVERSION_MIN_MOVED = 1
    report = selectors.conversion_for_org(org=trust.org, as_of=D(2023, 6, 30), suppress=False)

    # then, computed by hand: 3 clinician completers, none managing before; Nina moved by 12 months
    row = report.summary[0]
    assert (row["programme"], row["cohort"]) == ("Mid-career programme", "2021")
    assert (row["completers"], row["clinicians"], row["managers_before"]) == (3, 3, 0)
    assert (row["observed_12m"], row["moved_12m"]) == (3, 1)
    assert row["conversion_rate_12m"] == pytest.approx(1 / 3)
    # each participant's matches are Nora (moved) and Nadia (did not): half, on average
    assert row["comparison_people_12m"] == 2
    assert row["comparison_rate_12m"] == pytest.approx(0.5)
    assert row["additional_12m"] == pytest.approx(1 - 1.5)
    assert row["cost_per_additional_12m"] is None  # no additional moves to cost
    assert row["cost_per_moved_12m"] == pytest.approx(9000.0)
    # with the 95% Wilson interval behind the rate (1 of 3)
    assert row["conversion_rate_low_12m"] == pytest.approx(0.0615, abs=0.0001)
    assert row["cost_per_moved_low_12m"] is not None
    assert row["observed_24m"] == 0 and row["conversion_rate_24m"] is None
    assert row["appointed"] == 1
    assert row["median_months_to_appointment"] == pytest.approx(152 / 30.4375)


def test_viewers_without_hr_rights_see_small_numbers_hidden(
    client: Any, trust: Any, cohort_history: Offering
):
    report = selectors.conversion_for_org(org=trust.org, as_of=D(2023, 6, 30), suppress=True)
    row = report.summary[0]
    assert row["completers"] == "*" and row["moved_12m"] == "*"
    assert row["conversion_rate_12m"] == "*" and row["cost_per_moved_12m"] == "*"
    assert report.any_hidden
    client.force_login(trust.users["viewer"])
    page = client.get("/development/conversion/?org=RXA&as_of=2023-06-30").content.decode()
    assert "Mid-career programme" in page and "33.3%" not in page
    csv_body = client.get("/development/conversion/export.csv?org=RXA&as_of=2023-06-30").content
    assert b"*" in csv_body and b"0.333" not in csv_body


def test_hr_sees_the_figures_and_staff_are_refused(
    client: Any, trust: Any, cohort_history: Offering
):
    client.force_login(trust.users["hr"])
    page = client.get("/development/conversion/?org=RXA&as_of=2023-06-30").content.decode()
    assert "33.3%" in page and "50.0%" in page
    # and the download agrees with the page: exact, marked OFFICIAL-SENSITIVE (issue 11)
    csv_body = client.get("/development/conversion/export.csv?org=RXA&as_of=2023-06-30").content
    assert csv_body.startswith(b"OFFICIAL-SENSITIVE") and b"0.333" in csv_body
    client.force_login(trust.users["nurse"])
    assert client.get("/development/conversion/?org=RXA").status_code == 403
    client.force_login(trust.users["outsider"])
    assert client.get("/development/conversion/?org=RXA").status_code == 404


def test_completion_records_a_holding(trust: Any, cohort_history: Offering):
    assert trust.people["nurse1"].development_holdings.get().awarded_on == D(2021, 12, 31)


def test_a_cost_from_fewer_than_the_minimum_moved_is_withheld_and_said_so(
    client: Any, trust: Any, cohort_history: Offering
):
    # given the default minimum of 5 clinicians moved, and one move in the cohort
    report = selectors.conversion_for_org(org=trust.org, as_of=D(2023, 6, 30), suppress=False)

    # then no cost per clinician moved is given, in the figures or on the page
    assert report.min_moved == 5
    assert report.summary[0]["cost_per_moved_12m"] is None
    assert report.summary[0]["conversion_rate_high_12m"] == pytest.approx(0.7923, abs=0.0001)
    client.force_login(trust.users["hr"])
    page = client.get("/development/conversion/?org=RXA&as_of=2023-06-30").content.decode()
    assert "Not shown: 1 moved, fewer than 5" in page
    assert "95% interval 6.1% to 79.2%" in page
