"""Same seed, same bytes: the generator is deterministic, and its CSV form is exact."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from mantle.demo.synthetic import (
    EXTRACT_COLUMNS,
    generate_national,
    generate_trust,
    write_establishment_csv,
    write_extract_csv,
)

DATES = [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)]


def test_the_same_seed_gives_byte_identical_trust_extracts(tmp_path: Path):
    # Given two runs with the same arguments
    first = generate_trust(seed=9, staff=1500, snapshot_dates=DATES)
    second = generate_trust(seed=9, staff=1500, snapshot_dates=DATES)
    # When their extracts are written out
    for k, ((_, a), (_, b)) in enumerate(zip(first.snapshots, second.snapshots, strict=True)):
        write_extract_csv(a, tmp_path / f"a{k}.csv")
        write_extract_csv(b, tmp_path / f"b{k}.csv")
        # Then the files are the same, byte for byte
        assert (tmp_path / f"a{k}.csv").read_bytes() == (tmp_path / f"b{k}.csv").read_bytes()
    assert first.establishment.equals(second.establishment)
    assert first.organisation == second.organisation


def test_a_different_seed_gives_a_different_trust():
    first = generate_trust(seed=9, staff=1500, snapshot_dates=DATES[:1])
    other = generate_trust(seed=10, staff=1500, snapshot_dates=DATES[:1])
    assert not first.snapshots[0][1].equals(other.snapshots[0][1])


def test_the_same_seed_gives_an_identical_nation():
    first = generate_national(seed=4, scale=0.01, as_of=date(2025, 3, 31))
    second = generate_national(seed=4, scale=0.01, as_of=date(2025, 3, 31))
    assert first.extract.equals(second.extract)
    assert first.establishment.equals(second.establishment)
    assert first.organisations.equals(second.organisations)
    assert first.icbs.equals(second.icbs)


def test_the_csv_has_the_extract_columns_in_order_and_reads_back_unchanged(tmp_path: Path):
    # Given an extract
    trust = generate_trust(seed=1, staff=300, snapshot_dates=DATES[:1])
    extract = trust.snapshots[0][1]
    # When it is written and read back as text
    path = write_extract_csv(extract.select(list(reversed(EXTRACT_COLUMNS))), tmp_path / "x.csv")
    back = pl.read_csv(path, infer_schema=False).fill_null("")
    # Then the header is the documented order and every value survives
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(EXTRACT_COLUMNS)
    assert back.equals(extract)


def test_writing_an_extract_without_a_required_column_is_refused(tmp_path: Path):
    extract = generate_trust(seed=1, staff=300, snapshot_dates=DATES[:1]).snapshots[0][1]
    with pytest.raises(ValueError, match="registration_number"):
        write_extract_csv(extract.drop("registration_number"), tmp_path / "x.csv")


def test_the_establishment_csv_starts_with_the_organisation_when_it_has_one(tmp_path: Path):
    nation = generate_national(seed=2, scale=0.01, as_of=date(2025, 3, 31))
    path = write_establishment_csv(nation.establishment, tmp_path / "e.csv")
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith("org_code,position_number,")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"code": "X1A"}, "ODS"),
        ({"icb_code": "Q1"}, "ICB"),
        ({"org_type": "hospice"}, "org_type"),
        ({"snapshot_dates": []}, "snapshot"),
        ({"snapshot_dates": [date(2025, 1, 31)] * 2}, "distinct"),
        ({"staff": 10}, "50 staff"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(arguments, message):
    call = {"seed": 1, "staff": 300, "snapshot_dates": DATES[:1], **arguments}
    with pytest.raises(ValueError, match=message):
        generate_trust(**call)


@pytest.mark.parametrize(("scale", "seed"), [(0, 1), (2.5, 1), (0.01, -3)])
def test_bad_national_arguments_are_refused(scale, seed):
    with pytest.raises(ValueError, match=r"scale|seed"):
        generate_national(seed=seed, scale=scale, as_of=date(2025, 3, 31))
