"""Issue 19: targets and change points per measure — set by the organisation's HR/OD
administrators (audited, specific errors), read by every SPC chart; and the monthly series read
from the disclosed reports (a hidden figure is a gap)."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from mantle.boardpack.models import MeasureSetting
from mantle.boardpack.selectors import measure_settings
from mantle.core.models import AuditEvent
from mantle.core.testing.factories import make_user
from mantle.divide.spc import SERIES_BY_KEY, change_index, series_spc, vacancy_rate
from mantle.imports.services import workforce_file_import
from mantle.imports.tests.test_import_history import CD, CEO, CONS, MD, NURSE, WARD, write
from mantle.workforce.models import Organisation


@pytest.fixture
def org(tmp_path: Path) -> Organisation:
    org = Organisation.objects.create(code="RXA", name="Alpha Hospitals", org_type="acute")
    workforce_file_import(
        path=write(tmp_path, "a.csv", CEO, MD, CONS, CD, NURSE, WARD),
        org=org,
        as_of=dt.date.today().replace(day=1),
    )
    return org


@pytest.mark.django_db
def test_an_hr_administrator_sets_a_target_and_a_change_point(org: Organisation) -> None:
    hr = make_user(username="hr", roles=[("hr_admin", org)])
    client = Client()
    client.force_login(hr)
    assert client.get("/board-pack/targets/?org=RXA").status_code == 200
    answer = client.post(
        "/board-pack/targets/?org=RXA",
        {
            "measure": "senior_management_clinician_share",
            "target": "45",
            "change_month": "2026-04",
            "reason": "New care-group structure",
        },
    )
    assert answer.status_code == 302
    assert measure_settings(org=org) == {
        "senior_management_clinician_share": (0.45, dt.date(2026, 4, 30))
    }
    event = AuditEvent.objects.get(action="measure_setting_save")
    assert event.actor == hr and event.organisation_code == "RXA"
    assert event.detail["before"] == {"target": None, "change_point": None}
    assert event.detail["after"] == {"target": 0.45, "change_point": "2026-04-30"}
    # The dashboard's SPC summary shows the target (whole organisation).
    client.force_login(make_user(username="chair", roles=[("chair", org)]))
    page = client.get("/divide/?org=RXA").content.decode()
    row = page.split('id="spc-summary-table"')[1].split("Clinician share of senior management")[1]
    assert "45.0%" in row.split("</tr>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target", "145", "Target must be a percentage from 0 to 100, like 45 or 45.5, not '145'."),
        ("target", "lots", "not 'lots'"),
        ("change_month", "April", "Change point must be a month as YYYY-MM"),
        ("measure", "happiness", "Choose a measure from the list"),
    ],
)
def test_bad_input_names_the_field_and_the_value(
    org: Organisation, field: str, value: str, message: str
) -> None:
    client = Client()
    client.force_login(make_user(username="hr", roles=[("hr_admin", org)]))
    data = {"measure": "management_vacancy_rate", "target": "", "change_month": "", field: value}
    answer = client.post("/board-pack/targets/?org=RXA", data)
    assert answer.status_code == 422
    assert message in html.unescape(answer.content.decode())
    assert not MeasureSetting.objects.exists()


@pytest.mark.django_db
def test_only_the_organisations_hr_administrators_set_targets(org: Organisation) -> None:
    other = Organisation.objects.create(code="RZZ", name="Zed", org_type="acute")
    client = Client()
    client.force_login(make_user(username="chair", roles=[("chair", org)]))
    assert client.get("/board-pack/targets/?org=RXA").status_code == 403
    client.force_login(make_user(username="hr2", roles=[("hr_admin", other)]))
    assert client.get("/board-pack/targets/?org=RXA").status_code == 404
    post = {"measure": "management_vacancy_rate", "target": "5"}
    assert client.post("/board-pack/targets/?org=RXA", post).status_code == 404
    assert not MeasureSetting.objects.exists()


def _report(*, vacant: Any, posts: int, senior: Any) -> dict[str, Any]:
    return {
        "workforce": {"workforce_clinician_share": 0.5},
        "aggregates": {
            "all_management": {"vacant": vacant, "posts": posts, "clinician_share": 0.8},
            "senior_management": {"clinician_share": senior},
        },
    }


def test_vacancy_rate_is_hidden_with_the_vacant_count() -> None:
    assert vacancy_rate(3, 60) == 0.05
    assert vacancy_rate("*", 60) == "*"
    assert vacancy_rate(0, 0) is None


def test_a_series_reads_released_figures_and_restarts_at_the_change_point() -> None:
    """docs/metrics.md §10.2: given 8 month ends, one with the vacant count hidden, and a change
    point in month 5, the hidden month is a gap, and the limits before and after are each from
    their own months; against a 5% target the new process hits and misses."""
    days = [f"2026-{m:02d}-28" for m in range(1, 9)]
    vacant = [2, 3, 2, "*", 6, 7, 6, 7]
    monthly = [
        (d, _report(vacant=v, posts=100, senior=0.6)) for d, v in zip(days, vacant, strict=True)
    ]
    chart = series_spc(
        monthly,
        SERIES_BY_KEY["management_vacancy_rate"],
        target=0.05,
        change_point=dt.date(2026, 5, 1),
    )
    assert chart["rows"][3]["value"] == "*" and chart["rows"][3]["kind"] == "gap"
    first, second = chart["chart"].segments
    # Before: 2%, 3%, 2% → mean 2.33%, moving ranges 1, 1 → limits 2.33 ± 2.66.
    assert first.mean == pytest.approx(7 / 300)
    assert first.upper == pytest.approx(7 / 300 + 2.66 * 0.01)  # 4.99%
    assert first.lower == 0.0  # 2.33 - 2.66 = -0.33, clamped to 0%
    # After: 6%, 7%, 6%, 7% → mean 6.5%, mean moving range 1 point.
    assert second.mean == pytest.approx(0.065) and second.mean_moving_range == pytest.approx(0.01)
    assert (second.lower, second.upper) == (pytest.approx(0.0384), pytest.approx(0.0916))
    assert chart["change_points"] == ["2026-05-28"]
    # Target 5%, lower is better: the new process's limits straddle it → hit and miss.
    assert chart["assurance"] == "hit_and_miss" and chart["assurance_label"] == "Hit and miss"
    assert change_index(days, None) == [] and change_index(days, dt.date(2027, 1, 1)) == [8]
