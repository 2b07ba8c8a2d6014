"""UK healthcare regulators, their registration-number formats, and the profession each implies.

A *clinician* in Mantle is a person with a current registration with one of these regulators (see
``docs`` / divide-metrics). The formats below are for catching typing and export mistakes before a
number is stored; Mantle never looks anyone up on a public register.

Formats (after removing spaces and upper-casing):

* GMC reference number: exactly 7 digits, e.g. ``1234567``.
* NMC PIN: 2 digits, 1 letter, 4 digits, 1 letter, e.g. ``12A3456E``.
* HCPC: a profession prefix then 4 to 6 digits, e.g. ``PA12345``, ``OT012345``. The prefixes are the
  fifteen HCPC registers (see ``HCPC_PREFIXES``).
* GPhC: exactly 7 digits, e.g. ``2012345``.
* GDC: 1 to 6 digits, e.g. ``123456``.
* GOC: 4 to 6 digits, optionally after a register prefix of one or two characters and a hyphen,
  which is how the GOC prints its numbers (``01-12345`` optometrists, ``D-12345`` dispensing
  opticians), e.g. ``01-12345``.
* GOsC, GCC: 1 to 5 digits (small registers with short sequential numbers), e.g. ``4321``.
* PSNI: 1 to 6 digits, e.g. ``12345``.

The last four are Mantle's own documented choices: the regulators publish numbers but no formal
format, so the rule only rejects what cannot be one of their numbers (letters, punctuation, far too
many digits).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Regulator(StrEnum):
    """A UK statutory regulator of healthcare professionals (value = its usual abbreviation)."""

    GMC = "GMC"
    NMC = "NMC"
    HCPC = "HCPC"
    GPHC = "GPhC"
    GDC = "GDC"
    GOC = "GOC"
    GOSC = "GOsC"
    GCC = "GCC"
    PSNI = "PSNI"


class Profession(StrEnum):
    """The profession groups boards ask about ("how many doctors?"), per divide-metrics."""

    MEDICAL = "medical"
    NURSING_MIDWIFERY = "nursing_midwifery"
    ALLIED_HEALTH = "allied_health"
    HEALTHCARE_SCIENCE = "healthcare_science"
    PHARMACY = "pharmacy"
    OTHER_REGISTERED = "other_registered"


REGULATOR_NAMES: Mapping[Regulator, str] = {
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

# The HCPC keeps one register per profession and each register has its own number prefix.
HCPC_PREFIXES: Mapping[str, str] = {
    "AS": "arts therapists",
    "BS": "biomedical scientists",
    "CH": "chiropodists / podiatrists",
    "CS": "clinical scientists",
    "DT": "dietitians",
    "HAD": "hearing aid dispensers",
    "ODP": "operating department practitioners",
    "OR": "orthoptists",
    "OT": "occupational therapists",
    "PA": "paramedics",
    "PH": "physiotherapists",
    "PO": "prosthetists / orthotists",
    "PYL": "practitioner psychologists",
    "RA": "radiographers",
    "SL": "speech and language therapists",
}

# Clinical and biomedical scientists are healthcare scientists in the NHS taxonomy (occupation
# codes U*), so their registration must land in the same profession as their occupation code.
_HCPC_HEALTHCARE_SCIENCE_PREFIXES = frozenset({"CS", "BS"})


def _alias_key(text: str) -> str:
    lowered = text.strip().lower().replace("&", " and ")
    lowered = re.sub(r"^the\s+", "", lowered)
    return re.sub(r"[^a-z0-9]", "", lowered)


_REGULATOR_ALIASES: dict[str, Regulator] = {}
for _regulator, _name in REGULATOR_NAMES.items():
    _REGULATOR_ALIASES[_alias_key(_regulator.value)] = _regulator
    _REGULATOR_ALIASES[_alias_key(_name)] = _regulator
# Older names still found in HR systems.
_REGULATOR_ALIASES[_alias_key("HPC")] = Regulator.HCPC
_REGULATOR_ALIASES[_alias_key("Health Professions Council")] = Regulator.HCPC
_REGULATOR_ALIASES[_alias_key("Health and Care Professions Council (HCPC)")] = Regulator.HCPC


def parse_regulator(text: str | Regulator) -> Regulator | None:
    """Read a regulator from its abbreviation or full name, ignoring case and punctuation.

    Rule: "GPhC", "gphc", "General Pharmaceutical Council" and "the General Pharmaceutical
    Council" all mean the same body; anything else is not a regulator (None).
    """
    if isinstance(text, Regulator):
        return text
    return _REGULATOR_ALIASES.get(_alias_key(text))


def _require_regulator(body: str | Regulator) -> Regulator:
    regulator = parse_regulator(body)
    if regulator is None:
        raise ValueError(f"{body!r} is not a UK healthcare regulator")
    return regulator


@dataclass(frozen=True)
class NumberFormat:
    description: str
    example: str
    pattern: re.Pattern[str]


def _digits_format(low: int, high: int, example: str) -> NumberFormat:
    count = f"exactly {low} digits" if low == high else f"{low} to {high} digits"
    return NumberFormat(count, example, re.compile(rf"[0-9]{{{low},{high}}}"))


_HCPC_PREFIX_ALTERNATIVES = "|".join(sorted(HCPC_PREFIXES, key=len, reverse=True))

FORMATS: Mapping[Regulator, NumberFormat] = {
    Regulator.GMC: _digits_format(7, 7, "1234567"),
    Regulator.NMC: NumberFormat(
        "2 digits, 1 letter, 4 digits, 1 letter",
        "12A3456E",
        re.compile(r"[0-9]{2}[A-Z][0-9]{4}[A-Z]"),
    ),
    Regulator.HCPC: NumberFormat(
        "an HCPC profession prefix (" + ", ".join(HCPC_PREFIXES) + ") then 4 to 6 digits",
        "PA12345",
        re.compile(rf"(?:{_HCPC_PREFIX_ALTERNATIVES})[0-9]{{4,6}}"),
    ),
    Regulator.GPHC: _digits_format(7, 7, "2012345"),
    Regulator.GDC: _digits_format(1, 6, "123456"),
    Regulator.GOC: NumberFormat(
        "4 to 6 digits, optionally after a register prefix and a hyphen",
        "01-12345",
        re.compile(r"(?:[0-9A-Z]{1,2}-)?[0-9]{4,6}"),
    ),
    Regulator.GOSC: _digits_format(1, 5, "4321"),
    Regulator.GCC: _digits_format(1, 5, "4321"),
    Regulator.PSNI: _digits_format(1, 6, "12345"),
}


def normalise_registration_number(*, body: str | Regulator, number: str) -> str:
    """Return the number in its stored form: spaces removed, letters upper-cased.

    Rule: "12a 3456e" and "12A3456E" are the same NMC PIN; the stored form never depends on how
    the number was typed. Raises ValueError for an unknown regulator.
    """
    _require_regulator(body)
    return "".join(number.split()).upper()


def _number_label(regulator: Regulator) -> str:
    if regulator is Regulator.NMC:
        return "NMC PIN"
    if regulator is Regulator.GMC:
        return "GMC reference number"
    return f"{regulator.value} registration number"


def _ascii_digits(text: str) -> bool:
    # str.isdigit() also accepts digits of other scripts, which no regulator uses.
    return text.isascii() and text.isdigit()


def _digits_problem(number: str, fmt: NumberFormat) -> str:
    if not _ascii_digits(number):
        others = sorted({ch for ch in number if not _ascii_digits(ch)})
        return f"contains {', '.join(repr(ch) for ch in others)}; it must be digits only"
    return f"has {len(number)} digit{'s' if len(number) != 1 else ''}"


def _nmc_problem(number: str) -> str:
    shape = "DDLDDDDL"
    if len(number) != len(shape):
        return f"is {len(number)} characters long; a PIN is 8"
    for position, (ch, expected) in enumerate(zip(number, shape, strict=True), start=1):
        wanted_digit = expected == "D"
        if wanted_digit and not _ascii_digits(ch):
            return f"has {ch!r} at position {position} where a digit belongs"
        if not wanted_digit and not ("A" <= ch <= "Z"):
            return f"has {ch!r} at position {position} where a letter belongs"
    return "does not match the NMC format"  # pragma: no cover - shape check above is exhaustive


def _hcpc_problem(number: str) -> str:
    match = re.fullmatch(r"([A-Z]*)(.*)", number)
    assert match is not None  # the pattern accepts any string
    prefix, rest = match.group(1), match.group(2)
    if not prefix:
        return "has no profession prefix (for example PA for paramedics)"
    if prefix not in HCPC_PREFIXES:
        return f"starts with {prefix!r}, which is not an HCPC profession prefix"
    if not _ascii_digits(rest):
        return f"has {rest!r} after the prefix {prefix}; only digits may follow it"
    return f"has {len(rest)} digits after the prefix {prefix}"


def registration_number_error(*, body: str | Regulator, number: str) -> str | None:
    """Say what is wrong with a registration number for its regulator, or None when it is valid.

    Rule: each regulator's number has the format in this module's docstring; the message names
    the regulator, what was wrong, the expected format and an example.
    """
    regulator = parse_regulator(body)
    if regulator is None:
        allowed = ", ".join(r.value for r in Regulator)
        return f"{body!r} is not a UK healthcare regulator; expected one of {allowed}"
    fmt = FORMATS[regulator]
    label = _number_label(regulator)
    normalised = normalise_registration_number(body=regulator, number=number)
    expected = f"expected {fmt.description}, e.g. {fmt.example}"
    if not normalised:
        return f"{label} is blank; {expected}"
    if fmt.pattern.fullmatch(normalised):
        return None
    if regulator is Regulator.NMC:
        problem = _nmc_problem(normalised)
    elif regulator is Regulator.HCPC:
        problem = _hcpc_problem(normalised)
    elif regulator is Regulator.GOC:
        problem = "is not in the GOC format"
    else:
        problem = _digits_problem(normalised, fmt)
    return f"{label} {normalised!r} {problem}; {expected}"


def registration_format(body: str | Regulator) -> str:
    """Describe the expected number format for a regulator, with an example (for error reports).

    Rule: the same description the validator uses, so the report and the check never disagree.
    """
    fmt = FORMATS[_require_regulator(body)]
    return f"{fmt.description}, e.g. {fmt.example}"


_PROFESSION_BY_REGULATOR: Mapping[Regulator, Profession] = {
    Regulator.GMC: Profession.MEDICAL,
    # Divide-metrics groups medical and dental together ("medical & dental").
    Regulator.GDC: Profession.MEDICAL,
    Regulator.NMC: Profession.NURSING_MIDWIFERY,
    Regulator.HCPC: Profession.ALLIED_HEALTH,
    Regulator.GPHC: Profession.PHARMACY,
    Regulator.PSNI: Profession.PHARMACY,
    Regulator.GOC: Profession.OTHER_REGISTERED,
    Regulator.GOSC: Profession.OTHER_REGISTERED,
    Regulator.GCC: Profession.OTHER_REGISTERED,
}


def profession_for_registration(*, body: str | Regulator, number: str) -> Profession:
    """Return the profession a registration implies.

    Rule: GMC and GDC → medical (medical & dental); NMC → nursing & midwifery; GPhC and PSNI →
    pharmacy; GOC, GOsC, GCC → other registered; HCPC → healthcare science for the clinical
    scientist (CS) and biomedical scientist (BS) registers, allied health for every other HCPC
    register. The number is read only for its HCPC prefix; it is not validated here.
    Raises ValueError for an unknown regulator.
    """
    regulator = _require_regulator(body)
    if regulator is Regulator.HCPC:
        prefix_match = re.match(r"[A-Z]+", normalise_registration_number(body=body, number=number))
        if prefix_match and prefix_match.group(0) in _HCPC_HEALTHCARE_SCIENCE_PREFIXES:
            return Profession.HEALTHCARE_SCIENCE
    return _PROFESSION_BY_REGULATOR[regulator]
