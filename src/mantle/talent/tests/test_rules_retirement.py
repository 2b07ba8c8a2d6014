"""Retirement dates and proximity (pure)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mantle.talent.rules.retirement import (
    RetirementBasis,
    RetirementProximity,
    add_months,
    age_on,
    retirement_date,
    retirement_proximity,
    state_pension_date,
)


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (dt.date(1958, 7, 14), dt.date(2024, 7, 14)),  # 66
        (dt.date(1960, 4, 6), dt.date(2026, 5, 6)),  # first transitional band: 66 and 1 month
        (dt.date(1960, 5, 5), dt.date(2026, 6, 5)),  # still the first band
        (dt.date(1960, 5, 6), dt.date(2026, 7, 6)),  # second band: 66 and 2 months
        (dt.date(1961, 3, 5), dt.date(2028, 2, 5)),  # last band: 66 and 11 months
        (dt.date(1961, 3, 6), dt.date(2028, 3, 6)),  # 67
        (dt.date(1977, 4, 5), dt.date(2044, 4, 5)),  # 67
        (dt.date(1977, 4, 6), dt.date(2045, 4, 6)),  # 68 (Mantle's documented simplification)
    ],
)
def test_state_pension_date_follows_the_legislated_bands(born: dt.date, expected: dt.date) -> None:
    # given a date of birth / when the State Pension date is worked out / then it matches the table
    assert state_pension_date(born) == expected


def test_a_29_february_birthday_falls_on_1_march_in_a_common_year() -> None:
    # given someone born on 29 February 1964 / when they turn 60 in 2024 (leap) and 61 in 2025
    # then the leap-year birthday is itself, and the common-year one is 1 March
    assert add_months(dt.date(1964, 2, 29), 60 * 12) == dt.date(2024, 2, 29)
    assert add_months(dt.date(1964, 2, 29), 61 * 12) == dt.date(2025, 3, 1)


def test_each_basis_gives_its_normal_pension_age() -> None:
    born = dt.date(1970, 10, 10)
    assert retirement_date(date_of_birth=born, basis="nhs_2008") == dt.date(2035, 10, 10)
    assert retirement_date(date_of_birth=born, basis="nhs_1995") == dt.date(2030, 10, 10)
    assert retirement_date(date_of_birth=born, basis="nhs_1995_special") == dt.date(2025, 10, 10)
    assert retirement_date(date_of_birth=born, basis="nhs_2015") == dt.date(2037, 10, 10)
    assert retirement_date(date_of_birth=born, basis="fixed", fixed_age=62) == dt.date(2032, 10, 10)


def test_a_reviewers_expected_age_wins_over_the_basis() -> None:
    born = dt.date(1970, 10, 10)
    assert retirement_date(date_of_birth=born, basis="nhs_2015", override_age=58) == dt.date(
        2028, 10, 10
    )


def test_a_fixed_basis_without_an_age_is_refused() -> None:
    with pytest.raises(ValueError, match="age"):
        retirement_date(date_of_birth=dt.date(1970, 1, 1), basis=RetirementBasis.FIXED)


@pytest.mark.parametrize(
    ("retire", "expected"),
    [
        (dt.date(2025, 6, 1), RetirementProximity.PAST),  # the day itself counts as reached
        (dt.date(2025, 6, 2), RetirementProximity.NEAR),
        (dt.date(2027, 6, 1), RetirementProximity.NEAR),  # exactly two years ahead is near
        (dt.date(2027, 6, 2), RetirementProximity.APPROACHING),
        (dt.date(2030, 6, 1), RetirementProximity.APPROACHING),
        (dt.date(2030, 6, 2), RetirementProximity.LATER),
    ],
)
def test_proximity_windows_at_their_edges(retire: dt.date, expected: RetirementProximity) -> None:
    assert retirement_proximity(on=dt.date(2025, 6, 1), retirement_on=retire) == expected


@given(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2005, 12, 31)))
def test_state_pension_age_is_between_65_and_68(born: dt.date) -> None:
    # given any working-age date of birth / then the State Pension age reached is 65 to 68 whole years
    spa = state_pension_date(born)
    assert 65 <= age_on(date_of_birth=born, on=spa) <= 68
    assert spa > born


@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2000, 1, 1)),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 1, 1)),
)
def test_proximity_never_gets_further_away_as_time_passes(born: dt.date, on: dt.date) -> None:
    # given a retirement date / when the as-at date moves a year later / then proximity is no further
    order = [
        RetirementProximity.PAST,
        RetirementProximity.NEAR,
        RetirementProximity.APPROACHING,
        RetirementProximity.LATER,
    ]
    retire = retirement_date(date_of_birth=born, basis="nhs_2015")
    now = retirement_proximity(on=on, retirement_on=retire)
    later = retirement_proximity(on=add_months(on, 12), retirement_on=retire)
    assert order.index(later) <= order.index(now)
