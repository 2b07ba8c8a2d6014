"""ODS organisation codes: every published code passes; typing differences are normalised."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mantle.core.testing import shared_data_dir
from mantle.workforce.rules.ods import normalise_ods_code, ods_code_error

SHARED_DATA = shared_data_dir()
ODS_DIR = SHARED_DATA / "ods"
needs_data = pytest.mark.skipif(not ODS_DIR.is_dir(), reason=f"reference data not at {ODS_DIR}")

ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
codes = st.one_of(
    st.text(alphabet=ALPHANUMERIC, min_size=3, max_size=3),
    st.text(alphabet=ALPHANUMERIC, min_size=5, max_size=5),
)


def published_codes() -> list[str]:
    found = []
    for name in ("etr.csv", "eccg.csv"):
        with (ODS_DIR / name).open(encoding="utf-8", newline="") as handle:
            found += [row[0] for row in csv.reader(handle) if row]
    with (ODS_DIR / "icb_names_codes_dec_2024.csv").open(encoding="utf-8-sig") as handle:
        found += [row["ICB24CDH"] for row in csv.DictReader(handle)]
    return found


@needs_data
def test_every_code_in_the_published_ods_files_is_accepted() -> None:
    # given every trust, sub-ICB location and ICB code ODS publishes
    found = published_codes()
    # when each is checked / then none is rejected
    assert len(found) == 273 + 320 + 42
    rejected = {code: ods_code_error(code) for code in found if ods_code_error(code) is not None}
    assert rejected == {}


@pytest.mark.parametrize("code", ["R0A", "RXH", "G6V2S", "QMJ", "00C", "15N", "RXH01", "A81001"])
def test_examples_from_each_kind_of_organisation_are_accepted(code: str) -> None:
    assert ods_code_error(code) is None


@given(code=codes, data=st.data())
def test_lower_case_and_spaces_are_normalised_not_rejected(code: str, data: st.DataObject) -> None:
    # given a well-formed code typed in lower case with spaces around and inside it
    cut = data.draw(st.integers(min_value=0, max_value=len(code)))
    typed = f"  {code[:cut].lower()} {code[cut:].lower()} "
    # when checked and normalised / then it is the published code
    assert ods_code_error(typed) is None
    assert normalise_ods_code(typed) == code


@given(
    code=codes,
    junk=st.sampled_from(list("-./,;:'\"()&_#*")),
    data=st.data(),
)
def test_punctuation_is_rejected_with_a_message_naming_it(
    code: str, junk: str, data: st.DataObject
) -> None:
    position = data.draw(st.integers(min_value=0, max_value=len(code)))
    error = ods_code_error(code[:position] + junk + code[position:])
    assert error is not None
    assert repr(junk) in error
    assert "letters and digits only" in error


@given(code=st.text(alphabet=ALPHANUMERIC, min_size=1, max_size=12))
def test_only_three_and_five_character_codes_and_gp_practices_are_accepted(code: str) -> None:
    error = ods_code_error(code)
    gp_practice = len(code) == 6 and code[0].isalpha() and code[1:].isdigit()
    if len(code) in (3, 5) or gp_practice:
        assert error is None
    else:
        assert error is not None
        assert f"{len(code)} characters" in error


def test_a_blank_code_is_rejected() -> None:
    error = ods_code_error("   ")
    assert error is not None
    assert "blank" in error
