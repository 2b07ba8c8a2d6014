"""One synthetic trust with a history of monthly extracts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from mantle.demo.synthetic import calibration as cal
from mantle.demo.synthetic.churn import TrustState, advance
from mantle.demo.synthetic.extract import ESTABLISHMENT_COLUMNS, build_extract
from mantle.demo.synthetic.filling import fill_posts, staffing_levels
from mantle.demo.synthetic.geography import ICB_CODE, TRUST_CODE, region_of_icb
from mantle.demo.synthetic.model import SyntheticOrganisation, SyntheticTrust
from mantle.demo.synthetic.people import RegistrationLedger
from mantle.demo.synthetic.posts import build_establishment, stack

_EPOCH = date(1970, 1, 1)
# FTE in post per head of staff, and FTE in post per budgeted FTE, by organisation type: what
# the generator produces on average (measured by bench/bench_synthetic.py --calibrate). They turn
# a requested headcount or a published FTE-in-post size into an establishment budget.
FTE_PER_HEAD = {
    "acute": 0.846,
    "mental_health": 0.830,
    "community": 0.830,
    "ambulance": 0.953,
    "icb": 0.827,
}
IN_POST_SHARE = {
    "acute": 0.930,
    "mental_health": 0.931,
    "community": 0.930,
    "ambulance": 0.929,
    "icb": 0.919,
}
LATE_POST_SHARE = 0.02


def day_number(d: date) -> int:
    """Days since 1970-01-01 (the generator's internal date)."""
    return (d - _EPOCH).days


def generate_trust(
    *,
    seed: int = 1,
    staff: int = 5000,
    code: str = "R1A",
    name: str = "Northgate Hospitals NHS Foundation Trust",
    org_type: str = "acute",
    icb_code: str = "QAA",
    snapshot_dates: Sequence[date],
) -> SyntheticTrust:
    """Generate one trust's workforce extracts on each snapshot date (earliest first).

    Rules: the same arguments always give byte-identical frames; the first extract has about
    ``staff`` people; between consecutive extracts people leave (about one in nine a year, pro
    rata), starters refill posts, vacancies are filled by promotion or from outside, people move,
    change hours and let registrations lapse; a post never changes its definition. The
    establishment lists every post ever defined, including vacant ones and posts created after
    the first extract.
    """
    if seed < 0:
        raise ValueError("seed must be zero or a positive integer")
    if org_type not in cal.ORG_TYPES:
        raise ValueError(f"unknown org_type {org_type!r}; expected one of {cal.ORG_TYPES}")
    pattern = ICB_CODE if org_type == "icb" else TRUST_CODE
    if not pattern.match(code):
        raise ValueError(f"organisation code {code!r} is not a well-formed ODS code for {org_type}")
    if not ICB_CODE.match(icb_code):
        raise ValueError(f"ICB code {icb_code!r} is not Q followed by two characters")
    if staff < 50:
        raise ValueError("a trust needs at least 50 staff to have a board and services")
    dates = sorted(snapshot_dates)
    if not dates:
        raise ValueError("at least one snapshot date is needed")
    if len(set(dates)) != len(dates):
        raise ValueError("snapshot dates must be distinct")
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7, staff]))
    establishment = build_establishment(
        org_type=org_type,
        target_fte=staff * FTE_PER_HEAD[org_type] / IN_POST_SHARE[org_type],
        rng=rng,
    )
    posts = stack(
        [establishment],
        org_codes=[code],
        position_bases=[int(rng.integers(10_000_000, 20_000_000))],
        rng=rng,
        late_share=LATE_POST_SHARE,
        snapshots=len(dates),
    )
    ledger = RegistrationLedger()
    fill_target = staffing_levels(rng, count=len(posts))
    employee_base = int(rng.integers(20_000_000, 30_000_000))
    assignments, people = fill_posts(
        rng,
        posts,
        ref_day=day_number(dates[0]),
        ledger=ledger,
        employee_bases=np.asarray([employee_base], dtype=np.int64),
        live=posts.created == 0,
        fill=fill_target,
    )
    state = TrustState(
        posts=posts,
        people=people,
        assignments=assignments,
        ledger=ledger,
        fill_target=fill_target,
        next_seq=_next_seq(assignments.person, assignments.seq, len(people)),
        next_employee=int(people.frame["employee_number"].to_numpy().max(initial=employee_base)),
    )
    snapshots = []
    for k, when in enumerate(dates):
        if k:
            advance(
                rng, state, from_day=day_number(dates[k - 1]), to_day=day_number(when), snapshot=k
            )
        snapshots.append(
            (
                when,
                build_extract(
                    posts=state.posts, people=state.people, assignments=state.assignments
                ),
            )
        )
    organisation = SyntheticOrganisation(
        code=code,
        name=name,
        org_type=org_type,
        region_code=region_of_icb(icb_code=icb_code),
        icb_code=icb_code,
        staff=int(snapshots[0][1]["employee_number"].n_unique()),
    )
    return SyntheticTrust(
        organisation=organisation,
        snapshots=snapshots,
        establishment=posts.frame.select(ESTABLISHMENT_COLUMNS),
    )


def _next_seq(person: np.ndarray, seq: np.ndarray, n: int) -> np.ndarray:
    out = np.full(n, 2, dtype=np.int64)
    np.maximum.at(out, person, seq + 1)
    return out
