"""After an import the worker computes the dashboard's disclosure families, so the first reader of
the divide dashboard does not wait for them (issue 12's page budget with issue 11's families)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from mantle.divide import family as family_module
from mantle.divide import services
from mantle.divide.tasks import dashboard_default_dates
from mantle.imports.services import workforce_file_import
from mantle.workforce.models import Organisation

from .test_disclosure import tiny_units_extract

pytestmark = pytest.mark.django_db(transaction=True)
WARM = ["mantle.divide.tasks.families_warm_after_import"]


def test_dashboard_default_dates_are_the_trend_and_the_comparison_date() -> None:
    # Given a day, when the dashboard opens without parameters, then it reads twelve month-ends
    # ending on that day, the month end before them (the first month's turnover) and the same
    # day a year earlier.
    dates = dashboard_default_dates(dt.date(2026, 12, 7))
    assert dates[0] == dt.date(2025, 12, 7)
    assert dates[-1] == dt.date(2026, 12, 7)
    assert dt.date(2026, 1, 31) in dates and dt.date(2026, 11, 30) in dates
    assert dt.date(2025, 12, 31) in dates
    assert len(dates) == 14


def test_an_import_leaves_the_dashboard_families_computed(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the warm-up task configured (as in production) and an empty cache
    settings.MANTLE_AFTER_IMPORT_TASKS = WARM
    cache.clear()
    org = Organisation.objects.create(code="RW1", name="Warm NHS Trust", org_type="acute")
    # When an extract is imported (tasks run immediately in tests, after the commit)
    today = dt.date.today()
    outcome = workforce_file_import(
        path=tiny_units_extract(tmp_path, "RW1"), org=org, as_of=today.replace(day=1)
    )
    assert outcome.status == "succeeded", outcome.message

    # Then the dashboard's dates are answered from the cache: computing a family would fail now.
    def no_computation(**_: Any) -> Any:
        raise AssertionError("a family was computed on the reader's request")

    monkeypatch.setattr(family_module, "compute_families", no_computation)
    board = services.divide_dashboard(
        org=org, on=today, since=dashboard_default_dates(today)[0], unit=None, suppress=True
    )
    assert board["report"]["workforce"]["headcount"] != 0


def test_without_the_setting_nothing_is_computed_ahead(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given no follow-up tasks configured, when an extract is imported, then the first reader
    # computes the family (the check above can fail).
    settings.MANTLE_AFTER_IMPORT_TASKS = []
    cache.clear()
    org = Organisation.objects.create(code="RW2", name="Cold NHS Trust", org_type="acute")
    today = dt.date.today()
    outcome = workforce_file_import(
        path=tiny_units_extract(tmp_path, "RW2"), org=org, as_of=today.replace(day=1)
    )
    assert outcome.status == "succeeded", outcome.message
    calls: list[int] = []
    real = family_module.compute_families

    def counting(**kwargs: Any) -> Any:
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(family_module, "compute_families", counting)
    services.divide_report(org=org, on=today, suppress=True)
    assert calls
