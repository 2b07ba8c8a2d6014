"""The monthly workforce extract: its columns, the names we accept for them, and how each cell
becomes a typed value or a precise problem.

Cell readers are pure functions of one cell's text, so the extract parser can cache them: a file
of a million rows has a few thousand distinct dates, bands and unit paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Generic, NamedTuple, TypeVar

from mantle.imports.parsers.common import Cell, header_key
from mantle.workforce.rules.bands import PAY_BANDS, normalise_pay_band
from mantle.workforce.rules.occupation import classify_occupation_code
from mantle.workforce.rules.ods import normalise_ods_code, ods_code_error
from mantle.workforce.rules.registration import Regulator, parse_regulator
from mantle.workforce.rules.tiers import TIER_LABELS, Tier, parse_tier

__all__ = [
    "COLUMN_SPECS",
    "EXTRACT_COLUMNS",
    "MAX_FTE",
    "ColumnSpec",
    "Problem",
    "Reading",
    "RegistrationStatus",
    "resolve_header",
]

T = TypeVar("T")

MAX_FTE = Decimal("1.5")
_FTE_PLACES = Decimal("0.00001")  # ESR holds contracted FTE to 5 decimal places


class RegistrationStatus(StrEnum):
    """Where a person stands with their regulator on the snapshot date."""

    REGISTERED = "registered"
    LAPSED = "lapsed"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One extract column: canonical name, whether it is required, what it holds, an example."""

    name: str
    required: bool
    description: str
    example: str
    aliases: tuple[str, ...] = ()


COLUMN_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "org_code",
        True,
        "ODS code of the employing organisation",
        "RXH",
        (
            "Org Code",
            "Organisation Code",
            "Organization Code",
            "Organisation",
            "ODS Code",
            "Employing Organisation Code",
        ),
    ),
    ColumnSpec(
        "employee_number",
        True,
        "ESR employee number (one per person)",
        "10234567",
        ("Employee Number", "Employee No", "Employee ID", "Staff Number", "Person Number"),
    ),
    ColumnSpec(
        "assignment_number",
        True,
        "Assignment number, unique within the organisation",
        "10234567-2",
        ("Assignment Number", "Assignment No", "Assignment ID"),
    ),
    ColumnSpec(
        "first_name",
        False,
        "First name (may be blank)",
        "Amira",
        ("First Name", "Forename", "Forenames", "Given Name"),
    ),
    ColumnSpec("last_name", True, "Last name", "Okafor", ("Last Name", "Surname", "Family Name")),
    ColumnSpec(
        "date_of_birth",
        True,
        "Date of birth, YYYY-MM-DD or DD/MM/YYYY",
        "1979-03-14",
        ("Date of Birth", "DOB", "Birth Date"),
    ),
    ColumnSpec(
        "position_number",
        True,
        "Position (post) number; one post, one definition",
        "P004512",
        ("Position Number", "Position No", "Position ID", "Post Number"),
    ),
    ColumnSpec(
        "position_title",
        True,
        "Position title",
        "Clinical Director – Trauma & Orthopaedics",
        ("Position Title", "Job Title", "Post Title", "Position Name"),
    ),
    ColumnSpec(
        "unit_path",
        True,
        "Organisation unit path, levels separated by /",
        "Surgery Division/Trauma & Orthopaedics",
        ("Unit Path", "Unit", "Organisation Unit", "Org Unit", "Hierarchy"),
    ),
    ColumnSpec(
        "reports_to_position_number",
        False,
        "Position number of the post this reports to",
        "P000101",
        (
            "Reports To Position Number",
            "Reports To Position",
            "Reports To",
            "Manager Position Number",
            "Line Manager Position Number",
        ),
    ),
    ColumnSpec(
        "occupation_code",
        True,
        "NHS occupation code",
        "110",
        ("Occupation Code", "Occupation", "Occ Code"),
    ),
    ColumnSpec(
        "job_role", False, "ESR job role", "Clinical Director - Medical", ("Job Role", "Role")
    ),
    ColumnSpec(
        "pay_band",
        True,
        "AfC band (5, 8a, …), VSM, Non-Executive or medical grade",
        "Consultant",
        ("Pay Band", "Grade", "Band", "Pay Grade", "Pay Scale", "AfC Band"),
    ),
    ColumnSpec(
        "assignment_fte",
        True,
        "Contracted FTE of this assignment, above 0 and at most 1.5",
        "0.2",
        ("Assignment FTE", "FTE", "Contracted FTE", "WTE", "Contracted WTE"),
    ),
    ColumnSpec(
        "assignment_start_date",
        True,
        "Assignment start date, not after the snapshot date",
        "2021-10-01",
        ("Assignment Start Date", "Start Date", "Assignment Start"),
    ),
    ColumnSpec(
        "management_tier",
        False,
        "Management tier; blank means Mantle infers it",
        "senior",
        ("Management Tier", "Tier"),
    ),
    ColumnSpec(
        "statutory_clinical_role",
        False,
        "Y if the post must be held by a clinician",
        "N",
        ("Statutory Clinical Role", "Statutory Clinical", "Statutory Role"),
    ),
    ColumnSpec(
        "registration_body",
        False,
        "Regulator (GMC, NMC, HCPC, GPhC, …)",
        "GMC",
        ("Registration Body", "Professional Body", "Regulator", "Regulatory Body"),
    ),
    ColumnSpec(
        "registration_number",
        False,
        "Registration number in the regulator's format",
        "4567890",
        ("Registration Number", "Professional Registration Number", "Registration No", "PIN"),
    ),
    ColumnSpec(
        "registration_status",
        False,
        "registered, lapsed or removed",
        "registered",
        ("Registration Status", "Professional Registration Status"),
    ),
    ColumnSpec(
        "sex",
        False,
        "Person stated gender: 1 male, 2 female, 9 indeterminate, X not known",
        "2",
        ("Sex", "Gender", "Person Stated Gender", "Person Stated Gender Code"),
    ),
    ColumnSpec(
        "ethnic_category",
        False,
        "NHS ethnic category code (A–H, J–N, P, R, S, Z, 99)",
        "A",
        ("Ethnic Category", "Ethnicity", "Ethnic Origin", "Ethnic Category Code"),
    ),
    ColumnSpec(
        "disability",
        False,
        "Y yes, N no, U not known, Z not stated",
        "N",
        ("Disability", "Disabled", "Disability Flag"),
    ),
)

EXTRACT_COLUMNS: tuple[str, ...] = tuple(spec.name for spec in COLUMN_SPECS)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(spec.name for spec in COLUMN_SPECS if spec.required)
REGISTRATION_COLUMNS = ("registration_body", "registration_number", "registration_status")

_COLUMN_BY_KEY: dict[str, str] = {}
for _spec in COLUMN_SPECS:
    for _name in (_spec.name, *_spec.aliases):
        _COLUMN_BY_KEY[header_key(_name)] = _spec.name


def resolve_header(name: str) -> str | None:
    """Canonical column for a header as written, or None when it is not an extract column.

    Rule: headers match ignoring case, spaces, underscores, hyphens and punctuation, against the
    canonical names and the aliases listed in ``COLUMN_SPECS``.
    """
    return _COLUMN_BY_KEY.get(header_key(name))


class Problem(NamedTuple):
    """Why a cell was not accepted, and what would have been."""

    message: str
    allowed: str = ""


class Reading(NamedTuple, Generic[T]):
    """A cell's typed value, or the problem that stopped it having one."""

    value: T | None
    problem: Problem | None = None


# --- dates ----------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
DATE_FORMATS = "YYYY-MM-DD (e.g. 1979-03-14) or DD/MM/YYYY (e.g. 14/03/1979)"


def read_date(cell: Cell) -> Reading[date]:
    """Read a date written ISO-style or UK-style; an XLSX date cell is already a date.

    Rule: "1979-03-14" and "14/03/1979" are the same day (a time of day after an ISO date is
    ignored); two-digit years and US month-first dates that are not valid UK dates are refused.
    """
    if isinstance(cell, date):
        return Reading(cell)
    text = cell.strip()
    iso = _ISO_DATE.fullmatch(text)
    uk = None if iso else _UK_DATE.fullmatch(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif uk:
        day, month, year = (int(part) for part in uk.groups())
    else:
        return Reading(None, Problem(f"{text!r} is not a date", DATE_FORMATS))
    try:
        return Reading(date(year, month, day))
    except ValueError as exc:
        return Reading(None, Problem(f"{text!r} is not a real date ({exc})", DATE_FORMATS))


# --- numbers --------------------------------------------------------------------------------

FTE_ALLOWED = "a number above 0 and at most 1.5, e.g. 1, 0.8, 0.53333"


def read_fte(text: str) -> Reading[Decimal]:
    """Read an assignment's contracted FTE, rounded to 5 decimal places as ESR holds it.

    Rule: 0 < FTE ≤ 1.5; a percentage or a number of hours is refused with a hint, not converted.
    """
    cleaned = text.strip()
    if cleaned.endswith("%"):
        return Reading(
            None,
            Problem(
                f"{cleaned!r} is a percentage; write FTE as a fraction of full time (80% is 0.8)",
                FTE_ALLOWED,
            ),
        )
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return Reading(None, Problem(f"{cleaned!r} is not a number", FTE_ALLOWED))
    if not number.is_finite():
        return Reading(None, Problem(f"{cleaned!r} is not a number", FTE_ALLOWED))
    fte = number.quantize(_FTE_PLACES, rounding=ROUND_HALF_UP)
    if fte <= 0:
        return Reading(None, Problem(f"FTE {cleaned} is not above 0", FTE_ALLOWED))
    if fte > MAX_FTE:
        hint = " (it looks like hours a week; 1.0 FTE is full time)" if fte >= 4 else ""
        return Reading(None, Problem(f"FTE {cleaned} is above 1.5{hint}", FTE_ALLOWED))
    return Reading(fte)


# --- coded values ---------------------------------------------------------------------------

OCCUPATION_ALLOWED = (
    "an NHS occupation code: 3 digits for medical and dental (e.g. 110) or matrix letter, level "
    "and area (e.g. N6A, G1A, S1E)"
)


def read_occupation_code(text: str, known: frozenset[str] | None) -> Reading[str]:
    """Read an occupation code: well-formed per the Occupation Code Manual, and known if a list
    of known codes is given.
    """
    code = text.strip().upper()
    if classify_occupation_code(code) is None:
        return Reading(
            None, Problem(f"{code!r} is not a well-formed NHS occupation code", OCCUPATION_ALLOWED)
        )
    if known is not None and code not in known:
        return Reading(
            None,
            Problem(
                f"{code!r} is not in the list of known occupation codes",
                "a code from the NHS Occupation Code Manual in use",
            ),
        )
    return Reading(code)


PAY_BAND_ALLOWED = ", ".join(PAY_BANDS) + " (also 5, AfC 5, 8A, FY1, StR, …)"


def read_pay_band(text: str) -> Reading[str]:
    """Read a pay band or grade into its canonical spelling (see ``normalise_pay_band``)."""
    band = normalise_pay_band(text)
    if band is None:
        hint = (
            " (say which range: 8a, 8b, 8c or 8d)"
            if re.fullmatch(r"(?i)\s*(band\s*)?8\s*", text)
            else ""
        )
        return Reading(
            None, Problem(f"{text.strip()!r} is not a recognised pay band{hint}", PAY_BAND_ALLOWED)
        )
    return Reading(band)


TIER_ALLOWED = ", ".join(f"{tier.value} ({label})" for tier, label in TIER_LABELS.items())


def read_tier(text: str) -> Reading[Tier]:
    """Read a management tier from its value or label; blank is read as "to be inferred"."""
    if not text.strip():
        return Reading(None)
    tier = parse_tier(text)
    if tier is None:
        return Reading(None, Problem(f"{text.strip()!r} is not a management tier", TIER_ALLOWED))
    return Reading(tier)


_YES = frozenset({"y", "yes", "true", "1"})
_NO = frozenset({"n", "no", "false", "0"})
YES_NO_ALLOWED = "Y or N (also yes/no, true/false)"


def read_yes_no(text: str) -> Reading[bool]:
    """Read a yes/no flag; blank is unknown (None)."""
    lowered = text.strip().lower()
    if not lowered:
        return Reading(None)
    if lowered in _YES:
        return Reading(True)
    if lowered in _NO:
        return Reading(False)
    return Reading(None, Problem(f"{text.strip()!r} is not yes or no", YES_NO_ALLOWED))


def read_ods_code(text: str) -> Reading[str]:
    """Read an organisation's ODS code (see ``ods_code_error``)."""
    problem = ods_code_error(text)
    if problem is not None:
        return Reading(None, Problem(problem, "an ODS organisation code, e.g. RXH, R0A, G6V2S"))
    return Reading(normalise_ods_code(text))


REGULATOR_ALLOWED = ", ".join(regulator.value for regulator in Regulator)


def read_regulator(text: str) -> Reading[Regulator]:
    """Read a regulator from its acronym or full name."""
    regulator = parse_regulator(text)
    if regulator is None:
        return Reading(
            None, Problem(f"{text.strip()!r} is not a UK healthcare regulator", REGULATOR_ALLOWED)
        )
    return Reading(regulator)


STATUS_ALLOWED = ", ".join(status.value for status in RegistrationStatus)


def read_registration_status(text: str) -> Reading[RegistrationStatus]:
    """Read a registration status: registered, lapsed or removed (any case)."""
    try:
        return Reading(RegistrationStatus(text.strip().lower()))
    except ValueError:
        return Reading(
            None, Problem(f"{text.strip()!r} is not a registration status", STATUS_ALLOWED)
        )


# Person stated gender (NHS Data Dictionary): 1 male, 2 female, 9 indeterminate, X not known.
# M/F and the words are accepted because ESR exports print them; the retired code 0 (not known)
# is read as X.
_SEX: dict[str, str] = {
    "1": "1",
    "m": "1",
    "male": "1",
    "2": "2",
    "f": "2",
    "female": "2",
    "9": "9",
    "indeterminate": "9",
    "x": "X",
    "0": "X",
    "notknown": "X",
    "unknown": "X",
}
SEX_ALLOWED = "1 (male), 2 (female), 9 (indeterminate), X (not known); M or F also accepted"

# Ethnic category (NHS Data Dictionary): A–H, J–N, P, R, S, Z (not stated) and 99 (not known).
_ETHNIC_CODES = frozenset("ABCDEFGHJKLMNPRSZ") | {"99"}
ETHNIC_ALLOWED = (
    "A–H, J–N, P, R, S, Z (not stated) or 99 (not known), e.g. A or 'A White - British'"
)

# Disability: Y yes, N no, U not known, Z not stated; ESR's words are accepted.
_DISABILITY: dict[str, str] = {
    "y": "Y",
    "yes": "Y",
    "n": "N",
    "no": "N",
    "u": "U",
    "unknown": "U",
    "notknown": "U",
    "unspecified": "U",
    "z": "Z",
    "notstated": "Z",
    "notdeclared": "Z",
    "prefernottosay": "Z",
    "notdisclosed": "Z",
}
DISABILITY_ALLOWED = "Y (yes), N (no), U (not known), Z (not stated)"


def _word_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def read_sex(text: str) -> Reading[str]:
    """Read person stated gender into its NHS code; blank is None."""
    if not text.strip():
        return Reading(None)
    code = _SEX.get(_word_key(text))
    if code is None:
        return Reading(
            None, Problem(f"{text.strip()!r} is not a person stated gender code", SEX_ALLOWED)
        )
    return Reading(code)


def read_ethnic_category(text: str) -> Reading[str]:
    """Read an ethnic category code, alone or followed by its description; blank is None."""
    cleaned = text.strip().upper()
    if not cleaned:
        return Reading(None)
    # "A White - British" → "A": ESR prints the code before the description.
    head = re.match(r"(99|[A-Z])(?:$|[\s\-:])", cleaned)
    if head and head.group(1) in _ETHNIC_CODES:
        return Reading(head.group(1))
    return Reading(
        None, Problem(f"{text.strip()!r} is not an ethnic category code", ETHNIC_ALLOWED)
    )


def read_disability(text: str) -> Reading[str]:
    """Read a disability flag into Y, N, U or Z; blank is None."""
    if not text.strip():
        return Reading(None)
    code = _DISABILITY.get(_word_key(text))
    if code is None:
        return Reading(
            None, Problem(f"{text.strip()!r} is not a disability code", DISABILITY_ALLOWED)
        )
    return Reading(code)


UNIT_ALLOWED = "unit names separated by /, e.g. Surgery Division/Trauma & Orthopaedics/Ward 7"


def read_unit_path(text: str) -> Reading[tuple[str, ...]]:
    """Read a unit path into its levels, top first.

    Rule: levels are separated by "/", trimmed of spaces; a leading or trailing "/" is ignored;
    an empty level ("Surgery//Ward 7") is refused because it would invent a nameless unit.
    """
    cleaned = text.strip().strip("/")
    parts = tuple(part.strip() for part in cleaned.split("/"))
    if not cleaned or any(not part for part in parts):
        return Reading(None, Problem(f"{text.strip()!r} has an empty unit level", UNIT_ALLOWED))
    return Reading(parts)
