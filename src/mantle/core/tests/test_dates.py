"""'A year ago' and 'in a year' from any date, including 29 February."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from mantle.core.dates import years_from


def test_a_year_before_29_february_is_28_february() -> None:
    assert years_from(dt.date(2028, 2, 29), -1) == dt.date(2027, 2, 28)
    assert years_from(dt.date(2028, 2, 29), 4) == dt.date(2032, 2, 29)


@given(
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2990, 12, 31)),
    st.integers(min_value=-5, max_value=5),
)
def test_years_from_keeps_month_and_moves_the_year(day: dt.date, years: int) -> None:
    moved = years_from(day, years)
    assert (moved.year, moved.month) == (day.year + years, day.month)
    assert moved.day == day.day or (day.month, day.day, moved.day) == (2, 29, 28)
