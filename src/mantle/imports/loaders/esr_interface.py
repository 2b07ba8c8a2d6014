"""Apply an ESR outbound interface file to an organisation (issue 20): deltas, in file order.

The organisation's interface records (``EsrInterfaceRecord``: persons, assignments, positions,
organisations, locations, registrations) are kept as the files left them: a full file replaces
them all, an add replaces the rows of its identifier (several adds of one identifier in one file
are its date-tracked history), a delete removes them. The register is then rebuilt from these
records as an ESR staff-in-post report on the file's date and loaded by the snapshot importer
(profile ``esr-bi``), so a delta changes only what it touched, a full file acts as the monthly
snapshot does, and the checks, atomicity and idempotence are the extract's own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mantle.imports.parsers.common import RowError
from mantle.imports.parsers.esr_interface import InterfaceFile, InterfaceRecord
from mantle.workforce.models import Organisation

from ..models import EsrInterfaceFile, EsrInterfaceRecord

# The record types that describe the register; the others are read, counted and not kept.
KEPT_TYPES = ("PR", "AS", "PO", "OR", "LC", "ET")
LEVELS = tuple(f"Org L{level}" for level in range(2, 9))
# The staff-in-post report built from the records, with the interface field each column comes
# from (so that an error names the interface record and field, not a made-up column).
REPORT_COLUMNS: Mapping[str, str] = {
    "Employee Number": "PR Employee Number",
    "Assignment Number": "AS Assignment Number",
    "Last Name": "PR Last Name",
    "First Name": "PR First Name",
    "Date of Birth": "PR Date of Birth",
    "Gender": "PR Gender",
    "Ethnic Origin": "PR Ethnic Origin",
    "Disability": "PR Disability Flag",
    "Position Number": "PO Position Number",
    "Position Title": "PO Position Name",
    "Job Role": "PO Job Role",
    "Occupation Code": "PO Occupation Code",
    **dict.fromkeys(LEVELS, "OR Organisation Name"),
    "Grade": "AS Grade",
    "Contracted Wte": "AS FTE",
    "Assignment Category": "AS Assignment Category",
    "Primary Assignment": "AS Primary Assignment",
    "Assignment Status": "AS User Assignment Status",
    "Supervisor Assignment Number": "AS Supervisor Assignment Number",
    "Professional Registration Body": "ET PEI_INFORMATION1 (regulator)",
    "Professional Registration Num": "ET PEI_INFORMATION2 (PIN)",
    "Professional Registration Expiry Date": "ET PEI_INFORMATION5 (expiry)",
    "Assignment Start Date": "AS Earliest Assignment Start Date",
}


_ADD = {"person": "PRA", "position": "POA"}


class InterfaceRefused(Exception):
    """The file may not be applied (sequence gap, already applied); nothing was written."""


@dataclass
class InterfaceState:
    """The kept records by type and identifier (each a list: a date-tracked history)."""

    rows: dict[str, dict[str, list[dict[str, str]]]] = field(
        default_factory=lambda: {kind: {} for kind in KEPT_TYPES}
    )


def sequence_refusal(*, org: Organisation, header: Any, sha256: str) -> str | None:
    """Why this file may not be applied now (None when it may).

    Rule: a file already applied (same content, or a sequence not after the last applied) is
    refused; a delta must carry the next sequence number (a gap means a file is missing); a full
    file may follow any earlier sequence, because it replaces everything.
    """
    applied = EsrInterfaceFile.objects.filter(organisation=org)
    same = applied.filter(file_sha256=sha256).first()
    if same is not None:
        return (
            f"this file was already applied on {same.applied_at:%Y-%m-%d %H:%M} (sequence "
            f"{same.sequence}, {same.file_name}); nothing was changed"
        )
    last = applied.order_by("-sequence").first()
    if last is None:
        return None
    if header.sequence <= last.sequence:
        return (
            f"sequence {header.sequence} is not after the last file applied for {org.code} "
            f"(sequence {last.sequence}, {last.file_name}): it was applied before or is out of order"
        )
    if not header.full and header.sequence != last.sequence + 1:
        missing = (
            f"{last.sequence + 1}"
            if header.sequence == last.sequence + 2
            else f"{last.sequence + 1} to {header.sequence - 1}"
        )
        return (
            f"sequence gap: the last file applied for {org.code} is {last.sequence} and this delta "
            f"is {header.sequence}; apply file {missing} first (or a full file)"
        )
    return None


def state_load(org: Organisation) -> InterfaceState:
    state = InterfaceState()
    for kind, key, fields in (
        EsrInterfaceRecord.objects.filter(organisation=org)
        .order_by("pk")
        .values_list("type", "key", "fields")
    ):
        state.rows[kind].setdefault(key, []).append(fields)
    return state


def state_apply(
    *, org: Organisation, parsed: InterfaceFile, sequence: int
) -> tuple[InterfaceState, dict[str, int]]:
    """Apply the records in file order (see the module docstring); returns the state and counts."""
    if parsed.header is not None and parsed.header.full:
        EsrInterfaceRecord.objects.filter(organisation=org).delete()
    counts: dict[str, int] = defaultdict(int)
    written: set[tuple[str, str]] = set()
    touched: dict[tuple[str, str], list[InterfaceRecord]] = {}
    for record in parsed.records:
        if record.type not in KEPT_TYPES:
            counts[f"ignored {record.type}"] += 1
            continue
        counts[record.type + record.action] += 1
        identity = (record.type, record.key)
        if record.action == "D":
            touched[identity] = []
            written.discard(identity)
            continue
        if identity not in written:
            touched[identity] = []
            written.add(identity)
        touched[identity].append(record)
    full = parsed.header is not None and parsed.header.full
    if not full:  # a full file started from nothing; a delta replaces what it touched
        by_type: dict[str, list[str]] = defaultdict(list)
        for kind, key in touched:
            by_type[kind].append(key)
        for kind, keys in by_type.items():
            for start in range(0, len(keys), 5000):
                EsrInterfaceRecord.objects.filter(
                    organisation=org, type=kind, key__in=keys[start : start + 5000]
                ).delete()
    EsrInterfaceRecord.objects.bulk_create(
        (
            EsrInterfaceRecord(
                organisation=org,
                type=kind,
                key=key,
                # Blank fields are not kept (most of a record is blank; readers default to "").
                fields={
                    **{
                        name: value.strip()
                        for name, value in record.fields.items()
                        if value.strip()
                    },
                    "_line": str(record.line),
                },
                sequence=sequence,
            )
            for (kind, key), records in touched.items()
            for record in records
        ),
        batch_size=5000,
    )
    return state_load(org), dict(counts)


def _day(text: str) -> dt.date | None:
    text = text.strip()
    try:
        return dt.datetime.strptime(text[:8], "%Y%m%d").date() if text else None
    except ValueError:
        return None


def _current(
    rows: Sequence[dict[str, str]], day: dt.date, start: str, end: str, *, latest: bool
) -> dict[str, str] | None:
    """The row in force on ``day`` (start ≤ day ≤ end, a blank end is open); else, when
    ``latest``, the row that started last."""
    best: dict[str, str] | None = None
    for row in rows:
        began, ended = _day(row.get(start, "")), _day(row.get(end, ""))
        if (began is None or began <= day) and (ended is None or day <= ended):
            best = row
    if best is None and latest and rows:
        best = max(rows, key=lambda row: row.get(start, ""))
    return best


def _title(position_name: str) -> str:
    """ESR's position name "ABC5001|Core Trainee|001|" → its title "Core Trainee"."""
    parts = position_name.split("|")
    return parts[1].strip() if len(parts) > 1 and parts[1].strip() else position_name.strip()


def _levels(
    org_id: str, organisations: Mapping[str, list[dict[str, str]]], day: dt.date
) -> list[str]:
    """Organisation names from below the top of the hierarchy down to ``org_id`` (parents
    followed)."""
    names: list[str] = []
    seen: set[str] = set()
    current = org_id
    while current and current not in seen and len(seen) < 30:
        seen.add(current)
        row = _current(
            organisations.get(current, []),
            day,
            "Effective From Date",
            "Effective To Date",
            latest=True,
        )
        if row is None:
            break
        names.append(row.get("Organisation Name", ""))
        current = row.get("Parent Organisation ID", "")
    names.reverse()
    # The top of ESR's hierarchy is the trust itself (as ``Org L1`` in a staff-in-post report):
    # not a unit, unless a post sits there.
    return names[1:] if len(names) > 1 and current == "" else names


def _registration(rows: Iterable[dict[str, str]]) -> tuple[str, str, str]:
    """The person's professional registration (body name, PIN, expiry) from their ``ET`` rows
    of a "Regs" information type; with several, the one expiring last."""
    found = [
        (
            row.get("PEI_INFORMATION1", ""),
            row.get("PEI_INFORMATION2", ""),
            row.get("PEI_INFORMATION5", ""),
        )
        for row in rows
        if "regs" in row.get("Information Type", "").lower() and row.get("PEI_INFORMATION2")
    ]
    if not found:
        return "", "", ""
    return max(found, key=lambda item: _expiry_key(item[2]))


def _expiry_key(text: str) -> str:
    parts = text.split()[0].split("/") if text.strip() else []
    return "".join(reversed(parts)) if len(parts) == 3 else ""


@dataclass
class BuiltReport:
    text: str
    lines: list[int]  # the interface line of each report row's assignment record
    errors: list[RowError] = field(default_factory=list)


def report_build(state: InterfaceState, *, day: dt.date) -> BuiltReport:
    """The staff-in-post report of the state on ``day``: one row per assignment in force.

    Rule: an assignment's person, position and organisation must be among the records; an
    assignment whose person or position is missing is an error naming the assignment record.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(REPORT_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    built = BuiltReport(text="", lines=[])
    people, positions = state.rows["PR"], state.rows["PO"]
    registrations: dict[str, list[dict[str, str]]] = defaultdict(list)
    for rows in state.rows["ET"].values():
        for row in rows:
            registrations[row.get("Person ID", "")].append(row)
    for key, rows in state.rows["AS"].items():
        assignment = _current(rows, day, "Effective Start Date", "Effective End Date", latest=False)
        if assignment is None:
            continue
        line = int(assignment.get("_line", "0") or 0)
        person_id, position_id = assignment.get("Person ID", ""), assignment.get("Position ID", "")
        person = _current(
            people.get(person_id, []),
            day,
            "Effective Start Date",
            "Effective End Date",
            latest=True,
        )
        position = _current(
            positions.get(position_id, []),
            day,
            "Effective From Date",
            "Effective To Date",
            latest=True,
        )
        problems = []
        if person is None:
            problems.append(("AS Person ID", person_id, "person"))
        if position is None:
            problems.append(("AS Position ID", position_id, "position"))
        if problems:
            for column, value, what in problems:
                built.errors.append(
                    RowError(
                        line,
                        column,
                        value,
                        f"assignment {assignment.get('Assignment Number') or key} is to {what} "
                        f"{value or '(blank)'}, which no applied file has added (or a file "
                        "deleted it)",
                        f"the identifier of a {what} record ({_ADD[what]}) in this or an "
                        "earlier file",
                    )
                )
            continue
        assert person is not None and position is not None
        org_id = position.get("Organisation ID") or assignment.get("Organisation ID", "")
        levels = _levels(org_id, state.rows["OR"], day)[: len(LEVELS)]
        body, pin, expiry = _registration(registrations.get(person_id, []))
        writer.writerow(
            {
                "Employee Number": person.get("Employee Number", ""),
                "Assignment Number": assignment.get("Assignment Number", ""),
                "Last Name": person.get("Last Name", ""),
                "First Name": person.get("First Name", ""),
                "Date of Birth": person.get("Date of Birth", ""),
                "Gender": person.get("Gender", ""),
                "Ethnic Origin": person.get("Ethnic Origin", ""),
                "Disability": person.get("Disability Flag", ""),
                "Position Number": position.get("Position Number", ""),
                "Position Title": _title(position.get("Position Name", "")),
                "Job Role": position.get("Job Role", ""),
                "Occupation Code": position.get("Occupation Code", ""),
                **dict(zip(LEVELS, levels, strict=False)),
                "Grade": assignment.get("Grade") or position.get("Payscale", ""),
                "Contracted Wte": assignment.get("FTE", ""),
                "Assignment Category": assignment.get("Assignment Category", ""),
                "Primary Assignment": assignment.get("Primary Assignment", ""),
                "Assignment Status": assignment.get("User Assignment Status", ""),
                "Supervisor Assignment Number": assignment.get("Supervisor Assignment Number", ""),
                "Professional Registration Body": body,
                "Professional Registration Num": pin,
                "Professional Registration Expiry Date": expiry,
                "Assignment Start Date": assignment.get("Earliest Assignment Start Date")
                or assignment.get("Effective Start Date", ""),
            }
        )
        built.lines.append(line)
    built.text = buffer.getvalue()
    return built


def errors_on_interface_lines(errors: Iterable[RowError], lines: Sequence[int]) -> list[RowError]:
    """Report errors found in the built report against the interface file: the assignment
    record's line, and the interface field the column came from."""
    named = {**REPORT_COLUMNS, "/".join(LEVELS): "OR Organisation Name"}
    out = []
    for error in errors:
        index = error.row - 2
        line = lines[index] if 0 <= index < len(lines) else 0
        column = named.get(error.column, error.column)
        if error.column.startswith("Org L"):
            column = "OR Organisation Name (the position's organisation and its parents)"
        out.append(RowError(line, column, error.value, error.message, error.allowed))
    return out
