"""The NHS Occupation Code Manual code list (v22.1 layout)."""

from __future__ import annotations

import io

import pytest

from mantle.core.testing import shared_data_dir
from mantle.imports.parsers.occupation_codes import parse_occupation_code_file

SHARED_DATA = shared_data_dir()
CODE_FILE = SHARED_DATA / "occupation_codes" / "nhs_occupation_codes_v22_1.csv"
needs_data = pytest.mark.skipif(not CODE_FILE.is_file(), reason=f"no code list at {CODE_FILE}")

HEADER = (
    "occupation_code,occupation_code_name,main_staff_group,broad_staff_group,"
    "detailed_staff_group,occupation_level,care_setting_or_specialty,is_currently_valid\r\n"
)


@needs_data
def test_the_published_v22_1_list() -> None:
    # given the published list / when parsed
    records = parse_occupation_code_file(source=CODE_FILE, filename=CODE_FILE.name)
    # then all 945 codes are read, 682 of them currently valid, leading zeros intact
    assert records.errors == []
    assert len(records) == 945
    assert sum(record.currently_valid for record in records) == 682
    first = records[0]
    assert (first.code, first.main_staff_group, first.broad_staff_group) == (
        "001",
        "Professionally qualified clinical staff",
        "HCHS doctors",
    )
    assert first.name == "HCHS doctors in General (internal) medicine"


def test_leading_zeros_lost_by_a_spreadsheet_are_restored() -> None:
    data = (
        HEADER + "1,Doctors,PQ,HCHS doctors,HCHS doctors,HCHS doctors,Medicine,True\r\n"
    ).encode()
    records = parse_occupation_code_file(source=io.BytesIO(data), filename="codes.csv")
    assert [record.code for record in records] == ["001"]


def test_bad_rows_are_reported_and_left_out() -> None:
    data = (
        HEADER
        + "N6A,Nurse,PQ,Nurses,Adult,Other 1st Level Nurse,Adult,Yes\r\n"
        + "N6A,Nurse again,PQ,Nurses,Adult,Other 1st Level Nurse,Adult,Yes\r\n"
        + "Q9Q,Nothing,PQ,Nurses,Adult,Level,Adult,True\r\n"
        + "N6B,Nurse,PQ,Nurses,Adult,Level,Adult,perhaps\r\n"
    ).encode()
    records = parse_occupation_code_file(source=io.BytesIO(data), filename="codes.csv")
    assert [(r.code, r.currently_valid) for r in records] == [("N6A", True)]
    assert [(e.row, e.column) for e in records.errors] == [
        (3, "occupation_code"),
        (4, "occupation_code"),
        (5, "is_currently_valid"),
    ]


def test_a_missing_column_is_one_error() -> None:
    data = b"occupation_code,occupation_code_name\r\nN6A,Nurse\r\n"
    records = parse_occupation_code_file(source=io.BytesIO(data), filename="codes.csv")
    assert list(records) == []
    assert len(records.errors) == 1
    assert "main_staff_group" in records.errors[0].message
