"""Issue 20 (part): the ESR outbound interface file is read and checked, on every shared sample.

The samples (``../shared/data/esr_interface``, synthetic, from ``sardjv/esr_api``, MIT) are one
file per record type and action, without header or trailer, and ``mixed_import.DAT`` with both.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from mantle.core.testing import shared_data_dir
from mantle.imports.parsers.esr_interface import (
    DATA_RECORD_TYPES,
    parse_interface_file,
    record_layouts,
)

SAMPLES = shared_data_dir() / "esr_interface"
pytestmark = pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/data is not present")
HEADER = (
    "HDR~GO_123_GDW_GOF_2026033_00000042.DAT~20260401 012345~123~20260330 000000~20260331 000000~01"
)


def sample_files() -> list[Path]:
    return sorted(path for path in SAMPLES.glob("*.DAT") if path.name != "mixed_import.DAT")


def parse_text(text: str, name: str = "x.DAT"):  # type: ignore[no-untyped-def]
    return parse_interface_file(source=io.BytesIO(text.encode()), filename=name)


def enveloped(path: Path) -> str:
    lines = [line for line in path.read_text().splitlines() if line]
    return "\n".join([HEADER, *lines, f"TRL~{len(lines)}"]) + "\n"


def test_the_layouts_name_every_field_of_sixteen_record_types() -> None:
    layouts = record_layouts()
    assert set(layouts) == set(DATA_RECORD_TYPES)
    assert sum(len(fields) for fields in layouts.values()) == 520
    assert layouts["AS"][7] == "Assignment Number"
    assert layouts["PR"][4] == "Employee Number"


@pytest.mark.parametrize("path", sample_files(), ids=lambda path: path.name)
def test_every_sample_record_reads_inside_a_header_and_trailer(path: Path) -> None:
    # given a sample's records between a header and a trailer that counts them
    result = parse_text(enveloped(path), path.name)
    # then the file is clean, a delta for 31 March 2026 with sequence 42
    assert result.errors == []
    assert result.header is not None
    assert (result.header.sequence, result.header.full, result.header.as_of) == (
        42,
        False,
        date(2026, 3, 31),
    )
    # and each record has its type, action and identifier
    action = "D" if "delete" in path.name else "A"
    assert {record.action for record in result.records} == {action}
    kind = next(code for code, name in DATA_RECORD_TYPES.items() if path.name.startswith(name))
    assert {record.type for record in result.records} == {kind}
    assert all(record.key for record in result.records)


def test_a_sample_without_header_and_trailer_is_refused_with_the_reason() -> None:
    result = parse_interface_file(
        source=SAMPLES / "person_record-add.DAT", filename="person_record-add.DAT"
    )
    messages = [error.message for error in result.errors]
    assert any("not the header (HDR)" in message for message in messages)
    assert any("no trailer (TRL)" in message for message in messages)


def test_the_mixed_sample_is_refused_because_its_trailer_count_is_wrong() -> None:
    # given the mixed sample, whose trailer says 123456 records for 32
    result = parse_interface_file(source=SAMPLES / "mixed_import.DAT", filename="mixed_import.DAT")
    # then it is refused as a whole, with the reason
    [error] = result.errors
    assert (error.row, error.column, error.value) == (34, "TRL", "123456")
    assert "the trailer says 123456 records but the file has 32" in error.message
    # and its header reads as a full file (its "from" is all zeros), sequence 1234
    assert result.header is not None
    assert (result.header.full, result.header.sequence, result.header.as_of) == (
        True,
        1234,
        date(2020, 6, 2),
    )


def test_the_mixed_sample_with_a_true_trailer_reads_every_record() -> None:
    text = (SAMPLES / "mixed_import.DAT").read_text().replace("TRL~123456", "TRL~32")
    result = parse_text(text)
    assert result.errors == []
    assert result.lookups == 1
    assert result.counts()["PRA"] == 2 and result.counts()["ETA"] == 2
    person = next(record for record in result.records if record.type == "PR")
    assert (person.key, person.get("Employee Number"), person.get("Gender")) == (
        "A48180",
        "102598012",
        "Female",
    )
    registration = next(record for record in result.records if record.type == "ET")
    assert registration.get("PEI_INFORMATION2") == "94I0864E"


def test_a_record_with_the_wrong_number_of_fields_is_named() -> None:
    lines = (SAMPLES / "position_record-update.DAT").read_text().splitlines()
    text = "\n".join([HEADER, lines[0] + "~extra", "TRL~1"])
    [error] = parse_text(text).errors
    assert (error.row, error.column) == (2, "position_record")
    assert "25 fields but the layout has 24" in error.message


def test_an_unknown_record_type_and_a_bad_header_are_named() -> None:
    text = "\n".join(["HDR~no-sequence~soon~123~0~20260331 000000~01", "ZZA~1~2", "TRL~1"])
    errors = parse_text(text).errors
    assert [(error.row, error.column) for error in errors] == [
        (1, "file name"),
        (1, "run time"),
        (2, "record type"),
    ]
