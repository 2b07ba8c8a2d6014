"""Regulators, registration-number formats and the profession a registration implies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mantle.workforce.rules.registration import (
    HCPC_PREFIXES,
    Profession,
    Regulator,
    normalise_registration_number,
    parse_regulator,
    profession_for_registration,
    registration_format,
    registration_number_error,
)

DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def digits(low: int, high: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=DIGITS, min_size=low, max_size=high)


VALID_NUMBERS: dict[Regulator, st.SearchStrategy[str]] = {
    Regulator.GMC: digits(7, 7),
    Regulator.NMC: st.tuples(
        digits(2, 2), st.sampled_from(LETTERS), digits(4, 4), st.sampled_from(LETTERS)
    ).map("".join),
    Regulator.HCPC: st.tuples(st.sampled_from(sorted(HCPC_PREFIXES)), digits(4, 6)).map("".join),
    Regulator.GPHC: digits(7, 7),
    Regulator.GDC: digits(1, 6),
    Regulator.GOC: st.tuples(st.sampled_from(["", "01-", "D-", "1-"]), digits(4, 6)).map("".join),
    Regulator.GOSC: digits(1, 5),
    Regulator.GCC: digits(1, 5),
    Regulator.PSNI: digits(1, 6),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GMC", Regulator.GMC),
        ("gmc", Regulator.GMC),
        ("General Medical Council", Regulator.GMC),
        ("the general medical council", Regulator.GMC),
        ("GPhC", Regulator.GPHC),
        ("gphc", Regulator.GPHC),
        ("General Pharmaceutical Council", Regulator.GPHC),
        ("Nursing & Midwifery Council", Regulator.NMC),
        ("Nursing and Midwifery Council", Regulator.NMC),
        ("HCPC", Regulator.HCPC),
        ("Health and Care Professions Council", Regulator.HCPC),
        ("HPC", Regulator.HCPC),
        ("GOsC", Regulator.GOSC),
        ("General Osteopathic Council", Regulator.GOSC),
        ("General Chiropractic Council", Regulator.GCC),
        ("General Optical Council", Regulator.GOC),
        ("General Dental Council", Regulator.GDC),
        ("Pharmaceutical Society of Northern Ireland", Regulator.PSNI),
        (" psni ", Regulator.PSNI),
    ],
)
def test_regulator_names_and_abbreviations_are_read_case_insensitively(
    text: str, expected: Regulator
) -> None:
    # given a regulator written as users write it / when parsed / then it is that regulator
    assert parse_regulator(text) is expected


@pytest.mark.parametrize("text", ["", "GMCX", "Royal College of Nursing", "Social Work England"])
def test_other_bodies_are_not_regulators(text: str) -> None:
    assert parse_regulator(text) is None


def test_regulator_values_are_the_usual_abbreviations() -> None:
    assert [r.value for r in Regulator] == [
        "GMC",
        "NMC",
        "HCPC",
        "GPhC",
        "GDC",
        "GOC",
        "GOsC",
        "GCC",
        "PSNI",
    ]


@given(data=st.data(), regulator=st.sampled_from(list(Regulator)))
def test_every_well_formed_number_is_accepted(data: st.DataObject, regulator: Regulator) -> None:
    # given a number in the regulator's format
    number = data.draw(VALID_NUMBERS[regulator])
    # when validated / then there is no error
    assert registration_number_error(body=regulator, number=number) is None


@given(data=st.data(), regulator=st.sampled_from(list(Regulator)))
def test_spaces_and_lower_case_do_not_make_a_number_invalid(
    data: st.DataObject, regulator: Regulator
) -> None:
    # given a valid number typed with spaces and in lower case
    number = data.draw(VALID_NUMBERS[regulator])
    cut = data.draw(st.integers(min_value=0, max_value=len(number)))
    typed = f" {number[:cut].lower()} {number[cut:].lower()} "
    # when validated and normalised
    error = registration_number_error(body=regulator, number=typed)
    normalised = normalise_registration_number(body=regulator, number=typed)
    # then it is still valid and stored in its canonical form
    assert error is None
    assert normalised == number


@given(data=st.data(), regulator=st.sampled_from(list(Regulator)))
def test_a_number_with_an_extra_digit_beyond_the_maximum_is_rejected(
    data: st.DataObject, regulator: Regulator
) -> None:
    # given a valid number padded with digits to one more than the longest allowed
    number = data.draw(VALID_NUMBERS[regulator])
    longest = {
        Regulator.GMC: 7,
        Regulator.GPHC: 7,
        Regulator.GDC: 6,
        Regulator.PSNI: 6,
        Regulator.GOSC: 5,
        Regulator.GCC: 5,
    }.get(regulator)
    # patterned formats get far too many digits; digit-only formats one more than allowed
    number = number + "1234567" if longest is None else "1" * (longest + 1)
    # when validated / then it is rejected with a message naming the regulator and an example
    error = registration_number_error(body=regulator, number=number)
    assert error is not None
    assert regulator.value in error
    assert "e.g." in error


@given(
    data=st.data(),
    regulator=st.sampled_from(list(Regulator)),
    junk=st.sampled_from(["!", "/", "#", "_", "é", "٣"]),
)
def test_a_number_with_punctuation_or_foreign_characters_is_rejected(
    data: st.DataObject, regulator: Regulator, junk: str
) -> None:
    number = data.draw(VALID_NUMBERS[regulator])
    position = data.draw(st.integers(min_value=0, max_value=len(number)))
    mutated = number[:position] + junk + number[position:]
    error = registration_number_error(body=regulator, number=mutated)
    assert error is not None
    assert "expected" in error


@pytest.mark.parametrize(
    ("body", "number", "fragment"),
    [
        ("GMC", "123456", "has 6 digits"),
        ("GMC", "12345678", "has 8 digits"),
        ("GMC", "12345A7", "contains 'A'"),
        ("GMC", "", "is blank"),
        ("NMC", "12A3456", "is 7 characters long"),
        ("NMC", "1AA3456E", "position 2 where a digit belongs"),
        ("NMC", "12A34567", "position 8 where a letter belongs"),
        ("HCPC", "XX12345", "'XX', which is not an HCPC profession prefix"),
        ("HCPC", "12345", "has no profession prefix"),
        ("HCPC", "PA123", "has 3 digits after the prefix PA"),
        ("HCPC", "PA12-45", "only digits may follow"),
        ("GPhC", "201234", "has 6 digits"),
        ("GOC", "01/12345", "is not in the GOC format"),
    ],
)
def test_a_malformed_number_gets_a_specific_message(body: str, number: str, fragment: str) -> None:
    # given a malformed number / when validated
    error = registration_number_error(body=body, number=number)
    # then the message says what was wrong and shows the expected format
    assert error is not None
    assert fragment in error
    assert registration_format(body).split(",")[0] in error


def test_an_unknown_body_is_reported_not_raised() -> None:
    error = registration_number_error(body="Royal College of Nursing", number="123")
    assert error is not None
    assert "not a UK healthcare regulator" in error


def test_normalising_for_an_unknown_body_raises() -> None:
    with pytest.raises(ValueError, match="not a UK healthcare regulator"):
        normalise_registration_number(body="RCN", number="123")


@pytest.mark.parametrize(
    ("body", "number", "profession"),
    [
        ("GMC", "1234567", Profession.MEDICAL),
        ("GDC", "123456", Profession.MEDICAL),
        ("NMC", "12A3456E", Profession.NURSING_MIDWIFERY),
        ("HCPC", "PA12345", Profession.ALLIED_HEALTH),
        ("HCPC", "OT012345", Profession.ALLIED_HEALTH),
        ("HCPC", "PYL12345", Profession.ALLIED_HEALTH),
        ("HCPC", "CS12345", Profession.HEALTHCARE_SCIENCE),
        ("HCPC", "bs 12345", Profession.HEALTHCARE_SCIENCE),
        ("GPhC", "2012345", Profession.PHARMACY),
        ("PSNI", "12345", Profession.PHARMACY),
        ("GOC", "01-12345", Profession.OTHER_REGISTERED),
        ("GOsC", "4321", Profession.OTHER_REGISTERED),
        ("GCC", "4321", Profession.OTHER_REGISTERED),
    ],
)
def test_profession_follows_the_regulator_and_the_hcpc_register(
    body: str, number: str, profession: Profession
) -> None:
    assert profession_for_registration(body=body, number=number) is profession


def test_profession_for_an_unknown_body_raises() -> None:
    with pytest.raises(ValueError, match="not a UK healthcare regulator"):
        profession_for_registration(body="Social Work England", number="SW12345")
