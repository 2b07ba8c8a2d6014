"""The column-wise checker reports exactly what the row-at-a-time checker it replaced reports.

Hypothesis writes extracts with random faults in every column (bad codes, boundary dates, broken
registrations, duplicate numbers, people and posts described two ways, reporting loops, stray
and missing values, blank rows, reordered and missing optional columns, quotes that send the file
to the reference reader) and compares every error and warning (row, column, value, message,
allowed), the warning counts and every clean row with ``reference_checker`` (issue 12; remove
both after one release).
"""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mantle.imports.parsers.extract import EXTRACT_COLUMNS, parse_extract
from mantle.imports.tests import reference_checker

AS_OF = date(2025, 3, 31)

# For each column: the value most rows have (first), then faults and edge cases.
CELLS: dict[str, list[str]] = {
    "org_code": ["RXH", "rxh", " RXH ", "R0A", "R-XH", "", "RXHX"],
    "employee_number": ["E1", "E2", "E3", "E4", "", " E1 ", "E\t1", "x" * 51, "Émile"],
    "assignment_number": ["A1", "A2", "A3", "A4", "A5", "", "x" * 51, " A1"],
    "first_name": ["Asha", "asha", "Jo", "", "  Asha  ", "ASHA"],
    "last_name": ["Patel", "PATEL", "Smith", "", " ", "Straße", "STRASSE"],
    "date_of_birth": [
        "1978-04-12",
        "12/04/1978",
        "1979-04-12",
        "12/04/78",
        "1978-02-30",
        "2025-03-31",
        "2025-04-01",
        "2010-03-31",
        "2010-04-01",
        "1925-03-31",
        "1925-04-01",
        "",
        "soon",
        "1978-04-12 00:00",
    ],
    "position_number": ["P1", "P2", "P3", "P4", "", "p1", " P2 "],
    "position_title": ["Staff Nurse", "STAFF NURSE", "Senior Staff Nurse", "", "  Staff   Nurse "],
    "unit_path": ["Med/Ward 7", "Med//Ward 7", "", "/Med / Ward 7/", "Med/Ward 8", "MED/ward 7"],
    "reports_to_position_number": ["", "P1", "P2", "P3", "P4", "P9", " ", "x" * 51, " P1 "],
    "occupation_code": ["N6A", "n6a", "N6B", "XYZ", "", "G2A", "ABA", "024"],
    "job_role": ["Staff Nurse", "", "Nurse", "staff nurse"],
    "pay_band": ["Band 5", "afc 5", "Band 8", "", "Band 6", "StR"],
    "assignment_fte": [
        "1",
        "0.5",
        "0.8",
        "0.7",
        "0",
        "1.6",
        "37.5",
        "80%",
        "0,8",
        "full",
        "",
        ".5",
        "0.333333",
        "1.5",
        "NaN",
        "0.000005",
    ],
    "assignment_start_date": [
        "2020-09-01",
        "2025-03-31",
        "2025-04-01",
        "1978-04-12",
        "1978-04-11",
        "1970-01-01",
        "",
        "bad",
    ],
    "management_tier": ["none", "", "first_line", "boss", "Board – executive", " "],
    "statutory_clinical_role": ["N", "Y", "", "maybe", "yes", " "],
    "registration_body": ["NMC", "", "RCN", "HCPC", "gmc", " "],
    "registration_number": ["12A3456E", "", "12A3456", " 12 a3456e", "PA12345", "1234567", " "],
    "registration_status": ["registered", "", "current", "Voluntarily removed", "lapsed"],
    "sex": ["2", "F", "male", "Q", "", "x", " 1 "],
    "ethnic_category": ["H", "A White - British", "White", "I", "99", "", "z"],
    "disability": ["N", "Yes", "maybe", "", "u"],
    "voting": ["Y", "N", "", "no", "TRUE", "abstain", " ", "0"],
}
OPTIONAL = [
    "first_name",
    "reports_to_position_number",
    "job_role",
    "management_tier",
    "statutory_clinical_role",
    "sex",
    "ethnic_category",
    "disability",
    "voting",
]


@st.composite
def extracts(draw: st.DrawFn) -> tuple[bytes, dict[str, object]]:
    left_out = draw(st.sets(st.sampled_from(OPTIONAL), max_size=3))
    if draw(st.booleans()):
        left_out |= {"registration_body", "registration_number", "registration_status"}
    header = [name for name in EXTRACT_COLUMNS if name not in left_out]
    header = draw(st.permutations(header))
    fault_rate = draw(st.sampled_from([0.05, 0.2, 0.5]))
    lines: list[list[str]] = [list(header)]
    for _ in range(draw(st.integers(1, 12))):
        shape = draw(st.integers(0, 19))
        if shape == 0:
            lines.append([])  # a blank row
            continue
        cells = []
        for name in header:
            pool = CELLS[name]
            faulty = draw(st.floats(0, 1)) < fault_rate
            cells.append(draw(st.sampled_from(pool)) if faulty else pool[0])
        if shape == 1:
            cells.append(draw(st.sampled_from(["", "stray", " "])))
        elif shape == 2:
            cells = cells[: draw(st.integers(1, len(cells)))]
        elif shape == 3:
            cells[0] = cells[0] + '"'  # a quote inside a cell (written as "")
        elif shape == 4:
            cells[-1] = cells[-1] + "\n"  # a line break inside a quoted cell: still one row
        lines.append(cells)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=draw(st.sampled_from(["\r\n", "\n", "\r"]))).writerows(lines)
    options: dict[str, object] = {
        "org_code": draw(st.sampled_from([None, "RXH"])),
        "known_occupation_codes": draw(st.sampled_from([None, frozenset({"N6A", "G2A", "n6b"})])),
    }
    return buffer.getvalue().encode(), options


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extracts())
def test_the_column_wise_checker_matches_the_reference(
    extract: tuple[bytes, dict[str, object]],
) -> None:
    data, options = extract
    # when both checkers read the same file
    new = parse_extract(source=io.BytesIO(data), filename="x.csv", as_of=AS_OF, **options)  # type: ignore[arg-type]
    old = reference_checker.parse_extract(
        source=io.BytesIO(data), filename="x.csv", as_of=AS_OF, **options
    )
    # then every problem, every count and every clean row is the same
    assert new.errors == old.errors
    assert new.warnings == old.warnings
    assert new.warning_counts == old.warning_counts
    assert list(new.rows) == list(old.rows)
    assert (new.columns, new.column_map) == (old.columns, old.column_map)


def test_a_reporting_loop_behind_a_long_chain_matches_the_reference() -> None:
    # given a chain of 300 posts hanging off a loop of three, in scrambled file order
    rows = [list(EXTRACT_COLUMNS)]
    base = {name: pool[0] for name, pool in CELLS.items()}
    order = [*range(300, 0, -1), 301, 302, 303]
    for number in order:
        row = dict(base)
        manager = number + 1 if number < 303 else 301
        row.update(
            employee_number=f"E{number}",
            assignment_number=f"A{number}",
            position_number=f"P{number}",
            reports_to_position_number=f"P{manager}",
        )
        rows.append([row[name] for name in EXTRACT_COLUMNS])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode()
    new = parse_extract(source=io.BytesIO(data), filename="x.csv", as_of=AS_OF)
    old = reference_checker.parse_extract(source=io.BytesIO(data), filename="x.csv", as_of=AS_OF)
    assert [e.message for e in new.errors] == [e.message for e in old.errors]
    assert new.errors == old.errors
    assert len(new.errors) == 1
