"""Property tests for the generator's pure building blocks."""

from __future__ import annotations

import re

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from mantle.demo.synthetic.extract import format_fte
from mantle.demo.synthetic.filling import FTE_UNIT, employee_numbers
from mantle.demo.synthetic.national import draw_sizes
from mantle.demo.synthetic.people import REG_KINDS, RegistrationLedger, registration_numbers

FORMATS = {
    "GMC": r"\d{7}",
    "NMC": r"\d{2}[A-L]\d{4}[ESWNO]",
    "GPhC": r"\d{7}",
}


@settings(max_examples=60, deadline=None)
@given(
    kinds=st.lists(st.integers(0, len(REG_KINDS) - 1), min_size=1, max_size=300),
    seed=st.integers(0, 2**32 - 1),
)
def test_registration_numbers_are_well_formed_and_unique(kinds, seed):
    # Given people of any mix of registers, born 1955–2004
    rng = np.random.default_rng(seed)
    kind = np.asarray(kinds, dtype=np.int64)
    dob = rng.integers(-5_500, 12_500, size=len(kind))
    # When numbers are issued
    numbers = registration_numbers(
        rng, RegistrationLedger(), kind=kind, dob=dob, minority=rng.random(len(kind)) < 0.3
    ).to_list()
    # Then each has its register's format and none repeats
    for k, number in zip(kind.tolist(), numbers, strict=True):
        name = REG_KINDS[k]
        if k == 0:
            assert number == ""
        elif name.startswith("HCPC:"):
            assert re.fullmatch(rf"{name[5:]}\d{{5,6}}", number)
        else:
            assert re.fullmatch(FORMATS[name], number)
    issued = [n for n in numbers if n]
    assert len(issued) == len(set(issued))


def test_a_ledger_never_issues_the_same_number_twice_across_batches():
    # Given a ledger that has issued GMC numbers to a first batch
    rng = np.random.default_rng(1)
    ledger = RegistrationLedger()
    gmc = np.full(500, REG_KINDS.index("GMC"), dtype=np.int64)
    dob = np.full(500, 5_000, dtype=np.int64)  # one cohort, so one narrow number range
    first = registration_numbers(rng, ledger, kind=gmc, dob=dob, minority=np.zeros(500, bool))
    # When a second batch is issued from the same ledger
    second = registration_numbers(rng, ledger, kind=gmc, dob=dob, minority=np.zeros(500, bool))
    # Then no number appears twice
    assert len(set(first.to_list()) | set(second.to_list())) == 1000


@given(units=st.lists(st.integers(1, FTE_UNIT), min_size=1, max_size=50))
def test_fte_strings_have_five_places_and_read_back_exactly(units):
    text = format_fte(pl.Series(units, dtype=pl.Int64)).to_list()
    for value, s in zip(units, text, strict=True):
        assert re.fullmatch(r"[01]\.\d{5}", s)
        assert round(float(s) * FTE_UNIT) == value


@settings(deadline=None)
@given(count=st.integers(1, 400), seed=st.integers(0, 10_000))
def test_size_draws_stay_within_the_published_range(count, seed):
    sizes = draw_sizes(np.random.default_rng(seed), org_type="mental_health", count=count)
    assert len(sizes) == count
    assert sizes.min() >= 561 and sizes.max() <= 7550


@settings(deadline=None)
@given(
    starts=st.lists(st.integers(0, 20_000), min_size=1, max_size=200),
    seed=st.integers(0, 10_000),
)
def test_employee_numbers_are_unique_eight_digits_and_rise_with_start_date(starts, seed):
    # Given people spread over three organisations
    rng = np.random.default_rng(seed)
    start = np.asarray(starts, dtype=np.int64)
    org = rng.integers(0, 3, size=len(start))
    bases = np.asarray([10_000_000, 10_300_000, 10_600_000], dtype=np.int64)
    # When employee numbers are issued
    numbers = employee_numbers(rng, org=org, first_start=start, bases=bases)
    # Then they are unique, eight digits, and earlier starters hold lower numbers in each org
    assert len(set(numbers.tolist())) == len(numbers)
    assert all(len(str(n)) == 8 for n in numbers.tolist())
    for k in range(3):
        mine = org == k
        order = np.argsort(numbers[mine])
        assert np.all(np.diff(start[mine][order]) >= 0)
