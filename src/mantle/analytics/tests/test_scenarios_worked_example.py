"""docs/scenarios.md, "Worked example", reproduced: one month of the expected-value model by hand,
and the Monte Carlo mean against it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from mantle.analytics.scenarios import (
    AGE_LABELS,
    TIERS,
    Cell,
    Levers,
    Rates,
    Scenario,
    Stock,
    simulate,
)

DOC = Path(__file__).resolve().parents[4] / "docs" / "scenarios.md"


def example(runs: int = 1) -> Scenario:
    return Scenario(
        start=dt.date(2026, 3, 31),
        months=1,
        stock=Stock(counts={Cell("g", "middle", True, 2): 8, Cell("g", "middle", False, 2): 12}),
        establishment={"middle": 22},
        rates=Rates(
            leave={("*", label): 0.05 for label in AGE_LABELS},
            step_down={},
            fill=dict.fromkeys(TIERS, 0.5),
            external_share=dict.fromkeys(TIERS, 1.0),
            clinician_share=dict.fromkeys(TIERS, 0.0),
        ),
        levers=Levers(clinician_vacancy_share=0.5, retirement_age=67),
        runs=runs,
        seed=11,
    )


def test_the_worked_example_in_the_docs() -> None:
    result = simulate(example(), expected=True)
    head = result.series["headcount.middle"][0, 1]
    share = result.series["clinician_share.middle"][0, 1]
    assert head == pytest.approx(20.5)
    assert share * head == pytest.approx(8.35)
    assert head - share * head == pytest.approx(12.15)
    assert share == pytest.approx(8.35 / 20.5)
    assert result.series["vacancies.middle"][0, 1] == pytest.approx(1.5)
    text = DOC.read_text(encoding="utf-8")
    for figure in ("**8.35**", "**12.15**", "**20.5**", "**40.7%**", "**1.5**"):
        assert figure in text
    assert f"{share * 100:.1f}%" == "40.7%"


def test_the_monte_carlo_mean_of_the_worked_example() -> None:
    result = simulate(example(runs=20_000))
    assert float(np.mean(result.series["headcount.middle"][:, 1])) == pytest.approx(20.5, abs=0.05)
