"""Parse NHS Organisation Data Service reference files into organisations.

Two layouts are recognised from the file itself:

* the standard headerless ODS layout of ``etr.csv`` (NHS trusts) and ``eccg.csv`` (CCGs / sub-ICB
  locations): column 1 code, 2 name, 3 national grouping (region, e.g. ``Y56``), 4 high-level
  health geography (the ICB, e.g. ``QMJ``), 10 postcode, 11 open date ``YYYYMMDD``, 12 close date;
* the ONS ICB names-and-codes file with a header ``ICB24CD, ICB24CDH, ICB24NM, ObjectId`` (any
  year's ``ICByy`` prefix), where the ODS code is ``ICByyCDH`` and ``ICByyCD`` the ONS code.

The organisation type comes from the file: ``etr`` → trust, ``eccg`` (or ``ccg``) → sub-ICB
location, the ICB list → ICB. For a standard-layout file with another name, the type is read from
each organisation's name (``... TRUST`` → trust; ``CCG``, ``ICB``, ``COMMISSIONING HUB`` →
sub-ICB location).

ODS publishes names in capitals; ``tidy_organisation_name`` turns them into the form people
write ("NHS Darlington CCG", "Stoke-on-Trent", "King's College Hospital").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import BinaryIO, Literal

from mantle.imports.parsers.common import (
    ParsedRecords,
    RowError,
    header_key,
    is_blank,
    iter_rows,
)
from mantle.workforce.rules.ods import ODS_FORMAT, normalise_ods_code, ods_code_error

OrgType = Literal["trust", "sub_icb", "icb"]

_STANDARD_MIN_COLUMNS = 12
_ICB_CODE = re.compile(r"icb[0-9]{2}cdh")
_ICB_ONS = re.compile(r"icb[0-9]{2}cd")
_ICB_NAME = re.compile(r"icb[0-9]{2}nm")


@dataclass(frozen=True, slots=True)
class OdsOrganisation:
    """An NHS organisation as published by ODS."""

    code: str
    name: str
    org_type: OrgType
    region_code: str | None = None  # national grouping, e.g. Y56
    icb_code: str | None = None  # high-level health geography, e.g. QMJ
    postcode: str | None = None
    open_date: date | None = None
    close_date: date | None = None
    ons_code: str | None = None  # ONS GSS code, ICB list only (e.g. E54000008)

    def is_open_on(self, day: date) -> bool:
        """Whether the organisation existed on a date (opened on or before it, not yet closed).

        Rule: ODS open and close dates are inclusive; a missing open date means "always was".
        """
        if self.open_date is not None and day < self.open_date:
            return False
        return self.close_date is None or day <= self.close_date


_ACRONYMS = frozenset(
    {
        "NHS",
        "CCG",
        "ICB",
        "GP",
        "UK",
        "CIC",
        "LLP",
        "CSU",
        "PCT",
        "ICS",
        "PCN",
        "HQ",
        "A&E",
        "H&J",
    }
)
_SMALL_WORDS = frozenset(
    {
        "and",
        "of",
        "the",
        "for",
        "on",
        "upon",
        "in",
        "at",
        "by",
        "with",
        "under",
        "super",
        "le",
    }
)


def _capitalise(part: str) -> str:
    lowered = part.lower()
    # Capitalise the first letter, keeping any leading punctuation such as "(".
    match = re.search(r"[a-z]", lowered)
    if match is None:
        return lowered
    index = match.start()
    word = lowered[:index] + lowered[index].upper() + lowered[index + 1 :]
    # O'CONNOR → O'Connor, but KING'S → King's and THOMAS' → Thomas'.
    return re.sub(r"'([a-z]{2,})", lambda m: "'" + m.group(1).capitalize(), word)


def _tidy_part(part: str, *, first: bool) -> str:
    bare = re.sub(r"[^A-Za-z0-9&]", "", part).upper()
    if bare in _ACRONYMS or any(ch.isdigit() for ch in bare):
        return part.upper()
    if not first and part.lower() in _SMALL_WORDS:
        return part.lower()
    return _capitalise(part)


def tidy_organisation_name(name: str) -> str:
    """Turn an ALL-CAPS ODS name into normal capitalisation; leave mixed-case names alone.

    Rule: words are capitalised; NHS, CCG, ICB, GP and other acronyms, and codes containing
    digits (03W, M1J4Y), stay in capitals; "and", "of", "the", "on", "upon" … are lower case
    except as the first word; hyphenated names keep the same rules per part ("Stoke-on-Trent",
    "Sub-ICB").
    """
    text = re.sub(r"\s+", " ", name).strip()
    if text != text.upper():
        return text
    words = text.split(" ")
    tidied: list[str] = []
    for word_index, word in enumerate(words):
        parts = word.split("-")
        tidied.append(
            "-".join(
                _tidy_part(part, first=word_index == 0 and part_index == 0)
                for part_index, part in enumerate(parts)
            )
        )
    return " ".join(tidied)


def _type_from_filename(filename: str) -> OrgType | None:
    stem = PurePath(filename).stem.lower()
    if "etr" in stem:
        return "trust"
    if "ccg" in stem:
        return "sub_icb"
    return None


def _type_from_name(name: str) -> OrgType | None:
    upper = name.upper()
    if re.search(r"\bTRUST\b", upper):
        return "trust"
    if re.search(r"\b(CCG|ICB|SUB-ICB|COMMISSIONING HUB)\b", upper):
        return "sub_icb"
    return None


def _ods_date(
    text: str, *, row: int, column: str, errors: list[RowError]
) -> tuple[date | None, bool]:
    value = text.strip()
    if not value:
        return None, True
    match = re.fullmatch(r"([0-9]{4})([0-9]{2})([0-9]{2})", value)
    if match is not None:
        try:
            return date(*(int(part) for part in match.groups())), True
        except ValueError:
            pass
    errors.append(
        RowError(row, column, value, f"{value!r} is not a date", "YYYYMMDD, e.g. 20240401")
    )
    return None, False


def _code_or_error(text: str, *, row: int, column: str, errors: list[RowError]) -> str | None:
    message = ods_code_error(text)
    if message is not None:
        errors.append(RowError(row, column, text, message, ODS_FORMAT))
        return None
    return normalise_ods_code(text)


def _parse_standard(
    rows: list[tuple[int, list[str]]], filename: str
) -> ParsedRecords[OdsOrganisation]:
    result: ParsedRecords[OdsOrganisation] = ParsedRecords()
    file_type = _type_from_filename(filename)
    seen: dict[str, int] = {}
    for row, cells in rows:
        if len(cells) < _STANDARD_MIN_COLUMNS:
            result.errors.append(
                RowError(
                    row,
                    "",
                    ",".join(cells),
                    f"row has {len(cells)} columns; the standard ODS layout has at least "
                    f"{_STANDARD_MIN_COLUMNS}",
                    "code, name, region, ICB, address lines, postcode, open date, close date, ...",
                )
            )
            continue
        code = _code_or_error(cells[0], row=row, column="column 1 (code)", errors=result.errors)
        raw_name = cells[1].strip()
        if not raw_name:
            result.errors.append(
                RowError(row, "column 2 (name)", "", "organisation name is blank", "a name")
            )
        org_type = file_type or _type_from_name(raw_name)
        if org_type is None and raw_name:
            result.errors.append(
                RowError(
                    row,
                    "column 2 (name)",
                    raw_name,
                    "cannot tell whether this is a trust or a sub-ICB location",
                    "a file named etr.csv (trusts) or eccg.csv (sub-ICB locations)",
                )
            )
        open_date, open_ok = _ods_date(
            cells[10], row=row, column="column 11 (open date)", errors=result.errors
        )
        close_date, close_ok = _ods_date(
            cells[11], row=row, column="column 12 (close date)", errors=result.errors
        )
        if open_date and close_date and close_date < open_date:
            result.errors.append(
                RowError(
                    row,
                    "column 12 (close date)",
                    cells[11],
                    f"closes on {close_date}, before it opens on {open_date}",
                    "a close date on or after the open date",
                )
            )
            close_ok = False
        if code is not None and code in seen:
            result.errors.append(
                RowError(
                    row,
                    "column 1 (code)",
                    code,
                    f"code {code} is also on row {seen[code]}",
                    "each code once",
                )
            )
            continue
        if code is None or not raw_name or org_type is None or not (open_ok and close_ok):
            continue
        seen[code] = row
        region, icb = cells[2].strip().upper(), cells[3].strip().upper()
        postcode = re.sub(r"\s+", " ", cells[9]).strip().upper()
        result.append(
            OdsOrganisation(
                code=code,
                name=tidy_organisation_name(raw_name),
                org_type=org_type,
                region_code=region or None,
                icb_code=icb or None,
                postcode=postcode or None,
                open_date=open_date,
                close_date=close_date,
            )
        )
    return result


def _parse_icb_list(
    header: list[str], rows: list[tuple[int, list[str]]]
) -> ParsedRecords[OdsOrganisation]:
    result: ParsedRecords[OdsOrganisation] = ParsedRecords()
    keys = [header_key(cell) for cell in header]
    code_at = next(i for i, key in enumerate(keys) if _ICB_CODE.fullmatch(key))
    ons_at = next((i for i, key in enumerate(keys) if _ICB_ONS.fullmatch(key)), None)
    name_at = next((i for i, key in enumerate(keys) if _ICB_NAME.fullmatch(key)), None)
    if name_at is None:
        result.errors.append(
            RowError(
                1,
                "ICByyNM",
                "",
                "the ICB name column is missing",
                "ICB24CD, ICB24CDH, ICB24NM",
            )
        )
        return result
    code_column, name_column = header[code_at].strip(), header[name_at].strip()
    seen: dict[str, int] = {}
    for row, cells in rows:
        padded = cells + [""] * (len(header) - len(cells))
        code = _code_or_error(padded[code_at], row=row, column=code_column, errors=result.errors)
        name = padded[name_at].strip()
        if not name:
            result.errors.append(RowError(row, name_column, "", "ICB name is blank", "a name"))
        if code is not None and code in seen:
            result.errors.append(
                RowError(
                    row,
                    code_column,
                    code,
                    f"code {code} is also on row {seen[code]}",
                    "",
                )
            )
            continue
        if code is None or not name:
            continue
        seen[code] = row
        ons = padded[ons_at].strip().upper() if ons_at is not None else ""
        result.append(
            OdsOrganisation(
                code=code,
                name=tidy_organisation_name(name),
                org_type="icb",
                ons_code=ons or None,
            )
        )
    return result


def parse_ods_file(*, source: BinaryIO | Path, filename: str) -> ParsedRecords[OdsOrganisation]:
    """Parse an ODS reference file (etr.csv, eccg.csv or the ICB names list) into organisations.

    Rule: layout and organisation type detected as in this module's docstring; each code must be
    a well-formed ODS code and appear once; dates are ``YYYYMMDD``. Rows with problems are left
    out and reported in ``errors``. Raises ParseError only for an unreadable file.
    """
    numbered = [
        (row, cells)
        for row, cells in enumerate(iter_rows(source=source, filename=filename), start=1)
        if not is_blank(cells)
    ]
    if not numbered:
        return ParsedRecords(errors=[RowError(1, "", "", f"{filename} is empty", "ODS rows")])
    first_row, first_cells = numbered[0]
    if any(_ICB_CODE.fullmatch(header_key(cell)) for cell in first_cells):
        return _parse_icb_list(first_cells, numbered[1:])
    if first_row == 1 and ods_code_error(first_cells[0]) is not None:
        return ParsedRecords(
            errors=[
                RowError(
                    1,
                    "",
                    ",".join(first_cells[:4]),
                    "not a recognised ODS layout: expected the headerless ODS layout (etr.csv, "
                    "eccg.csv) or the ICB list with ICB24CD, ICB24CDH, ICB24NM",
                    "an ODS reference file",
                )
            ]
        )
    return _parse_standard(numbered, filename)
