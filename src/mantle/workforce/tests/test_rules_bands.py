"""Pay bands: free text to canonical bands, and the ordered AfC / VSM ladder."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mantle.workforce.rules.bands import (
    AFC_BANDS,
    LADDER_BANDS,
    MEDICAL_GRADES,
    PAY_BANDS,
    band_in_range,
    band_rank,
    band_sort_key,
    normalise_pay_band,
    pay_band_error,
)


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("5", "Band 5"),
        ("band 5", "Band 5"),
        ("Band 5", "Band 5"),
        ("BAND5", "Band 5"),
        ("AfC 5", "Band 5"),
        ("AfC Band 5", "Band 5"),
        ("Agenda for Change band 5", "Band 5"),
        ("B5", "Band 5"),
        ("8A", "Band 8a"),
        ("8a", "Band 8a"),
        ("Band 8 - Range C", "Band 8c"),
        ("band 8d", "Band 8d"),
        ("9", "Band 9"),
        ("1", "Band 1"),
        ("VSM", "VSM"),
        ("Very Senior Manager", "VSM"),
        ("Non-Executive", "Non-Executive"),
        ("non executive director", "Non-Executive"),
        ("Chair", "Non-Executive"),
        ("Consultant", "Consultant"),
        ("Specialist", "Specialist"),
        ("Associate Specialist", "Associate Specialist"),
        ("Specialty Doctor", "Specialty Doctor"),
        ("Speciality Doctor", "Specialty Doctor"),
        ("Staff Grade", "Specialty Doctor"),
        ("Resident Doctor", "Resident Doctor"),
        ("Foundation", "Resident Doctor"),
        ("FY1", "Resident Doctor"),
        ("F2", "Resident Doctor"),
        ("Foundation Year 1", "Resident Doctor"),
        ("Specialty Registrar", "Resident Doctor"),
        ("Specialist Registrar", "Resident Doctor"),
        ("StR", "Resident Doctor"),
        ("ST4", "Resident Doctor"),
        ("Core Trainee", "Resident Doctor"),
        ("CT2", "Resident Doctor"),
        ("SpR", "Resident Doctor"),
        ("Junior Doctor", "Resident Doctor"),
        ("Other", "Other"),
        ("Local pay", "Other"),
    ],
)
def test_free_text_maps_to_the_canonical_band(text: str, band: str) -> None:
    assert normalise_pay_band(text) == band


@pytest.mark.parametrize(
    "text", ["", "   ", "Band 8", "8e", "5a", "Band 10", "0", "Manager", "Band"]
)
def test_unrecognised_text_is_not_a_band(text: str) -> None:
    assert normalise_pay_band(text) is None
    assert pay_band_error(text) is not None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Band 8", "without its range"),
        ("8e", "band 8 ranges are a to d"),
        ("6b", "only band 8 has ranges"),
        ("12", "bands run from 1 to 9"),
        ("", "blank"),
        ("Executive", "not recognised"),
    ],
)
def test_the_error_says_why_a_band_is_wrong(text: str, fragment: str) -> None:
    error = pay_band_error(text)
    assert error is not None
    assert fragment in error


@given(band=st.sampled_from(PAY_BANDS), shout=st.booleans())
def test_every_canonical_band_reads_back_as_itself(band: str, shout: bool) -> None:
    text = band.upper() if shout else band.lower()
    assert normalise_pay_band(f"  {text} ") == band


@given(
    number=st.integers(min_value=1, max_value=9), form=st.sampled_from(["{}", "Band {}", "AfC {}"])
)
def test_afc_numbers_in_any_common_form(number: int, form: str) -> None:
    text = form.format(f"{number}a" if number == 8 else number)
    expected = "Band 8a" if number == 8 else f"Band {number}"
    assert normalise_pay_band(text) == expected


def test_the_ladder_is_afc_then_vsm_and_pay_bands_list_every_band_once() -> None:
    assert (*AFC_BANDS, "VSM") == LADDER_BANDS
    assert len(set(PAY_BANDS)) == len(PAY_BANDS) == 20
    assert set(MEDICAL_GRADES) < set(PAY_BANDS)


@given(low=st.sampled_from(LADDER_BANDS), high=st.sampled_from(LADDER_BANDS))
def test_rank_orders_the_ladder(low: str, high: str) -> None:
    assert (band_rank(low) < band_rank(high)) == (
        LADDER_BANDS.index(low) < LADDER_BANDS.index(high)
    )


def test_rank_reads_free_text() -> None:
    assert band_rank("8c") == band_rank("Band 8c") == 9
    assert band_rank("Band 1") == 0
    assert band_rank("VSM") == 12


@pytest.mark.parametrize("band", ["Consultant", "Resident Doctor", "Non-Executive", "Other", "x"])
def test_grades_off_the_ladder_have_no_rank(band: str) -> None:
    with pytest.raises(ValueError, match="ladder"):
        band_rank(band)


@given(
    band=st.sampled_from(PAY_BANDS),
    low=st.sampled_from(("", *LADDER_BANDS)),
    high=st.sampled_from(("", *LADDER_BANDS)),
)
def test_band_in_range_is_the_inclusive_ladder_interval(band: str, low: str, high: str) -> None:
    inside = band_in_range(band=band, min_band=low, max_band=high)
    if band not in LADDER_BANDS:
        assert inside is False
        return
    rank = LADDER_BANDS.index(band)
    expected = (not low or rank >= LADDER_BANDS.index(low)) and (
        not high or rank <= LADDER_BANDS.index(high)
    )
    assert inside is expected


def test_eight_c_and_above_includes_vsm_but_never_a_consultant() -> None:
    assert band_in_range(band="Band 8c", min_band="Band 8c")
    assert band_in_range(band="VSM", min_band="Band 8c")
    assert not band_in_range(band="Band 8b", min_band="Band 8c")
    assert not band_in_range(band="Consultant", min_band="Band 8c")
    assert not band_in_range(band=None, min_band="Band 8c")


def test_sort_key_puts_the_ladder_first_and_unknown_text_last() -> None:
    given_bands = ["Other", "Consultant", "Band 8a", "nonsense", "Band 2", "VSM"]
    assert sorted(given_bands, key=band_sort_key) == [
        "Band 2",
        "Band 8a",
        "VSM",
        "Consultant",
        "Other",
        "nonsense",
    ]
