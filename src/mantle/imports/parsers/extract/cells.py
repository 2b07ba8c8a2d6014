"""Checks of single extract cells: each returns (value, None) or (None, message).

Pure functions over one cell's text; the row checker caches their answers per distinct text, so
they are written for clarity rather than speed.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

from mantle.imports.parsers.extract.records import RegistrationStatus

MAX_FTE: Final = Decimal("1.5")
FTE_PLACES: Final = Decimal("0.00001")
MAX_IDENTIFIER_LENGTH: Final = 50
# Ages outside [15, 100) are almost always a typing error in the date of birth: warn, not refuse.
PLAUSIBLE_AGE: Final = (15, 100)

REGISTRATION_STATUSES: dict[str, RegistrationStatus] = {
    "registered": RegistrationStatus.REGISTERED,
    "lapsed": RegistrationStatus.LAPSED,
    "removed": RegistrationStatus.REMOVED,
    "voluntarily removed": RegistrationStatus.REMOVED,
    "voluntary removal": RegistrationStatus.REMOVED,
}
YES_NO: dict[str, bool] = {
    "y": True,
    "yes": True,
    "true": True,
    "1": True,
    "n": False,
    "no": False,
    "false": False,
    "0": False,
}
# Person stated gender code (NHS Data Dictionary): 1 male, 2 female, 9 indeterminate, X not known.
SEX_CODES: dict[str, str] = {
    "1": "1",
    "2": "2",
    "9": "9",
    "X": "X",
    "M": "1",
    "MALE": "1",
    "F": "2",
    "FEMALE": "2",
}
# Disability: Y yes, N no, U not known, Z not stated.
DISABILITY_CODES: dict[str, str] = {
    "Y": "Y",
    "YES": "Y",
    "N": "N",
    "NO": "N",
    "U": "U",
    "Z": "Z",
}
# Ethnic category (NHS Data Dictionary): A-H, J-N, P, R, S, Z; 99 not known. ESR often exports the
# code followed by its description ("A White - British"), so a description after a separator is
# allowed; a bare word such as "White" is not a code.
_ETHNIC = re.compile(r"([A-HJ-NPRSZ]|99)(?:[\s:\-–]+.*)?", re.DOTALL)
_WHITESPACE = re.compile(r"\s+")


def tidy_text(text: str) -> str:
    """Collapse runs of whitespace to one space and trim (names, titles, job roles)."""
    return _WHITESPACE.sub(" ", text).strip()


def show(value: object) -> str:
    """How a normalised value is written back in a message or report."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "/".join(value)
    if isinstance(value, bool):
        return "Y" if value else "N"
    return str(value)


def check_fte(raw: str) -> tuple[Decimal | None, str | None]:
    """FTE of one assignment: a number with 0 < FTE ≤ 1.5, rounded half-up to 5 decimal places.

    Rule: percentages, decimal commas and hours per week are refused with a message saying so.
    """
    text = raw.strip()
    if not text:
        return None, "FTE is blank"
    if text.endswith("%"):
        return (
            None,
            f"FTE {text!r} is a percentage; write the fraction of full time, e.g. 0.8",
        )
    if re.fullmatch(r"[0-9]+,[0-9]+", text):
        return None, f"FTE {text!r} uses a comma; use a full stop as the decimal point"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, f"FTE {text!r} is not a number"
    if not value.is_finite():
        return None, f"FTE {text!r} is not a number"
    rounded = value.quantize(FTE_PLACES, rounding=ROUND_HALF_UP)
    if rounded <= 0:
        return None, f"FTE {text!r} must be greater than 0"
    if rounded > MAX_FTE:
        hint = " (it looks like hours per week)" if value >= 5 else ""
        return None, f"FTE {text!r} is more than {MAX_FTE}{hint}"
    return rounded, None


def check_identifier(raw: str, label: str) -> tuple[str | None, str | None]:
    """An employee, assignment or position number: non-blank printable text, at most 50 long.

    Rule: leading and trailing spaces are dropped; leading zeros are kept (it is text).
    """
    value = raw.strip()
    if not value:
        return None, f"{label} is blank"
    if len(value) > MAX_IDENTIFIER_LENGTH:
        return (
            None,
            f"{label} is {len(value)} characters long; at most {MAX_IDENTIFIER_LENGTH}",
        )
    if not value.isprintable():
        return None, f"{label} contains a tab, line break or other control character"
    return value, None


def check_unit_path(raw: str) -> tuple[tuple[str, ...] | None, str | None]:
    """Unit path: unit names from the top of the organisation down, separated by '/'.

    Rule: a leading or trailing '/' is ignored; an empty unit between two '/' is an error.
    """
    text = raw.strip()
    if not text:
        return None, "unit path is blank"
    parts = tuple(tidy_text(part) for part in text.strip("/").split("/"))
    if not all(parts):
        return None, f"unit path {text!r} has an empty unit between two '/'"
    return parts, None


def ethnic_code(value: str) -> str | None:
    """Ethnic category code from a cell ("H", "99", "A White - British"), or None."""
    match = _ETHNIC.fullmatch(value.strip().upper())
    return match.group(1) if match else None
