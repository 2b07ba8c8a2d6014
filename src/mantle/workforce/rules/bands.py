"""Pay bands and grades: Agenda for Change bands, VSM, non-executive pay and medical grades.

Canonical names (``PAY_BANDS``): ``Band 1`` … ``Band 7``, ``Band 8a`` … ``Band 8d``, ``Band 9``,
``VSM``, ``Non-Executive``, the medical grades ``Consultant``, ``Specialist``, ``Associate
Specialist``, ``Specialty Doctor``, ``Resident Doctor`` (every doctor in training: foundation, core
and specialty trainees, registrars), and ``Other`` (local or spot pay outside these scales).

Only the Agenda for Change ladder and VSM are *ordered* (``LADDER_BANDS``): that is what lets a rule
say "8c and above". Medical grades and non-executive pay are not on that ladder, so a band range
never matches them; a consultant's seniority as a manager comes from the post, not the grade.
"""

from __future__ import annotations

import re
from typing import Final

AFC_BANDS: tuple[str, ...] = (
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
)
VSM: Final = "VSM"
NON_EXECUTIVE: Final = "Non-Executive"
CONSULTANT: Final = "Consultant"
SPECIALIST: Final = "Specialist"
ASSOCIATE_SPECIALIST: Final = "Associate Specialist"
SPECIALTY_DOCTOR: Final = "Specialty Doctor"
RESIDENT_DOCTOR: Final = "Resident Doctor"
OTHER: Final = "Other"

MEDICAL_GRADES: tuple[str, ...] = (
    CONSULTANT,
    SPECIALIST,
    ASSOCIATE_SPECIALIST,
    SPECIALTY_DOCTOR,
    RESIDENT_DOCTOR,
)
# The ordered ladder: Agenda for Change bands, then very senior managers above band 9.
LADDER_BANDS: tuple[str, ...] = (*AFC_BANDS, VSM)
PAY_BANDS: tuple[str, ...] = (*LADDER_BANDS, NON_EXECUTIVE, *MEDICAL_GRADES, OTHER)

_LADDER_INDEX = {band: index for index, band in enumerate(LADDER_BANDS)}
_SORT_INDEX = {band: index for index, band in enumerate(PAY_BANDS)}

_SEPARATORS = re.compile(r"[\s\-–—_:/.,()']+")


def _key(text: str) -> str:
    return _SEPARATORS.sub(" ", text.strip().lower()).strip()


_EXACT: dict[str, str] = {}


def _register(band: str, *spellings: str) -> None:
    for spelling in (band, *spellings):
        _EXACT[_key(spelling)] = band


_register(
    VSM,
    "very senior manager",
    "very senior managers",
    "very senior manager (VSM)",
    "vsm pay framework",
    "vsm band",
)
_register(
    NON_EXECUTIVE,
    "non executive",
    "nonexecutive",
    "non exec",
    "non executive director",
    "ned",
    "chair",
    "chairman",
    "chairperson",
    "trust chair",
    "vice chair",
)
_register(
    CONSULTANT,
    "consultants",
    "consultant grade",
    "medical consultant",
    "dental consultant",
)
_register(SPECIALIST, "specialist grade", "specialist doctor")
_register(ASSOCIATE_SPECIALIST, "assoc specialist", "associate specialist grade")
_register(
    SPECIALTY_DOCTOR,
    "speciality doctor",
    "specialty doctor grade",
    "staff grade",
    "staff grade doctor",
)
_register(
    RESIDENT_DOCTOR,
    "resident",
    "resident doctors",
    "junior doctor",
    "doctor in training",
    "doctors in training",
    "trainee doctor",
    "foundation",
    "foundation doctor",
    "foundation year",
    "specialty registrar",
    "speciality registrar",
    "specialist registrar",
    "registrar",
    "str",
    "spr",
    "specialty trainee",
    "speciality trainee",
    "core trainee",
    "core medical trainee",
    "cmt",
    "gp registrar",
    "gp trainee",
    "senior house officer",
    "sho",
    "house officer",
    "pre registration house officer",
    "prho",
)
_register(
    OTHER,
    "other pay",
    "local",
    "local pay",
    "spot",
    "spot salary",
    "non afc",
    "off scale",
)

# "5", "band 5", "AfC 5", "AfC band 8a", "band 8 range c", "B7".
_AFC_PATTERN = re.compile(
    r"(?:(?:nhs )?(?:afc|a4c|agenda for change) ?(?:pay )?)?(?:pay )?(?:band ?|b ?)?"
    r"(?P<number>[0-9]{1,2}) ?(?:range )?(?P<range>[a-z])?"
)
# FY1, F2, foundation year 1, CT2, ST4, StR 5, SpR, GPST3, CMT1.
_RESIDENT_PATTERN = re.compile(
    r"(?:fy|f|foundation year|foundation|ct|st|str|spr|gpst|gpstr|cmt|core trainee"
    r"|specialty trainee|speciality trainee|specialty registrar|speciality registrar) ?[0-9]{1,2}"
)


def normalise_pay_band(text: str | None) -> str | None:
    """Map free text to a canonical pay band (one of ``PAY_BANDS``), or None when unrecognised.

    Rule: "5", "band 5", "AfC 5", "Band 5" all mean ``Band 5``; band 8 always carries its range
    ("8A", "8a", "band 8 range a" → ``Band 8a``); medical grades map to their grade, and every
    doctor-in-training spelling (FY1, StR, Core Trainee, SpR, …) to ``Resident Doctor``.
    """
    if text is None:
        return None
    key = _key(text)
    if not key:
        return None
    exact = _EXACT.get(key)
    if exact is not None:
        return exact
    match = _AFC_PATTERN.fullmatch(key)
    if match is not None:
        number, band_range = int(match.group("number")), match.group("range")
        if number == 8 and band_range in ("a", "b", "c", "d"):
            return f"Band 8{band_range}"
        if 1 <= number <= 9 and number != 8 and band_range is None:
            return f"Band {number}"
        return None
    if _RESIDENT_PATTERN.fullmatch(key):
        return RESIDENT_DOCTOR
    return None


def pay_band_error(text: str | None) -> str | None:
    """Say why text is not a pay band, or None when ``normalise_pay_band`` accepts it.

    Rule: the canonical bands of this module; band 8 needs its range (a-d); bands run 1 to 9.
    """
    if normalise_pay_band(text) is not None:
        return None
    shown = (text or "").strip()
    if not shown:
        return "pay band is blank"
    match = _AFC_PATTERN.fullmatch(_key(shown))
    if match is not None:
        number, band_range = int(match.group("number")), match.group("range")
        if number == 8 and band_range is None:
            return f"pay band {shown!r} is band 8 without its range; use 8a, 8b, 8c or 8d"
        if number == 8:
            return f"pay band {shown!r} has range {band_range!r}; band 8 ranges are a to d"
        if band_range is not None:
            return f"pay band {shown!r}: only band 8 has ranges (a to d)"
        return f"pay band {shown!r} is not an Agenda for Change band; bands run from 1 to 9"
    return f"pay band {shown!r} is not recognised"


def band_rank(band: str) -> int:
    """Position of a band on the ordered ladder (Band 1 = 0 … Band 9 = 11, VSM = 12).

    Rule: only Agenda for Change bands and VSM are ordered; a medical grade, non-executive pay or
    "Other" has no rank and raises ValueError, so no rule can silently compare a consultant with
    band 8c. Free text is normalised first ("8c" works).
    """
    canonical = band if band in _LADDER_INDEX else normalise_pay_band(band)
    if canonical is None or canonical not in _LADDER_INDEX:
        raise ValueError(f"{band!r} is not on the Agenda for Change / VSM ladder")
    return _LADDER_INDEX[canonical]


def band_in_range(*, band: str | None, min_band: str = "", max_band: str = "") -> bool:
    """Whether a band lies between min_band and max_band inclusive (empty bound = open).

    Rule: a band off the ladder (medical grade, Non-Executive, Other, unknown) is never in a
    range, even an open one, because a range is a statement about the AfC/VSM ladder.
    """
    if band is None:
        return False
    canonical = band if band in _LADDER_INDEX else normalise_pay_band(band)
    if canonical is None or canonical not in _LADDER_INDEX:
        return False
    rank = _LADDER_INDEX[canonical]
    if min_band and rank < band_rank(min_band):
        return False
    return not (max_band and rank > band_rank(max_band))


def band_sort_key(band: str | None) -> int:
    """Display order for any band: the ladder, then non-executive, medical grades, Other, unknown.

    Rule: ``PAY_BANDS`` order; unknown text sorts last.
    """
    if band is None:
        return len(PAY_BANDS)
    canonical = band if band in _SORT_INDEX else normalise_pay_band(band)
    if canonical is None:
        return len(PAY_BANDS)
    return _SORT_INDEX[canonical]
