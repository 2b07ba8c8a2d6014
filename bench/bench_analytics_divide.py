"""Time ``divide_all`` on a national-sized synthetic workforce.

Builds (seeded, reproducible) about 1.5 million current assignments across 200 organisations,
about 150,000 management posts, with clinicians, inferred clinicians, lapsed registrations,
hybrids, shared posts, vacancies and statutory posts, then prints how long ``divide_all`` takes.

Run: ``POLARS_MAX_THREADS=2 .venv/bin/python bench/bench_analytics_divide.py``
(the budget is "well under 5 s on 2 cores").
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import polars as pl

from mantle.analytics.divide import divide_all

_TIER_POSTS_PER_ORG = {
    "board_non_executive": 8,
    "board_executive": 7,
    "senior": 40,
    "middle": 250,
    "first_line": 450,
}
_PROFESSIONS = np.array(
    [
        "medical",
        "nursing_midwifery",
        "allied_health",
        "healthcare_science",
        "pharmacy",
        "other_registered",
    ]
)
_PROFESSION_WEIGHTS = np.array([0.18, 0.52, 0.17, 0.06, 0.04, 0.03])
_UNITS_PER_ORG = 60


def synthetic_frames(*, rows: int, orgs: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Seeded holdings and posts frames of roughly ``rows`` assignments over ``orgs`` orgs."""
    rng = np.random.default_rng(seed)
    org_codes = pl.Series([f"R{i:03d}" for i in range(orgs)])
    unit_names = pl.Series(
        [f"Division {d}/Service {s}" for d in range(6) for s in range(_UNITS_PER_ORG // 6)]
    )

    # Management posts, per organisation and tier; the first two executive posts are statutory.
    post_org, post_tier, post_stat = [], [], []
    for tier, per_org in _TIER_POSTS_PER_ORG.items():
        post_org.append(np.repeat(np.arange(orgs), per_org))
        post_tier.append(np.full(orgs * per_org, tier))
        stat = np.tile(np.arange(per_org) < 2, orgs) if tier == "board_executive" else None
        post_stat.append(stat if stat is not None else np.zeros(orgs * per_org, dtype=bool))
    m_org = np.concatenate(post_org)
    m_tier = np.concatenate(post_tier)
    m_stat = np.concatenate(post_stat)
    m_unit = rng.integers(0, _UNITS_PER_ORG, m_org.size)
    n_mgmt = m_org.size
    mgmt_filled = rng.random(n_mgmt) < 0.92

    # People: the remainder of the rows are non-management assignments.
    people = rows - int(0.3 * mgmt_filled.sum())
    person_org = np.sort(rng.integers(0, orgs, people))
    org_start = np.searchsorted(person_org, np.arange(orgs))
    org_size = np.bincount(person_org, minlength=orgs)
    clinician = rng.random(people) < 0.55
    inferred = clinician & (rng.random(people) < 0.02)
    background = clinician | (rng.random(people) < 0.03)
    profession_index = rng.choice(_PROFESSIONS.size, people, p=_PROFESSION_WEIGHTS)
    has_profession = background

    # Each filled management post goes to a random person of its organisation; about 5% of
    # posts are shared by a second holder (job shares).
    filled_posts = np.flatnonzero(mgmt_filled)
    shared = filled_posts[rng.random(filled_posts.size) < 0.05]
    m_rows = np.concatenate([filled_posts, shared])
    m_person = org_start[m_org[m_rows]] + (
        rng.random(m_rows.size) * org_size[m_org[m_rows]]
    ).astype(np.int64)
    m_fte = np.where(rng.random(m_rows.size) < 0.3, 0.2, 1.0)

    # Non-management assignments: everyone without a management post, plus 30% of managers
    # (the hybrids, e.g. a consultant who is also a clinical director).
    is_manager = np.zeros(people, dtype=bool)
    is_manager[m_person] = True
    keeps_clinical = ~is_manager | (rng.random(people) < 0.3)
    c_person = np.flatnonzero(keeps_clinical)
    c_fte = np.round(rng.choice([0.4, 0.6, 0.8, 1.0], c_person.size), 5)

    person_id = np.concatenate([m_person, c_person])
    org_index = person_org[person_id]
    unit_index = np.concatenate([m_unit[m_rows], rng.integers(0, _UNITS_PER_ORG, c_person.size)])
    post_id = np.concatenate([m_rows, n_mgmt + np.arange(c_person.size)])
    holdings = pl.DataFrame(
        {
            "person_id": person_id.astype(np.int64),
            "org_code": org_codes.gather(org_index),
            "unit_path": unit_names.gather(unit_index),
            "post_id": post_id.astype(np.int64),
            "tier": np.concatenate([m_tier[m_rows], np.full(c_person.size, "none")]),
            "statutory_clinical": np.concatenate([m_stat[m_rows], np.zeros(c_person.size, bool)]),
            "fte": np.concatenate([m_fte, c_fte]),
            "is_clinician": clinician[person_id],
            "clinician_inferred": inferred[person_id],
            "clinical_background": background[person_id],
            "profession": pl.Series(_PROFESSIONS[profession_index[person_id]]).set(
                pl.Series(~has_profession[person_id]), None
            ),
        }
    )
    posts = pl.DataFrame(
        {
            "post_id": np.concatenate([np.arange(n_mgmt), n_mgmt + np.arange(c_person.size)]),
            "org_code": org_codes.gather(np.concatenate([m_org, person_org[c_person]])),
            "unit_path": unit_names.gather(np.concatenate([m_unit, unit_index[m_rows.size :]])),
            "tier": np.concatenate([m_tier, np.full(c_person.size, "none")]),
            "statutory_clinical": np.concatenate([m_stat, np.zeros(c_person.size, bool)]),
        }
    )
    return holdings, posts


def main() -> None:
    """Build the frames, run ``divide_all`` a few times and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_500_000)
    parser.add_argument("--orgs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20180630)
    args = parser.parse_args()

    holdings, posts = synthetic_frames(rows=args.rows, orgs=args.orgs, seed=args.seed)
    print(
        f"holdings: {holdings.height:,} rows, {holdings['person_id'].n_unique():,} people; "
        f"posts: {posts.height:,} ({posts.filter(pl.col('tier') != 'none').height:,} "
        f"management); organisations: {args.orgs}; "
        f"polars threads: {pl.thread_pool_size()} (POLARS_MAX_THREADS="
        f"{os.environ.get('POLARS_MAX_THREADS', 'unset')})"
    )
    wall, cpu = [], []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = divide_all(holdings=holdings, posts=posts)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    print(f"divide_all: {result.height} rows x {result.width} columns")
    # CPU seconds are printed too: on a shared machine wall time also measures the neighbours.
    print("wall seconds: " + ", ".join(f"{t:.2f}" for t in wall) + f" (best {min(wall):.2f})")
    print("cpu seconds:  " + ", ".join(f"{t:.2f}" for t in cpu) + f" (best {min(cpu):.2f})")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
