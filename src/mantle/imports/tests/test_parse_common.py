"""Reading CSV and XLSX files the same way, and refusing files that are neither."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mantle.imports.parsers.common import (
    ParsedRecords,
    ParseError,
    RowError,
    cell_text,
    header_key,
    iter_rows,
    parse_date,
)


def rows_of(data: bytes, filename: str = "file.csv") -> list[list[str]]:
    return list(iter_rows(source=io.BytesIO(data), filename=filename))


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_csv_with_or_without_bom_and_with_either_line_ending_reads_the_same(
    bom: bytes, newline: bytes
) -> None:
    # given the same CSV saved four ways
    data = bom + newline.join([b"a,b", b'1,"x, y"', b'2,"multi' + newline + b'line"']) + newline
    # when read
    rows = rows_of(data)
    # then the BOM is gone, quoted commas stay in their cell, and a quoted line break is one row
    assert rows[0] == ["a", "b"]
    assert rows[1] == ["1", "x, y"]
    assert rows[2][0] == "2"
    assert rows[2][1].splitlines() == ["multi", "line"]
    assert len(rows) == 3


def test_a_file_that_is_not_utf8_is_refused_with_advice() -> None:
    data = "name\nSiân\n".encode("cp1252")
    with pytest.raises(ParseError, match=r"not UTF-8.*CSV UTF-8"):
        rows_of(data)


def test_an_old_excel_file_is_refused() -> None:
    with pytest.raises(ParseError, match=r"\.xls.*not a CSV or XLSX file"):
        rows_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "extract.xls")


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(ParseError, match="not a CSV or XLSX file"):
        rows_of(b"a,b\n1,2\n", "extract.xlsx")


def test_binary_data_is_refused() -> None:
    with pytest.raises(ParseError, match="not a CSV or XLSX file"):
        rows_of(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture.csv")


def test_a_damaged_workbook_is_refused() -> None:
    with pytest.raises(ParseError, match="not a CSV or XLSX file"):
        rows_of(b"PK\x03\x04" + b"\x00" * 200, "extract.xlsx")


def test_xlsx_cells_read_as_a_csv_export_would_show_them() -> None:
    # given a workbook with real dates, whole and fractional numbers, booleans and blanks
    data = xlsx_bytes(
        [
            ["name", "born", "fte", "employee", "flag", "blank"],
            ["Asha", datetime(1978, 4, 12), 0.8, 10012345, True, None],
            ["Ben", date(1990, 1, 31), 1.0, 12.0, False, ""],
        ]
    )
    # when read (a workbook does not store trailing empty cells, so pad like the parsers do)
    rows = [row + [""] * (6 - len(row)) for row in rows_of(data, "extract.xlsx")]
    # then every value is the text a CSV export would hold
    assert rows == [
        ["name", "born", "fte", "employee", "flag", "blank"],
        ["Asha", "1978-04-12", "0.8", "10012345", "TRUE", ""],
        ["Ben", "1990-01-31", "1", "12", "FALSE", ""],
    ]


def test_xlsx_blank_rows_keep_their_place() -> None:
    data = xlsx_bytes([["a"], ["1"], [None], ["3"]])
    rows = rows_of(data, "anything.bin")
    assert [row[0] if row else "" for row in rows] == ["a", "1", "", "3"]


def test_a_path_is_read_like_a_stream(tmp_path: Path) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(b"a,b\r\n1,2\r\n")
    assert list(iter_rows(source=path, filename=path.name)) == [["a", "b"], ["1", "2"]]


def test_reading_does_not_close_the_callers_stream() -> None:
    stream = io.BytesIO(b"a\n1\n")
    list(iter_rows(source=stream, filename="f.csv"))
    assert not stream.closed


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (3, "3"),
        (2.5, "2.5"),
        (7.0, "7"),
        (Decimal("1.50"), "1.50"),
        (Decimal("2"), "2"),
        (datetime(2024, 4, 1, 0, 0), "2024-04-01"),
        (date(2024, 4, 1), "2024-04-01"),
        (True, "TRUE"),
        ("text", "text"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Employee Number", "employeenumber"),
        ("employee_number", "employeenumber"),
        ("EMPLOYEE-NUMBER", "employeenumber"),
        ("\ufeff Employee  Number ", "employeenumber"),
    ],
)
def test_header_keys_ignore_case_spaces_underscores_and_hyphens(header: str, key: str) -> None:
    assert header_key(header) == key


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_and_uk_dates_read_as_the_same_day(day: date) -> None:
    iso = day.isoformat()
    uk = day.strftime("%d/%m/%Y")
    short_uk = f"{day.day}/{day.month}/{day.year}"
    assert parse_date(iso) == (day, None)
    assert parse_date(uk) == (day, None)
    assert parse_date(short_uk) == (day, None)
    assert parse_date(f"{iso} 00:00:00") == (day, None)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "blank"),
        ("31/02/2024", "not a real calendar date"),
        ("2024-13-01", "not a real calendar date"),
        ("01/04/24", "two-digit year"),
        ("1 April 2024", "not a date in the form"),
        ("04-01-2024", "not a date in the form"),
        ("2024-04-01 09:30", "not a date in the form"),
    ],
)
def test_dates_that_are_not_accepted_say_why(text: str, fragment: str) -> None:
    value, message = parse_date(text)
    assert value is None
    assert message is not None
    assert fragment in message


def test_parsed_records_are_a_list_that_carries_errors() -> None:
    records: ParsedRecords[int] = ParsedRecords([1, 2], [RowError(3, "c", "v", "m")])
    assert records == [1, 2]
    assert records.errors == [RowError(3, "c", "v", "m", "")]
