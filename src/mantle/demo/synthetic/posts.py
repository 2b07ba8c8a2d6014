"""From structure to establishment: build each organisation's posts and stack them into one table.

The :class:`PostTable` holds the posts of one or many organisations with global indices, which is
what the vectorised filling and extract code works on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from mantle.demo.synthetic import calibration as cal
from mantle.demo.synthetic.establishment import SECOND, SHARED, Builder, Establishment, finalise
from mantle.demo.synthetic.people import REG_KINDS
from mantle.demo.synthetic.profiles import PROFILE_INDEX, required_registration
from mantle.demo.synthetic.structures.acute import build_acute
from mantle.demo.synthetic.structures.ambulance import FILLERS_AMBULANCE, build_ambulance
from mantle.demo.synthetic.structures.board import add_board, add_medical_leadership
from mantle.demo.synthetic.structures.community import build_community
from mantle.demo.synthetic.structures.corporate import (
    FILLERS_CLINICAL,
    FILLERS_CORPORATE,
    add_corporate,
)
from mantle.demo.synthetic.structures.icb import FILLERS_ICB, build_icb
from mantle.demo.synthetic.structures.mental_health import build_mental_health

IntArray = npt.NDArray[np.int64]

KIND_SINGLE, KIND_SHARED, KIND_SECOND = 0, 1, 2
_NURSING_CODE = {
    "acute": "N0A",
    "mental_health": "N0E",
    "community": "N0H",
    "ambulance": "N0A",
    "icb": "N0H",
}
_MANAGEMENT_TIERS = ("board_non_executive", "board_executive", "senior", "middle", "first_line")


def build_establishment(
    *, org_type: str, target_fte: float, rng: np.random.Generator
) -> Establishment:
    """Build the posts of one organisation of ``org_type`` sized to ``target_fte``.

    Rule: a unitary board, corporate directorates and the type's clinical structure, budgeted so
    that FTE by staff group follows the June 2018 mix for that type of organisation.
    """
    if org_type not in cal.ORG_TYPES:
        raise ValueError(f"unknown org_type {org_type!r}; expected one of {cal.ORG_TYPES}")
    b = Builder(org_type=org_type, target_fte=target_fte, rng=rng)
    nursing = _NURSING_CODE[org_type]
    board = add_board(
        b,
        unit="Board" if org_type == "icb" else "Trust Board",
        nursing_code=nursing,
        operations_code="G0E" if org_type == "ambulance" else "G0D",
    )
    if org_type == "icb":
        build_icb(b, board=board)
        return finalise(b, fillers_corporate=FILLERS_ICB, fillers_clinical=FILLERS_ICB)
    add_corporate(b, board, divisions=max(1, round(target_fte / 1000)), nursing_code=nursing)
    build = {
        "acute": build_acute,
        "mental_health": build_mental_health,
        "community": build_community,
        "ambulance": build_ambulance,
    }[org_type]
    consultants = build(b, board=board)
    add_medical_leadership(b, board=board, consultant_posts=consultants)
    clinical = FILLERS_AMBULANCE if org_type == "ambulance" else FILLERS_CLINICAL
    return finalise(b, fillers_corporate=FILLERS_CORPORATE, fillers_clinical=clinical)


@dataclass
class PostTable:
    """Posts of one or more organisations; parent, pool and extra links are global indices."""

    org: IntArray
    frame: pl.DataFrame  # establishment columns as strings (org_code first)
    parent: IntArray
    profile: IntArray
    tier: list[str]
    kind: IntArray
    budget: npt.NDArray[np.float64]
    pool_post: IntArray
    extra_post: IntArray
    created: IntArray
    reg_required: IntArray
    statutory: npt.NDArray[np.bool_]
    signature: IntArray  # posts with equal signature share profile, occupation code and band

    def __len__(self) -> int:
        return len(self.org)


def _explicit_tiers(rng: np.random.Generator, tiers: list[str]) -> list[str]:
    """Which tiers the organisation records itself (the rest is left for the importer to infer).

    Rule: board posts always carry their tier; otherwise about a third of organisations record
    none, half record a fifth of their management posts, and the rest record all of them and mark
    some ordinary posts ``none``.
    """
    u = rng.random()
    share_management, share_none = (
        (0.0, 0.0) if u < 0.35 else (0.2, 0.0) if u < 0.85 else (1.0, 0.1)
    )
    draws = rng.random(len(tiers))
    out = []
    for tier, d in zip(tiers, draws.tolist(), strict=True):
        if tier.startswith("board_"):
            out.append(tier)
        elif tier in _MANAGEMENT_TIERS:
            out.append(tier if d < share_management else "")
        else:
            out.append(tier if d < share_none else "")
    return out


def _position_numbers(rng: np.random.Generator, n: int, base: int) -> list[str]:
    gaps = rng.integers(1, 8, size=n)
    return [str(v) for v in (base + np.cumsum(gaps)).tolist()]


def stack(
    establishments: list[Establishment],
    *,
    org_codes: list[str],
    position_bases: list[int],
    rng: np.random.Generator,
    late_share: float = 0.0,
    snapshots: int = 1,
) -> PostTable:
    """Stack organisations' establishments into one table with global indices.

    ``late_share`` of leaf posts are created only at a later snapshot (1..snapshots-1), so the
    establishment grows over time and "every post ever defined" is more than the first extract.
    """
    frames: list[pl.DataFrame] = []
    org: list[IntArray] = []
    parent: list[IntArray] = []
    pool: list[IntArray] = []
    extra: list[IntArray] = []
    created: list[IntArray] = []
    offset = 0
    tiers: list[str] = []
    for k, est in enumerate(establishments):
        n = len(est)
        positions = _position_numbers(rng, n, position_bases[k])
        par = np.asarray(est.parent, dtype=np.int64)
        explicit = _explicit_tiers(rng, est.tier)
        critical = ["Y" if t.startswith("board_") or t == "senior" else "N" for t in est.tier]
        frames.append(
            pl.DataFrame(
                {
                    "org_code": [org_codes[k]] * n,
                    "position_number": positions,
                    "position_title": est.title,
                    "unit_path": est.unit,
                    "reports_to_position_number": [positions[p] if p >= 0 else "" for p in par],
                    "occupation_code": est.occupation,
                    "job_role": est.job_role,
                    "pay_band": est.band,
                    "budgeted_fte": [f"{b:.2f}" for b in est.budget],
                    "management_tier": explicit,
                    "statutory_clinical_role": est.statutory,
                    "critical": critical,
                },
                schema=dict.fromkeys(ESTABLISHMENT_FRAME_COLUMNS, pl.Utf8),
            )
        )
        org.append(np.full(n, k, dtype=np.int64))
        parent.append(np.where(par >= 0, par + offset, -1))
        pool.append(
            np.where(np.asarray(est.pool_post) >= 0, np.asarray(est.pool_post) + offset, -1)
        )
        extra.append(
            np.where(np.asarray(est.extra_post) >= 0, np.asarray(est.extra_post) + offset, -1)
        )
        late = np.zeros(n, dtype=np.int64)
        if snapshots > 1 and late_share > 0:
            late = _late_posts(rng, est, late_share=late_share, snapshots=snapshots)
        created.append(late)
        tiers.extend(est.tier)
        offset += n
    frame = pl.concat(frames)
    all_est_kind = [k for est in establishments for k in est.kind]
    kind = np.asarray(
        [
            KIND_SHARED if k == SHARED else KIND_SECOND if k == SECOND else KIND_SINGLE
            for k in all_est_kind
        ],
        dtype=np.int64,
    )
    occupations = frame["occupation_code"].to_list()
    required_by_code = {
        code: REG_KINDS.index(required_registration(occupation_code=code))
        for code in set(occupations)
    }
    return PostTable(
        org=np.concatenate(org),
        frame=frame,
        parent=np.concatenate(parent),
        profile=np.asarray([p for est in establishments for p in est.profile], dtype=np.int64),
        tier=tiers,
        kind=kind,
        budget=np.asarray([b for est in establishments for b in est.budget], dtype=np.float64),
        pool_post=np.concatenate(pool),
        extra_post=np.concatenate(extra),
        created=np.concatenate(created),
        reg_required=np.asarray([required_by_code[c] for c in occupations], dtype=np.int64),
        statutory=(frame["statutory_clinical_role"] == "Y").to_numpy(),
        signature=frame.select(pl.struct("occupation_code", "pay_band", "job_role").rank("dense"))
        .to_series()
        .to_numpy()
        .astype(np.int64),
    )


def _late_posts(
    rng: np.random.Generator, est: Establishment, *, late_share: float, snapshots: int
) -> IntArray:
    """The snapshot at which each post is created (0 for most).

    Rule: only leaf posts can be new (nobody reports to them, no consultant pool or clinical
    home points at them, not board posts, not sessional posts); pooled posts are new a quarter as
    often as single ones, since a new pool is a new service but a new single post just a new role.
    """
    n = len(est)
    kind = np.asarray(est.kind)
    parent = np.asarray(est.parent, dtype=np.int64)
    pool = np.asarray(est.pool_post, dtype=np.int64)
    extra = np.asarray(est.extra_post, dtype=np.int64)
    leaf = np.ones(n, dtype=bool)
    leaf[parent[parent >= 0]] = False
    leaf[pool[pool >= 0]] = False
    leaf[extra[extra >= 0]] = False
    leaf &= ~np.char.startswith(np.asarray(est.tier), "board_") & (kind != SECOND)
    share = np.where(kind == SHARED, late_share / 4, late_share)
    chosen = leaf & (rng.random(n) < share)
    late = np.zeros(n, dtype=np.int64)
    late[chosen] = rng.integers(1, snapshots, size=int(chosen.sum()))
    return late


ESTABLISHMENT_FRAME_COLUMNS = (
    "org_code",
    "position_number",
    "position_title",
    "unit_path",
    "reports_to_position_number",
    "occupation_code",
    "job_role",
    "pay_band",
    "budgeted_fte",
    "management_tier",
    "statutory_clinical_role",
    "critical",
)


def vacancy_rates(*, posts: PostTable) -> npt.NDArray[np.float64]:
    """Probability that each single or sessional post is empty on an extract date."""
    rates = np.asarray([cal.VACANCY_RATE.get(t, 0.04) for t in posts.tier], dtype=np.float64)
    rates[posts.profile == PROFILE_INDEX["chair"]] = cal.VACANCY_RATE["chair"]
    rates[posts.profile == PROFILE_INDEX["chief_executive"]] = cal.VACANCY_RATE["chief_executive"]
    return rates
