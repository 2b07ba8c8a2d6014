"""The extract checker at its edges: rules a speed shortcut could break without any one-cell test
noticing (issue 12). Each test here was checked against a deliberately broken checker:

* a bad sex, ethnic or disability code must be reported on every row it appears on (an answer
  cache that remembered a bad code would report only its first row and import the others);
* the registration fast path (a body and status seen before) must still check the number's format;
* the date rules are inclusive or exclusive exactly as documented: a start date on the extract
  date, a date of birth on the extract date and a start on the date of birth are all accepted; the
  age counts a birthday on the extract date; ages 15 to 99 raise no warning, 14 and 100 do.
"""

from __future__ import annotations

from datetime import date

import pytest

from mantle.imports.tests.test_parse_extract import AS_OF, messages, parse_rows, person

NO_REGISTRATION = {"registration_body": "", "registration_number": "", "registration_status": ""}


# -- coded values are never cached when bad ------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "bad", "message"),
    [
        ("sex", "Q", "sex 'Q' is not a recognised code"),
        ("ethnic_category", "White", "ethnic category 'White' is not a recognised code"),
        ("disability", "maybe", "disability 'maybe' is not a recognised code"),
    ],
)
def test_a_bad_code_is_reported_on_every_row_that_has_it(
    column: str, bad: str, message: str
) -> None:
    # given three rows with the same bad code, and a good row between them
    rows = [person(1, **{column: bad}), person(2), person(3, **{column: bad})]
    # when parsed
    result = parse_rows(rows)
    # then each bad row has its own error, and neither is imported
    assert messages(result) == [(2, column, message), (4, column, message)]
    assert [row.row for row in result.rows] == [3]


@pytest.mark.parametrize(
    ("column", "good", "expected"),
    [("sex", "F", "2"), ("ethnic_category", "a", "A"), ("disability", "yes", "Y")],
)
def test_a_good_code_read_again_gives_the_same_value(column: str, good: str, expected: str) -> None:
    result = parse_rows([person(1, **{column: good}), person(2, **{column: good})])
    assert result.errors == []
    assert [getattr(row, column) for row in result.rows] == [expected, expected]


# -- the registration fast path ------------------------------------------------------------------


def test_a_bad_number_after_a_good_registration_with_the_same_body_is_an_error() -> None:
    # given a good NMC registration, then the same body and status with a malformed PIN
    rows = [
        person(1),
        person(2, registration_number="12A3456"),
        person(3, registration_number="ABCDEFGH"),
    ]
    # when parsed
    result = parse_rows(rows)
    # then both bad numbers are reported on their own rows and only the good row is kept
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (3, "registration_number", "12A3456"),
        (4, "registration_number", "ABCDEFGH"),
    ]
    assert "NMC PIN '12A3456' is 7 characters long" in result.errors[0].message
    assert [row.row for row in result.rows] == [2]


def test_a_blank_number_after_a_good_registration_is_an_error() -> None:
    result = parse_rows([person(1), person(2, registration_number="  ")])
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (
            3,
            "registration_number",
            "registration body, number and status go together; this one is blank",
        )
    ]


def test_the_fast_path_normalises_the_number_like_the_first_row() -> None:
    result = parse_rows([person(1), person(2, registration_number="12 a3456e")])
    assert result.errors == []
    assert [row.registration.number for row in result.rows if row.registration] == [
        "12A3456E",
        "12A3456E",
    ]


# -- date boundaries -----------------------------------------------------------------------------


def test_an_assignment_starting_on_the_extract_date_is_accepted() -> None:
    result = parse_rows([person(1, assignment_start_date=AS_OF.isoformat())])
    assert result.errors == []
    assert result.rows[0].assignment_start_date == AS_OF


def test_an_assignment_starting_the_day_after_the_extract_date_is_an_error() -> None:
    result = parse_rows([person(1, assignment_start_date="2025-04-01")])
    assert messages(result) == [
        (
            2,
            "assignment_start_date",
            "assignment starts on 2025-04-01, after the extract date 2025-03-31",
        )
    ]


def test_a_date_of_birth_on_the_extract_date_is_not_after_it() -> None:
    # given someone born on the extract date who also starts that day
    row = person(1, date_of_birth="2025-03-31", assignment_start_date="2025-03-31")
    result = parse_rows([row])
    # then it is accepted with an age warning (0), never the "after the extract date" error
    assert result.errors == []
    assert [w.message for w in result.warnings if w.column == "date_of_birth"] == [
        "date of birth 2025-03-31 gives an age of 0 on 2025-03-31; check it"
    ]


def test_a_date_of_birth_the_day_after_the_extract_date_is_an_error() -> None:
    result = parse_rows([person(1, date_of_birth="2025-04-01")])
    assert (
        2,
        "date_of_birth",
        "date of birth 2025-04-01 is after the extract date 2025-03-31",
    ) in (messages(result))


def test_an_assignment_starting_on_the_date_of_birth_is_accepted() -> None:
    result = parse_rows([person(1, date_of_birth="1990-06-15", assignment_start_date="1990-06-15")])
    assert result.errors == []


def test_an_assignment_starting_the_day_before_the_date_of_birth_is_an_error() -> None:
    result = parse_rows([person(1, date_of_birth="1990-06-15", assignment_start_date="1990-06-14")])
    assert messages(result) == [
        (
            2,
            "assignment_start_date",
            "assignment starts on 1990-06-14, before the date of birth 1990-06-15",
        )
    ]


def age_warnings(date_of_birth: str) -> list[str]:
    result = parse_rows(
        [person(1, date_of_birth=date_of_birth, assignment_start_date="2024-12-01")]
    )
    assert result.errors == []
    return [w.message for w in result.warnings if w.column == "date_of_birth"]


@pytest.mark.parametrize(
    ("date_of_birth", "warning"),
    [
        # the 15th birthday on the extract date: 15, no warning; one day later: still 14
        ("2010-03-31", None),
        ("2010-04-01", "date of birth 2010-04-01 gives an age of 14 on 2025-03-31; check it"),
        # the 100th birthday on the extract date: 100; one day later: still 99, no warning
        ("1925-03-31", "date of birth 1925-03-31 gives an age of 100 on 2025-03-31; check it"),
        ("1925-04-01", None),
        # the birthday the day before the extract date counts too
        ("1925-03-30", "date of birth 1925-03-30 gives an age of 100 on 2025-03-31; check it"),
        ("2010-03-30", None),
    ],
)
def test_the_age_counts_the_birthday_and_warns_outside_15_to_99(
    date_of_birth: str, warning: str | None
) -> None:
    assert age_warnings(date_of_birth) == ([warning] if warning else [])


def test_an_age_of_14_or_101_is_named_in_the_warning() -> None:
    assert age_warnings("2011-01-01") == [
        "date of birth 2011-01-01 gives an age of 14 on 2025-03-31; check it"
    ]
    assert age_warnings("1924-01-01") == [
        "date of birth 1924-01-01 gives an age of 101 on 2025-03-31; check it"
    ]


def test_a_birthday_later_in_the_month_of_the_extract_date_is_not_yet_counted() -> None:
    # given a 29 February birth and an extract date of 28 February in a later non-leap year
    result = parse_rows(
        [person(1, date_of_birth="2008-02-29", assignment_start_date="2022-06-01")],
        as_of=date(2023, 2, 28),
    )
    # then the birthday has not yet come: 14, with a warning
    assert [w.message for w in result.warnings if w.column == "date_of_birth"] == [
        "date of birth 2008-02-29 gives an age of 14 on 2023-02-28; check it"
    ]
