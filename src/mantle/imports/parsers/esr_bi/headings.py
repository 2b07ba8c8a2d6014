"""Headings of an ESR staff-in-post report: which column means what, and how a report is recognised.

Headings are matched ignoring case, spaces and punctuation (``values.heading_key``); when a report
has two headings for one thing, the first in each list wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mantle.imports.parsers.common import RowError
from mantle.imports.parsers.esr_bi.values import heading_key
from mantle.imports.parsers.extract.columns import canonical_column

# Report headings by role, in order of preference (the first present is used). Matching ignores
# case, spaces and punctuation, so "Assignment No." is "Assignment No".
HEADINGS: Mapping[str, tuple[str, ...]] = {
    "org_code": ("ODS Code", "Org Code", "Organisation Code", "Employing Organisation Code"),
    "employee_number": ("Employee Number", "Employee No", "Person Number", "Staff Number"),
    "assignment_number": ("Assignment Number", "Assignment No", "Assignment ID"),
    "first_name": ("First Name", "Forename", "Forenames", "Given Name"),
    "last_name": ("Last Name", "Surname", "Family Name"),
    "full_name": ("Full Name", "Employee Name", "Name"),
    "date_of_birth": ("Date of Birth", "DOB", "Birth Date"),
    "position_number": ("Position Number", "Position No", "Position ID"),
    "position_title": ("Position Title", "Job Title", "Position"),
    "job_role": ("Job Role", "Role"),
    "occupation_code": ("Occupation Code", "Occ Code"),
    "grade": ("Grade", "Grade Code", "Payscale", "Pay Scale", "Pay Band", "Band"),
    "fte": ("FTE", "Contracted Wte", "Contracted FTE", "Assignment FTE", "WTE"),
    "start": ("Assignment Start Date", "Latest Start Date", "Start Date", "Hire Date"),
    "category": ("Assignment Category",),
    "primary": ("Primary Assignment", "Primary Flag", "Primary"),
    "status": ("Assignment Status", "Assignment Status Type"),
    "supervisor_position": (
        "Supervisor Position Number",
        "Supervisor Position No",
        "Reports To Position Number",
    ),
    "supervisor_assignment": ("Supervisor Assignment Number", "Supervisor Assignment No"),
    "supervisor_person": (
        "Supervisor Employee Number",
        "Supervisor Person Number",
        "Supervisor Number",
    ),
    "registration_number": (
        "Professional Registration Num",
        "Professional Registration Number",
        "Registration Number",
        "PIN",
    ),
    "registration_body": (
        "Professional Registration Body",
        "Registration Body",
        "Professional Body",
        "Regulator",
    ),
    "registration_status": ("Professional Registration Status", "Registration Status"),
    "registration_expiry": (
        "Professional Registration Expiry Date",
        "Registration Expiry Date",
        "Professional Registration Expiry",
    ),
    "sex": ("Gender", "Sex"),
    "ethnic_category": ("Ethnic Origin", "Ethnicity", "Ethnic Group", "Ethnic Category"),
    "disability": ("Disability", "Disabled", "Disability Flag"),
}
_LEVEL_HEADING = re.compile(r"org(?:anisation)?(?:level|l)([1-9])")
# Staff groups and areas of work are read from the occupation code instead; the first level is
# the organisation itself. Known headings Mantle does not need are not warned about one by one.
IGNORED = frozenset(
    heading_key(name)
    for name in (
        "Staff Group",
        "Area Of Work",
        "Org L1",
        "Org L0",
        "Organisation",
        "Supervisor Name",
        "Supervisor Full Name",
        "Cost Centre",
        "Annual Salary",
        "Age",
        "Age Band",
        "Length of Service",
        "Contracted Hours",
        "Title",
        "Nationality",
        "Religious Belief",
        "Sexual Orientation",
        "Payroll",
    )
)
REQUIRED = (
    "employee_number",
    "assignment_number",
    "date_of_birth",
    "position_title",
    "occupation_code",
    "grade",
    "fte",
    "start",
)


def looks_like_esr_bi(header: list[str]) -> bool:
    """Rule: a header with ``Org L2`` … levels and no unit path column is an ESR BI report."""
    has_levels = any(_LEVEL_HEADING.fullmatch(heading_key(cell)) for cell in header)
    has_unit_path = any(canonical_column(cell) == "unit_path" for cell in header)
    return has_levels and not has_unit_path


def map_headings(header: list[str]) -> tuple[dict[str, int], dict[int, int], list[RowError]]:
    """Roles to column indexes, hierarchy levels to indexes, and warnings for unused headings."""
    by_key: dict[str, int] = {}
    for index, cell in enumerate(header):
        by_key.setdefault(heading_key(cell), index)
    roles: dict[str, int] = {}
    used: set[int] = set()
    for role, names in HEADINGS.items():
        for name in names:
            found = by_key.get(heading_key(name))
            if found is not None and found not in used:
                roles[role] = found
                used.add(found)
                break
    levels: dict[int, int] = {}
    for index, cell in enumerate(header):
        match = _LEVEL_HEADING.fullmatch(heading_key(cell))
        if match and int(match.group(1)) >= 2:
            levels.setdefault(int(match.group(1)), index)
            used.add(index)
    warnings = [
        RowError(1, cell.strip(), cell.strip(), f"column {cell.strip()!r} is not used by Mantle")
        for index, cell in enumerate(header)
        if cell.strip() and index not in used and heading_key(cell) not in IGNORED
    ]
    return roles, levels, warnings
