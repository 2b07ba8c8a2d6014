"""Issue 19: the divide trend's XmR chart charts released figures only (a suppressed month is a gap)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mantle.core.tests.conftest import trust  # noqa: F401 (the shared small-trust fixture)
from mantle.divide.spc import trend_spc


def _trend(values: list[Any]) -> list[dict[str, Any]]:
    return [
        {"as_of": f"2026-{m + 1:02d}-28", "senior_management_clinician_share": v}
        for m, v in enumerate(values)
    ]


def test_a_suppressed_month_is_a_gap_not_a_value() -> None:
    # released 0.2, 0.4, 0.3 → mean 0.3, moving ranges 0.2, 0.1 → 0.15; the "*" month is left out
    spc = trend_spc(_trend([0.2, "*", 0.4, 0.3]), "senior_management_clinician_share")
    seg = spc["chart"].segments[0]
    assert seg.n == 3 and seg.mean == pytest.approx(0.3)
    assert seg.mean_moving_range == pytest.approx(0.15)
    assert spc["rows"][1]["value"] == "*" and spc["rows"][1]["kind"] == "gap"
    assert spc["svg"].count("<circle") == 3  # three points drawn, none for the gap
    assert "<title" in spc["svg"] and "<desc" in spc["svg"]


def test_a_run_up_in_clinician_share_is_an_improvement() -> None:
    values = [0.30, 0.32] * 4 + [0.33, 0.34, 0.35, 0.36, 0.37, 0.38, 0.39]
    spc = trend_spc(_trend(values), "senior_management_clinician_share")
    assert spc["variation"] == "improvement_high"
    assert "improvement" in spc["summary"]


@pytest.mark.django_db
def test_dashboard_shows_spc_of_what_the_reader_may_see(trust: Any) -> None:  # noqa: F811
    client = Client()
    client.force_login(trust.users["hr"])
    hr_page = client.get("/divide/?org=RXA").content.decode()
    assert "Statistical process control" in hr_page and "XmR chart figures" in hr_page
    assert 'id="spc-summary">Clinician share of senior management: mean' in hr_page
    client.force_login(trust.users["exec"])
    exec_page = client.get("/divide/?org=RXA").content.decode()
    # Three people: every month's share is suppressed for the executive, so no limits, no values.
    assert 'id="spc-summary">Clinician share of senior management: too few published' in exec_page
    assert "<circle" not in exec_page.split('class="mantle-spc-figure"')[1].split("</figure>")[0]


@pytest.mark.django_db
def test_the_board_pack_button_is_for_the_boards_officers(trust: Any) -> None:  # noqa: F811
    client = Client()
    client.force_login(trust.users["exec"])
    assert "Board pack (PDF)" in client.get("/divide/?org=RXA").content.decode()
    client.force_login(trust.users["hr"])
    assert "Board pack (PDF)" not in client.get("/divide/?org=RXA").content.decode()
