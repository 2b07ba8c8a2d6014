"""The workforce extract parser: headers, cells, cross-row checks, warnings, CSV/XLSX parity."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mantle.imports.parsers.common import RowError
from mantle.imports.parsers.extract import (
    EXTRACT_COLUMN_SPECS,
    EXTRACT_COLUMNS,
    REQUIRED_COLUMNS,
    ParseResult,
    Registration,
    RegistrationStatus,
    errors_to_csv,
    parse_extract,
    template_csv,
)
from mantle.workforce.rules.registration import Regulator
from mantle.workforce.rules.tiers import Tier

AS_OF = date(2025, 3, 31)

BASE: dict[str, str] = {
    "org_code": "RXH",
    "employee_number": "10000001",
    "assignment_number": "10000001-1",
    "first_name": "Asha",
    "last_name": "Patel",
    "date_of_birth": "1978-04-12",
    "position_number": "P1",
    "position_title": "Staff Nurse",
    "unit_path": "Medicine Division/Acute Medicine/Ward 7",
    "reports_to_position_number": "",
    "occupation_code": "N6A",
    "job_role": "Staff Nurse",
    "pay_band": "Band 5",
    "assignment_fte": "1",
    "assignment_start_date": "2020-09-01",
    "management_tier": "none",
    "statutory_clinical_role": "N",
    "registration_body": "NMC",
    "registration_number": "12A3456E",
    "registration_status": "registered",
    "sex": "2",
    "ethnic_category": "H",
    "disability": "N",
    "voting": "Y",
}


def person(number: int, **changes: str) -> dict[str, str]:
    """A valid row for employee `number`, in post P<number>, with some values changed."""
    row = dict(BASE)
    row.update(
        employee_number=f"{10000000 + number}",
        assignment_number=f"{10000000 + number}-1",
        position_number=f"P{number}",
    )
    row.update(changes)
    return row


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    columns = header or list(EXTRACT_COLUMNS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue().encode("utf-8")


def parse(data: bytes, filename: str = "extract.csv", **kwargs: object) -> ParseResult:
    return parse_extract(
        source=io.BytesIO(data),
        filename=filename,
        as_of=kwargs.pop("as_of", AS_OF),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def parse_rows(rows: list[dict[str, str]], **kwargs: object) -> ParseResult:
    return parse(csv_bytes(rows), **kwargs)


def messages(result: ParseResult) -> list[tuple[int, str, str]]:
    return [(error.row, error.column, error.message) for error in result.errors]


# -- a clean file ------------------------------------------------------------------------------


def test_a_clean_row_becomes_typed_normalised_values() -> None:
    # given one clean row written with a UK date, a lower-case code and a free-text band
    row = person(
        1, date_of_birth="12/04/1978", occupation_code="n6a", pay_band="afc 5", org_code="rxh"
    )
    # when parsed
    result = parse_rows([row])
    # then there are no errors and every value is typed
    assert result.errors == []
    assert result.ok
    [parsed] = result.rows
    assert parsed.row == 2
    assert parsed.org_code == "RXH"
    assert parsed.date_of_birth == date(1978, 4, 12)
    assert parsed.occupation_code == "N6A"
    assert parsed.pay_band == "Band 5"
    assert parsed.unit_path == ("Medicine Division", "Acute Medicine", "Ward 7")
    assert parsed.assignment_fte == Decimal("1.00000")
    assert parsed.management_tier is Tier.NONE
    assert parsed.statutory_clinical_role is False
    assert parsed.registration == Registration(
        Regulator.NMC, "12A3456E", RegistrationStatus.REGISTERED
    )
    assert (parsed.sex, parsed.ethnic_category, parsed.disability) == ("2", "H", "N")
    assert result.columns == EXTRACT_COLUMNS
    assert result.column_map == {name: name for name in EXTRACT_COLUMNS}


def test_the_template_parses_cleanly_and_documents_every_column() -> None:
    # given the downloadable template / when parsed
    result = parse(template_csv().encode(), as_of=date(2025, 1, 1))
    # then its example row is valid (its manager's post is, naturally, not in the template)
    assert result.errors == []
    assert [w.message for w in result.warnings] == [
        "position P-SURG-0042 reports to P-SURG-0001, which is not in this file"
    ]
    assert template_csv().splitlines()[0].split(",") == list(EXTRACT_COLUMNS)
    assert all(spec.description and spec.allowed for spec in EXTRACT_COLUMN_SPECS)


def test_optional_columns_may_be_left_out() -> None:
    # given a file with only the required columns
    result = parse(csv_bytes([person(1)], header=list(REQUIRED_COLUMNS)))
    # then it parses, and says tiers will be inferred and the nurse counts as a clinician
    assert result.errors == []
    [parsed] = result.rows
    assert parsed.registration is None
    assert parsed.management_tier is None
    assert parsed.first_name == ""
    assert {(w.row, w.column) for w in result.warnings} == {
        (1, "management_tier"),
        (2, "registration_number"),
    }


# -- headers -----------------------------------------------------------------------------------


def mangle(name: str, style: int) -> str:
    if style == 0:
        return name.upper()
    if style == 1:
        return name.replace(" ", "_").lower()
    if style == 2:
        return name.replace(" ", "-")
    return f"  {name.title()} "


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_headers_are_matched_through_aliases_ignoring_case_spaces_and_punctuation(
    data: st.DataObject,
) -> None:
    # given a file whose header uses a documented alias for every column, typed any which way
    header = []
    for spec in EXTRACT_COLUMN_SPECS:
        name = data.draw(st.sampled_from((spec.name, *spec.aliases)))
        header.append(mangle(name, data.draw(st.integers(min_value=0, max_value=3))))
    order = data.draw(st.permutations(range(len(header))))
    header = [header[i] for i in order]
    canonical = [EXTRACT_COLUMNS[i] for i in order]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerow([person(1)[name] for name in canonical])
    # when parsed
    result = parse(buffer.getvalue().encode())
    expected = parse_rows([person(1)])
    # then it reads exactly as the canonical file does, and remembers the user's headers
    assert result.errors == []
    assert result.rows == expected.rows
    assert [result.column_map[name] for name in canonical] == [h.strip() for h in header]


@pytest.mark.parametrize(
    ("alias", "column"),
    [
        ("Employee Number", "employee_number"),
        ("Assignment Number", "assignment_number"),
        ("Position Title", "position_title"),
        ("Org Code", "org_code"),
        ("Organisation Code", "org_code"),
        ("Organisation", "org_code"),
        ("FTE", "assignment_fte"),
        ("Contracted FTE", "assignment_fte"),
        ("DOB", "date_of_birth"),
        ("Unit", "unit_path"),
        ("Occupation Code", "occupation_code"),
        ("Job Role", "job_role"),
        ("Pay Band", "pay_band"),
        ("Grade", "pay_band"),
        ("Registration Body", "registration_body"),
        ("Professional Body", "registration_body"),
        ("Registration Number", "registration_number"),
        ("Professional Registration Number", "registration_number"),
    ],
)
def test_the_documented_aliases(alias: str, column: str) -> None:
    # given the canonical file with one header renamed to its alias
    header = [alias if name == column else name for name in EXTRACT_COLUMNS]
    rows = list(csv.reader(io.StringIO(csv_bytes([person(1)]).decode())))
    rows[0] = header
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    result = parse(buffer.getvalue().encode())
    assert result.errors == []
    assert result.column_map[column] == alias


def test_errors_name_the_column_as_the_file_does() -> None:
    header = ["Employee No" if name == "employee_number" else name for name in EXTRACT_COLUMNS]
    rows = list(csv.reader(io.StringIO(csv_bytes([person(1, employee_number=" ")]).decode())))
    rows[0] = header
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    result = parse(buffer.getvalue().encode())
    assert messages(result) == [(2, "Employee No", "employee number is blank")]


def test_a_missing_required_column_is_one_error_on_row_1() -> None:
    header = [name for name in EXTRACT_COLUMNS if name not in ("pay_band", "date_of_birth")]
    result = parse(csv_bytes([person(1), person(2)], header=header))
    assert result.rows == []
    assert len(result.errors) == 1
    [error] = result.errors
    assert error.row == 1
    assert error.column == "date_of_birth, pay_band"
    assert "date_of_birth" in error.message
    assert "pay_band" in error.message
    assert "pay_band" in error.allowed


def test_two_headers_for_one_column_are_an_error() -> None:
    header = [*EXTRACT_COLUMNS, "Contracted FTE"]
    result = parse(csv_bytes([person(1)], header=header))
    assert messages(result) == [
        (
            1,
            "Contracted FTE",
            "columns 'assignment_fte' and 'Contracted FTE' both mean assignment_fte; keep one",
        )
    ]


def test_registration_columns_come_as_a_set() -> None:
    header = [name for name in EXTRACT_COLUMNS if name != "registration_status"]
    result = parse(csv_bytes([person(1)], header=header))
    assert [(e.row, e.column) for e in result.errors] == [(1, "registration_status")]


def test_an_unknown_column_is_ignored_with_a_warning() -> None:
    header = [*EXTRACT_COLUMNS, "Car Park Permit"]
    result = parse(csv_bytes([person(1)], header=header))
    assert result.errors == []
    assert (1, "Car Park Permit") in {(w.row, w.column) for w in result.warnings}


def test_a_semicolon_separated_file_gets_advice() -> None:
    data = ";".join(EXTRACT_COLUMNS).encode() + b"\r\n" + b"a;b\r\n"
    result = parse(data)
    assert any("comma-separated" in error.message for error in result.errors)


# -- empty and odd files -----------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"\xef\xbb\xbf", b" , ,\n"])
def test_an_empty_file_is_an_error(data: bytes) -> None:
    result = parse(data)
    assert messages(result) == [(1, "", "extract.csv is empty")]


def test_a_header_with_no_rows_is_an_error() -> None:
    result = parse(csv_bytes([]))
    assert messages(result) == [(2, "", "the file has a header but no data rows")]


def test_blank_rows_are_skipped_but_row_numbers_match_the_spreadsheet() -> None:
    # given a blank line between two rows, and an error in the row after it
    data = (
        csv_bytes([person(1)])
        + b",,,\r\n"
        + csv_bytes([person(2, pay_band="Band 12")])[len(",".join(EXTRACT_COLUMNS)) + 2 :]
    )
    result = parse(data)
    # then the error is reported on row 4, where the user sees it
    assert [(e.row, e.column) for e in result.errors] == [(4, "pay_band")]
    assert [row.row for row in result.rows] == [2]


def test_stray_values_beyond_the_header_are_an_error() -> None:
    data = csv_bytes([person(1)]).rstrip(b"\r\n") + b",surprise\r\n"
    result = parse(data)
    assert messages(result)[0][0] == 2
    assert "the header has 24 columns" in messages(result)[0][2]


def test_a_short_row_is_read_with_its_missing_cells_blank() -> None:
    data = csv_bytes([]) + b"RXH,1\r\n"
    result = parse(data)
    assert (2, "assignment_number", "assignment number is blank") in messages(result)


# -- one cell at a time ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("org_code", "R-XH", "contains '-'"),
        ("org_code", "RXHX", "has 4 characters"),
        ("employee_number", "", "employee number is blank"),
        ("assignment_number", "x" * 51, "at most 50"),
        ("last_name", " ", "last name is blank"),
        ("date_of_birth", "12/04/78", "two-digit year"),
        ("date_of_birth", "1978-02-30", "not a real calendar date"),
        ("date_of_birth", "2026-01-01", "after the extract date 2025-03-31"),
        ("position_number", "", "position number is blank"),
        ("position_title", "", "position title is blank"),
        ("unit_path", "Medicine//Ward 7", "empty unit between two '/'"),
        ("unit_path", "", "unit path is blank"),
        ("reports_to_position_number", "P1", "position P1 reports to itself"),
        ("occupation_code", "XYZ", "not a well-formed NHS occupation code"),
        ("occupation_code", "", "occupation code is blank"),
        ("pay_band", "Band 8", "without its range"),
        ("pay_band", "", "pay band is blank"),
        ("assignment_fte", "0", "must be greater than 0"),
        ("assignment_fte", "1.6", "more than 1.5"),
        ("assignment_fte", "37.5", "looks like hours"),
        ("assignment_fte", "80%", "is a percentage"),
        ("assignment_fte", "0,8", "use a full stop"),
        ("assignment_fte", "full", "is not a number"),
        ("assignment_fte", "", "FTE is blank"),
        ("assignment_start_date", "2025-04-01", "after the extract date"),
        ("assignment_start_date", "1970-01-01", "before the date of birth"),
        ("management_tier", "boss", "management tier 'boss' is not recognised"),
        ("statutory_clinical_role", "maybe", "is not yes or no"),
        ("registration_body", "RCN", "'RCN' is not a UK healthcare regulator"),
        ("registration_number", "12A3456", "NMC PIN '12A3456' is 7 characters long"),
        ("registration_number", "", "go together; this one is blank"),
        ("registration_status", "current", "registration status 'current' is not recognised"),
        ("sex", "Q", "sex 'Q' is not a recognised code"),
        ("ethnic_category", "White", "ethnic category 'White' is not a recognised code"),
        ("ethnic_category", "I", "ethnic category 'I' is not a recognised code"),
        ("disability", "maybe", "disability 'maybe' is not a recognised code"),
    ],
)
def test_a_bad_cell_is_reported_with_row_column_value_message_and_allowed(
    column: str, value: str, fragment: str
) -> None:
    # given one row with one bad cell / when parsed
    result = parse_rows([person(1, **{column: value})])
    # then exactly that cell is reported, and the row is not returned
    assert len(result.errors) == 1, result.errors
    [error] = result.errors
    assert (error.row, error.column, error.value) == (2, column, value)
    assert fragment in error.message
    assert error.allowed
    assert result.rows == []


@pytest.mark.parametrize(
    ("column", "value", "field", "expected"),
    [
        ("assignment_fte", "0.333333", "assignment_fte", Decimal("0.33333")),
        ("assignment_fte", "0.000005", "assignment_fte", Decimal("0.00001")),
        ("assignment_fte", "1.5", "assignment_fte", Decimal("1.50000")),
        ("assignment_fte", ".5", "assignment_fte", Decimal("0.50000")),
        ("management_tier", "Board – executive", "management_tier", Tier.BOARD_EXECUTIVE),
        ("management_tier", "FIRST_LINE", "management_tier", Tier.FIRST_LINE),
        ("management_tier", "", "management_tier", None),
        ("statutory_clinical_role", "yes", "statutory_clinical_role", True),
        ("statutory_clinical_role", "TRUE", "statutory_clinical_role", True),
        ("statutory_clinical_role", "0", "statutory_clinical_role", False),
        ("statutory_clinical_role", "", "statutory_clinical_role", None),
        ("sex", "F", "sex", "2"),
        ("sex", "male", "sex", "1"),
        ("sex", "x", "sex", "X"),
        ("ethnic_category", "A White - British", "ethnic_category", "A"),
        ("ethnic_category", "99", "ethnic_category", "99"),
        ("ethnic_category", "z", "ethnic_category", "Z"),
        ("disability", "Yes", "disability", "Y"),
        ("disability", "u", "disability", "U"),
        ("unit_path", "/Medicine / Ward 7/", "unit_path", ("Medicine", "Ward 7")),
        ("position_title", "  Staff   Nurse ", "position_title", "Staff Nurse"),
        ("job_role", "", "job_role", None),
        ("pay_band", "StR", "pay_band", "Resident Doctor"),
        ("employee_number", "00012", "employee_number", "00012"),
    ],
)
def test_accepted_spellings_are_normalised(
    column: str, value: str, field: str, expected: object
) -> None:
    result = parse_rows([person(1, **{column: value})])
    assert result.errors == []
    assert getattr(result.rows[0], field) == expected


def test_registration_is_all_or_none_and_normalised() -> None:
    result = parse_rows(
        [
            person(
                1,
                registration_body="Health and Care Professions Council",
                registration_number="pa 12345",
                registration_status="Voluntarily removed",
                occupation_code="ABA",
            )
        ]
    )
    assert result.errors == []
    assert result.rows[0].registration == Registration(
        Regulator.HCPC, "PA12345", RegistrationStatus.REMOVED
    )


def test_every_problem_in_every_row_is_collected_in_one_pass() -> None:
    # given two rows with several bad cells each
    rows = [
        person(1, pay_band="Band 8", assignment_fte="2", sex="Q"),
        person(2, org_code="R?H", occupation_code="N6", date_of_birth="1978-13-01"),
    ]
    # when parsed / then all six are reported, in spreadsheet order
    result = parse_rows(rows)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "pay_band"),
        (2, "assignment_fte"),
        (2, "sex"),
        (3, "org_code"),
        (3, "date_of_birth"),
        (3, "occupation_code"),
    ]


def test_the_organisation_must_be_the_one_being_imported() -> None:
    result = parse_rows([person(1, org_code="R0A"), person(2)], org_code="rxh")
    assert messages(result) == [
        (2, "org_code", "organisation R0A is not the organisation this import is for (RXH)")
    ]


def test_an_occupation_code_outside_the_loaded_list_is_an_error() -> None:
    result = parse_rows(
        [person(1), person(2, occupation_code="N6B")],
        known_occupation_codes=frozenset({"n6a"}),
    )
    assert messages(result) == [
        (3, "occupation_code", "occupation code N6B is not in the loaded occupation code list")
    ]


def test_an_implausible_age_is_a_warning_not_an_error() -> None:
    result = parse_rows([person(1, date_of_birth="2015-01-01", assignment_start_date="2024-01-01")])
    assert result.errors == []
    assert any("gives an age of 10" in w.message for w in result.warnings)


# -- warnings ----------------------------------------------------------------------------------


def test_a_blank_tier_is_a_warning_that_it_will_be_inferred() -> None:
    result = parse_rows([person(1, management_tier="")])
    assert result.errors == []
    assert [(w.row, w.column) for w in result.warnings] == [(2, "management_tier")]
    assert "infer" in result.warnings[0].message


def test_a_clinical_code_without_registration_warns_that_the_clinician_is_inferred() -> None:
    no_registration = {
        "registration_body": "",
        "registration_number": "",
        "registration_status": "",
    }
    result = parse_rows(
        [
            person(1, **no_registration),
            person(2, occupation_code="G2A", **no_registration),
        ]
    )
    assert result.errors == []
    assert [(w.row, w.column) for w in result.warnings] == [(2, "registration_number")]
    assert "inferred" in result.warnings[0].message


def test_a_manager_outside_the_file_is_a_warning() -> None:
    result = parse_rows([person(1, reports_to_position_number="P99")])
    assert result.errors == []
    assert [w.message for w in result.warnings] == [
        "position P1 reports to P99, which is not in this file"
    ]


# -- across rows -------------------------------------------------------------------------------


def test_a_duplicate_assignment_number_is_reported_on_both_rows() -> None:
    rows = [person(1), person(2, assignment_number="10000001-1")]
    result = parse_rows(rows)
    assert messages(result) == [
        (
            2,
            "assignment_number",
            "assignment number 10000001-1 is also on row 3; each assignment "
            "appears once in an organisation",
        ),
        (
            3,
            "assignment_number",
            "assignment number 10000001-1 is also on row 2; each assignment "
            "appears once in an organisation",
        ),
    ]
    assert result.rows == []


def test_the_same_assignment_number_in_two_organisations_is_allowed() -> None:
    rows = [person(1), person(2, assignment_number="10000001-1", org_code="R0A")]
    assert parse_rows(rows).errors == []


def test_one_employee_number_with_two_dates_of_birth_is_an_error() -> None:
    rows = [
        person(1, assignment_fte="0.5"),
        person(1, assignment_number="x-2", assignment_fte="0.5", date_of_birth="1979-04-12"),
    ]
    result = parse_rows(rows)
    assert messages(result) == [
        (
            3,
            "date_of_birth",
            "employee 10000001 has date of birth 1978-04-12 on row 2 but "
            "1979-04-12 here; one employee number is one person",
        )
    ]
    assert [row.row for row in result.rows] == [2]


def test_one_employee_number_with_two_names_is_an_error() -> None:
    rows = [
        person(1, assignment_fte="0.5"),
        person(
            1, assignment_number="x-2", assignment_fte="0.5", last_name="PATEL", first_name="asha"
        ),
        person(
            1, assignment_number="x-3", assignment_fte="0.5", last_name="Smith", first_name="Jo"
        ),
    ]
    result = parse_rows(rows)
    assert [(e.row, e.column) for e in result.errors] == [(4, "first_name"), (4, "last_name")]


def test_a_post_is_defined_the_same_way_on_every_row() -> None:
    # given three people in post P1, the second and third describing the post differently
    rows = [
        person(1, position_number="P1"),
        person(2, position_number="P1", position_title="STAFF NURSE"),
        person(
            3,
            position_number="P1",
            position_title="Senior Staff Nurse",
            unit_path="Medicine Division/Ward 8",
            occupation_code="N6B",
            pay_band="Band 6",
            management_tier="first_line",
        ),
    ]
    # when parsed / then capitals alone are not a difference, and each real difference is named
    result = parse_rows(rows)
    assert [(e.row, e.column) for e in result.errors] == [
        (4, "position_title"),
        (4, "unit_path"),
        (4, "occupation_code"),
        (4, "pay_band"),
        (4, "management_tier"),
    ]
    assert result.errors[0].message == (
        "position P1 has position title 'Staff Nurse' on row 2 but 'Senior Staff Nurse' here; "
        "one post has one definition"
    )


def test_a_reporting_loop_is_reported_with_its_path() -> None:
    rows = [
        person(1, reports_to_position_number="P3"),
        person(2, reports_to_position_number="P1"),
        person(3, reports_to_position_number="P2"),
        person(4, reports_to_position_number="P1"),  # hangs off the loop, not part of it
    ]
    result = parse_rows(rows)
    assert messages(result) == [
        (
            2,
            "reports_to_position_number",
            "reporting lines form a loop: P1 (row 2) → P3 (row 4) → P2 (row 3) → P1",
        ),
    ]


def test_two_posts_reporting_to_each_other_are_a_loop() -> None:
    rows = [
        person(1, reports_to_position_number="P2"),
        person(2, reports_to_position_number="P1"),
    ]
    assert messages(parse_rows(rows)) == [
        (
            2,
            "reports_to_position_number",
            "reporting lines form a loop: P1 (row 2) → P2 (row 3) → P1",
        ),
    ]


def test_a_tree_of_reporting_lines_is_fine() -> None:
    rows = [
        person(1),
        person(2, reports_to_position_number="P1"),
        person(3, reports_to_position_number="P1"),
        person(4, reports_to_position_number="P3"),
    ]
    result = parse_rows(rows)
    assert result.errors == []
    assert result.warnings == []


def test_a_person_holding_more_than_one_and_a_half_fte_is_reported_on_each_row() -> None:
    rows = [
        person(1, assignment_fte="1"),
        person(2),
        person(1, assignment_number="x-2", position_number="P9", assignment_fte="0.6"),
    ]
    result = parse_rows(rows)
    expected = (
        "employee 10000001 holds 1.6 FTE in total across rows 2, 4; a person can hold at most "
        "1.5 FTE"
    )
    assert messages(result) == [(2, "assignment_fte", expected), (4, "assignment_fte", expected)]
    assert [row.row for row in result.rows] == [3]


def test_exactly_one_and_a_half_fte_in_total_is_allowed() -> None:
    rows = [
        person(1, assignment_fte="0.8"),
        person(1, assignment_number="x-2", position_number="P9", assignment_fte="0.7"),
    ]
    assert parse_rows(rows).errors == []


# -- CSV and XLSX ------------------------------------------------------------------------------


def test_a_byte_order_mark_and_either_line_ending_change_nothing() -> None:
    # given the same rows saved by Excel (BOM, CRLF) and by a Unix tool (no BOM, LF)
    rows = [person(1), person(2, pay_band="Band 8")]
    excel = b"\xef\xbb\xbf" + csv_bytes(rows)
    unix = csv_bytes(rows).replace(b"\r\n", b"\n")
    # when parsed / then the results are identical, header included
    assert parse(excel) == parse(unix)
    assert parse(excel).columns == EXTRACT_COLUMNS


def xlsx_bytes(rows: list[dict[str, str]]) -> bytes:
    """The same rows as a workbook, with real date cells and numeric FTE / employee numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(EXTRACT_COLUMNS))
    for row in rows:
        values: list[object] = []
        for column in EXTRACT_COLUMNS:
            value: object = row[column]
            text = row[column]
            if column in ("date_of_birth", "assignment_start_date"):
                try:
                    value = datetime.fromisoformat(text)
                except ValueError:
                    value = text
            elif column == "assignment_fte":
                try:
                    value = float(text)
                except ValueError:
                    value = text
            elif column == "employee_number" and text.isdigit() and not text.startswith("0"):
                value = int(text)
            values.append(value if value != "" else None)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


PARITY_ROWS = [
    [person(1), person(2, reports_to_position_number="P1", assignment_fte="0.8")],
    [
        person(1, reports_to_position_number="P2"),
        person(2, reports_to_position_number="P1", pay_band="8"),
        person(1, assignment_number="x-2", position_number="P3", assignment_fte="0.75"),
        person(4, date_of_birth="2030-01-01", management_tier=""),
    ],
]


@pytest.mark.parametrize("rows", PARITY_ROWS)
def test_a_workbook_and_a_csv_of_the_same_rows_give_the_same_result(
    rows: list[dict[str, str]],
) -> None:
    # given the same rows as CSV and as XLSX with real Excel dates and numbers
    from_csv = parse(csv_bytes(rows), "extract.csv")
    from_xlsx = parse(xlsx_bytes(rows), "extract.xlsx")
    # then the results are identical: rows, errors, warnings and columns
    assert from_xlsx == from_csv


def test_excel_dates_and_numbers_are_read_as_values() -> None:
    result = parse(xlsx_bytes([person(1, assignment_fte="0.6")]), "extract.xlsx")
    assert result.errors == []
    [parsed] = result.rows
    assert parsed.date_of_birth == date(1978, 4, 12)
    assert parsed.assignment_fte == Decimal("0.60000")
    assert parsed.employee_number == "10000001"


# -- the error report --------------------------------------------------------------------------


def test_errors_to_csv_writes_one_line_per_problem() -> None:
    errors = [
        RowError(2, "pay_band", "Band 8", "band 8 without its range", "Band 8a, Band 8b"),
        RowError(3, "sex", "=cmd|' /C calc'!A0", "not a code", ""),
    ]
    report = list(csv.reader(io.StringIO(errors_to_csv(errors))))
    assert report == [
        ["row", "column", "value", "message", "allowed"],
        ["2", "pay_band", "Band 8", "band 8 without its range", "Band 8a, Band 8b"],
        ["3", "sex", "'=cmd|' /C calc'!A0", "not a code", ""],
    ]


def test_the_error_report_of_a_parse_round_trips() -> None:
    result = parse_rows([person(1, pay_band="Band 8", sex="Q")])
    report = list(csv.DictReader(io.StringIO(errors_to_csv(result.errors))))
    assert [(r["row"], r["column"], r["value"]) for r in report] == [
        ("2", "pay_band", "Band 8"),
        ("2", "sex", "Q"),
    ]
