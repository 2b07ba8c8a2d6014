"""Issue 13 item 7: the profession split follows the Occupation Code Manual's own staff-group
columns (osteopaths are allied health professionals; multi-therapies, applied psychology,
psychological therapy and "other ST&T" are other scientific, therapeutic & technical staff)."""

from __future__ import annotations

import csv

import pytest

from mantle.core.testing import shared_data_dir
from mantle.workforce.rules.occupation import (
    PROFESSIONALLY_QUALIFIED,
    classify_occupation_code,
    profession_for_staff_group,
)
from mantle.workforce.rules.registration import Profession

MANUAL = shared_data_dir() / "occupation_codes" / "nhs_occupation_codes_v22_1.csv"


@pytest.mark.parametrize(
    ("code", "profession"),
    [
        ("S1V", Profession.ALLIED_HEALTH),  # osteopath
        ("S1K", Profession.OTHER_REGISTERED),  # multi-therapies
        ("S1L", Profession.OTHER_REGISTERED),  # applied psychology
        ("S1M", Profession.OTHER_REGISTERED),  # psychological therapy
        ("S1X", Profession.OTHER_REGISTERED),  # other ST&T
        ("SAT", Profession.OTHER_REGISTERED),  # consultant therapist/scientist, theatres
        ("S1T", Profession.ALLIED_HEALTH),  # therapist, operating theatres
        ("S1C", Profession.ALLIED_HEALTH),  # occupational therapist
        ("S1P", Profession.PHARMACY),
        ("S1R", Profession.MEDICAL),  # dental: "medical & dental"
        ("N3H", Profession.NURSING_MIDWIFERY),  # health visitor
        ("U1A", Profession.HEALTHCARE_SCIENCE),
    ],
)
def test_named_codes_take_the_manuals_profession(code: str, profession: Profession) -> None:
    found = classify_occupation_code(code)
    assert found is not None and found.profession == profession


@pytest.mark.skipif(not MANUAL.exists(), reason="../shared/data is not beside the checkout")
def test_every_qualified_clinical_code_agrees_with_the_manuals_staff_group() -> None:
    # Given every code of the manual v22.1 in the professionally qualified clinical group
    with MANUAL.open(encoding="utf-8-sig", newline="") as handle:
        rows = [
            r for r in csv.DictReader(handle) if r["main_staff_group"] == PROFESSIONALLY_QUALIFIED
        ]
    assert len(rows) > 500

    # When each is classified from its structure
    disagreements = []
    for row in rows:
        expected = profession_for_staff_group(
            row["detailed_staff_group"], row["care_setting_or_specialty"]
        )
        found = classify_occupation_code(row["occupation_code"])
        got = found.profession if found is not None else None
        if expected is None or got != expected:
            disagreements.append((row["occupation_code"], row["detailed_staff_group"], got))

    # Then the profession is the one the manual's own staff-group columns give
    assert disagreements == []
