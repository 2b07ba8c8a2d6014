"""Issue 13 item 12: recording FPPT checks. The form chooses nothing for the checker (an untouched
submit records nothing, never "Right to work, Satisfactory, today"), and the whole checklist can be
recorded from one page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mantle.development.models import FpptCheck
from mantle.development.rules.fppt import CHECK_LABELS

from .test_fppt import cycles  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_an_untouched_check_form_records_nothing(client: Any, trust: Any, cycles: Any) -> None:  # noqa: F811
    cycle = cycles["Mo"]
    client.force_login(trust.users["secretary"])
    page = client.get(f"/development/fppt/cycles/{cycle.pk}/").content.decode()
    form = page.split(f'action="/development/fppt/cycles/{cycle.pk}/checks/"')[1].split("</form>")[
        0
    ]
    # Given the page: no check, no outcome and no date are chosen in advance
    assert "selected" not in form
    assert dt.date.today().isoformat() not in form
    # When the form is sent untouched
    response = client.post(f"/development/fppt/cycles/{cycle.pk}/checks/", {})
    # Then nothing is recorded and the summary says what to choose
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose which check you are recording." in body
    assert "Choose the outcome of the check." in body
    assert not FpptCheck.objects.filter(cycle=cycle).exclude(outcome="pending").exists()


def test_every_check_can_be_recorded_from_one_page(client: Any, trust: Any, cycles: Any) -> None:  # noqa: F811
    cycle = cycles["Mo"]
    client.force_login(trust.users["secretary"])
    data = {}
    for key in CHECK_LABELS:
        data[f"outcome_{key}"] = "satisfactory"
        data[f"checked_on_{key}"] = "2024-05-01"
    data["outcome_dbs"] = "concern"
    data["notes_dbs"] = "Spent conviction declared; discussed with the chair."
    response = client.post(f"/development/fppt/cycles/{cycle.pk}/checks/all/", data)
    assert response.status_code == 302
    checks = {c.item: c for c in FpptCheck.objects.filter(cycle=cycle)}
    assert {c.outcome for k, c in checks.items() if k != "dbs"} == {"satisfactory"}
    assert checks["dbs"].outcome == "concern" and "Spent conviction" in checks["dbs"].notes
    assert all(c.checked_on == dt.date(2024, 5, 1) for c in checks.values())


def test_one_page_needs_a_date_for_each_outcome_and_records_all_or_none(
    client: Any,
    trust: Any,
    cycles: Any,  # noqa: F811
) -> None:
    cycle = cycles["Mo"]
    client.force_login(trust.users["secretary"])
    data = {
        "outcome_right_to_work": "satisfactory",
        "checked_on_right_to_work": "2024-05-01",
        "outcome_references": "satisfactory",
    }
    response = client.post(f"/development/fppt/cycles/{cycle.pk}/checks/all/", data)
    assert response.status_code == 400
    assert "Enter the date the References check was done." in response.content.decode()
    assert not FpptCheck.objects.filter(cycle=cycle).exclude(outcome="pending").exists()
    empty = client.post(f"/development/fppt/cycles/{cycle.pk}/checks/all/", {})
    assert "Choose the outcome of at least one check." in empty.content.decode()
