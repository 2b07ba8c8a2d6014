"""Professional registration: which UK regulator, what a well-formed number looks like, and which
profession a registration implies.

Formats are for catching typing and export mistakes, never for looking anyone up. Where a
regulator publishes its number format we follow it (GMC, NMC, HCPC, GPhC); where it does not (GDC
length, GOC, GOsC, GCC, PSNI) the format is Mantle's documented choice, wide enough for every
number we have seen quoted in public and narrow enough to catch slips. ``REGISTRATION_FORMATS``
is the single source of both the check and the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "HCPC_PROFESSION_PREFIXES",
    "HCPC_SCIENCE_PREFIXES",
    "REGISTRATION_FORMATS",
    "Profession",
    "RegistrationFormat",
    "Regulator",
    "normalise_registration_number",
    "parse_regulator",
    "profession_for_registration",
    "registration_number_error",
]


class Regulator(StrEnum):
    """The nine UK statutory regulators whose registrants count as clinicians."""

    GMC = "GMC"
    NMC = "NMC"
    HCPC = "HCPC"
    GPHC = "GPhC"
    GDC = "GDC"
    GOC = "GOC"
    GOSC = "GOsC"
    GCC = "GCC"
    PSNI = "PSNI"

    @property
    def full_name(self) -> str:
        """The regulator's full name, for messages and the glossary."""
        return _FULL_NAMES[self]


class Profession(StrEnum):
    """Profession of a clinician, as boards ask about it ("how many doctors?")."""

    MEDICAL = "medical"  # medical and dental
    NURSING_MIDWIFERY = "nursing_midwifery"
    ALLIED_HEALTH = "allied_health"
    HEALTHCARE_SCIENCE = "healthcare_science"
    PHARMACY = "pharmacy"
    OTHER_REGISTERED = "other_registered"


_FULL_NAMES: dict[Regulator, str] = {
    Regulator.GMC: "General Medical Council",
    Regulator.NMC: "Nursing and Midwifery Council",
    Regulator.HCPC: "Health and Care Professions Council",
    Regulator.GPHC: "General Pharmaceutical Council",
    Regulator.GDC: "General Dental Council",
    Regulator.GOC: "General Optical Council",
    Regulator.GOSC: "General Osteopathic Council",
    Regulator.GCC: "General Chiropractic Council",
    Regulator.PSNI: "Pharmaceutical Society of Northern Ireland",
}

# Older names still found in HR systems: the HCPC was the Health Professions Council until 2012,
# and pharmacists were registered by the Royal Pharmaceutical Society of Great Britain until 2010.
_FORMER_NAMES: dict[str, Regulator] = {
    "hpc": Regulator.HCPC,
    "healthprofessionscouncil": Regulator.HCPC,
    "rpsgb": Regulator.GPHC,
    "royalpharmaceuticalsocietyofgreatbritain": Regulator.GPHC,
}


def _name_key(text: str) -> str:
    # "Nursing & Midwifery Council", "the nursing and midwifery council" and "N.M.C." meet here.
    lowered = re.sub(r"^\s*the\s+", "", text.lower().replace("&", " and "))
    return re.sub(r"[^a-z0-9]", "", lowered)


_REGULATOR_BY_KEY: dict[str, Regulator] = {
    **{_name_key(regulator.value): regulator for regulator in Regulator},
    **{_name_key(name): regulator for regulator, name in _FULL_NAMES.items()},
    **_FORMER_NAMES,
}


def parse_regulator(text: str | Regulator | None) -> Regulator | None:
    """Read a regulator from its acronym or full name, ignoring case, spaces and punctuation.

    Rule: "GPhC", "gphc" and "General Pharmaceutical Council" are the same body; anything that is
    not one of the nine UK healthcare regulators gives None.
    """
    if text is None:
        return None
    if isinstance(text, Regulator):
        return text
    return _REGULATOR_BY_KEY.get(_name_key(text))


# HCPC profession codes, printed at the start of every HCPC registration number; the list is the
# HCPC's own (its registrant statistics). Social workers in England left the HCPC register in
# 2019 and are not included.
HCPC_PROFESSION_PREFIXES: dict[str, str] = {
    "AS": "arts therapist",
    "BS": "biomedical scientist",
    "CH": "chiropodist / podiatrist",
    "CS": "clinical scientist",
    "DT": "dietitian",
    "HAD": "hearing aid dispenser",
    "ODP": "operating department practitioner",
    "OR": "orthoptist",
    "OT": "occupational therapist",
    "PA": "paramedic",
    "PH": "physiotherapist",
    "PO": "prosthetist / orthotist",
    "PYL": "practitioner psychologist",
    "RA": "radiographer",
    "SL": "speech and language therapist",
}

# Clinical and biomedical scientists are healthcare scientists in NHS workforce statistics (the U
# matrix of occupation codes), so a registration must land in the same profession as the code.
HCPC_SCIENCE_PREFIXES: frozenset[str] = frozenset({"CS", "BS"})


@dataclass(frozen=True, slots=True)
class RegistrationFormat:
    """What a well-formed number looks like for one regulator, in words a user can act on."""

    pattern: re.Pattern[str]
    description: str
    example: str


def _digits(low: int, high: int, example: str) -> RegistrationFormat:
    words = f"exactly {low} digits" if low == high else f"{low} to {high} digits"
    return RegistrationFormat(re.compile(rf"\d{{{low},{high}}}"), words, example)


_HCPC_PREFIX_ALTERNATION = "|".join(sorted(HCPC_PROFESSION_PREFIXES, key=lambda p: (-len(p), p)))

REGISTRATION_FORMATS: dict[Regulator, RegistrationFormat] = {
    Regulator.GMC: _digits(7, 7, "1234567"),
    Regulator.NMC: RegistrationFormat(
        re.compile(r"\d{2}[A-Z]\d{4}[A-Z]"),
        "an NMC PIN: 2 digits, 1 letter, 4 digits, 1 letter",
        "12A3456E",
    ),
    # The HCPC: "the letters of the profession code" then "up to six numbers".
    Regulator.HCPC: RegistrationFormat(
        re.compile(rf"(?:{_HCPC_PREFIX_ALTERNATION})\d{{1,6}}"),
        "an HCPC profession code ("
        + ", ".join(sorted(HCPC_PROFESSION_PREFIXES))
        + ") then up to 6 digits",
        "PA12345",
    ),
    Regulator.GPHC: _digits(7, 7, "2012345"),
    # Chosen: GDC numbers are plain digits; 3 to 6 covers long-standing and recent registrants.
    Regulator.GDC: _digits(3, 6, "123456"),
    # Chosen: the GOC prints a short register prefix (01 optometrist, D dispensing optician, and
    # others for students and businesses), a hyphen, then the number.
    Regulator.GOC: RegistrationFormat(
        re.compile(r"[0-9A-Z]{1,2}-\d{4,6}"),
        "a 1–2 character register prefix, a hyphen, then 4 to 6 digits",
        "01-12345",
    ),
    # Chosen: GOsC, GCC and PSNI issue short sequential numbers.
    Regulator.GOSC: _digits(3, 5, "5123"),
    Regulator.GCC: _digits(3, 5, "01234"),
    Regulator.PSNI: _digits(3, 6, "7654"),
}


def _require_regulator(body: Regulator | str) -> Regulator:
    regulator = parse_regulator(body)
    if regulator is None:
        raise ValueError(f"{body!r} is not a UK healthcare regulator")
    return regulator


def normalise_registration_number(*, body: Regulator | str, number: str) -> str:
    """Put a registration number in its stored form: upper case, no spaces.

    Rule: numbers are compared after this step, so "12a 3456e" and "12A3456E" are one registration.
    Raises ValueError for a body that is not a regulator.
    """
    _require_regulator(body)
    return _compact(number)


def _compact(number: str) -> str:
    return "".join(number.split()).upper()


def registration_number_error(*, body: Regulator | str, number: str) -> str | None:
    """Say what is wrong with a registration number for its regulator, or None when it is valid.

    Rule: each regulator's number must match its format in ``REGISTRATION_FORMATS`` after
    normalisation; the message says what was wrong, the expected format and an example.
    """
    regulator = parse_regulator(body)
    if regulator is None:
        allowed = ", ".join(r.value for r in Regulator)
        return f"{body!r} is not a UK healthcare regulator; use one of {allowed}"
    cleaned = _compact(number)
    fmt = REGISTRATION_FORMATS[regulator]
    if fmt.pattern.fullmatch(cleaned):
        return None
    expected = f"expected {fmt.description}, e.g. {fmt.example}"
    if not cleaned:
        return f"the {regulator.value} registration number is blank; {expected}"
    return (
        f"{cleaned!r} is not a {regulator.value} number: {_reason(regulator, cleaned)}; {expected}"
    )


def _reason(regulator: Regulator, cleaned: str) -> str:
    # A precise reason saves the user counting characters against the description.
    if regulator is Regulator.NMC:
        return _nmc_reason(cleaned)
    if regulator is Regulator.HCPC:
        return _hcpc_reason(cleaned)
    if regulator is Regulator.GOC:
        if "-" not in cleaned:
            return "it has no hyphen after the register prefix"
        return "the prefix or the number after the hyphen is the wrong length"
    others = sorted({char for char in cleaned if not char.isdigit()})
    if others:
        return "it contains " + " ".join(repr(char) for char in others) + ", not only digits"
    return f"it has {len(cleaned)} digits"


def _nmc_reason(cleaned: str) -> str:
    shape = "99A9999A"  # 9 = a digit, A = a letter
    if len(cleaned) != len(shape):
        return f"it has {len(cleaned)} characters, not 8"
    for place, (char, wanted) in enumerate(zip(cleaned, shape, strict=True), start=1):
        if wanted == "9" and not char.isdigit():
            return f"character {place} is {char!r} where a digit belongs"
        if wanted == "A" and not ("A" <= char <= "Z"):
            return f"character {place} is {char!r} where a letter belongs"
    return "it does not follow the PIN pattern"


def _hcpc_reason(cleaned: str) -> str:
    letters = re.match(r"[A-Z]*", cleaned)
    prefix = letters.group(0) if letters else ""
    rest = cleaned[len(prefix) :]
    if not prefix:
        return "it has no profession code (e.g. PA for paramedics)"
    if prefix not in HCPC_PROFESSION_PREFIXES:
        return f"{prefix!r} is not an HCPC profession code"
    if not rest.isdigit():
        return f"{rest!r} follows the profession code; only digits may"
    return f"it has {len(rest)} digits after the profession code"


_PROFESSION_BY_REGULATOR: dict[Regulator, Profession] = {
    Regulator.GMC: Profession.MEDICAL,
    # Dentists and dental care professionals count with doctors: the profession is "medical and
    # dental", as in NHS workforce statistics.
    Regulator.GDC: Profession.MEDICAL,
    Regulator.NMC: Profession.NURSING_MIDWIFERY,
    Regulator.HCPC: Profession.ALLIED_HEALTH,
    Regulator.GPHC: Profession.PHARMACY,
    Regulator.PSNI: Profession.PHARMACY,
    Regulator.GOC: Profession.OTHER_REGISTERED,
    Regulator.GOSC: Profession.OTHER_REGISTERED,
    Regulator.GCC: Profession.OTHER_REGISTERED,
}


def profession_for_registration(*, body: Regulator | str, number: str) -> Profession:
    """Profession implied by a registration.

    Rule: GMC and GDC → medical (and dental); NMC → nursing & midwifery; GPhC and PSNI → pharmacy;
    GOC, GOsC, GCC → other registered; HCPC → healthcare science for clinical (CS) and biomedical
    (BS) scientists, allied health for every other HCPC profession code. The number is read only
    for its HCPC profession code, not validated. Raises ValueError for an unknown body.
    """
    regulator = _require_regulator(body)
    if regulator is Regulator.HCPC:
        letters = re.match(r"[A-Z]*", _compact(number))
        if letters and letters.group(0) in HCPC_SCIENCE_PREFIXES:
            return Profession.HEALTHCARE_SCIENCE
    return _PROFESSION_BY_REGULATOR[regulator]
