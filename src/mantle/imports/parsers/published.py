"""Parse published NHS workforce statistics used as benchmarks.

* ``parse_published_workforce``: the tidy layout ``month, org_code, org_name, staff_group, fte`` of
  NHS Digital's "HCHS staff by staff group and organisation" figures. ``month`` is written like
  ``2018-JUN`` (also accepted: ``2018-06``, ``JUN-2018``) and becomes the period ``2018-06``.
* ``parse_provider_types``: a provider list ``ORG_CODE, ORG_NAME, ORG_TYPE, ...`` (the LSE hospital
  management panel's ``nhs_provider.csv``) as a mapping from ODS code to provider type; codes and
  types are trimmed, because that file pads them with spaces.

Header names are matched ignoring case, spaces and punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from mantle.imports.parsers.common import (
    ParsedRecords,
    RowError,
    header_key,
    is_blank,
    iter_rows,
)
from mantle.workforce.rules.ods import ODS_FORMAT, normalise_ods_code, ods_code_error

_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "jan",
            "feb",
            "mar",
            "apr",
            "may",
            "jun",
            "jul",
            "aug",
            "sep",
            "oct",
            "nov",
            "dec",
        ),
        start=1,
    )
}
PERIOD_FORMATS = "YYYY-MON (e.g. 2018-JUN), YYYY-MM (2018-06) or MON-YYYY (JUN-2018)"


@dataclass(frozen=True, slots=True)
class PublishedFigure:
    """One published FTE figure: an organisation's staff group in one month."""

    period: str  # "YYYY-MM"
    org_code: str
    org_name: str
    staff_group: str
    fte: Decimal


class ParsedMapping(dict[str, str]):
    """A code → value mapping that also carries the problems found while reading it."""

    def __init__(self, errors: list[RowError] | None = None) -> None:
        super().__init__()
        self.errors: list[RowError] = errors or []


def parse_period(text: str) -> str | None:
    """Turn a published month label into a ``YYYY-MM`` period, or None when it is not one.

    Rule: "2018-JUN", "2018-06", "JUN-2018" and "June 2018" are all the period "2018-06".
    """
    value = text.strip().lower()
    match = re.fullmatch(r"([0-9]{4})[-/ ]([a-z]{3})[a-z]*", value)
    if match is not None:
        year, month = match.group(1), _MONTHS.get(match.group(2))
    else:
        match = re.fullmatch(r"([a-z]{3})[a-z]*[-/ ]([0-9]{4})", value)
        if match is not None:
            year, month = match.group(2), _MONTHS.get(match.group(1))
        else:
            match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", value)
            if match is None:
                return None
            year, month = match.group(1), int(match.group(2))
    if month is None or not 1 <= month <= 12:
        return None
    return f"{year}-{month:02d}"


def _header_positions(
    header: list[str], wanted: tuple[str, ...], errors: list[RowError]
) -> dict[str, int] | None:
    keys = {header_key(cell): index for index, cell in enumerate(header)}
    positions = {name: keys[header_key(name)] for name in wanted if header_key(name) in keys}
    missing = [name for name in wanted if name not in positions]
    if missing:
        errors.append(
            RowError(
                1,
                ", ".join(missing),
                "",
                f"required column(s) missing: {', '.join(missing)}",
                ", ".join(wanted),
            )
        )
        return None
    return positions


def parse_published_workforce(
    *, source: BinaryIO | Path, filename: str
) -> ParsedRecords[PublishedFigure]:
    """Parse published FTE by organisation and staff group (tidy layout) into figures.

    Rule: columns month, org_code, org_name, staff_group, fte; month → ``YYYY-MM`` period; the
    code a well-formed ODS code; FTE a number of at least 0. Rows with problems are left out and
    reported in ``errors``. Raises ParseError only for an unreadable file.
    """
    result: ParsedRecords[PublishedFigure] = ParsedRecords()
    rows = iter_rows(source=source, filename=filename)
    header = next(rows, None)
    if header is None or is_blank(header):
        result.errors.append(RowError(1, "", "", f"{filename} has no header row", "a header row"))
        return result
    wanted = ("month", "org_code", "org_name", "staff_group", "fte")
    positions = _header_positions(header, wanted, result.errors)
    if positions is None:
        return result
    names = {name: header[index].strip() for name, index in positions.items()}
    for row, cells in enumerate(rows, start=2):
        if is_blank(cells):
            continue
        values = {
            name: cells[index].strip() if index < len(cells) else ""
            for name, index in positions.items()
        }
        problems = len(result.errors)
        period = parse_period(values["month"])
        if period is None:
            result.errors.append(
                RowError(
                    row,
                    names["month"],
                    values["month"],
                    f"{values['month']!r} is not a month",
                    PERIOD_FORMATS,
                )
            )
        code_error = ods_code_error(values["org_code"])
        if code_error is not None:
            result.errors.append(
                RowError(row, names["org_code"], values["org_code"], code_error, ODS_FORMAT)
            )
        if not values["staff_group"]:
            result.errors.append(
                RowError(
                    row,
                    names["staff_group"],
                    "",
                    "staff group is blank",
                    "a staff group",
                )
            )
        fte: Decimal | None = None
        try:
            fte = Decimal(values["fte"])
        except InvalidOperation:
            fte = None
        if fte is None or not fte.is_finite() or fte < 0:
            result.errors.append(
                RowError(
                    row,
                    names["fte"],
                    values["fte"],
                    f"FTE {values['fte']!r} is not a number of 0 or more",
                    "a number, e.g. 318.02",
                )
            )
        if len(result.errors) > problems or period is None or fte is None:
            continue
        result.append(
            PublishedFigure(
                period=period,
                org_code=normalise_ods_code(values["org_code"]),
                org_name=values["org_name"],
                staff_group=values["staff_group"],
                fte=fte,
            )
        )
    return result


def parse_provider_types(*, source: BinaryIO | Path, filename: str) -> ParsedMapping:
    """Read a provider list into {ODS code: provider type}, e.g. {"RXH": "Acute"}.

    Rule: columns ORG_CODE and ORG_TYPE (others ignored); values trimmed (the published file pads
    them with spaces and starts with a byte-order mark); a code listed twice with two different
    types is an error, and so is a malformed code or a blank type.
    """
    result = ParsedMapping()
    rows = iter_rows(source=source, filename=filename)
    header = next(rows, None)
    if header is None or is_blank(header):
        result.errors.append(RowError(1, "", "", f"{filename} has no header row", "a header row"))
        return result
    positions = _header_positions(header, ("org_code", "org_type"), result.errors)
    if positions is None:
        return result
    code_column = header[positions["org_code"]].strip()
    type_column = header[positions["org_type"]].strip()
    first_row: dict[str, int] = {}
    for row, cells in enumerate(rows, start=2):
        if is_blank(cells):
            continue
        raw_code = cells[positions["org_code"]] if positions["org_code"] < len(cells) else ""
        org_type = (
            cells[positions["org_type"]].strip() if positions["org_type"] < len(cells) else ""
        )
        code_error = ods_code_error(raw_code)
        if code_error is not None:
            result.errors.append(
                RowError(row, code_column, raw_code.strip(), code_error, ODS_FORMAT)
            )
            continue
        if not org_type:
            result.errors.append(
                RowError(
                    row,
                    type_column,
                    "",
                    "provider type is blank",
                    "e.g. Acute, Ambulance",
                )
            )
            continue
        code = normalise_ods_code(raw_code)
        known = result.get(code)
        if known is not None and known != org_type:
            result.errors.append(
                RowError(
                    row,
                    type_column,
                    org_type,
                    f"{code} is {known!r} on row {first_row[code]} but {org_type!r} here",
                    "one type per organisation",
                )
            )
            continue
        first_row.setdefault(code, row)
        result[code] = org_type
    return result
