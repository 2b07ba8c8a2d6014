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


# -- the ESR outbound interface file ------------------------------------------------------------


def _interface_line(kind: str, values: dict[str, str]) -> str:
    """One ``A`` record of ``kind`` with its fields by layout name (the rest blank)."""
    from mantle.imports.parsers.esr_interface import record_layouts

    layout = record_layouts()[kind]
    cells = [values.get(name, "").replace("~", "-") for name in layout]
    cells[0] = f"{kind}A"
    return "~".join(cells)


def export_esr_interface(org: Organisation, *, on: dt.date, sequence: int = 1) -> str:
    """The register on ``on`` as a **full** ESR outbound interface file (``HDR`` … ``TRL``).

    Rule: organisations (``OR``) are the units, under one record for the trust; positions
    (``PO``) are the posts held on ``on`` (identified by their position number, named
    ``<number>|<title>|001|``); persons (``PR``) are identified by employee number; assignments
    (``AS``) by assignment number, supervised by the first assignment (by number) to the post
    their post reports to; a person's registrations are ``ET`` records of "NHS Regs and
    Memships" (a lapsed or removed one expires the day before ``on``).
    """
    rows = list(export_rows(org, on=on))
    lines: list[str] = []
    units: dict[str, str] = {}
    lines.append(
        _interface_line(
            "OR", {"Organisation ID": "T", "Organisation Name": f"{org.code} {org.name}"}
        )
    )
    for row in rows:
        parts = [part for part in row["unit_path"].split("/") if part]
        for depth in range(1, len(parts) + 1):
            path = "/".join(parts[:depth])
            if path in units:
                continue
            units[path] = f"U{len(units) + 1}"
            lines.append(
                _interface_line(
                    "OR",
                    {
                        "Organisation ID": units[path],
                        "Organisation Name": _level(parts[depth - 1]),
                        "Parent Organisation ID": units.get("/".join(parts[: depth - 1]), "T"),
                    },
                )
            )
    holder: dict[str, str] = {}
    for row in rows:
        holder.setdefault(row["position_number"], row["assignment_number"])
    seen_posts: set[str] = set()
    seen_people: set[str] = set()
    registrations: dict[str, set[tuple[str, str, str]]] = {}
    lapsed_on = (on - dt.timedelta(days=1)).strftime("%d/%m/%Y 00:00:00")
    for row in rows:
        position = row["position_number"]
        if position not in seen_posts:
            seen_posts.add(position)
            lines.append(
                _interface_line(
                    "PO",
                    {
                        "Position ID": position,
                        "Position Number": position,
                        "Position Name": f"{position}|{row['position_title'].replace('|', '/')}|001|",
                        "Job Role": row["job_role"],
                        "Occupation Code": row["occupation_code"],
                        "Payscale": row["pay_band"],
                        "Organisation ID": units.get(row["unit_path"].strip("/"), "T"),
                    },
                )
            )
        employee = row["employee_number"]
        if employee not in seen_people:
            seen_people.add(employee)
            lines.append(
                _interface_line(
                    "PR",
                    {
                        "Person ID": employee,
                        "Employee Number": employee,
                        "Last Name": row["last_name"],
                        "First Name": row["first_name"],
                        "Gender": GENDER_WORDS.get(row["sex"], row["sex"]),
                        "Date of Birth": row["date_of_birth"].replace("-", ""),
                        "Ethnic Origin": _ethnic(row["ethnic_category"]),
                        "Disability Flag": row["disability"],
                    },
                )
            )
        if row["registration_body"]:
            registrations.setdefault(employee, set()).add(
                (row["registration_body"], row["registration_number"], row["registration_status"])
            )
    primary: set[str] = set()
    for row in rows:
        start = row["assignment_start_date"].replace("-", "")
        manager = row["reports_to_position_number"]
        lines.append(
            _interface_line(
                "AS",
                {
                    "Person ID": row["employee_number"],
                    "Assignment ID": row["assignment_number"],
                    "Effective Start Date": start,
                    "Earliest Assignment Start Date": start,
                    "Assignment Number": row["assignment_number"],
                    "User Assignment Status": "Active Assignment",
                    "Assignment Category": "Permanent",
                    "Primary Assignment": "No" if row["employee_number"] in primary else "Yes",
                    "FTE": row["assignment_fte"],
                    "Position ID": row["position_number"],
                    "Supervisor Assignment Number": holder.get(manager, "") if manager else "",
                },
            )
        )
        primary.add(row["employee_number"])
    for employee, held in registrations.items():
        for index, (body, number, status) in enumerate(sorted(held), start=1):
            lines.append(
                _interface_line(
                    "ET",
                    {
                        "Person ID": employee,
                        "Person Extra Information ID": f"{employee}-{index}",
                        "Information Type": "NHS Regs and Memships",
                        "PEI_INFORMATION1": REGULATOR_NAMES.get(body, body),
                        "PEI_INFORMATION2": number,
                        "PEI_INFORMATION5": "" if status == "registered" else lapsed_on,
                    },
                )
            )
    day = on.strftime("%Y%m%d")
    name = f"GO_{org.code}_GDW_GOF_{day}_{sequence:08d}.DAT"
    header = f"HDR~{name}~{day} 000000~{org.code}~00000000 000000~{day} 000000~01"
    return "\n".join([header, *lines, f"TRL~{len(lines)}"]) + "\n"
