"""``parse_interface_file``: the ESR outbound interface file's envelope and records, checked."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from mantle.imports.parsers.common import ParseError, RowError

# The record types of record_layouts.csv, by prefix, with their names there.
DATA_RECORD_TYPES: Mapping[str, str] = {
    "AB": "absence_record",
    "AS": "assignment_record",
    "CD": "competence_definition_record",
    "CM": "competency_record",
    "CO": "costing_record",
    "DT": "disability_record",
    "EL": "element_record",
    "ET": "person_eit_record",
    "LC": "location_record",
    "OR": "organisation_record",
    "PI": "position_eit_record",
    "PO": "position_record",
    "PR": "person_record",
    "QL": "qualification_record",
    "ST": "sit_record",
    "TR": "training_absence_record",
}
# The record's own identifier: the field a delete carries. Records of a thing (person, position,
# organisation, location, competence definition) are identified by their second field; records
# about a person or position (an assignment, a registration, …) by their third.
_OWN_ID_FIELD = {"PR": 2, "PO": 2, "OR": 2, "LC": 2, "CD": 2}
LOOKUP_PREFIX = "LOV"
HEADER_FIELDS = 7  # HDR, file name, run time, VPD code, from, to, version
_SEQUENCE = re.compile(r"_([0-9]+)\.DAT$", re.IGNORECASE)
_TIMESTAMP = re.compile(r"([0-9]{8}) ([0-9]{6})")
TIMESTAMP_FORMAT = "YYYYMMDD HHMMSS, e.g. 20200602 000000"


@cache
def record_layouts() -> Mapping[str, tuple[str, ...]]:
    """Field names of each record type, in order (``record_layouts.csv``), by prefix."""
    text = resources.files(__package__).joinpath("record_layouts.csv").read_text(encoding="utf-8")
    fields: dict[str, list[tuple[int, str]]] = {}
    for row in csv.DictReader(text.splitlines()):
        fields.setdefault(row["record_type_prefix"], []).append(
            (int(row["position"]), row["field"])
        )
    return {prefix: tuple(name for _, name in sorted(rows)) for prefix, rows in fields.items()}


@dataclass(frozen=True)
class InterfaceHeader:
    """What the ``HDR`` line says: the file's name and sequence, and the period it covers."""

    file_name: str
    sequence: int
    run_at: datetime
    vpd_code: str
    covers_from: datetime | None  # None: a full file (the header's "from" is all zeros)
    covers_to: datetime
    version: str

    @property
    def full(self) -> bool:
        return self.covers_from is None

    @property
    def as_of(self) -> date:
        """The date the file describes: the end of the period it covers."""
        return self.covers_to.date()


@dataclass(frozen=True)
class InterfaceRecord:
    """One data record: type, action (``A`` or ``D``), its identifier and its named fields."""

    line: int
    type: str
    action: str
    key: str
    fields: Mapping[str, str]

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()


@dataclass
class InterfaceFile:
    """A checked interface file; load it only when ``errors`` is empty."""

    header: InterfaceHeader | None = None
    records: list[InterfaceRecord] = field(default_factory=list)
    trailer_count: int | None = None
    lookups: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        """Records by type and action (``PRA``, ``ASD``, …), in the order first seen."""
        return dict(Counter(record.type + record.action for record in self.records))


def _timestamp(text: str) -> datetime | None:
    match = _TIMESTAMP.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return datetime.strptime(f"{match.group(1)}{match.group(2)}", "%Y%m%d%H%M%S")
    except ValueError:
        return None


def _header(line: int, cells: list[str], errors: list[RowError]) -> InterfaceHeader | None:
    if len(cells) != HEADER_FIELDS:
        errors.append(
            RowError(
                line,
                "HDR",
                "~".join(cells),
                f"the header has {len(cells)} fields, not {HEADER_FIELDS}",
                "HDR~file name~run time~VPD code~from~to~version",
            )
        )
        return None
    _, name, run, vpd, since, until, version = (cell.strip() for cell in cells)
    problems = len(errors)
    sequence = _SEQUENCE.search(name)
    if sequence is None:
        errors.append(
            RowError(
                line,
                "file name",
                name,
                "the header's file name does not end in a sequence number",
                "a name ending _<sequence>.DAT, e.g. GO_123_GDW_GOF_2020602_00001234.DAT",
            )
        )
    stamps = {}
    for label, text in (("run time", run), ("to", until)):
        stamps[label] = _timestamp(text)
        if stamps[label] is None:
            errors.append(
                RowError(line, label, text, f"{text!r} is not a timestamp", TIMESTAMP_FORMAT)
            )
    full = since.replace("0", "").strip() == ""
    covers_from = None if full else _timestamp(since)
    if not full and covers_from is None:
        errors.append(
            RowError(
                line,
                "from",
                since,
                f"{since!r} is not a timestamp",
                TIMESTAMP_FORMAT + ", or all zeros for a full file",
            )
        )
    if len(errors) > problems or sequence is None:
        return None
    run_at, covers_to = stamps["run time"], stamps["to"]
    assert run_at is not None and covers_to is not None
    return InterfaceHeader(
        file_name=name,
        sequence=int(sequence.group(1)),
        run_at=run_at,
        vpd_code=vpd,
        covers_from=covers_from,
        covers_to=covers_to,
        version=version,
    )


def parse_interface_file(*, source: BinaryIO | Path, filename: str) -> InterfaceFile:
    """Read and check one interface file (see the package docstring); never raises for content.

    Raises ParseError only when the file is not text in UTF-8 or Windows-1252 (ESR's encoding).
    """
    data = source.read_bytes() if isinstance(source, Path) else source.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ParseError(f"{filename} is not a text file: {exc}") from exc
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if line]
    result = InterfaceFile()
    errors = result.errors
    if not lines:
        errors.append(RowError(1, "", "", f"{filename} is empty", "HDR, records, TRL"))
        return result
    first_number, first = lines[0]
    if not first.startswith("HDR~"):
        errors.append(
            RowError(
                first_number,
                "record type",
                first[:3],
                "the first line is not the header (HDR): the file is incomplete or not an ESR "
                "interface file",
                "a file starting HDR~ and ending TRL~",
            )
        )
    else:
        result.header = _header(first_number, first.split("~"), errors)
        lines = lines[1:]
    if lines and lines[-1][1].startswith("TRL~"):
        last_number, last = lines.pop()
        cells = last.split("~")
        count = cells[1].strip() if len(cells) == 2 else ""
        if not count.isdigit():
            errors.append(
                RowError(
                    last_number, "TRL", last, "the trailer does not give a record count", "TRL~N"
                )
            )
        else:
            result.trailer_count = int(count)
    else:
        number = lines[-1][0] + 1 if lines else first_number + 1
        errors.append(
            RowError(
                number,
                "record type",
                "",
                "the file has no trailer (TRL): it is incomplete (cut short in transfer?)",
                "a file ending TRL~<number of records>",
            )
        )
    layouts = record_layouts()
    for number, line in lines:
        cells = line.split("~")
        prefix = cells[0].strip()
        if prefix == LOOKUP_PREFIX:
            result.lookups += 1
            continue
        kind, action = prefix[:2], prefix[2:]
        layout = layouts.get(kind)
        if layout is None or prefix in ("HDR", "TRL"):
            errors.append(
                RowError(
                    number,
                    "record type",
                    prefix,
                    f"{prefix!r} is not an ESR interface record type"
                    + (" here (only the first and last lines)" if prefix in ("HDR", "TRL") else ""),
                    ", ".join(f"{code}A/{code}D" for code in DATA_RECORD_TYPES) + ", LOV",
                )
            )
            continue
        if action not in ("A", "D"):
            errors.append(
                RowError(
                    number,
                    "record type",
                    prefix,
                    f"action {action!r} of record {prefix!r} is neither A (add or update) nor D "
                    "(delete)",
                    f"{kind}A or {kind}D",
                )
            )
            continue
        key_field = _OWN_ID_FIELD.get(kind, 3)
        if action == "D":
            if len(cells) != 2 or not cells[1].strip():
                errors.append(
                    RowError(
                        number,
                        layout[key_field - 1],
                        "~".join(cells[1:]),
                        f"a delete record carries the {layout[key_field - 1]} alone",
                        f"{kind}D~<{layout[key_field - 1]}>",
                    )
                )
                continue
            result.records.append(
                InterfaceRecord(number, kind, action, cells[1].strip(), {"key": cells[1]})
            )
            continue
        if len(cells) != len(layout):
            errors.append(
                RowError(
                    number,
                    DATA_RECORD_TYPES[kind],
                    prefix,
                    f"{prefix} record has {len(cells)} fields but the layout has {len(layout)}",
                    f"{len(layout)} fields separated by ~ (record_layouts.csv)",
                )
            )
            continue
        named = dict(zip(layout, cells, strict=True))
        key = cells[key_field - 1].strip()
        if not key:
            errors.append(
                RowError(
                    number,
                    layout[key_field - 1],
                    "",
                    f"{prefix} record has no {layout[key_field - 1]}",
                    "the record's identifier",
                )
            )
            continue
        result.records.append(InterfaceRecord(number, kind, action, key, named))
    found = len(lines)  # every data line, read or refused
    if result.trailer_count is not None and result.trailer_count != found:
        errors.append(
            RowError(
                lines[-1][0] + 1 if lines else 2,
                "TRL",
                str(result.trailer_count),
                f"the trailer says {result.trailer_count} records but the file has {found}: "
                "records are missing or extra",
                f"TRL~{found}",
            )
        )
    return result
