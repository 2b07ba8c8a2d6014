"""What every parser shares: reading CSV or XLSX into rows of text, row errors, and the results.

Files are read the same way everywhere so that a CSV and the XLSX saved from the same sheet give the
same result:

* CSV: UTF-8 with or without a byte-order mark, comma-separated, quoted fields, CRLF or LF.
* XLSX: the first worksheet, read with openpyxl in read-only mode. Cell values are turned into the
  text a CSV export of the sheet would contain: real Excel dates become ``YYYY-MM-DD``, whole
  numbers lose their ``.0``, TRUE/FALSE stay words.

Row numbers are the ones the user sees in a spreadsheet: the header is row 1, the first data row
is row 2, and a CSV record with a line break inside quotes is still one row.

Bad *content* never raises: parsers return ``RowError`` values. Only a file that cannot be read as
CSV or XLSX at all raises ``ParseError``, with a message a user can act on.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, BinaryIO, Literal, TypeVar

T = TypeVar("T")

FileKind = Literal["csv", "xlsx"]

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls (and other Office 97-2003 files)
_XLSX_SUFFIXES = (".xlsx", ".xlsm")


class ParseError(Exception):
    """The file cannot be read at all (wrong format or encoding); nothing in it was checked."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell (or one row, or the header), as the user will see it in a report.

    ``row`` is the spreadsheet row (header = 1); ``column`` is the column name as written in the
    file's header (or the canonical name when the column is missing); ``allowed`` says what would
    have been accepted. A dataclass, so ``dataclasses.asdict`` turns it into stored JSON.
    """

    row: int
    column: str
    value: str
    message: str
    allowed: str = ""


class ParsedRecords(list[T]):
    """A list of parsed records that also carries the problems found while reading them.

    Rule: parsers never raise for bad content; the records that could be read are the list's
    items and every problem is in ``errors`` (row, column, value, message, allowed).
    """

    def __init__(self, records: list[T] | None = None, errors: list[RowError] | None = None):
        super().__init__(records or [])
        self.errors: list[RowError] = errors or []


def _as_binary(source: BinaryIO | Path) -> tuple[IO[bytes], bool]:
    """Return a seekable binary stream and whether this function opened it (and must close it)."""
    if isinstance(source, Path):
        try:
            return source.open("rb"), True
        except OSError as exc:
            raise ParseError(f"cannot open {source.name}: {exc.strerror or exc}") from exc
    seekable = getattr(source, "seekable", None)
    if callable(seekable) and seekable():
        return source, False
    # Zip archives (XLSX) need random access, and sniffing needs to look ahead.
    return io.BytesIO(source.read()), True


def detect_kind(stream: IO[bytes], filename: str) -> FileKind:
    """Decide whether a stream holds XLSX or CSV from its first bytes (then its name).

    Rule: a zip archive is XLSX; a legacy binary Office file, or a file named .xlsx that is not a
    zip, or a file with NUL bytes at the start, is "not a CSV or XLSX file".
    """
    start = stream.tell()
    head = stream.read(4096)
    stream.seek(start)
    name = filename.lower()
    if head.startswith(_ZIP_MAGIC):
        return "xlsx"
    if head.startswith(_OLE_MAGIC):
        raise ParseError(
            f"{filename} is an old Excel 97-2003 (.xls) file, not a CSV or XLSX file: "
            "save it as Excel Workbook (.xlsx) or CSV UTF-8 and upload again"
        )
    if name.endswith(_XLSX_SUFFIXES):
        raise ParseError(f"{filename} is not a CSV or XLSX file (it is named .xlsx but is not one)")
    if b"\x00" in head:
        raise ParseError(f"{filename} is not a CSV or XLSX file (it contains binary data)")
    return "csv"


def cell_text(value: object) -> str:
    """Turn a spreadsheet cell value into the text a CSV export of the same cell would hold.

    Rule: None → ""; real dates → ISO ``YYYY-MM-DD`` (any time of day is dropped); whole-number
    floats lose ``.0`` (so an employee number 1234 stays "1234"); other numbers keep their
    shortest exact form; TRUE/FALSE become "TRUE"/"FALSE".
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value).strip("\ufeff")


def _iter_csv(stream: IO[bytes], filename: str) -> Iterator[list[str]]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    row_number = 0
    try:
        for record in csv.reader(text):
            row_number += 1
            yield record
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"{filename} is not UTF-8 (unreadable text near row {row_number + 1}): save it as "
            "'CSV UTF-8 (comma delimited)' and upload again"
        ) from exc
    except csv.Error as exc:
        raise ParseError(
            f"{filename} is not a CSV or XLSX file (CSV error near row {row_number + 1}: {exc})"
        ) from exc
    finally:
        # Detach so that closing the text wrapper never closes the caller's stream.
        text.detach()


def _iter_xlsx(stream: IO[bytes], filename: str) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # heavy import; only when an XLSX arrives

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign zip
        raise ParseError(f"{filename} is not a CSV or XLSX file (cannot open workbook)") from exc
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # Some writers store a wrong sheet size, which would silently cut rows off in read-only
        # mode; forgetting it makes openpyxl read every row that is really there.
        sheet.reset_dimensions()
        for values in sheet.iter_rows(values_only=True):
            yield [cell_text(value) for value in values]
    finally:
        workbook.close()


def iter_rows(*, source: BinaryIO | Path, filename: str) -> Iterator[list[str]]:
    """Yield every row of a CSV or XLSX file as a list of cell texts (header first).

    Rule: the reading rules of this module's docstring; blank rows are yielded (as lists of empty
    strings, or an empty list) so that row numbers keep matching the spreadsheet.
    Raises ParseError for a file that is not readable CSV or XLSX.
    """
    stream, opened = _as_binary(source)
    try:
        kind = detect_kind(stream, filename)
        if kind == "xlsx":
            yield from _iter_xlsx(stream, filename)
        else:
            yield from _iter_csv(stream, filename)
    finally:
        if opened:
            stream.close()


def header_key(name: str) -> str:
    """Header matching key: lower case letters and digits only (no spaces or punctuation).

    Rule: "Employee Number", "employee_number", "EMPLOYEE-NUMBER" and "Employee No." match the
    same way; "Assignment No." is "Assignment No".
    """
    return re.sub(r"[^0-9a-z]+", "", name.strip().strip("\ufeff").lower())


def is_blank(row: list[str]) -> bool:
    """Whether every cell of a row is empty or whitespace (such rows are skipped, not errors)."""
    # One C-level join beats a Python loop over the cells on million-row files.
    joined = "".join(row)
    return not joined or joined.isspace()


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?")
_UK_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_SHORT_YEAR = re.compile(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{2}")
DATE_FORMATS = "YYYY-MM-DD (e.g. 2024-04-01) or DD/MM/YYYY (e.g. 01/04/2024)"


def parse_date(text: str) -> tuple[date | None, str | None]:
    """Read a date written as ISO ``YYYY-MM-DD`` or UK ``DD/MM/YYYY``: (date, None) or (None, why).

    Rule: only these two layouts are accepted, so 01/04/2024 is always 1 April; two-digit years
    are refused as ambiguous; impossible dates (31/02/2024) are refused. An ISO date followed by a
    midnight time (as spreadsheets export it) is accepted.
    """
    value = text.strip()
    if not value:
        return None, "date is blank"
    match = _ISO_DATE.fullmatch(value)
    if match is not None:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _UK_DATE.fullmatch(value)
        if match is None:
            if _SHORT_YEAR.fullmatch(value):
                return None, f"{value!r} has a two-digit year; write the year in full"
            return None, f"{value!r} is not a date in the form YYYY-MM-DD or DD/MM/YYYY"
        day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day), None
    except ValueError:
        return None, f"{value!r} is not a real calendar date"


def errors_to_csv(errors: Iterable[RowError]) -> str:
    """Write an error (or warning) report as CSV with columns row, column, value, message, allowed.

    Rule: one line per problem, in the order given. A cell a spreadsheet would run as a formula
    (starting =, +, -, @, tab or carriage return) is prefixed with an apostrophe, so a hostile
    value in an uploaded file cannot execute when the report is opened.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("row", "column", "value", "message", "allowed"))
    for error in errors:
        writer.writerow(
            (
                error.row,
                _safe_cell(error.column),
                _safe_cell(error.value),
                _safe_cell(error.message),
                _safe_cell(error.allowed),
            )
        )
    return buffer.getvalue()


def _safe_cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
