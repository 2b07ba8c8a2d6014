"""Occupation codes are classified from their structure, in agreement with the published manual."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mantle.core.testing import shared_data_dir
from mantle.workforce.rules.occupation import (
    MAIN_STAFF_GROUPS,
    STAFF_GROUPS,
    classify_occupation_code,
)
from mantle.workforce.rules.registration import Profession

SHARED_DATA = shared_data_dir()
CODE_FILE = SHARED_DATA / "occupation_codes" / "nhs_occupation_codes_v22_1.csv"
needs_data = pytest.mark.skipif(not CODE_FILE.is_file(), reason=f"no code list at {CODE_FILE}")


def manual_rows() -> list[dict[str, str]]:
    with CODE_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@needs_data
def test_every_currently_valid_code_gets_the_manuals_staff_groups() -> None:
    # given every currently valid code of the v22.1 manual
    rows = [row for row in manual_rows() if row["is_currently_valid"] == "True"]
    assert len(rows) == 682
    # when each is classified from its structure alone
    disagreements = []
    for row in rows:
        found = classify_occupation_code(row["occupation_code"])
        expected = (row["main_staff_group"], row["broad_staff_group"])
        got = (found.main_staff_group, found.staff_group) if found else None
        if got != expected:
            disagreements.append((row["occupation_code"], expected, got))
    # then the main and broad staff groups agree with the manual for every one
    assert disagreements == []


@needs_data
def test_retired_codes_are_classified_too() -> None:
    # given the codes the manual has retired (kept for historic extracts)
    rows = [row for row in manual_rows() if row["is_currently_valid"] == "False"]
    # when classified / then they agree with the manual as well
    disagreements = [
        row["occupation_code"]
        for row in rows
        if (found := classify_occupation_code(row["occupation_code"])) is None
        or (found.main_staff_group, found.staff_group)
        != (row["main_staff_group"], row["broad_staff_group"])
    ]
    assert disagreements == []


@pytest.mark.parametrize(
    ("code", "profession"),
    [
        ("101", Profession.MEDICAL),
        ("024", Profession.MEDICAL),
        ("N6A", Profession.NURSING_MIDWIFERY),
        ("N2C", Profession.NURSING_MIDWIFERY),
        ("P2A", Profession.NURSING_MIDWIFERY),
        ("S1E", Profession.ALLIED_HEALTH),
        ("S0L", Profession.OTHER_REGISTERED),  # applied psychology: "Other ST&T" in the manual
        ("S2P", Profession.PHARMACY),
        ("S4P", Profession.PHARMACY),
        ("S0P", Profession.PHARMACY),
        ("S1R", Profession.MEDICAL),
        ("S2W", Profession.OTHER_REGISTERED),
        ("U2A", Profession.HEALTHCARE_SCIENCE),
        ("UEA", Profession.HEALTHCARE_SCIENCE),
        ("T0A", Profession.HEALTHCARE_SCIENCE),
        ("ABA", Profession.ALLIED_HEALTH),
        ("A0A", Profession.ALLIED_HEALTH),
        ("H1A", None),
        ("N9A", None),
        ("G1A", None),
        ("Z1A", None),
    ],
)
def test_profession_is_that_of_a_clinician_in_the_code(
    code: str, profession: Profession | None
) -> None:
    found = classify_occupation_code(code)
    assert found is not None
    assert found.profession is profession


@pytest.mark.parametrize(
    ("code", "group"),
    [("G0A", "Senior managers"), ("G0E", "Senior managers"), ("G1C", "Managers")],
)
def test_only_g0x_and_g1x_are_published_managers(code: str, group: str) -> None:
    found = classify_occupation_code(code)
    assert found is not None
    assert found.published_manager_group == group
    assert found.staff_group == group


@pytest.mark.parametrize("code", ["N0A", "S0E", "U0A", "A0A", "NCA", "G2A", "101"])
def test_clinical_managers_and_matrons_are_not_published_managers(code: str) -> None:
    found = classify_occupation_code(code)
    assert found is not None
    assert found.published_manager_group is None


@pytest.mark.parametrize(
    ("code", "clinical_manager", "matron"),
    [
        ("N0A", True, False),
        ("S0E", True, False),
        ("U0B", True, False),
        ("A0A", True, False),
        ("NCA", False, True),
        ("NEH", False, False),  # community matron: a clinician, not a modern matron
        ("N6A", False, False),
        ("G0A", False, False),
    ],
)
def test_clinical_manager_codes_and_matrons(
    code: str, clinical_manager: bool, matron: bool
) -> None:
    found = classify_occupation_code(code)
    assert found is not None
    assert found.clinical_manager_code is clinical_manager
    assert found.matron is matron


def test_a_code_is_read_whatever_its_case_or_surrounding_spaces() -> None:
    found = classify_occupation_code(" n6a ")
    assert found is not None
    assert found.code == "N6A"
    assert (found.matrix, found.level, found.area) == ("N", "6", "A")


def test_medical_codes_keep_their_specialty_and_have_no_level() -> None:
    found = classify_occupation_code("180")
    assert found is not None
    assert (found.matrix, found.level, found.area) == ("medical", "", "80")


@pytest.mark.parametrize(
    "code",
    ["", "N6", "N6AA", "301", "701", "X1A", "N6a1", "G4A", "G0F", "N61", "ZZZ", "H3A", "٠٠١"],
)
def test_malformed_codes_are_not_classified(code: str) -> None:
    assert classify_occupation_code(code) is None


@given(code=st.text(alphabet="0123456789AGHNPSTUZBCDEFJKLMQRVWXY", min_size=0, max_size=4))
def test_any_classification_is_internally_consistent(code: str) -> None:
    # given any short code / when classified
    found = classify_occupation_code(code)
    if found is None:
        return
    # then its groups come from the published lists and its flags agree with each other
    assert len(code) == 3
    assert found.main_staff_group in MAIN_STAFF_GROUPS
    assert found.staff_group in STAFF_GROUPS
    assert found.professionally_qualified_clinical == (
        found.main_staff_group == "Professionally qualified clinical staff"
    )
    assert (found.profession is not None) == found.professionally_qualified_clinical
    assert (found.published_manager_group is not None) == (code[:2] in ("G0", "G1"))
    if found.clinical_manager_code:
        assert found.level == "0"
    if found.matron:
        assert code.startswith("NC")
