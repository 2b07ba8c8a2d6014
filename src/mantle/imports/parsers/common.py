"""What every parser shares: reading a CSV or XLSX file into rows of cells, the row error a user
sees, and the one exception a parser raises (for a file it cannot read at all).

Row numbers are the numbers a user sees when the file is opened in a spreadsheet: the header is
row 1 and the first data row is row 2. A CSV record with a line break inside a quoted field is one
row, as it is in Excel; blank lines count as rows, as they do in Excel.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, BinaryIO, Generic, TypeVar

__all__ = [
    "Cell",
    "ParseError",
    "ParsedList",
    "RowError",
    "Table",
    "cell_text",
    "errors_to_csv",
    "header_key",
    "open_table",
]

# A cell is text, except that XLSX date cells arrive as dates so no format has to be guessed.
Cell = str | date

T = TypeVar("T")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls (and .doc) workbooks
_CSV_SUFFIXES = frozenset({".csv", ".txt", ""})
_XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})


class ParseError(Exception):
    """The file cannot be read at all (wrong type or encoding); bad *content* is never raised."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in an uploaded file, located the way the user will look for it.

    ``row`` is the spreadsheet row (header = 1); ``column`` is the header as written in the file
    (or the canonical name when the column is missing); ``allowed`` says what would be accepted.
    """

    row: int
    column: str
    value: str
    message: str
    allowed: str = ""


class ParsedList(list[T], Generic[T]):
    """A list of parsed records that also carries the problems found while parsing them.

    Parsers of reference files return this so callers can use it as the plain list they asked
    for, and still show ``errors`` (rows left out) and ``warnings`` (rows kept).
    """

    def __init__(
        self,
        records: Sequence[T] = (),
        *,
        errors: Sequence[RowError] = (),
        warnings: Sequence[RowError] = (),
    ) -> None:
        super().__init__(records)
        self.errors: list[RowError] = list(errors)
        self.warnings: list[RowError] = list(warnings)


@dataclass(slots=True)
class Table:
    """A file's header and its data rows as (row number, cells)."""

    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    kind: str  # "csv" or "xlsx"


def header_key(name: str) -> str:
    """Compare header names ignoring case, spaces, underscores, hyphens and other punctuation.

    Rule: "Employee Number", "employee_number" and "EMPLOYEE-NUMBER" are the same column.
    """
    return re.sub(r"[^a-z0-9]", "", name.lower())


def cell_text(cell: Cell) -> str:
    """A cell as trimmed text (dates in ISO form), for fields that are text whatever their type."""
    if isinstance(cell, str):
        return cell.strip()
    return cell.isoformat()


@contextmanager
def open_table(*, source: BinaryIO | Path, filename: str) -> Iterator[Table]:
    """Open a CSV (UTF-8, with or without BOM) or the first sheet of an XLSX workbook.

    Rule: the content decides the format (an XLSX file is a zip); the file name only rules out
    types we do not read. Raises ParseError with a message a user can act on for anything else.
    The header is the first row; an empty file has an empty header and no rows.
    """
    suffix = Path(filename).suffix.lower()
    with _binary(source) as stream:
        magic = stream.read(4)
        stream.seek(0)
        if magic == _OLE_MAGIC:
            raise ParseError(
                f"{filename} is not a CSV or XLSX file: it looks like an old Excel (.xls) "
                "workbook; save it as .xlsx or as CSV UTF-8"
            )
        if magic == _ZIP_MAGIC:
            yield _xlsx_table(stream, filename)
            return
        if suffix in _XLSX_SUFFIXES:
            raise ParseError(f"{filename} is not a CSV or XLSX file: it is not a valid workbook")
        if suffix not in _CSV_SUFFIXES:
            raise ParseError(
                f"{filename} is not a CSV or XLSX file; save it as CSV UTF-8 or as .xlsx"
            )
        yield _csv_table(stream, filename)


@contextmanager
def _binary(source: BinaryIO | Path) -> Iterator[BinaryIO]:
    if isinstance(source, Path):
        try:
            handle = source.open("rb")
        except OSError as exc:
            raise ParseError(f"{source.name} cannot be opened: {exc.strerror}") from None
        with handle:
            yield handle
        return
    if source.seekable():
        yield source
        return
    # Sniffing the format needs to look ahead, so an unseekable upload is read into memory.
    yield io.BytesIO(source.read())


def _csv_table(stream: BinaryIO, filename: str) -> Table:
    # utf-8-sig drops a byte-order mark if there is one; newline="" lets the csv module handle
    # CRLF, LF and line breaks inside quoted fields.
    buffered = io.BufferedReader(_NonClosing(stream), buffer_size=1 << 20)
    text = io.TextIOWrapper(buffered, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, [])
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _csv_problem(filename, exc) from None
    return Table(header=[h.strip() for h in header], rows=_csv_rows(reader, filename), kind="csv")


def _csv_rows(reader: Iterator[list[str]], filename: str) -> Iterator[tuple[int, list[Cell]]]:
    row_number = 1
    try:
        for record in reader:
            row_number += 1
            yield row_number, list(record)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _csv_problem(filename, exc, row=row_number + 1) from None


def _csv_problem(filename: str, exc: Exception, *, row: int = 1) -> ParseError:
    if isinstance(exc, UnicodeDecodeError):
        return ParseError(
            f"{filename} is not UTF-8 (first unreadable byte near row {row}) — save it as CSV UTF-8"
        )
    return ParseError(f"{filename} is not a CSV or XLSX file (row {row}: {exc})")


class _NonClosing(io.RawIOBase):
    """Lets a TextIOWrapper read a caller's stream without closing it when the wrapper goes."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._stream.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _xlsx_table(stream: BinaryIO, filename: str) -> Table:
    # Imported here so that reading a CSV never pays for loading openpyxl.
    from zipfile import BadZipFile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise ParseError(f"{filename} is not a CSV or XLSX file ({exc})") from None
    if not workbook.worksheets:
        return Table(header=[], rows=iter(()), kind="xlsx")
    sheet = workbook.worksheets[0]
    # Some writers record a wrong sheet size; recomputing it stops columns being cut off.
    reset = getattr(sheet, "reset_dimensions", None)
    if reset is not None:
        reset()
    values = sheet.iter_rows(min_row=1, values_only=True)
    first = next(values, None)
    header = [cell_text(_xlsx_cell(value)) for value in (first or ())]
    while header and not header[-1]:
        header.pop()
    return Table(header=header, rows=_xlsx_rows(values, workbook), kind="xlsx")


def _xlsx_rows(
    values: Iterator[tuple[object, ...]], workbook: object
) -> Iterator[tuple[int, list[Cell]]]:
    try:
        for row_number, row in enumerate(values, start=2):
            yield row_number, [_xlsx_cell(value) for value in row]
    finally:
        close = getattr(workbook, "close", None)
        if close is not None:
            close()


def _xlsx_cell(value: object) -> Cell:
    # Spreadsheet cells are typed; make them the text a CSV export of the same sheet would hold,
    # except dates, which stay dates.
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def errors_to_csv(errors: Sequence[RowError]) -> str:
    """Write an error report as CSV text: row, column, value, message, allowed.

    Rule: the report is meant to be opened in a spreadsheet, so a value that would start a formula
    there is prefixed with an apostrophe (spreadsheet formula injection).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["row", "column", "value", "message", "allowed"])
    for error in errors:
        writer.writerow(
            [
                error.row,
                _safe(error.column),
                _safe(error.value),
                _safe(error.message),
                error.allowed,
            ]
        )
    return buffer.getvalue()


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text
