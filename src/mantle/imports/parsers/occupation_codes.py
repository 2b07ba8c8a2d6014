"""Parse an NHS Occupation Code Manual code list (the v22.1 layout) into records.

Columns (header names matched ignoring case, spaces and punctuation):
``occupation_code``, ``occupation_code_name``, ``main_staff_group``, ``broad_staff_group``,
``detailed_staff_group``, ``occupation_level``, ``care_setting_or_specialty`` (optional) and
``is_currently_valid`` (True/False, Y/N, Yes/No, 1/0).

A medical code whose leading zeros a spreadsheet has eaten ("1" for ``001``) is padded back to
three digits, because a medical code is always three digits. Every code must be well-formed
according to ``mantle.workforce.rules.occupation`` and appear once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mantle.imports.parsers.common import (
    ParsedRecords,
    RowError,
    header_key,
    is_blank,
    iter_rows,
)
from mantle.workforce.rules.occupation import classify_occupation_code


@dataclass(frozen=True, slots=True)
class OccupationCodeRecord:
    """One occupation code as published in the manual's code list."""

    code: str
    name: str
    main_staff_group: str
    broad_staff_group: str
    detailed_staff_group: str
    level: str
    care_setting_or_specialty: str
    currently_valid: bool


_COLUMNS: dict[str, tuple[str, ...]] = {
    "occupation_code": ("occupation_code", "code"),
    "occupation_code_name": ("occupation_code_name", "name", "description"),
    "main_staff_group": ("main_staff_group",),
    "broad_staff_group": ("broad_staff_group", "staff_group"),
    "detailed_staff_group": ("detailed_staff_group",),
    "occupation_level": ("occupation_level", "level"),
    "care_setting_or_specialty": (
        "care_setting_or_specialty",
        "area_of_work",
        "specialty",
    ),
    "is_currently_valid": ("is_currently_valid", "currently_valid", "valid"),
}
_OPTIONAL = frozenset({"care_setting_or_specialty"})
_FLAGS = {"true": True, "y": True, "yes": True, "1": True, "false": False, "n": False}
_FLAGS.update({"no": False, "0": False})


def parse_occupation_code_file(
    *, source: BinaryIO | Path, filename: str
) -> ParsedRecords[OccupationCodeRecord]:
    """Parse an occupation code list (v22.1 layout, CSV or XLSX) into records.

    Rule: the columns of this module's docstring; each code well-formed per the Occupation Code
    Manual structure and unique; the valid flag a yes/no value. Rows with problems are left out
    and reported in ``errors``. Raises ParseError only for an unreadable file.
    """
    result: ParsedRecords[OccupationCodeRecord] = ParsedRecords()
    rows = iter_rows(source=source, filename=filename)
    header = next(rows, None)
    if header is None or is_blank(header):
        result.errors.append(RowError(1, "", "", f"{filename} has no header row", "a header row"))
        return result
    aliases = {header_key(alias): name for name, names in _COLUMNS.items() for alias in names}
    position: dict[str, int] = {}
    for index, heading in enumerate(header):
        name = aliases.get(header_key(heading))
        if name is not None and name not in position:
            position[name] = index
    missing = [name for name in _COLUMNS if name not in position and name not in _OPTIONAL]
    if missing:
        result.errors.append(
            RowError(
                1,
                ", ".join(missing),
                "",
                f"required column(s) missing: {', '.join(missing)}",
                ", ".join(_COLUMNS),
            )
        )
        return result
    seen: dict[str, int] = {}
    for row, cells in enumerate(rows, start=2):
        if is_blank(cells):
            continue

        def value_of(name: str, cells: list[str] = cells) -> str:
            index = position.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        code = value_of("occupation_code").upper()
        if code.isascii() and code.isdigit() and len(code) < 3:
            code = code.zfill(3)
        problems = len(result.errors)
        if classify_occupation_code(code) is None:
            result.errors.append(
                RowError(
                    row,
                    header[position["occupation_code"]],
                    value_of("occupation_code"),
                    f"{code!r} is not a well-formed NHS occupation code",
                    "three digits (medical and dental) or matrix letter, level and area",
                )
            )
        elif code in seen:
            result.errors.append(
                RowError(
                    row,
                    header[position["occupation_code"]],
                    code,
                    f"code {code} is also on row {seen[code]}",
                    "each code once",
                )
            )
        flag_text = value_of("is_currently_valid")
        valid = _FLAGS.get(flag_text.lower())
        if valid is None:
            result.errors.append(
                RowError(
                    row,
                    header[position["is_currently_valid"]],
                    flag_text,
                    f"valid flag {flag_text!r} is not true or false",
                    "True/False, Y/N, Yes/No, 1/0",
                )
            )
        name = value_of("occupation_code_name")
        if not name:
            result.errors.append(
                RowError(
                    row,
                    header[position["occupation_code_name"]],
                    "",
                    "name is blank",
                    "",
                )
            )
        if len(result.errors) > problems or valid is None:
            continue
        seen[code] = row
        result.append(
            OccupationCodeRecord(
                code=code,
                name=name,
                main_staff_group=value_of("main_staff_group"),
                broad_staff_group=value_of("broad_staff_group"),
                detailed_staff_group=value_of("detailed_staff_group"),
                level=value_of("occupation_level"),
                care_setting_or_specialty=value_of("care_setting_or_specialty"),
                currently_valid=valid,
            )
        )
    return result
