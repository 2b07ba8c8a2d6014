"""Time the capability heatmap and coverage on 100,000 completed assessments × 9 dimensions.

Run: ``.venv/bin/python bench/bench_capability_heatmap.py`` from the repository root.
Pages slice their tables from a snapshot decided once per month-end (by the worker, after an
import or a write): the slice must fit the page budget (≤ 300 ms, issue 12); the decision itself is
timed too (cold). Prints one JSON line.
"""

from __future__ import annotations

import json
import time
from datetime import date, timedelta

import numpy as np
import polars as pl

from mantle.capability.engine.heatmap import coverage, heatmap_decision

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


def timed(label: str, action: object) -> float:
    begin = time.perf_counter()
    result = action()  # type: ignore[operator]
    elapsed = time.perf_counter() - begin
    rows = getattr(result, "height", None)
    print(
        f"{label:<52} {elapsed * 1000:8.1f} ms" + (f"  ({rows} rows)" if rows is not None else "")
    )
    return elapsed * 1000


def main() -> None:
    people, assessments = make_frames(ROWS)
    print(f"{assessments.height:,} completed assessments × {len(DIMENSIONS)} dimensions")
    figures: dict[str, float] = {}
    # The decision behind every table of a month-end (done once, by the worker, and cached).
    exact = None
    protected = None

    def decide_exact() -> object:
        nonlocal exact
        exact = heatmap_decision(assessments, dimensions=DIMENSIONS, threshold=5, protect=False)
        return exact

    def decide_protected() -> object:
        nonlocal protected
        protected = heatmap_decision(assessments, dimensions=DIMENSIONS, threshold=5)
        return protected

    figures["snapshot_exact_ms"] = timed("snapshot, exact (HR/OD)", decide_exact)
    figures["snapshot_protected_ms"] = timed(
        "snapshot, protected (every other reader)", decide_protected
    )
    # What a page does: slice a table from the snapshot.
    slowest = 0.0
    for snapshot, mode in ((exact, True), (protected, False)):
        for by, depth in (
            ("staff_group", None),
            ("tier", None),
            ("unit", None),
            ("unit", 3),
            ("org_code", None),
        ):
            ms = timed(
                f"heatmap by {by}{f' depth {depth}' if depth else ''} ({'exact' if mode else 'protected'})",
                lambda snapshot=snapshot, by=by, depth=depth, mode=mode: snapshot.table(  # type: ignore[union-attr]
                    by=by, unit_depth=depth, exact=mode
                ),
            )
            slowest = max(slowest, ms)
    figures["table_from_snapshot_max_ms"] = round(slowest, 1)
    for by in ("staff_group", "unit"):
        figures[f"coverage_{by}_ms"] = timed(
            f"coverage by {by} (protected, decided)",
            lambda by=by: coverage(people, assessments, as_of=date(2026, 9, 30), by=by),
        )
    print(json.dumps({k: round(v, 1) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
