"""Vectorised generation of synthetic people: names, dates of birth, sex, ethnicity, disability
and professional registration.

Every attribute is drawn from the profile of the post the person is first appointed to (see
``profiles.py``). Registration numbers follow each regulator's published format and are unique
within a :class:`RegistrationLedger`, so no two synthetic people share a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from mantle.demo.synthetic import calibration as cal
from mantle.demo.synthetic import names as nm
from mantle.demo.synthetic.profiles import PROFILES, REG_NONE, profile_arrays

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

DAYS_PER_YEAR: Final = 365.25
EPOCH_YEAR: Final = 1970

# Ethnic categories, in a fixed order (index = code number used internally).
ETHNIC_CODES: Final[tuple[str, ...]] = (
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "J",
    "K",
    "L",
    "M",
    "N",
    "P",
    "R",
    "S",
    "Z",
)
MINORITY_CODES: Final[frozenset[str]] = frozenset("DEFGHJKLMNPRS")
_POOL_OF_CODE: Final[dict[str, int]] = {
    "A": nm.POOL_BRITISH,
    "B": nm.POOL_BRITISH,
    "C": nm.POOL_EUROPEAN,
    "D": nm.POOL_BRITISH,
    "E": nm.POOL_BRITISH,
    "F": nm.POOL_BRITISH,
    "G": nm.POOL_BRITISH,
    "H": nm.POOL_SOUTH_ASIAN,
    "J": nm.POOL_SOUTH_ASIAN,
    "K": nm.POOL_SOUTH_ASIAN,
    "L": nm.POOL_FILIPINO,
    "M": nm.POOL_CARIBBEAN,
    "N": nm.POOL_AFRICAN,
    "P": nm.POOL_CARIBBEAN,
    "R": nm.POOL_EAST_ASIAN,
    "S": nm.POOL_MIDDLE_EASTERN,
    "Z": nm.POOL_BRITISH,
}

# Registration kinds in a fixed order; HCPC kinds carry the profession prefix.
REG_KINDS: Final[tuple[str, ...]] = (
    REG_NONE,
    "GMC",
    "NMC",
    "GPhC",
    "HCPC:AS",
    "HCPC:BS",
    "HCPC:CH",
    "HCPC:CS",
    "HCPC:DT",
    "HCPC:ODP",
    "HCPC:OR",
    "HCPC:OT",
    "HCPC:PA",
    "HCPC:PH",
    "HCPC:PYL",
    "HCPC:RA",
    "HCPC:SL",
)
REG_STATUSES: Final[tuple[str, ...]] = ("", "registered", "lapsed", "removed")
_NMC_MONTHS: Final = "ABCDEFGHIJKL"
_NMC_COUNTRIES: Final = "ESWNO"


def _flat_names() -> tuple[list[str], IntArray, IntArray, list[str], IntArray, IntArray]:
    first: list[str] = []
    first_start = np.zeros((len(nm.NAME_POOLS), 2), dtype=np.int64)
    first_size = np.zeros((len(nm.NAME_POOLS), 2), dtype=np.int64)
    last: list[str] = []
    last_start = np.zeros(len(nm.NAME_POOLS), dtype=np.int64)
    last_size = np.zeros(len(nm.NAME_POOLS), dtype=np.int64)
    for p, (female, male, surnames) in enumerate(nm.NAME_POOLS):
        for sex, pool in ((0, male), (1, female)):
            first_start[p, sex] = len(first)
            first_size[p, sex] = len(pool)
            first.extend(pool)
        last_start[p] = len(last)
        last_size[p] = len(surnames)
        last.extend(surnames)
    return first, first_start, first_size, last, last_start, last_size


_FIRST, _FIRST_START, _FIRST_SIZE, _LAST, _LAST_START, _LAST_SIZE = _flat_names()
_PROFILES = profile_arrays()


@dataclass
class RegistrationLedger:
    """Registration numbers already issued, per kind, so new ones are never duplicates."""

    used: dict[int, IntArray] = field(default_factory=dict)

    def reserve(self, kind: int, keys: IntArray) -> npt.NDArray[np.bool_]:
        """Mark keys as used; return which of them collided (with the ledger or each other)."""
        seen = self.used.get(kind, np.zeros(0, dtype=np.int64))  # kept sorted
        clash = np.zeros(len(keys), dtype=bool)
        if len(seen):
            at = np.minimum(np.searchsorted(seen, keys), len(seen) - 1)
            clash = seen[at] == keys
        # Sorting, not np.unique: the hash-based unique is slow on large integer arrays.
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        clash[order[1:][ordered[1:] == ordered[:-1]]] = True
        self.used[kind] = np.sort(np.concatenate([seen, keys[~clash]]))
        return clash


@dataclass
class People:
    """A batch of people as columns (one row per person)."""

    frame: pl.DataFrame  # employee_number .. registration_number, as extract strings
    dob: IntArray  # days since 1970-01-01
    minority: npt.NDArray[np.bool_]
    reg_kind: IntArray
    reg_status: IntArray  # index into REG_STATUSES; changes when a registration lapses

    def __len__(self) -> int:
        return self.frame.height

    def extend(self, other: People) -> People:
        """These people followed by ``other`` (starters join the end)."""
        return People(
            frame=pl.concat([self.frame, other.frame]),
            dob=np.concatenate([self.dob, other.dob]),
            minority=np.concatenate([self.minority, other.minority]),
            reg_kind=np.concatenate([self.reg_kind, other.reg_kind]),
            reg_status=np.concatenate([self.reg_status, other.reg_status]),
        )


def _truncated_normal(
    rng: np.random.Generator, mean: FloatArray, sd: FloatArray, lo: FloatArray, hi: FloatArray
) -> FloatArray:
    values = rng.normal(mean, sd)
    for _ in range(4):
        bad = (values < lo) | (values > hi)
        if not bad.any():
            break
        values[bad] = rng.normal(mean[bad], sd[bad])
    return np.clip(values, lo, hi)


def draw_ages(rng: np.random.Generator, *, profile: IntArray) -> FloatArray:
    """Ages in years for holders of the given profiles (truncated normal per profile)."""
    pa = _PROFILES
    return _truncated_normal(
        rng, pa.age_mean[profile], pa.age_sd[profile], pa.age_lo[profile], pa.age_hi[profile]
    )


def _choose(
    rng: np.random.Generator, table: dict[str, float], n: int, order: tuple[str, ...]
) -> IntArray:
    """Draw n keys of ``table`` by weight, returned as positions in ``order``."""
    keys = list(table)
    weights = np.asarray([table[k] for k in keys], dtype=np.float64)
    picks = rng.choice(len(keys), size=n, p=weights / weights.sum())
    return np.asarray([order.index(k) for k in keys], dtype=np.int64)[picks]


def _ethnicity(rng: np.random.Generator, profile: IntArray) -> IntArray:
    n = len(profile)
    minority = rng.random(n) < _PROFILES.minority[profile]
    codes = np.empty(n, dtype=np.int64)
    for mask, table in ((minority, cal.MINORITY_CATEGORIES), (~minority, cal.WHITE_CATEGORIES)):
        codes[mask] = _choose(rng, table, int(mask.sum()), ETHNIC_CODES)
    not_stated = rng.random(n) < cal.ETHNICITY_NOT_STATED
    codes[not_stated] = ETHNIC_CODES.index("Z")
    return codes


def registration_kinds(
    rng: np.random.Generator,
    *,
    profile: IntArray,
    required: IntArray,
    statutory: npt.NDArray[np.bool_],
) -> tuple[IntArray, IntArray]:
    """Decide each person's register and status.

    Rules: a post that requires registration gives its register, except for about 2% of holders
    recorded with none (the importer must infer them) — never for the statutory medical director
    and director of nursing posts; a handful of required registrations are lapsed. Non-clinical
    posts give a background registration to some holders (a nurse who became a service manager),
    whose status is often lapsed or removed.
    """
    n = len(profile)
    kind = required.copy()
    status = np.zeros(n, dtype=np.int64)
    has_required = kind > 0
    missing = has_required & ~statutory & (rng.random(n) < cal.REGISTRATION_NOT_RECORDED)
    kind[missing] = 0
    status[kind > 0] = REG_STATUSES.index("registered")
    lapsed = (kind > 0) & ~statutory & (rng.random(n) < cal.REGISTRATION_LAPSED)
    status[lapsed] = REG_STATUSES.index("lapsed")
    u = rng.random(n)
    background = ~has_required
    for p_index, prof in enumerate(PROFILES):
        if not prof.background:
            continue
        rows = np.flatnonzero(background & (profile == p_index))
        if len(rows) == 0:
            continue
        edges = np.cumsum([share for _, share in prof.background])
        which = np.searchsorted(edges, u[rows], side="right")
        took = which < len(prof.background)
        chosen = rows[took]
        kinds = np.asarray([REG_KINDS.index(k) for k, _ in prof.background], dtype=np.int64)
        kind[chosen] = kinds[which[took]]
        status[chosen] = _choose(rng, cal.BACKGROUND_STATUS, len(chosen), REG_STATUSES)
    return kind, status


def _unique_draws(
    rng: np.random.Generator,
    ledger: RegistrationLedger,
    kind: int,
    base: IntArray,
    spread: int,
) -> IntArray:
    """Keys ``base + U[0, spread)``, redrawn until none collides."""
    keys = base + rng.integers(0, spread, size=len(base))
    pending = np.arange(len(keys))
    for _ in range(50):
        clash = ledger.reserve(kind, keys[pending])
        if not clash.any():
            return keys
        pending = pending[clash]
        keys[pending] = base[pending] + rng.integers(0, spread, size=len(pending))
    raise RuntimeError("registration number space exhausted")


def registration_numbers(
    rng: np.random.Generator,
    ledger: RegistrationLedger,
    *,
    kind: IntArray,
    dob: IntArray,
    minority: npt.NDArray[np.bool_],
) -> pl.Series:
    """Format-valid, unique registration numbers for each person's register ("" for none).

    Formats: GMC 7 digits (rising with year of qualification); NMC PIN two digits (year of first
    registration), a month letter, four digits and a country letter (``12A3456E``); HCPC the
    profession prefix and 5–6 digits; GPhC 7 digits.
    """
    n = len(kind)
    key = np.zeros(n, dtype=np.int64)
    birth_year = EPOCH_YEAR + np.floor(dob / DAYS_PER_YEAR).astype(np.int64)
    for k, name in enumerate(REG_KINDS):
        rows = np.flatnonzero(kind == k)
        if k == 0 or len(rows) == 0:
            continue
        m = len(rows)
        if name == "GMC":
            year = birth_year[rows] + 24 + rng.integers(0, 3, size=m)
            base = 1_000_000 + np.clip(year - 1950, 0, 110) * 80_000
            key[rows] = np.minimum(_unique_draws(rng, ledger, k, base, 80_000), 9_999_999)
        elif name == "NMC":
            year = birth_year[rows] + 21 + rng.integers(0, 6, size=m)
            month = rng.integers(0, 12, size=m)
            key[rows] = _unique_draws(rng, ledger, k, ((year % 100) * 12 + month) * 10_000, 10_000)
        elif name == "GPhC":
            key[rows] = _unique_draws(rng, ledger, k, np.full(m, 2_000_000, np.int64), 900_000)
        else:
            key[rows] = _unique_draws(rng, ledger, k, np.full(m, 10_000, np.int64), 990_000)
    overseas = rng.random(n) < np.where(minority, 0.35, 0.04)
    country = np.where(overseas, 4, rng.choice(4, size=n, p=[0.94, 0.02, 0.02, 0.02]))
    padded = rng.random(n) < 0.3
    out = pl.Series("registration_number", [""], dtype=pl.Utf8).gather(np.zeros(n, np.int64))
    for k, name in enumerate(REG_KINDS):
        rows = np.flatnonzero(kind == k)
        if k == 0 or len(rows) == 0:
            continue
        digits = pl.Series(key[rows]).cast(pl.Utf8)
        if name in ("GMC", "GPhC"):
            text = digits
        elif name == "NMC":
            text = pl.select(
                pl.concat_str(
                    pl.Series(key[rows] // 120_000).cast(pl.Utf8).str.zfill(2),
                    pl.Series(list(_NMC_MONTHS)).gather((key[rows] // 10_000) % 12),
                    pl.Series(key[rows] % 10_000).cast(pl.Utf8).str.zfill(4),
                    pl.Series(list(_NMC_COUNTRIES)).gather(country[rows]),
                )
            ).to_series()
        else:
            six = padded[rows] | (key[rows] >= 100_000)
            text = (
                name.split(":")[1]
                + pl.select(
                    pl.when(pl.Series(six)).then(digits.str.zfill(6)).otherwise(digits.str.zfill(5))
                ).to_series()
            )
        out = out.scatter(rows, text)
    return out


def generate_people(
    rng: np.random.Generator,
    ledger: RegistrationLedger,
    *,
    profile: IntArray,
    required: IntArray,
    statutory: npt.NDArray[np.bool_],
    ref_day: IntArray,
    employee_number: IntArray,
) -> People:
    """Draw one person per row, of the given profile, aged as on ``ref_day``.

    Rule: every attribute of a person is fixed here once, so the same employee number carries
    the same name and date of birth on every row and every extract.
    """
    n = len(profile)
    pa = _PROFILES
    age = draw_ages(rng, profile=profile)
    dob = ref_day - np.round(age * DAYS_PER_YEAR).astype(np.int64)
    female = rng.random(n) < pa.female[profile]
    eth = _ethnicity(rng, profile)
    minority = np.isin(eth, [ETHNIC_CODES.index(x) for x in MINORITY_CODES])
    pool = np.asarray([_POOL_OF_CODE[c] for c in ETHNIC_CODES], dtype=np.int64)[eth]
    # "Any other Asian" is split between South Asian and Filipino names.
    other_asian = eth == ETHNIC_CODES.index("L")
    pool[other_asian & (rng.random(n) < 0.5)] = nm.POOL_SOUTH_ASIAN
    sex_index = female.astype(np.int64)
    first_idx = _FIRST_START[pool, sex_index] + np.floor(
        rng.random(n) * _FIRST_SIZE[pool, sex_index]
    ).astype(np.int64)
    last_idx = _LAST_START[pool] + np.floor(rng.random(n) * _LAST_SIZE[pool]).astype(np.int64)
    u = rng.random(n)
    disability = np.where(
        u < cal.DISABILITY_NOT_DECLARED,
        2,
        np.where(u < cal.DISABILITY_NOT_DECLARED + pa.disabled[profile], 0, 1),
    )
    kind, status = registration_kinds(rng, profile=profile, required=required, statutory=statutory)
    numbers = registration_numbers(rng, ledger, kind=kind, dob=dob, minority=minority)
    bodies = pl.Series([k.split(":")[0] for k in REG_KINDS], dtype=pl.Utf8)
    frame = pl.DataFrame(
        {
            "employee_number": employee_number.astype(np.int64),
            "first_name": pl.Series(_FIRST, dtype=pl.Utf8).gather(first_idx),
            "last_name": pl.Series(_LAST, dtype=pl.Utf8).gather(last_idx),
            "date_of_birth": pl.Series(dob.astype(np.int32)).cast(pl.Date).cast(pl.Utf8),
            "sex": pl.Series(["1", "2"]).gather(sex_index),
            "ethnic_category": pl.Series(list(ETHNIC_CODES), dtype=pl.Utf8).gather(eth),
            "disability": pl.Series(["Y", "N", "Z"]).gather(disability),
            "registration_body": bodies.gather(kind),
            "registration_number": numbers,
        }
    )
    return People(frame=frame, dob=dob, minority=minority, reg_kind=kind, reg_status=status)
