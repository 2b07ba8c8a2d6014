"""ODS reference files: trusts, sub-ICB locations and ICBs, with tidy names."""

from __future__ import annotations

import io
from datetime import date

import pytest

from mantle.core.testing import shared_data_dir
from mantle.imports.parsers.ods import parse_ods_file, tidy_organisation_name

SHARED_DATA = shared_data_dir()
ODS_DIR = SHARED_DATA / "ods"
needs_data = pytest.mark.skipif(not ODS_DIR.is_dir(), reason=f"reference data not at {ODS_DIR}")


def ods_line(code: str, name: str, opened: str = "20130401", closed: str = "") -> str:
    cells = [code, name, "Y63", "QHM", "", "", "", "", "", "TS23 2LA", opened, closed]
    cells += [""] * 15
    return ",".join(f'"{cell}"' for cell in cells) + "\r\n"


@needs_data
def test_the_published_trust_file() -> None:
    # given the ODS trust file / when parsed
    trusts = parse_ods_file(source=ODS_DIR / "etr.csv", filename="etr.csv")
    # then every row is a trust, 205 of them still open, with tidy names and their ICB
    assert trusts.errors == []
    assert len(trusts) == 273
    assert {t.org_type for t in trusts} == {"trust"}
    assert sum(t.close_date is None for t in trusts) == 205
    by_code = {t.code: t for t in trusts}
    assert by_code["G6V2S"].name == "North London NHS Foundation Trust"
    assert by_code["G6V2S"].icb_code == "QMJ"
    assert by_code["G6V2S"].region_code == "Y56"
    assert by_code["G6V2S"].open_date == date(2024, 11, 1)
    assert by_code["R0A"].name == "Manchester University NHS Foundation Trust"
    assert any("King's Lynn" in t.name for t in trusts)


@needs_data
def test_the_published_sub_icb_file() -> None:
    locations = parse_ods_file(source=ODS_DIR / "eccg.csv", filename="eccg.csv")
    assert locations.errors == []
    assert len(locations) == 320
    assert {o.org_type for o in locations} == {"sub_icb"}
    by_code = {o.code: o for o in locations}
    assert by_code["00C"].name == "NHS Darlington CCG"
    assert by_code["00C"].close_date == date(2020, 3, 31)
    assert not by_code["00C"].is_open_on(date(2024, 1, 1))
    assert by_code["00C"].is_open_on(date(2020, 3, 31))
    assert any(o.name.endswith("ICB - M1J4Y") for o in locations)


@needs_data
def test_the_icb_list_with_its_header() -> None:
    icbs = parse_ods_file(
        source=ODS_DIR / "icb_names_codes_dec_2024.csv", filename="icb_names_codes_dec_2024.csv"
    )
    assert icbs.errors == []
    assert len(icbs) == 42
    assert {o.org_type for o in icbs} == {"icb"}
    first = icbs[0]
    assert (first.code, first.ons_code) == ("QYG", "E54000008")
    assert first.name == "NHS Cheshire and Merseyside Integrated Care Board"


def test_a_standard_layout_file_with_another_name_types_rows_by_their_names() -> None:
    data = (
        ods_line("RXH", "SOME HOSPITALS NHS TRUST") + ods_line("00C", "NHS SOMEWHERE CCG")
    ).encode()
    found = parse_ods_file(source=io.BytesIO(data), filename="download.csv")
    assert [(o.code, o.org_type) for o in found] == [("RXH", "trust"), ("00C", "sub_icb")]


def test_bad_rows_are_reported_and_left_out() -> None:
    data = (
        ods_line("RXH", "A NHS TRUST")
        + ods_line("R-1", "B NHS TRUST")
        + ods_line("RXH", "C NHS TRUST")
        + ods_line("RAJ", "D NHS TRUST", opened="2013-04-01")
        + ods_line("RAK", "E NHS TRUST", opened="20200101", closed="20190101")
        + ods_line("RAL", "")
    ).encode()
    found = parse_ods_file(source=io.BytesIO(data), filename="etr.csv")
    assert [o.code for o in found] == ["RXH"]
    assert [(e.row, e.column) for e in found.errors] == [
        (2, "column 1 (code)"),
        (3, "column 1 (code)"),
        (4, "column 11 (open date)"),
        (5, "column 12 (close date)"),
        (6, "column 2 (name)"),
    ]


def test_a_file_that_is_not_an_ods_layout_is_reported() -> None:
    found = parse_ods_file(source=io.BytesIO(b"name,size\nx,1\n"), filename="other.csv")
    assert list(found) == []
    assert "not a recognised ODS layout" in found.errors[0].message


@pytest.mark.parametrize(
    ("name", "tidy"),
    [
        ("NHS DARLINGTON CCG", "NHS Darlington CCG"),
        (
            "STAFFORDSHIRE AND STOKE-ON-TRENT ICB - 05W",
            "Staffordshire and Stoke-on-Trent ICB - 05W",
        ),
        (
            "THE QUEEN ELIZABETH HOSPITAL, KING'S LYNN, NHS FOUNDATION TRUST",
            "The Queen Elizabeth Hospital, King's Lynn, NHS Foundation Trust",
        ),
        ("GUY'S AND ST THOMAS' NHS FOUNDATION TRUST", "Guy's and St Thomas' NHS Foundation Trust"),
        ("ISLE OF WIGHT NHS TRUST", "Isle of Wight NHS Trust"),
        ("NEWHAM - SUB-ICB REPORTING ENTITY", "Newham - Sub-ICB Reporting Entity"),
        ("CENTRAL LONDON (WESTMINSTER) CCG", "Central London (Westminster) CCG"),
        ("SURREY AND SUSSEX - H&J COMMISSIONING HUB", "Surrey and Sussex - H&J Commissioning Hub"),
        (
            "NHS Cheshire and Merseyside Integrated Care Board",
            "NHS Cheshire and Merseyside Integrated Care Board",
        ),
    ],
)
def test_capitalised_names_are_tidied(name: str, tidy: str) -> None:
    assert tidy_organisation_name(name) == tidy
