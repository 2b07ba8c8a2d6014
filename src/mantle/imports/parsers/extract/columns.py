"""The columns of Mantle's monthly workforce extract: names, aliases, meaning and an example.

One row per assignment (a person can hold several). Mantle defines its own column names because
ESR's export names vary between trusts; the aliases below map the common variants. Header names are
matched ignoring case, spaces and punctuation, so "Employee Number", "employee_number" and
"EMPLOYEE-NUMBER" are the same column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from mantle.imports.parsers.common import DATE_FORMATS, header_key
from mantle.workforce.rules.bands import PAY_BANDS
from mantle.workforce.rules.ods import ODS_FORMAT
from mantle.workforce.rules.registration import Regulator
from mantle.workforce.rules.tiers import TIER_LABELS, Tier


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One extract column: canonical name, whether it is required, meaning, accepted forms."""

    name: str
    required: bool
    description: str
    allowed: str
    example: str
    aliases: tuple[str, ...] = ()


OCCUPATION_FORMAT = (
    "an NHS occupation code: three digits for medical and dental staff (e.g. 024) or matrix "
    "letter, level and area (e.g. N6A, S1E, G1A)"
)
FTE_FORMAT = "a number greater than 0 and at most 1.5, e.g. 1 or 0.8 (5 decimal places kept)"
TIER_FORMAT = (
    ", ".join(tier.value for tier in Tier)
    + " (or "
    + ", ".join(TIER_LABELS[tier] for tier in Tier)
    + ")"
)
YES_NO_FORMAT = "Y or N (also yes/no, true/false, 1/0)"
REGISTRATION_STATUS_FORMAT = "registered, lapsed or removed"
SEX_FORMAT = "1 (male), 2 (female), 9 (indeterminate), X (not known); M and F are accepted"
ETHNIC_FORMAT = (
    "NHS ethnic category code A-H, J-N, P, R, S or Z, or 99 (not known); the code may be "
    "followed by its description, e.g. 'A White - British'"
)
DISABILITY_FORMAT = "Y (yes), N (no), U (not known) or Z (not stated); yes/no accepted"
IDENTIFIER_FORMAT = "any text up to 50 characters, unique as described"

EXTRACT_COLUMN_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "org_code",
        True,
        "ODS code of the employing organisation.",
        ODS_FORMAT,
        "RXH",
        (
            "Org Code",
            "Organisation Code",
            "Organization Code",
            "Organisation",
            "ODS Code",
        ),
    ),
    ColumnSpec(
        "employee_number",
        True,
        "The person's employee number; the same on every assignment of that person.",
        IDENTIFIER_FORMAT,
        "10012345",
        ("Employee Number", "Employee No", "Emp No", "Staff Number", "Person Number"),
    ),
    ColumnSpec(
        "assignment_number",
        True,
        "The assignment's number; unique within the organisation.",
        IDENTIFIER_FORMAT,
        "10012345-2",
        ("Assignment Number", "Assignment No", "Assignment ID"),
    ),
    ColumnSpec(
        "first_name",
        False,
        "First name.",
        "text",
        "Asha",
        ("First Name", "Forename", "Forenames", "Given Name"),
    ),
    ColumnSpec(
        "last_name",
        True,
        "Last name.",
        "text",
        "Patel",
        ("Last Name", "Surname", "Family Name"),
    ),
    ColumnSpec(
        "date_of_birth",
        True,
        "Date of birth; the same on every assignment of that person.",
        DATE_FORMATS,
        "1978-04-12",
        ("Date of Birth", "DOB", "Birth Date"),
    ),
    ColumnSpec(
        "position_number",
        True,
        "The post (position) this assignment is to. Rows of one post must agree on its title, "
        "unit, reporting line, occupation code, job role, band, tier, statutory flag and voting.",
        IDENTIFIER_FORMAT,
        "P-SURG-0042",
        ("Position Number", "Position No", "Position ID", "Post Number", "Post ID"),
    ),
    ColumnSpec(
        "position_title",
        True,
        "Title of the post.",
        "text",
        "Clinical Director, Trauma & Orthopaedics",
        ("Position Title", "Job Title", "Post Title", "Position Name"),
    ),
    ColumnSpec(
        "unit_path",
        True,
        "Where the post sits, from the top of the organisation down, separated by '/'.",
        "unit names separated by '/', e.g. Surgery Division/Trauma & Orthopaedics/Ward 7",
        "Surgery Division/Trauma & Orthopaedics",
        (
            "Unit Path",
            "Unit",
            "Org Path",
            "Organisation Path",
            "Department Path",
            "Hierarchy",
        ),
    ),
    ColumnSpec(
        "reports_to_position_number",
        False,
        "Position number of the post this post reports to (blank at the top).",
        IDENTIFIER_FORMAT,
        "P-SURG-0001",
        (
            "Reports To",
            "Reports To Position",
            "Reports To Position Number",
            "Manager Position Number",
            "Supervisor Position Number",
        ),
    ),
    ColumnSpec(
        "occupation_code",
        True,
        "NHS Occupation Code Manual code of the post.",
        OCCUPATION_FORMAT,
        "024",
        ("Occupation Code", "Occ Code", "Occupation"),
    ),
    ColumnSpec(
        "job_role",
        False,
        "ESR job role, e.g. 'Clinical Director - Medical', 'Medical Director', 'Modern Matron'.",
        "text",
        "Clinical Director - Medical",
        ("Job Role", "Role"),
    ),
    ColumnSpec(
        "pay_band",
        True,
        "Agenda for Change band, VSM, non-executive, or medical grade.",
        ", ".join(PAY_BANDS) + " (also written 5, band 5, AfC 5, 8A, FY1, StR, ...)",
        "Consultant",
        ("Pay Band", "Band", "Grade", "Pay Grade", "AfC Band", "Pay Scale"),
    ),
    ColumnSpec(
        "assignment_fte",
        True,
        "Contracted whole-time equivalent of this assignment.",
        FTE_FORMAT,
        "0.2",
        ("FTE", "Contracted FTE", "Assignment FTE", "WTE", "Contracted WTE"),
    ),
    ColumnSpec(
        "assignment_start_date",
        True,
        "Date the assignment started; not after the extract date.",
        DATE_FORMATS,
        "2023-10-01",
        ("Assignment Start Date", "Start Date", "Assignment Start"),
    ),
    ColumnSpec(
        "management_tier",
        False,
        "The organisation's own tier for the post; blank means Mantle infers it.",
        TIER_FORMAT,
        "senior",
        ("Management Tier", "Tier"),
    ),
    ColumnSpec(
        "statutory_clinical_role",
        False,
        "Y when the post is legally required to be held by a clinician (medical director, "
        "director of nursing).",
        YES_NO_FORMAT,
        "N",
        ("Statutory Clinical Role", "Statutory Role", "Statutory Clinical"),
    ),
    ColumnSpec(
        "registration_body",
        False,
        "Regulator of the person's professional registration (all three registration columns "
        "together, or none).",
        ", ".join(r.value for r in Regulator),
        "GMC",
        (
            "Registration Body",
            "Professional Body",
            "Regulator",
            "Professional Registration Body",
        ),
    ),
    ColumnSpec(
        "registration_number",
        False,
        "Registration number, in the regulator's format.",
        "the regulator's format, e.g. GMC 1234567, NMC 12A3456E, HCPC PA12345",
        "1234567",
        (
            "Registration Number",
            "Professional Registration Number",
            "Registration No",
            "Reg Number",
            "PIN",
        ),
    ),
    ColumnSpec(
        "registration_status",
        False,
        "Whether the registration is current (registered), lapsed or removed.",
        REGISTRATION_STATUS_FORMAT,
        "registered",
        ("Registration Status", "Professional Registration Status"),
    ),
    ColumnSpec(
        "sex",
        False,
        "NHS Data Dictionary person stated gender code.",
        SEX_FORMAT,
        "2",
        (
            "Sex",
            "Gender",
            "Person Stated Gender",
            "Person Stated Gender Code",
            "Stated Gender",
        ),
    ),
    ColumnSpec(
        "ethnic_category",
        False,
        "NHS Data Dictionary ethnic category code.",
        ETHNIC_FORMAT,
        "H",
        (
            "Ethnic Category",
            "Ethnicity",
            "Ethnic Origin",
            "Ethnic Group",
            "Ethnic Category Code",
        ),
    ),
    ColumnSpec(
        "disability",
        False,
        "Disability status (for WDES reporting).",
        DISABILITY_FORMAT,
        "N",
        ("Disability", "Disabled", "Disability Flag"),
    ),
    ColumnSpec(
        "voting",
        False,
        "Board executive posts: Y when the holder has a vote on the board, N for a non-voting "
        "executive director (often the chief operating officer or people director), who is "
        "counted with senior management, not on the board line. Blank keeps the post's current "
        "setting (yes for a new post).",
        YES_NO_FORMAT,
        "Y",
        ("Voting", "Board Voting", "Voting Member", "Voting Director", "Board Vote"),
    ),
)

EXTRACT_COLUMNS: tuple[str, ...] = tuple(spec.name for spec in EXTRACT_COLUMN_SPECS)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(s.name for s in EXTRACT_COLUMN_SPECS if s.required)
REGISTRATION_COLUMNS: tuple[str, ...] = (
    "registration_body",
    "registration_number",
    "registration_status",
)
SPECS_BY_NAME: Mapping[str, ColumnSpec] = {spec.name: spec for spec in EXTRACT_COLUMN_SPECS}


def _alias_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for spec in EXTRACT_COLUMN_SPECS:
        for alias in (spec.name, *spec.aliases):
            key = header_key(alias)
            if mapping.setdefault(key, spec.name) != spec.name:  # pragma: no cover - table bug
                raise RuntimeError(f"alias {alias!r} is used by two columns")
    return mapping


HEADER_ALIASES: Mapping[str, str] = _alias_map()


def canonical_column(header: str) -> str | None:
    """The canonical extract column a header names, or None when Mantle does not use it.

    Rule: header names are compared without case, spaces or punctuation, against the
    canonical names and the documented aliases (``EXTRACT_COLUMN_SPECS``).
    """
    return HEADER_ALIASES.get(header_key(header))


def template_csv() -> str:
    """The downloadable extract template: the canonical header and one worked example row.

    Rule: the example is a consultant's 0.2 FTE clinical-director assignment (the ESR pattern of
    several assignments per person), valid against every check of the parser.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXTRACT_COLUMNS)
    writer.writerow(spec.example for spec in EXTRACT_COLUMN_SPECS)
    return buffer.getvalue()
