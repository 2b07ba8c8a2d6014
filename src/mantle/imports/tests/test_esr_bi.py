"""Issue 20: an ESR staff-in-post report (ESR Business Intelligence) imports unchanged.

The sample (``data/esr_staff_in_post.csv``) has the headings and value formats the issue lists:
no ODS code column, ``Org L1`` … ``Org L4`` with codes inside the names, ``Assignment No.``,
grades as ESR codes with steps (``XR05|3``, ``MC41|5``), dates ``YYYYMMDD`` and
``DD/MM/YYYY HH:MM:SS``, gender and ethnic origin in words, regulators by full name, padded PINs,
bank, honorary and inactive rows (one bank row with zero FTE), and line management by supervisor
assignment number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from mantle.imports.parsers.esr_bi import AssignmentRules, default_grade_table, grade_table_read
from mantle.imports.parsers.esr_bi.values import (
    DATE_ALLOWED,
    ETHNIC_ALLOWED,
    SEX_ALLOWED,
    ethnic_code,
    heading_key,
    unit_name,
    unit_path,
)
from mantle.imports.parsers.extract import ParseResult, parse_extract
from mantle.imports.services import workforce_file_import
from mantle.workforce.models import Assignment, Organisation, Post, PostVersion, Registration, Unit

SAMPLE = Path(__file__).parent / "data" / "esr_staff_in_post.csv"
AS_OF = dt.date(2026, 3, 31)


def sample_rows() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def as_csv(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    names = list(rows[0]) if header is None else header
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(row.values())
    return buffer.getvalue().encode()


def parse(data: bytes, **options: Any) -> ParseResult:
    options.setdefault("org_code", "RXQ")
    return parse_extract(source=io.BytesIO(data), filename="sip.csv", as_of=AS_OF, **options)


# -- reading the report ------------------------------------------------------------------------


def test_the_sample_report_is_recognised_and_read_unchanged() -> None:
    # given the sample staff-in-post report / when parsed with no profile named
    result = parse_extract(source=SAMPLE, filename=SAMPLE.name, as_of=AS_OF, org_code="RXQ")
    # then it is read as ESR BI, with no errors
    assert result.profile == "esr-bi"
    assert result.errors == []
    # and bank (zero FTE), honorary and inactive rows are left out but counted
    assert result.excluded == {"bank, zero FTE": 1, "honorary": 1, "inactive": 1}
    rows = {row.assignment_number: row for row in result.rows}
    assert len(rows) == 8
    md, consultant = rows["10000002"], rows["10000002-2"]
    # the organisation comes from --org; the unit path from Org L2..L4, codes kept, names cleaned
    assert md.org_code == "RXQ"
    assert md.unit_path == ("Trust Board [100]",)
    assert consultant.unit_path == ("Surgery Division [200]", "General Surgery (VGH) [210 4]")
    assert rows["10000007"].unit_path == ("Estates and Facilities [300]", "Domestic (BRO) [070 6]")
    # dates, sex, ethnic origin, grades, regulator names and padded PINs are normalised
    assert md.date_of_birth == dt.date(1970, 1, 1)
    assert md.assignment_start_date == dt.date(2019, 4, 1)
    assert (md.sex, md.ethnic_category) == ("1", "H")
    assert (rows["10000004"].ethnic_category, rows["10000005"].ethnic_category) == ("C", "Z")
    assert md.pay_band == "Consultant"
    assert rows["10000004"].pay_band == "Band 5"
    assert rows["10000007"].pay_band == "Band 2"
    assert md.registration is not None
    assert (md.registration.body, md.registration.number) == ("GMC", "4567890")
    # a person's two assignments are two posts; two staff nurses on one ward share one post
    assert md.position_number != consultant.position_number
    assert rows["10000004"].position_number == rows["10000006"].position_number
    assert rows["10000004"].position_number.startswith("ESR-")
    # line management comes from the supervisor's assignment
    assert md.reports_to_position_number == rows["10000001"].position_number
    assert rows["10000004"].reports_to_position_number == rows["10000005"].position_number
    assert consultant.reports_to_position_number == rows["10000003"].position_number


def test_headings_are_matched_ignoring_case_spaces_and_punctuation() -> None:
    rows = sample_rows()
    header = [
        {"Assignment No.": "ASSIGNMENT-NUMBER", "Date of Birth": "date_of_birth."}.get(h, h)
        for h in rows[0]
    ]
    header = [h.upper() if h.startswith("Org") else h for h in header]
    result = parse(as_csv(rows, header))
    assert result.errors == []
    assert len(result.rows) == 8
    assert heading_key("Assignment No.") == heading_key("assignment_no")


@pytest.mark.parametrize(
    ("heading", "value", "allowed"),
    [
        ("Gender", "Woman", SEX_ALLOWED),
        ("Ethnic Origin", "White", ETHNIC_ALLOWED),
        ("Date of Birth", "19800230", DATE_ALLOWED),
        ("Assignment Start Date", "31/13/2020 00:00:00", DATE_ALLOWED),
    ],
)
def test_an_unmappable_value_names_row_column_value_and_allowed(
    heading: str, value: str, allowed: str
) -> None:
    # given the sample with one cell of the staff nurse's row (row 6) changed
    rows = sample_rows()
    rows[4][heading] = value
    # when parsed
    result = parse(as_csv(rows))
    # then there is one error naming the report's own heading, the cell as written and what ESR
    # values are allowed
    [error] = result.errors
    assert (error.row, error.column, error.value, error.allowed) == (6, heading, value, allowed)


def test_an_unknown_grade_names_the_grade_table() -> None:
    rows = sample_rows()
    rows[4]["Grade"] = "ZZ99|2"
    [error] = parse(as_csv(rows)).errors
    assert (error.row, error.column, error.value) == (6, "Grade", "ZZ99|2")
    assert "grade_map.csv" in error.allowed
    assert "add the code to the table" in error.allowed


def test_an_unknown_regulator_name_is_an_error() -> None:
    rows = sample_rows()
    rows[4]["Professional Registration Body"] = "Royal College of Nursing"
    [error] = parse(as_csv(rows)).errors
    assert (error.row, error.column, error.value) == (
        6,
        "Professional Registration Body",
        "Royal College of Nursing",
    )
    assert "GMC" in error.allowed


def test_without_an_ods_column_the_organisation_must_be_named() -> None:
    result = parse(SAMPLE.read_bytes(), org_code=None)
    [error] = result.errors
    assert error.row == 1
    assert "--org" in error.message


def test_a_report_missing_a_required_heading_names_it() -> None:
    rows = sample_rows()
    for row in rows:
        del row["Occupation Code"]
    [error] = parse(as_csv(rows)).errors
    assert error.column == "Occupation Code"
    assert "Occ Code" in error.allowed


def test_bank_rows_can_be_included_but_zero_fte_bank_rows_never_fail() -> None:
    # given the sample with a second bank row that has hours
    rows = sample_rows()
    extra = dict(rows[7])
    extra.update({"Assignment No.": "10000008-2", "Contracted Wte": "0.2"})
    rows.append(extra)
    # when bank assignments are included in the establishment
    result = parse(as_csv(rows), assignment_rules=AssignmentRules(include=frozenset({"bank"})))
    # then the bank row with hours is kept and the zero-FTE one is still left out, without error
    assert result.errors == []
    assert "10000008-2" in {row.assignment_number for row in result.rows}
    assert result.excluded == {"bank, zero FTE": 1, "honorary": 1, "inactive": 1}


def test_the_profile_can_be_named_and_mantles_own_extract_is_not_taken_for_esr() -> None:
    rows = sample_rows()
    header = ["Unit" if h == "Org L1" else h for h in rows[0]]  # a unit path column: not ESR
    assert parse(as_csv(rows, header)).profile == "extract"
    assert parse(as_csv(rows, header), profile="esr-bi").profile == "esr-bi"


def test_an_edited_grade_table_is_used() -> None:
    rows = sample_rows()
    rows[4]["Grade"] = "LOCAL7"
    table = grade_table_read("grade,pay_band\nLOCAL7,Band 7\n", source="ours.csv")
    [nurse] = [
        r for r in parse(as_csv(rows), grade_table=table).rows if r.assignment_number == "10000004"
    ]
    assert nurse.pay_band == "Band 7"


def test_the_shipped_grade_table_reads_steps_and_prefixes() -> None:
    table = default_grade_table()
    assert table.band("XR08A") == "Band 8a"
    assert table.band("MN31|0") == "Resident Doctor"
    assert table.band(" mc41 | 3 ") == "Consultant"
    assert table.band("Band 6") == "Band 6"
    assert table.band("QQ1") is None


@given(st.sampled_from(["A", "B", "C", "H", "J", "N", "R", "S", "Z"]), st.text(max_size=20))
def test_a_coded_ethnic_origin_reads_its_code(code: str, words: str) -> None:
    text = f"{code} {words}".strip()
    assert ethnic_code(text) == code


def test_unit_levels_keep_their_codes_and_collapse_repeats() -> None:
    assert unit_name("070 6 Domestic (BRO)") == "Domestic (BRO) [070 6]"
    assert unit_name("  Surgery /  Theatres ") == "Surgery - Theatres"
    assert unit_path(["A", "", "100 B", "100 B", "C"]) == "A/B [100]/C"


# -- loading it ----------------------------------------------------------------------------------


@pytest.fixture
def org(db: Any) -> Organisation:
    return Organisation.objects.create(
        code="RXQ", name="Vale Hospitals NHS Trust", org_type="acute"
    )


@pytest.mark.django_db
def test_the_report_loads_into_the_register_and_a_replay_changes_nothing(
    org: Organisation,
) -> None:
    # when the sample is imported for the organisation
    outcome = workforce_file_import(path=SAMPLE, org=org, as_of=AS_OF)
    # then eight assignments, their posts, units and reporting lines are in the register
    assert outcome.status == "succeeded", outcome.message
    assert Assignment.objects.filter(organisation=org).count() == 8
    assert Post.objects.filter(organisation=org).count() == 7
    assert Unit.objects.filter(organisation=org, path="Surgery Division [200]").exists()
    nurse = PostVersion.objects.get(post__assignments__assignment_number="10000004")
    assert nurse.reports_to is not None
    assert nurse.reports_to.versions.get().title == "Ward Manager"
    assert Registration.objects.filter(number="12A3456E", body="NMC").count() == 1
    # and importing the same report again changes nothing
    again = workforce_file_import(path=SAMPLE, org=org, as_of=AS_OF)
    assert again.counts is not None
    assert (again.counts.changes, again.counts.new_posts, again.counts.unchanged) == (0, 0, 8)


@pytest.mark.django_db
def test_an_unmappable_value_writes_nothing(org: Organisation, tmp_path: Path) -> None:
    rows = sample_rows()
    rows[2]["Gender"] = "Woman"
    path = tmp_path / "sip.csv"
    path.write_bytes(as_csv(rows))
    outcome = workforce_file_import(path=path, org=org, as_of=AS_OF)
    assert outcome.status == "invalid"
    assert Post.objects.count() == 0
    assert Assignment.objects.count() == 0


@pytest.mark.django_db
def test_the_command_reads_the_report_and_says_what_it_left_out(org: Organisation) -> None:
    out = io.StringIO()
    call_command(
        "import_workforce", str(SAMPLE), "--org", "RXQ", "--as-of", "2026-03-31", stdout=out
    )
    text = out.getvalue()
    assert "Read as an ESR staff-in-post report" in text
    assert "1 bank, zero FTE, 1 honorary, 1 inactive" in text
    assert Assignment.objects.count() == 8


# -- the round trip: the demo's trust exported as an ESR report and imported back ----------------


@pytest.mark.django_db
def test_the_demo_trust_exported_as_an_esr_report_imports_back_the_same_register(
    tmp_path: Path,
) -> None:
    from mantle.demo import services as demo
    from mantle.demo.synthetic import generate_trust

    # given the demo's synthetic trust imported as Mantle's extract
    day = dt.date(2026, 3, 31)
    trust = generate_trust(seed=5, staff=250, snapshot_dates=[day])
    source = Organisation.objects.create(code="R1A", name="Northgate", org_type="acute")
    demo.import_frame(org=source, frame=trust.snapshots[0][1], as_of=day)
    # when it is exported in the ESR staff-in-post layout (with the command) and imported into
    # a second organisation as an ESR report
    path = tmp_path / "esr.csv"
    call_command(
        "export_workforce", str(path), "--org", "R1A", "--as-of", "2026-03-31",
        "--layout", "esr-bi", stdout=io.StringIO(),
    )  # fmt: skip
    assert path.read_text(encoding="utf-8").startswith("Employee Number,Assignment No.,")
    target = Organisation.objects.create(code="R1B", name="Copy", org_type="acute")
    outcome = workforce_file_import(path=path, org=target, as_of=day)
    assert outcome.status == "succeeded", outcome.parse.errors[:3] if outcome.parse else outcome
    assert outcome.parse is not None
    assert outcome.parse.profile == "esr-bi"

    # then both registers hold the same assignments, posts, units, people and registrations
    def register(org: Organisation) -> dict[str, set[tuple[Any, ...]]]:
        assignments = Assignment.objects.current_on(day).filter(organisation=org)
        posts = PostVersion.objects.current_on(day).filter(organisation=org)
        return {
            "assignments": set(
                assignments.values_list(
                    "assignment_number",
                    "person__employee_numbers__number",
                    "post__position_number",
                    "fte",
                    "start_date",
                )
            ),
            "posts": set(
                posts.values_list(
                    "post__position_number",
                    "title",
                    "unit__path",
                    "reports_to__position_number",
                    "occupation_code",
                    "job_role",
                    "pay_band",
                )
            ),
            "people": set(
                assignments.values_list(
                    "person__first_name",
                    "person__last_name",
                    "person__date_of_birth",
                    "person__equality__sex",
                    "person__equality__ethnic_category",
                    "person__equality__disability",
                )
            ),
            "registrations": set(
                Registration.objects.current_on(day)
                .filter(person__assignments__organisation=org)
                .values_list("body", "number", "status")
            ),
        }

    before, after = register(source), register(target)
    for part in before:
        assert after[part] == before[part], part
    assert len(before["assignments"]) > 200


@pytest.mark.django_db
def test_the_upload_page_takes_the_report_unchanged_and_shows_what_it_left_out(
    client: Any, org: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mantle.core.testing.factories import make_user
    from mantle.imports.models import ImportRun

    # given an HR administrator uploading the report as it came out of ESR (saved as XLSX)
    client.force_login(make_user(username="hr", roles=[("hr_admin", org)]))
    upload = SimpleUploadedFile("staff-in-post.xlsx", xlsx_bytes(sample_rows()))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/imports/", {"org": "RXQ", "as_of": "2026-03-31", "file": upload})
    # then it is imported, and the result page says it was read as ESR and what was left out
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.SUCCEEDED, run.message
    assert run.counts["excluded"] == {"bank, zero FTE": 1, "honorary": 1, "inactive": 1}
    page = client.get(response["Location"]).content.decode()
    assert "Read as an ESR staff-in-post report" in page
    assert "Honorary" in page
    assert Assignment.objects.filter(organisation=org).count() == 8


def xlsx_bytes(rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Staff In Post")
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
