"""Pay bands and grades: one canonical spelling for each, and an order rules can compare.

Agenda for Change (AfC) bands 1–9 (band 8 split into 8a–8d) and the very senior manager (VSM) pay
framework form one ladder; doctors' grades form another. A rule such as "8c and above" compares
positions on a ladder and never matches a band from the other ladder or a band on no ladder
(non-executive, other).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "AFC_LADDER",
    "LADDER_BANDS",
    "MEDICAL_LADDER",
    "PAY_BANDS",
    "band_in_range",
    "band_rank",
    "band_sort_key",
    "normalise_pay_band",
]

AFC_LADDER: tuple[str, ...] = (
    "Band 1",
    "Band 2",
    "Band 3",
    "Band 4",
    "Band 5",
    "Band 6",
    "Band 7",
    "Band 8a",
    "Band 8b",
    "Band 8c",
    "Band 8d",
    "Band 9",
    "VSM",
)
# Ordered by seniority: the 2021 specialist grade sits above the closed associate specialist grade.
MEDICAL_LADDER: tuple[str, ...] = (
    "Resident Doctor",
    "Specialty Doctor",
    "Associate Specialist",
    "Specialist",
    "Consultant",
)
# Bands on a ladder, i.e. those a min_band / max_band condition can compare.
LADDER_BANDS: frozenset[str] = frozenset(AFC_LADDER + MEDICAL_LADDER)

PAY_BANDS: tuple[str, ...] = (*AFC_LADDER, *MEDICAL_LADDER, "Non-Executive", "Other")

_RANK: dict[str, int] = {band: index for index, band in enumerate(PAY_BANDS)}
_LADDER_OF: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(AFC_LADDER, AFC_LADDER),
    **dict.fromkeys(MEDICAL_LADDER, MEDICAL_LADDER),
}


def band_rank(band: str) -> int:
    """Position of a canonical band in ``PAY_BANDS`` (higher is more senior within a ladder).

    Rule: only canonical spellings have a rank; normalise free text with ``normalise_pay_band``
    first. Raises ValueError for anything else, because a silent default would reorder bands.
    """
    try:
        return _RANK[band]
    except KeyError:
        raise ValueError(f"{band!r} is not a canonical pay band; use normalise_pay_band") from None


def band_sort_key(band: str) -> tuple[int, str]:
    """Sort key that puts canonical bands in ``PAY_BANDS`` order and anything else after, A–Z.

    Rule: a listing of bands reads bottom to top of the AfC ladder, then doctors' grades, then
    non-executive and other, then unrecognised text.
    """
    return (_RANK.get(band, len(PAY_BANDS)), band)


def band_in_range(*, band: str | None, min_band: str = "", max_band: str = "") -> bool:
    """Whether a band lies between two bounds on the same ladder, bounds included.

    Rule: an empty bound is no bound; a non-empty bound only matches bands on its own ladder (AfC
    with VSM, or doctors' grades), so "Band 8c and above" includes VSM but never Consultant; a
    missing or unrecognised band never satisfies a non-empty bound.
    """
    if not min_band and not max_band:
        return True
    canonical = normalise_pay_band(band) if band else None
    if canonical is None or canonical not in _LADDER_OF:
        return False
    ladder = _LADDER_OF[canonical]
    for bound in (min_band, max_band):
        if bound and _LADDER_OF.get(_require_canonical(bound)) is not ladder:
            return False
    rank = _RANK[canonical]
    if min_band and rank < _RANK[_require_canonical(min_band)]:
        return False
    return not (max_band and rank > _RANK[_require_canonical(max_band)])


def _require_canonical(bound: str) -> str:
    canonical = normalise_pay_band(bound)
    if canonical is None:
        raise ValueError(f"{bound!r} is not a pay band")
    return canonical


# "5", "band 5", "AfC 5", "AfC band 8a", "Band 8 - Range C", "8A", "pay band 7".
_AFC = re.compile(
    r"(?:(?:afc|a4c|agenda\s*for\s*change)\s*[-:]?\s*)?(?:pay\s*)?(?:band\s*)?[-:]?\s*"
    r"(?P<number>[1-9])\s*(?:[-/(]?\s*(?:range\s*)?(?P<range>[a-d])\s*\)?)?"
)

# Doctors in training under any of the names they have had: foundation years, core and specialty
# trainees, registrars, senior house officers, and locally employed doctors in training-level posts.
_RESIDENT = re.compile(
    r"resident(doctor)?|juniordoctor|doctorintraining|traineedoctor|foundation(year|doctor)?[12]?"
    r"|f[y]?[12]|ct[1-3]|st[1-8]|gpst[1-3]|(core|specialty|speciality)(medical|surgical)?trainee"
    r"|coretraining|(gp|specialty|speciality|specialist)?registrar|str|spr|sho|seniorhouseofficer"
    r"|houseofficer|clinicalfellow|trustgrade(doctor)?|locallyemployeddoctor|led"
)

_EXACT: dict[str, str] = {
    "consultant": "Consultant",
    "medicalconsultant": "Consultant",
    "consultantmedical": "Consultant",
    "consultantdental": "Consultant",
    "specialtydoctor": "Specialty Doctor",
    "specialitydoctor": "Specialty Doctor",
    "staffgrade": "Specialty Doctor",
    "associatespecialist": "Associate Specialist",
    "specialist": "Specialist",
    "specialistgrade": "Specialist",
    "vsm": "VSM",
    "verysenior": "VSM",
    "veryseniormanager": "VSM",
    "veryseniormanagers": "VSM",
    "nonexecutive": "Non-Executive",
    "nonexecutivedirector": "Non-Executive",
    "ned": "Non-Executive",
    "chair": "Non-Executive",
    "trustchair": "Non-Executive",
    "chairman": "Non-Executive",
    "other": "Other",
    "otherpayscale": "Other",
    "localpay": "Other",
    "local": "Other",
    "spotsalary": "Other",
    "nonafc": "Other",
    "apprentice": "Other",
    "apprenticeship": "Other",
}

_CONSULTANT_CONTRACT = re.compile(r"consultant(\d{4}|contract|grade|\d{4}contract)?")
_CANONICAL = {band.lower().replace(" ", "").replace("-", ""): band for band in PAY_BANDS}


@lru_cache(maxsize=4096)
def normalise_pay_band(text: str | None) -> str | None:
    """Map a band or grade as people write it to its canonical spelling in ``PAY_BANDS``.

    Rule: AfC bands are accepted as "5", "band 5", "AfC 5", "8A", "Band 8 - Range A"; "Band 8" on
    its own is ambiguous and not accepted. Doctors in training (foundation, FY1, core trainee, StR,
    registrar, …) are "Resident Doctor". Blank or unrecognised text gives None.
    """
    if text is None:
        return None
    lowered = text.strip().lower()
    if not lowered:
        return None
    afc = _AFC.fullmatch(lowered)
    if afc:
        number, band_range = afc.group("number"), afc.group("range")
        if number == "8":
            return f"Band 8{band_range}" if band_range else None
        return None if band_range else f"Band {number}"
    key = re.sub(r"[^a-z0-9]", "", lowered)
    if key in _CANONICAL:
        return _CANONICAL[key]
    if key in _EXACT:
        return _EXACT[key]
    if _CONSULTANT_CONTRACT.fullmatch(key):
        return "Consultant"
    if _RESIDENT.fullmatch(key):
        return "Resident Doctor"
    return None
