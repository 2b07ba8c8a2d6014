"""Workforce scenarios (issue 17): the Monte Carlo engine on synthetic trusts.

The starting stock is the synthetic generator's 5,000-staff acute trust (the demo's, built in memory:
staff group × tier × clinician × age band, mean FTE and illustrative pay per cell), with plausible
monthly rates. Measures, each the median of 3 (targets in brackets):
* run_s — 1,000 runs × 10 years, monthly (≤ 5 s);
* goal_seek_s — smallest share of management vacancies to clinicians for a senior-leadership
  clinician share target by year 5 with 80% probability, bisection on 1,000-run simulations (≤ 30 s);
* icb_run_s — an ICB of five trusts (seeds 1–5) as one stock, 1,000 runs × 10 years (≤ 20 s).
Wall times and this process's CPU times (``*_cpu_s``: the machine is shared). Prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from mantle.analytics.scenarios import (  # noqa: E402
    AGE_LABELS,
    TIERS,
    Cell,
    Levers,
    Rates,
    Scenario,
    Stock,
    age_band,
    goal_from_json,
    goal_seek,
    simulate,
)
from mantle.demo.synthetic import generate_trust  # noqa: E402
from mantle.workforce.rules.occupation import classify_occupation_code  # noqa: E402

START = dt.date(2026, 11, 30)
PAY = {
    "Band 5": 32000.0,
    "Band 6": 40000.0,
    "Band 7": 48500.0,
    "Band 8a": 57000.0,
    "Band 8b": 67500.0,
    "Band 8c": 80000.0,
    "Band 8d": 95000.0,
    "Band 9": 113000.0,
    "VSM": 160000.0,
    "Consultant": 120000.0,
}


def _group(code: str) -> str:
    cls = classify_occupation_code(code or "")
    if cls is None:
        return "unknown"
    if cls.profession is not None:
        return str(cls.profession)
    return cls.main_staff_group.split()[0].lower()


def trust_stock(
    seed: int,
) -> tuple[dict[Cell, int], dict[str, int], dict[Cell, float], dict[Cell, float]]:
    trust = generate_trust(seed=seed, staff=5000, snapshot_dates=[START])
    frame = trust.snapshots[-1][1]
    counts: dict[Cell, int] = {}
    fte: dict[Cell, float] = {}
    pay: dict[Cell, float] = {}
    for code, tier, status, born, f, band in frame.select(
        "occupation_code",
        "management_tier",
        "registration_status",
        "date_of_birth",
        "assignment_fte",
        "pay_band",
    ).iter_rows():
        tier = tier if tier in TIERS else "none"
        age = START.year - int(str(born)[:4])
        cell = Cell(_group(code), tier, status == "registered", age_band(age))
        counts[cell] = counts.get(cell, 0) + 1
        fte[cell] = fte.get(cell, 0.0) + float(f or 1.0)
        pay[cell] = pay.get(cell, 0.0) + PAY.get(band, 30000.0)
    establishment = {t: int(sum(n for c, n in counts.items() if c.tier == t) * 1.04) for t in TIERS}
    return (
        counts,
        establishment,
        {c: fte[c] / n for c, n in counts.items()},
        {c: pay[c] / n for c, n in counts.items()},
    )


def scenario(seeds: list[int]) -> Scenario:
    counts: dict[Cell, int] = {}
    establishment = dict.fromkeys(TIERS, 0)
    fte: dict[Cell, float] = {}
    pay: dict[Cell, float] = {}
    for seed in seeds:
        c, e, f, p = trust_stock(seed)
        for cell, n in c.items():
            counts[cell] = counts.get(cell, 0) + n
            fte[cell], pay[cell] = f[cell], p[cell]
        for t in TIERS:
            establishment[t] += e[t]
    rates = Rates(
        leave={("*", label): 0.008 for label in AGE_LABELS},
        step_down=dict.fromkeys(TIERS[:5], 0.002),
        fill=dict.fromkeys(TIERS, 0.25),
        external_share=dict.fromkeys(TIERS, 0.4),
        clinician_share=dict.fromkeys(TIERS, 0.45),
        programme_conversion=0.2,
    )
    return Scenario(
        start=START,
        months=120,
        stock=Stock(counts=counts, fte=fte, pay=pay),
        establishment=establishment,
        rates=rates,
        levers=Levers(
            retirement_age=67,
            hybrid_posts_per_year=2,
            programme_places_per_year=20,
            programme_places_baseline=10,
        ),
        runs=1000,
        seed=1,
    )


CPU: dict[str, float] = {}


def timed(fn: object, repeat: int = 3, name: str = "") -> float:
    """Median wall time; the median CPU time of this process goes in CPU[name] (the machine the
    benches run on is shared, and CPU time is what the engine costs when it has a core to itself)."""
    times, cpu = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    CPU[name] = round(statistics.median(cpu), 2)
    return round(statistics.median(times), 2)


def main() -> None:
    trust = scenario([1])
    icb = scenario([1, 2, 3, 4, 5])
    run_s = timed(lambda: simulate(trust), name="run")
    start = simulate(trust, months=1).series["clinician_share.senior_leadership"][0, 0]
    goal = goal_from_json(
        {
            "metric": "clinician_share.senior_leadership",
            "target": round(float(start) + 0.05, 3),
            "by": "2031-11-30",
            "probability": 0.8,
            "lever": "clinician_vacancy_share",
        },
        start=START,
        months=120,
    )
    found: dict[str, object] = {}
    goal_s = timed(lambda: found.update(goal_seek(trust, goal)), repeat=1, name="goal_seek")
    icb_s = timed(lambda: simulate(icb), repeat=1, name="icb")
    print(
        json.dumps(
            {
                "bench": "scenarios",
                "staff": trust.stock.headcount(),
                "cells_occupied": len(trust.stock.counts),
                "runs": trust.runs,
                "months": trust.months,
                "run_s": run_s,
                "run_cpu_s": CPU["run"],
                "run_target_s": 5,
                "goal_seek_s": goal_s,
                "goal_seek_cpu_s": CPU["goal_seek"],
                "goal_seek_target_s": 30,
                "goal_seek_evaluations": len(found.get("evaluations", [])),  # type: ignore[arg-type]
                "goal_seek_value": found.get("value"),
                "icb_staff": icb.stock.headcount(),
                "icb_run_s": icb_s,
                "icb_run_cpu_s": CPU["icb"],
                "icb_target_s": 20,
            }
        )
    )


if __name__ == "__main__":
    main()
