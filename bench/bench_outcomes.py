"""Time outcome models (issue 16 budgets): the full trust–year panel with two-way fixed effects
(≤ 1 s) and a within-trust unit-level model for a 5,000-staff trust over 36 months (≤ 2 s).

The panel is the LSE hospital management panel from ``../shared/data`` when present (SHMI on log
managers and log consultants FTE, every trust and year: about 950 observations), else a synthetic
panel of the same shape. The unit model is synthetic: 150 units (the 5,000-staff demo trust has
122 units at every depth) × 36 month ends, three leadership measures.
Each time includes preparing the data (filters, alignment, transforms) and the fit.

Run: ``.venv/bin/python bench/bench_outcomes.py`` — prints one JSON line. It runs with one BLAS
thread (``OPENBLAS_NUM_THREADS=1`` unless set), the setting docs/operations.md recommends for web
workers: on the shared 2-core machine, competing BLAS threads made the unit model 4–7 times slower.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy is imported

import json
import time
from pathlib import Path

import numpy as np
import polars as pl

from mantle.analytics.outcomes import LONG_SCHEMA, fit_model, model_data, spec_parse

SHARED = Path(
    os.environ.get("MANTLE_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)


def _panel() -> tuple[pl.DataFrame, str]:
    folder = SHARED / "hospital_management"
    if folder.exists():
        from mantle.outcomes.parsers import parse_consultants, parse_managers, parse_shmi

        rows = []
        for parse, name in (
            (parse_managers, "managers_simple_def.csv"),
            (parse_consultants, "consultants_simple_def.csv"),
            (parse_shmi, "shmi.csv"),
        ):
            parsed = parse(source=folder / name, filename=name)
            rows += [
                (r.org_code, "", r.period, r.measure, r.value, r.denominator) for r in parsed.rows
            ]
        return pl.DataFrame(rows, schema=LONG_SCHEMA, orient="row"), "lse_panel"
    rng = np.random.default_rng(16)
    rows = []
    for i in range(150):
        size = rng.uniform(3, 6)
        for year in range(2012, 2019):
            managers = float(np.exp(size + rng.normal(0, 0.1)))
            consultants = float(np.exp(size - 1 + rng.normal(0, 0.1)))
            rows.append((f"R{i:02d}", "", str(year), "managers_fte", managers, None))
            rows.append((f"R{i:02d}", "", str(year), "consultants_fte", consultants, None))
            rows.append((f"R{i:02d}", "", str(year), "shmi", float(rng.normal(1, 0.1)), None))
    return pl.DataFrame(rows, schema=LONG_SCHEMA, orient="row"), "synthetic_panel"


def _units(units: int = 150, months: int = 36) -> pl.DataFrame:
    rng = np.random.default_rng(7)
    periods = [f"{2024 + m // 12}-{m % 12 + 1:02d}" for m in range(months)]
    frames = []
    for name, centre in (
        ("mantle_clinician_share_all_management", 70.0),
        ("mantle_managers_per_100_staff", 10.0),
        ("mantle_management_vacancy_rate", 5.0),
        ("sickness_absence", 4.5),
    ):
        n = units * months
        frames.append(
            pl.DataFrame(
                {
                    "org_code": ["RBM"] * n,
                    "unit_path": [
                        f"Division {u // 30}/Unit {u}" for u in range(units) for _ in periods
                    ],
                    "period": periods * units,
                    "measure": [name] * n,
                    "value": rng.normal(centre, centre / 10, n),
                    "denominator": [None] * n,
                },
                schema=LONG_SCHEMA,
            )
        )
    return pl.concat(frames)


def main() -> None:
    panel, source = _panel()
    panel_spec = spec_parse(
        {
            "outcome": "shmi",
            "regressors": [
                {"measure": "managers_fte", "transform": "log"},
                {"measure": "consultants_fte", "transform": "log"},
            ],
            "fixed_effects": ["organisation", "period"],
            "cluster": "organisation",
        }
    )
    started = time.perf_counter()
    panel_result = fit_model(panel_spec, model_data(panel_spec, panel))
    panel_seconds = time.perf_counter() - started

    units = _units()
    unit_spec = spec_parse(
        {
            "outcome": "sickness_absence",
            "regressors": [
                "mantle_clinician_share_all_management",
                "mantle_managers_per_100_staff",
                "mantle_management_vacancy_rate",
            ],
            "fixed_effects": ["unit", "period"],
            "cluster": "unit",
            "level": "unit",
            "filters": {"organisation": "RBM"},
        }
    )
    started = time.perf_counter()
    unit_result = fit_model(unit_spec, model_data(unit_spec, units))
    unit_seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "bench": "outcomes",
                "panel_source": source,
                "panel_nobs": panel_result.nobs,
                "panel_clusters": panel_result.n_clusters,
                "panel_two_way_fe_seconds": round(panel_seconds, 3),
                "panel_budget_seconds": 1.0,
                "unit_nobs": unit_result.nobs,
                "unit_clusters": unit_result.n_clusters,
                "unit_model_seconds": round(unit_seconds, 3),
                "unit_budget_seconds": 2.0,
                "blas_threads": os.environ["OPENBLAS_NUM_THREADS"],
            }
        )
    )


if __name__ == "__main__":
    main()
