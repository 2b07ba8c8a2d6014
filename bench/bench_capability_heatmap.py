"""Time the capability heatmap and coverage on 100,000 completed assessments × 9 dimensions.

Run: ``.venv/bin/python bench/bench_capability_heatmap.py`` from the repository root.
The target is under 2 seconds per heatmap on a developer laptop.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import numpy as np
import polars as pl

from mantle.capability.engine.heatmap import coverage, dimension_heatmap

ROWS = 100_000
DIMENSIONS = [
    "inspiring_shared_purpose",
    "leading_with_care",
    "evaluating_information",
    "connecting_our_service",
    "sharing_the_vision",
    "engaging_the_team",
    "holding_to_account",
    "developing_capability",
    "influencing_for_results",
]
STAFF_GROUPS = [
    "Medical and dental",
    "Nursing and midwifery registered",
    "Allied health professionals",
    "Additional clinical services",
    "Administrative and clerical",
    "Estates and ancillary",
    "Healthcare scientists",
    "Additional professional scientific and technical",
]
TIERS = ["board_executive", "senior", "middle", "first_line", "none"]


def make_frames(rows: int, *, seed: int = 20_240_401) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A synthetic organisation: people across 8 staff groups, 5 tiers and ~600 units."""
    rng = np.random.default_rng(seed)
    people = rows
    units = [
        f"RXX/division_{d}/directorate_{r}/team_{t}"
        for d in range(6)
        for r in range(10)
        for t in range(10)
    ]
    person_ids = np.arange(people)
    frame = pl.DataFrame(
        {
            "person_id": person_ids,
            "staff_group": rng.choice(STAFF_GROUPS, size=people),
            "tier": rng.choice(TIERS, size=people, p=[0.01, 0.04, 0.1, 0.15, 0.7]),
            "unit_path": rng.choice(units, size=people),
            "org_code": "RXX",
        }
    )
    start = date(2024, 1, 1)
    days = rng.integers(0, 1000, size=rows)
    assessments = frame.with_columns(
        completed_on=pl.Series([start + timedelta(days=int(d)) for d in days]),
        kind=pl.Series(rng.choice(["self", "360"], size=rows)),
        **{key: pl.Series(np.round(rng.uniform(1, 4, size=rows), 2)) for key in DIMENSIONS},
    )
    return frame, assessments


def timed(label: str, action: object) -> None:
    begin = time.perf_counter()
    result = action()  # type: ignore[operator]
    elapsed = time.perf_counter() - begin
    print(f"{label:<40} {elapsed * 1000:8.1f} ms  ({result.height} rows)")


def main() -> None:
    people, assessments = make_frames(ROWS)
    print(f"{assessments.height:,} completed assessments × {len(DIMENSIONS)} dimensions")
    for by in ("staff_group", "tier", "unit", "org_code"):
        timed(
            f"heatmap by {by}",
            lambda by=by: dimension_heatmap(assessments, dimensions=DIMENSIONS, by=by, threshold=5),
        )
    timed(
        "heatmap by unit (directorate level)",
        lambda: dimension_heatmap(
            assessments, dimensions=DIMENSIONS, by="unit", unit_depth=3, threshold=5
        ),
    )
    for by in ("staff_group", "unit"):
        timed(
            f"coverage by {by}",
            lambda by=by: coverage(people, assessments, as_of=date(2026, 9, 30), by=by),
        )


if __name__ == "__main__":
    main()
