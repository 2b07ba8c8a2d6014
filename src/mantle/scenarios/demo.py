"""Demo data for scenarios: the illustrative pay scale (labelled as such) and one saved scenario
for the demo trust, run once so its results are there when a planner opens it."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.utils import timezone

from mantle.workforce.models import Organisation

from .models import Scenario, ScenarioRun
from .services import assumptions_check, pay_scales_load, run_assumptions

ILLUSTRATIVE_PAY = Path(__file__).parent / "data" / "pay_scales_illustrative.csv"
DEMO_NAME = "Half of management vacancies to clinicians"


def demo_assumptions(as_of: dt.date) -> dict[str, object]:
    return {
        "name": DEMO_NAME,
        "start": as_of.isoformat(),
        "years": 5,
        "runs": 1000,
        "seed": 1,
        "levers": {
            "clinician_vacancy_share": 0.5,
            "hybrid_posts_per_year": 2,
            "hybrid_from_tier": "middle",
        },
    }


def seed_demo(*, organisation: Organisation, as_of: dt.date, rng: random.Random) -> None:
    """Load the illustrative pay scale and save (and run) one scenario (``rng`` is unused: the
    run has its own seed)."""
    pay_scales_load(
        text=ILLUSTRATIVE_PAY.read_text(encoding="utf-8"),
        source="Illustrative pay scale (not real pay; src/mantle/scenarios/data)",
        illustrative=True,
    )
    if Scenario.objects.filter(organisation=organisation, name=DEMO_NAME).exists():
        return
    stored = assumptions_check(org=organisation, raw=demo_assumptions(as_of))
    scenario = Scenario.objects.create(
        organisation=organisation, name=DEMO_NAME, assumptions=stored
    )
    answer = run_assumptions(org=organisation, raw=stored)
    ScenarioRun.objects.create(
        scenario=scenario,
        status=ScenarioRun.Status.SUCCEEDED,
        progress=1.0,
        assumptions=stored,
        estimated=answer["estimated"],
        outputs=answer["outputs"],
        backtest=answer["backtest"],
        goal_seek=answer["goal_seek"],
        finished_at=timezone.now(),
        seconds=0.0,
    )
