"""Synthetic geography: the 42 integrated care boards and the trust codes and names."""

from __future__ import annotations

import re
import zlib
from functools import cache

import numpy as np

from mantle.demo.synthetic.calibration import ICBS_PER_REGION
from mantle.demo.synthetic.model import SyntheticICB
from mantle.demo.synthetic.names import ICB_PLACES, PLACE_ENDINGS, PLACE_STEMS

TRUST_CODE = re.compile(r"^R[A-Z0-9]{2}$")
ICB_CODE = re.compile(r"^Q[A-Z0-9]{2}$")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@cache
def synthetic_icbs() -> tuple[SyntheticICB, ...]:
    """The 42 synthetic ICBs, QAA … QBP, spread over the seven regions as the real ones are.

    Rule: fixed, whatever the seed, so a trust's ICB code always names the same board; real ICB
    codes never start ``QA`` or ``QB``, so synthetic and real codes cannot be confused.
    """
    codes = [f"QA{x}" for x in _LETTERS] + [f"QB{x}" for x in _LETTERS]
    regions = [region for region, count in ICBS_PER_REGION.items() for _ in range(count)]
    return tuple(
        SyntheticICB(code=code, name=f"NHS {place} Integrated Care Board", region_code=region)
        for code, place, region in zip(codes, ICB_PLACES, regions, strict=False)
    )


def region_of_icb(*, icb_code: str) -> str:
    """The region of a synthetic ICB; any other well-formed code gets a stable region of its own."""
    for icb in synthetic_icbs():
        if icb.code == icb_code:
            return icb.region_code
    regions = sorted(ICBS_PER_REGION)
    return regions[zlib.crc32(icb_code.encode()) % len(regions)]


def trust_codes(*, count: int) -> list[str]:
    """Trust codes R2A, R2B, … R9Z, then R20 … R99: ODS-shaped, and outside the R0x/R1x block
    in which real three-character R-codes of this shape sit (and ``R1A``, the demo trust)."""
    codes = [f"R{d}{x}" for d in "23456789" for x in _LETTERS]
    codes += [f"R{d}{x}" for d in "23456789" for x in "0123456789"]
    if count > len(codes):
        raise ValueError(f"at most {len(codes)} synthetic trust codes are available")
    return codes[:count]


def place_names(rng: np.random.Generator, *, count: int) -> list[str]:
    """Distinct invented place names, e.g. ``Kestrelford``."""
    combos = [stem + ending for stem in PLACE_STEMS for ending in PLACE_ENDINGS]
    if count > len(combos):
        raise ValueError("not enough invented place names")
    picks = rng.choice(len(combos), size=count, replace=False)
    return [combos[i] for i in picks.tolist()]


_PATTERNS = {
    "acute": (
        "{} Hospitals NHS Foundation Trust",
        "{} University Hospitals NHS Trust",
        "{} Teaching Hospitals NHS Foundation Trust",
        "{} and District Hospitals NHS Trust",
    ),
    "mental_health": (
        "{} Mental Health NHS Foundation Trust",
        "{} Partnership NHS Foundation Trust",
        "{} Health and Care NHS Trust",
    ),
    "community": (
        "{} Community Healthcare NHS Trust",
        "{} Community Health Services NHS Trust",
    ),
    "ambulance": ("{} Ambulance Service NHS Foundation Trust", "{} Ambulance Service NHS Trust"),
}


def trust_name(rng: np.random.Generator, *, place: str, org_type: str) -> str:
    """A synthetic trust name in one of the usual NHS patterns for its type."""
    patterns = _PATTERNS[org_type]
    return patterns[int(rng.integers(len(patterns)))].format(place)
