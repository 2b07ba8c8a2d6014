"""Issue 19: the system view's funnel plot — organisations the reader may see, each at its own
board-level figures (the same as its dashboard), a hidden count leaves the organisation out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from django.test import Client

from mantle.analytics.funnel import limits
from mantle.core.testing.factories import make_user
from mantle.divide import services
from mantle.divide.funnel import senior_funnel
from mantle.imports.services import workforce_file_import
from mantle.imports.tests.test_import_history import CD, CEO, CONS, MD, NURSE, WARD, write
from mantle.workforce.models import Organisation

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 1, 31)


@pytest.fixture
def orgs(tmp_path: Path) -> tuple[Organisation, Organisation]:
    """A 400-staff synthetic trust (counts released) and a six-person one (counts hidden)."""
    from mantle.demo import services as demo
    from mantle.demo.synthetic import generate_trust

    big = Organisation.objects.create(code="RXA", name="Alpha Hospitals", org_type="acute")
    trust = generate_trust(seed=3, staff=400, snapshot_dates=[ON])
    for day, frame in trust.snapshots:
        demo.import_frame(
            org=big, frame=frame.with_columns(pl.lit("RXA").alias("org_code")), as_of=day
        )
    small = Organisation.objects.create(code="RXB", name="Beta Community", org_type="acute")
    rows = [r.replace("RXA,", "RXB,", 1) for r in (CEO, MD, CONS, CD, NURSE, WARD)]
    workforce_file_import(path=write(tmp_path, "b.csv", *rows), org=small, as_of=ON)
    return big, small


def test_the_funnel_uses_each_organisations_board_level_figures(
    orgs: tuple[Organisation, Organisation],
) -> None:
    big, small = orgs
    data = senior_funnel(orgs=[big, small], on=ON)
    senior = services.divide_report(org=big, on=ON, suppress=True)["aggregates"][
        "senior_management"
    ]
    (row,) = data["rows"]
    assert (row["org_code"], row["numerator"], row["denominator"]) == (
        "RXA",
        senior["clinician_holders"],
        senior["holders"],
    )
    assert data["left_out"] == [small]  # its counts are hidden ("*"), so it is not plotted
    # One organisation: the system mean is its own share, and it sits inside its own limits.
    assert data["mean"] == pytest.approx(row["numerator"] / row["denominator"])
    assert row["upper_95"] == pytest.approx(
        limits(n=row["denominator"], p=data["mean"])["upper_95"]
    )
    assert row["position"] == "within"


def test_the_system_view_shows_what_the_reader_may_see(
    orgs: tuple[Organisation, Organisation],
) -> None:
    big, small = orgs
    client = Client()
    client.force_login(make_user(username="analyst", roles=[("analyst", None)]))
    page = client.get("/divide/system/?as_of=2026-01-31").content.decode()
    assert "Alpha Hospitals" in page and "Beta Community" in page
    assert 'role="img"' in page and "funnel plot&#39;s figures" in page.replace("'", "&#39;")
    client.force_login(make_user(username="chair", roles=[("chair", small)]))
    page = client.get("/divide/system/?as_of=2026-01-31").content.decode()
    assert "Beta Community" in page and "Alpha Hospitals" not in page
    assert "No organisation to plot." in page
    client.force_login(make_user(username="porter", roles=[("staff", big)]))
    assert client.get("/divide/system/").status_code == 403
