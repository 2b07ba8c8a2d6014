"""Export the register as an ESR staff-in-post report (the ``esr-bi`` layout), so that a trust's
register (or the demo's synthetic trust) can be turned into the file ESR Business Intelligence
produces, and imported back with ``--profile esr-bi`` (tested round trip).

Values are written the ESR way: dates ``YYYYMMDD`` and ``DD/MM/YYYY HH:MM:SS``, sex and ethnic
origin in words, regulators by full name, the unit path as ``Org L2`` … ``Org L8`` with a unit's
code before its name (``070 6 Domestic (BRO)``). Personal data: the caller checks access and audits.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator

from mantle.workforce.models import Organisation
from mantle.workforce.rules.equality_codes import ETHNIC_CATEGORY_WORDS

from .exports import export_rows

LEVELS = tuple(f"Org L{level}" for level in range(2, 9))
ESR_BI_COLUMNS: tuple[str, ...] = (
    "Employee Number",
    "Assignment No.",
    "Last Name",
    "First Name",
    "Date of Birth",
    "Gender",
    "Ethnic Origin",
    "Disability",
    "Position Number",
    "Position Title",
    "Job Role",
    "Occupation Code",
    "Org L1",
    *LEVELS,
    "Grade",
    "Contracted Wte",
    "Assignment Category",
    "Primary Assignment",
    "Assignment Status",
    "Supervisor Position Number",
    "Professional Registration Body",
    "Professional Registration Num",
    "Professional Registration Status",
    "Assignment Start Date",
)
GENDER_WORDS = {"1": "Male", "2": "Female", "9": "Indeterminate", "X": "Unknown"}
REGULATOR_NAMES = {
    "GMC": "General Medical Council",
    "NMC": "Nursing and Midwifery Council",
    "HCPC": "Health and Care Professions Council",
    "GPhC": "General Pharmaceutical Council",
    "GDC": "General Dental Council",
    "GOC": "General Optical Council",
    "GOsC": "General Osteopathic Council",
    "GCC": "General Chiropractic Council",
    "PSNI": "Pharmaceutical Society of Northern Ireland",
}
_CODED_UNIT = re.compile(r"(.+) \[([^\]]+)\]")


def _level(name: str) -> str:
    """A unit as ESR writes a level: "Domestic (BRO) [070 6]" → "070 6 Domestic (BRO)"."""
    match = _CODED_UNIT.fullmatch(name)
    return f"{match.group(2)} {match.group(1)}" if match else name


def _ethnic(code: str) -> str:
    words = ETHNIC_CATEGORY_WORDS.get(code)
    return f"{code} {words.split(' (')[0].replace('–', '-')}" if words else code


def esr_bi_rows(org: Organisation, *, on: dt.date) -> Iterator[dict[str, str]]:
    """One ESR staff-in-post row per assignment current on ``on``.

    Rule: a person's first assignment (by assignment number) is their primary one; a unit path
    deeper than the seven levels ESR reports is cut to its first seven units.
    """
    seen: set[str] = set()
    for row in export_rows(org, on=on):
        units = [part for part in row["unit_path"].split("/") if part][: len(LEVELS)]
        levels = dict(zip(LEVELS, (_level(unit) for unit in units), strict=False))
        primary = row["employee_number"] not in seen
        seen.add(row["employee_number"])
        born = dt.date.fromisoformat(row["date_of_birth"])
        start = dt.date.fromisoformat(row["assignment_start_date"])
        yield {
            "Employee Number": row["employee_number"],
            "Assignment No.": row["assignment_number"],
            "Last Name": row["last_name"],
            "First Name": row["first_name"],
            "Date of Birth": born.strftime("%Y%m%d"),
            "Gender": GENDER_WORDS.get(row["sex"], row["sex"]),
            "Ethnic Origin": _ethnic(row["ethnic_category"]),
            "Disability": row["disability"],
            "Position Number": row["position_number"],
            "Position Title": row["position_title"],
            "Job Role": row["job_role"],
            "Occupation Code": row["occupation_code"],
            "Org L1": f"{org.code} {org.name}",
            **{level: levels.get(level, "") for level in LEVELS},
            "Grade": row["pay_band"],
            "Contracted Wte": row["assignment_fte"],
            "Assignment Category": "Permanent",
            "Primary Assignment": "Yes" if primary else "No",
            "Assignment Status": "Active Assignment",
            "Supervisor Position Number": row["reports_to_position_number"],
            "Professional Registration Body": REGULATOR_NAMES.get(
                row["registration_body"], row["registration_body"]
            ),
            # ESR pads PINs with spaces; the importer trims them.
            "Professional Registration Num": f"{row['registration_number']}  "
            if row["registration_number"]
            else "",
            "Professional Registration Status": row["registration_status"].title(),
            "Assignment Start Date": start.strftime("%d/%m/%Y 00:00:00"),
        }


def export_esr_bi_csv(org: Organisation, *, on: dt.date) -> str:
    """The register on ``on`` as an ESR staff-in-post report (CSV)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(ESR_BI_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(esr_bi_rows(org, on=on))
    return buffer.getvalue()
