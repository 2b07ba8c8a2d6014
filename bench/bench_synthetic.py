"""Time the synthetic NHS generator and, with ``--calibrate``, re-measure its size constants.

Budgets: the national set at scale 1.0 in under 60 s, and a 5,000-staff trust with four monthly
snapshots in under 3 s, on a 2-core machine.

Run: ``POLARS_MAX_THREADS=2 .venv/bin/python bench/bench_synthetic.py``
     ``.venv/bin/python bench/bench_synthetic.py --calibrate``  (prints FTE_PER_HEAD and
     IN_POST_SHARE as measured, to paste into ``mantle/demo/synthetic/trust.py`` after changing
     profiles or structures)
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar

import numpy as np
import polars as pl

from mantle.demo.synthetic import generate_national, generate_trust
from mantle.demo.synthetic.calibration import ORG_TYPES
from mantle.demo.synthetic.trust import FTE_PER_HEAD, IN_POST_SHARE

T = TypeVar("T")
MONTH_ENDS = [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)]


def _timed(label: str, budget: float, run: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - start
    verdict = "ok" if elapsed < budget else "OVER BUDGET"
    print(f"{label:<48} {elapsed:7.2f} s  (budget {budget:.0f} s, {verdict})")
    return result


def bench(repeats: int) -> None:
    for _ in range(repeats):
        trust = _timed(
            "trust: 5,000 staff, 4 monthly snapshots",
            3.0,
            lambda: generate_trust(seed=1, staff=5000, snapshot_dates=MONTH_ENDS),
        )
    rows = sum(df.height for _, df in trust.snapshots)
    print(f"    {rows:,} extract rows over 4 snapshots, {trust.establishment.height:,} posts")
    for _ in range(repeats):
        nation = _timed(
            "nation: scale 1.0 (228 trusts, 42 ICBs)",
            60.0,
            lambda: generate_national(seed=1, scale=1.0, as_of=date(2025, 3, 31)),
        )
    people = nation.extract["employee_number"].n_unique()
    fte = nation.extract["assignment_fte"].cast(pl.Float64).sum()
    print(
        f"    {nation.extract.height:,} assignments, {people:,} people, {fte:,.0f} FTE, "
        f"{nation.establishment.height:,} posts"
    )


def calibrate() -> None:
    """Measure FTE per head and FTE in post per budgeted FTE, by organisation type."""
    print(f"{'type':<15}{'FTE per head':>14}{'in-post share':>15}   (current values)")
    for org_type in ORG_TYPES:
        heads_ratio: list[float] = []
        per_head: list[float] = []
        for seed, staff in enumerate((2500, 5000, 8000, 12000), start=1):
            size = 600 if org_type == "icb" else staff
            trust = generate_trust(
                seed=seed,
                staff=size,
                code="QAB" if org_type == "icb" else "R1A",
                org_type=org_type,
                snapshot_dates=MONTH_ENDS[:1],
            )
            extract = trust.snapshots[0][1]
            heads = extract["employee_number"].n_unique()
            heads_ratio.append(heads / size)
            fte = extract.select(pl.col("assignment_fte").cast(pl.Float64).sum()).item()
            per_head.append(fte / heads)
        measured_per_head = float(np.mean(per_head))
        # Realised FTE = staff * ratio * per_head; budget = staff * FTE_PER_HEAD / IN_POST_SHARE.
        share = IN_POST_SHARE[org_type] * float(np.mean(heads_ratio)) * measured_per_head
        share /= FTE_PER_HEAD[org_type]
        print(
            f"{org_type:<15}{measured_per_head:>14.3f}{share:>15.3f}   "
            f"({FTE_PER_HEAD[org_type]:.3f}, {IN_POST_SHARE[org_type]:.3f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=1, help="time each run this many times")
    parser.add_argument("--calibrate", action="store_true", help="re-measure size constants")
    args = parser.parse_args()
    if args.calibrate:
        calibrate()
    else:
        bench(args.repeats)


if __name__ == "__main__":
    main()
