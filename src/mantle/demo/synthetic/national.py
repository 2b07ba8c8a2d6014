"""The synthetic NHS in England: every trust and ICB, sized and staffed like the real thing."""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import polars as pl

from mantle.demo.synthetic import calibration as cal
from mantle.demo.synthetic.extract import build_extract
from mantle.demo.synthetic.filling import fill_posts, staffing_levels
from mantle.demo.synthetic.geography import place_names, synthetic_icbs, trust_codes, trust_name
from mantle.demo.synthetic.model import SyntheticNation
from mantle.demo.synthetic.people import RegistrationLedger
from mantle.demo.synthetic.posts import build_establishment, stack
from mantle.demo.synthetic.trust import IN_POST_SHARE, day_number

# Below this many FTE a scaled-down organisation keeps its board and a skeleton service.
MINIMUM_FTE = 30.0
TRUST_TYPES = ("acute", "mental_health", "community", "ambulance")


def draw_sizes(rng: np.random.Generator, *, org_type: str, count: int) -> npt.NDArray[np.float64]:
    """Organisation sizes (FTE in post) following the June 2018 distribution for the type.

    Rule: stratified draws from the embedded percentile table (inverse CDF, linear between
    percentiles), so even ten organisations span the distribution rather than clustering.
    """
    table = np.asarray(cal.SIZE_PERCENTILES[org_type], dtype=np.float64)
    grid = np.linspace(0.0, 1.0, len(table))
    u = (rng.permutation(count) + rng.random(count)) / count
    return np.interp(u, grid, table)


def _plan(rng: np.random.Generator) -> list[tuple[str, str, str, str, float]]:
    """(code, name, org_type, icb_code, size) for every organisation, trusts by code then ICBs."""
    icbs = synthetic_icbs()
    weights = rng.lognormal(0.0, 0.45, len(icbs))
    weights /= weights.sum()
    trusts: list[tuple[str, str, float]] = []  # type, icb, size
    for org_type in TRUST_TYPES:
        sizes = draw_sizes(rng, org_type=org_type, count=cal.ORG_COUNTS[org_type])
        if org_type == "ambulance":
            hosts = []
            for region, count in cal.AMBULANCE_TRUSTS_PER_REGION.items():
                in_region = [i.code for i in icbs if i.region_code == region]
                hosts += [
                    in_region[int(j)] for j in rng.choice(len(in_region), count, replace=False)
                ]
        else:
            hosts = [icbs[int(j)].code for j in rng.choice(len(icbs), len(sizes), p=weights)]
        trusts += [(org_type, host, float(size)) for host, size in zip(hosts, sizes, strict=True)]
    order = rng.permutation(len(trusts))
    codes = trust_codes(count=len(trusts))
    places = place_names(rng, count=len(trusts))
    plan = []
    for code, place, k in zip(codes, places, order.tolist(), strict=True):
        org_type, host, size = trusts[k]
        plan.append((code, trust_name(rng, place=place, org_type=org_type), org_type, host, size))
    icb_sizes = draw_sizes(rng, org_type="icb", count=len(icbs))
    plan += [
        (icb.code, icb.name, "icb", icb.code, float(size))
        for icb, size in zip(icbs, icb_sizes, strict=True)
    ]
    return plan


def generate_national(*, seed: int = 1, scale: float = 1.0, as_of: date) -> SyntheticNation:
    """Generate every NHS trust and ICB in England with their workforce extract on ``as_of``.

    Rules: 228 trusts (148 acute, 52 mental health, 18 community, 10 ambulance — the June 2018
    landscape) and the 42 ICBs, each ICB employing its own (commissioning) workforce; each
    organisation's FTE is drawn from its type's June 2018 size distribution times ``scale``; the
    same seed and scale always give identical frames. ``organisations`` lists the trusts,
    ``icbs`` the boards.
    """
    if seed < 0:
        raise ValueError("seed must be zero or a positive integer")
    if not 0 < scale <= 2:
        raise ValueError("scale must be in (0, 2]")
    rng = np.random.default_rng(np.random.SeedSequence([seed, 11]))
    plan = _plan(rng)
    establishments = []
    for k, (_, _, org_type, _, size) in enumerate(plan):
        target = max(size * scale, MINIMUM_FTE) / IN_POST_SHARE[org_type]
        org_rng = np.random.default_rng(np.random.SeedSequence([seed, 11, k]))
        establishments.append(
            build_establishment(org_type=org_type, target_fte=target, rng=org_rng)
        )
    n_orgs = len(plan)
    posts = stack(
        establishments,
        org_codes=[p[0] for p in plan],
        position_bases=[20_000_000 + 250_000 * k for k in range(n_orgs)],
        rng=rng,
    )
    assignments, people = fill_posts(
        rng,
        posts,
        ref_day=day_number(as_of),
        ledger=RegistrationLedger(),
        employee_bases=10_000_000 + 300_000 * np.arange(n_orgs, dtype=np.int64),
        live=np.ones(len(posts), dtype=bool),
        fill=staffing_levels(rng, count=len(posts)),
    )
    extract = build_extract(posts=posts, people=people, assignments=assignments)
    heads = dict(extract.group_by("org_code").agg(pl.col("employee_number").n_unique()).iter_rows())
    region = {icb.code: icb.region_code for icb in synthetic_icbs()}
    trusts = [p for p in plan if p[2] != "icb"]
    organisations = pl.DataFrame(
        {
            "code": [p[0] for p in trusts],
            "name": [p[1] for p in trusts],
            "org_type": [p[2] for p in trusts],
            "region_code": [region[p[3]] for p in trusts],
            "icb_code": [p[3] for p in trusts],
            "staff": [int(heads.get(p[0], 0)) for p in trusts],
        },
        schema_overrides={"staff": pl.Int64},
    )
    icbs = pl.DataFrame(
        {
            "code": [i.code for i in synthetic_icbs()],
            "name": [i.name for i in synthetic_icbs()],
            "region_code": [i.region_code for i in synthetic_icbs()],
            "staff": [int(heads.get(i.code, 0)) for i in synthetic_icbs()],
        },
        schema_overrides={"staff": pl.Int64},
    )
    return SyntheticNation(
        icbs=icbs,
        organisations=organisations,
        extract=extract,
        establishment=posts.frame,
    )
