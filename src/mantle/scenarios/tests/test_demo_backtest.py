"""The demo's saved scenario and its back-test on the demo's history (a 300-staff demo trust)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from mantle.scenarios.demo import DEMO_NAME
from mantle.scenarios.models import PayScale, Scenario

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

AS_OF = dt.date(2026, 11, 30)


def test_the_demo_seeds_a_run_scenario_whose_back_test_is_close_to_what_happened() -> None:
    # given the demo (a year of quarterly snapshots ending on AS_OF)
    call_command("demo", "--staff", "300", "--as-of", AS_OF.isoformat(), stdout=StringIO())
    # then one scenario is saved, run, priced with the illustrative pay scale
    scenario = Scenario.objects.get(name=DEMO_NAME)
    run = scenario.runs.get()
    assert run.status == "succeeded"
    assert run.estimated["pay_illustrative"] is True
    assert PayScale.objects.filter(illustrative=True).exists()
    assert run.estimated["summary"]["priced"] == run.estimated["summary"]["people"]
    # and the back-test projected the 12 months to AS_OF from rates fitted before them
    backtest = run.backtest
    assert backtest["to"] == AS_OF.isoformat()
    assert backtest["fit_to"] == "2025-11-30"
    rows = {r["tier"]: r for r in backtest["rows"]}
    assert set(rows) == {
        "board_non_executive",
        "board_executive",
        "senior",
        "middle",
        "first_line",
        "senior_leadership",
        "management",
    }
    management = rows["management"]["headcount"]
    assert management["actual"] > 0
    # the whole of management is projected within a tenth of what happened
    assert abs(management["error"]) <= 0.1 * management["actual"]
    assert management["error"] == pytest.approx(management["p50"] - management["actual"])
    share = rows["management"]["clinician_share"]
    assert abs(share["error"]) <= 0.1
