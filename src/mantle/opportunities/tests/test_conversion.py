"""Acting up and secondments measured with the development module's conversion method: a clinician
who acted up and later took a management post, against matched clinicians who did not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from mantle.core.access import build_actor
from mantle.core.testing.factories import make_assignment, make_post
from mantle.opportunities import selectors
from mantle.opportunities.models import Application, Opportunity

from .conftest import Trust

pytestmark = pytest.mark.django_db


def test_acting_up_conversion_against_matched_clinicians(trust: Trust) -> None:
    today = timezone.localdate()
    start = today - dt.timedelta(days=3 * 365)
    done = start + dt.timedelta(days=180)
    # given an acting-up place three years ago, completed by nurse 1 (a band 5 clinician) ...
    opp = Opportunity.objects.create(
        organisation=trust.org,
        title="Acting ward manager",
        kind="acting_up",
        description="Cover",
        owner=trust.director.person,
        sponsor=trust.sponsor,
        posted_by=trust.director.user,
        time_amount=Decimal("1"),
        time_unit="fte",
        starts_on=start,
        ends_on=done,
        closes_on=start,
        status="closed",
    )
    Application.objects.create(
        opportunity=opp,
        person=trust.nurses[0].person,
        statement="x",
        status="completed",
        completed_on=done,
    )
    # ... a QI place that is not management experience, completed by nurse 2 (not counted)
    qi = Opportunity.objects.create(
        organisation=trust.org,
        title="QI",
        kind="qi_lead",
        description="x",
        owner=trust.director.person,
        sponsor=trust.sponsor,
        posted_by=trust.director.user,
        time_amount=Decimal("2"),
        starts_on=start,
        ends_on=done,
        closes_on=start,
        status="closed",
    )
    Application.objects.create(
        opportunity=qi,
        person=trust.nurses[1].person,
        statement="x",
        status="completed",
        completed_on=done,
    )
    # and nurse 1 appointed to a first-line management post 14 months after completing
    post = make_post(
        organisation=trust.org,
        title="Ward Manager",
        tier="first_line",
        pay_band="Band 7",
        valid_from=done + dt.timedelta(days=300),
    )
    make_assignment(person=trust.nurses[0].person, post=post, start=done + dt.timedelta(days=420))
    # when HR/OD reads the conversion of acting up
    report = selectors.conversion_for(build_actor(trust.hr), org=trust.org, on=today)
    # then there is one row, for acting up: one eligible clinician, moved at 24 months; the matched
    # comparison is nurses 2 and 3 (same profession, band and organisation), neither in management
    assert [r["programme"] for r in report.summary] == ["Acting up into a management post"]
    row = report.summary[0]
    assert row["cohort"] == f"Started {start.year}"
    assert (row["clinicians"], row["eligible"]) == (1, 1)
    assert row["moved_12m"] == 0 and row["moved_24m"] == 1
    assert row["conversion_rate_24m"] == pytest.approx(1.0)
    assert row["matched_24m"] == 1 and row["comparison_people_24m"] == 2
    assert row["comparison_rate_24m"] == pytest.approx(0.0)
    assert not report.suppressed
    # an executive sees the same measure suppressed (one person is fewer than five)
    hidden = selectors.conversion_for(build_actor(trust.sponsor), org=trust.org, on=today)
    assert hidden.suppressed and hidden.summary[0]["eligible"] == "*"
