"""Issue 20: ESR outbound interface files applied to the register as deltas, in file order.

Files are built field by field from ``record_layouts.csv`` (a full file for a small trust, then
deltas); the shared samples are applied where they describe a register on their own.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from mantle.core.testing import shared_data_dir
from mantle.imports.models import EsrInterfaceFile, EsrInterfaceRecord
from mantle.imports.parsers.esr_interface import record_layouts
from mantle.imports.services import esr_interface_apply
from mantle.workforce.models import Assignment, Organisation, PostVersion, Registration

pytestmark = pytest.mark.django_db
SAMPLES = shared_data_dir() / "esr_interface"


def record(kind: str, **values: str) -> str:
    layout = record_layouts()[kind]
    cells = [""] * len(layout)
    cells[0] = f"{kind}A"
    names = {name.replace(" ", "_").replace("/", "").lower(): i for i, name in enumerate(layout)}
    for name, value in values.items():
        cells[names[name]] = value
    return "~".join(cells)


def delete(kind: str, key: str) -> str:
    return f"{kind}D~{key}"


def envelope(sequence: int, day: str, lines: list[str], *, full: bool = False) -> str:
    since = "00000000 000000" if full else f"{day} 000000"
    header = f"HDR~GO_123_GDW_GOF_{day}_{sequence:08d}.DAT~{day} 012345~123~{since}~{day} 235959~01"
    return "\n".join([header, *lines, f"TRL~{len(lines)}"]) + "\n"


ORGS = [
    record("OR", organisation_id="1", organisation_name="100 Vale Trust"),
    record(
        "OR",
        organisation_id="2",
        organisation_name="200 Surgery Division",
        parent_organisation_id="1",
    ),
    record(
        "OR",
        organisation_id="3",
        organisation_name="220 6 Ward 7 (VGH)",
        parent_organisation_id="2",
    ),
]
POSITIONS = [
    record(
        "PO",
        position_id="901",
        position_number="P-CD",
        position_name="P-CD|Clinical Director|001|",
        job_role="Clinical Director - Medical",
        occupation_code="110",
        payscale="MC41",
        organisation_id="2",
    ),
    record(
        "PO",
        position_id="902",
        position_number="P-WM",
        position_name="P-WM|Ward Manager|001|",
        job_role="Ward Sister/Charge Nurse",
        occupation_code="N6A",
        payscale="XR07",
        organisation_id="3",
    ),
    record(
        "PO",
        position_id="903",
        position_number="P-SN",
        position_name="P-SN|Staff Nurse|001|",
        job_role="Staff Nurse",
        occupation_code="N6A",
        payscale="XR05",
        organisation_id="3",
    ),
]


def person(pid: str, number: str, last: str, gender: str = "Female") -> str:
    return record(
        "PR",
        person_id=pid,
        effective_start_date="20100101",
        employee_number=number,
        last_name=last,
        first_name="Al",
        gender=gender,
        date_of_birth="19800101",
        ethnic_origin="White - British",
    )


def assignment(
    aid: str, pid: str, number: str, position: str, supervisor: str = "", **more: str
) -> str:
    return record(
        "AS",
        person_id=pid,
        assignment_id=aid,
        effective_start_date="20200101",
        earliest_assignment_start_date="20200101",
        assignment_number=number,
        user_assignment_status="Active Assignment",
        assignment_category="Permanent",
        primary_assignment="Yes",
        fte="1",
        position_id=position,
        supervisor_assignment_number=supervisor,
        **more,
    )


def registration(eid: str, pid: str, pin: str, expiry: str = "31/08/2030 00:00:00") -> str:
    return record(
        "ET",
        person_id=pid,
        person_extra_information_id=eid,
        information_type="NHS Regs and Memships",
        pei_information1="Nursing and Midwifery Council",
        pei_information2=f" {pin}",
        pei_information5=f" {expiry}",
    )


FULL = [
    *ORGS,
    *POSITIONS,
    person("A1", "1001", "Smith"),
    person("A2", "1002", "Ng"),
    person("A3", "1003", "Lee", "Male"),
    assignment("S1", "A1", "1001", "901"),
    assignment("S2", "A2", "1002", "902", supervisor="1001"),
    assignment("S3", "A3", "1003", "903", supervisor="1002"),
    registration("E2", "A2", "98B7654C"),
    registration("E3", "A3", "12A3456E"),
]


@pytest.fixture
def org(db: Any) -> Organisation:
    return Organisation.objects.create(code="RXQ", name="Vale NHS Trust", org_type="acute")


def apply(tmp_path: Path, org: Organisation, name: str, text: str) -> Any:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return esr_interface_apply(path=path, org=org)


def test_a_full_file_then_deltas_build_the_register_in_file_order(
    tmp_path: Path, org: Organisation
) -> None:
    # given a full file for a clinical director, a ward manager and a staff nurse
    first = apply(tmp_path, org, "f1.DAT", envelope(1, "20260301", FULL, full=True))
    assert first.status == "applied", (first.message, first.errors)
    march = dt.date(2026, 3, 1)
    nurse = PostVersion.objects.current_on(march).get(post__position_number="P-SN")
    assert nurse.title == "Staff Nurse"
    assert nurse.unit.path == "Surgery Division [200]/Ward 7 (VGH) [220 6]"
    assert nurse.reports_to is not None and nurse.reports_to.position_number == "P-WM"
    assert nurse.pay_band == "Band 5"
    assert Registration.objects.filter(number="12A3456E", body="NMC").exists()

    # when a delta deletes the nurse's assignment, adds a starter, retitles the ward manager's post
    # and lets the ward manager's registration lapse; in file order, the starter's person comes
    # after their assignment in the file but within the same file
    delta = [
        delete("AS", "S3"),
        assignment("S4", "A4", "1004", "903", supervisor="1002"),
        person("A4", "1004", "Khan"),
        record(
            "PO",
            position_id="902",
            position_number="P-WM",
            position_name="P-WM|Senior Sister|001|",
            job_role="Ward Sister/Charge Nurse",
            occupation_code="N6A",
            payscale="XR07",
            organisation_id="3",
        ),
        registration("E2", "A2", "98B7654C", expiry="01/03/2026 00:00:00"),
    ]
    second = apply(tmp_path, org, "f2.DAT", envelope(2, "20260302", delta))
    assert second.status == "applied", (second.message, second.errors)
    day = dt.date(2026, 3, 2)
    # then the register changed exactly there, from the file's date
    numbers = set(
        Assignment.objects.current_on(day)
        .filter(organisation=org)
        .values_list("assignment_number", flat=True)
    )
    assert numbers == {"1001", "1002", "1004"}
    assert PostVersion.objects.current_on(day).get(post__position_number="P-WM").title == (
        "Senior Sister"
    )
    assert PostVersion.objects.current_on(march).get(post__position_number="P-WM").title == (
        "Ward Manager"
    )
    assert Registration.objects.current_on(day).get(number="98B7654C").status == "lapsed"
    assert second.imported.counts.starters == 1 and second.imported.counts.leavers == 1

    # and replaying either file is refused with the reason, changing nothing
    replay = apply(tmp_path, org, "f2-again.DAT", envelope(2, "20260302", delta))
    assert replay.status == "refused"
    assert "already applied" in replay.message
    assert EsrInterfaceFile.objects.filter(organisation=org).count() == 2


def test_a_sequence_gap_is_refused_and_a_full_file_may_follow_any(
    tmp_path: Path, org: Organisation
) -> None:
    apply(tmp_path, org, "f1.DAT", envelope(1, "20260301", FULL, full=True))
    gap = apply(tmp_path, org, "f3.DAT", envelope(3, "20260303", [delete("AS", "S3")]))
    assert gap.status == "refused"
    assert "sequence gap" in gap.message and "apply file 2 first" in gap.message
    assert Assignment.objects.current_on(dt.date(2026, 3, 3)).count() == 3
    # a full file replaces the state: without the nurse, the nurse has left
    without_nurse = [line for line in FULL if "~S3~" not in line and "~E3~" not in line]
    full = apply(tmp_path, org, "f5.DAT", envelope(5, "20260305", without_nurse, full=True))
    assert full.status == "applied", full.errors
    assert Assignment.objects.current_on(dt.date(2026, 3, 5)).count() == 2
    assert not EsrInterfaceRecord.objects.filter(organisation=org, type="AS", key="S3").exists()


def test_a_file_failing_its_checks_is_refused_whole(tmp_path: Path, org: Organisation) -> None:
    # given a full file whose trailer miscounts / then nothing is written
    text = envelope(1, "20260301", FULL, full=True).replace(f"TRL~{len(FULL)}", "TRL~5")
    outcome = apply(tmp_path, org, "f1.DAT", text)
    assert outcome.status == "invalid"
    assert "the trailer says 5 records" in outcome.errors[0].message
    assert not EsrInterfaceRecord.objects.exists()
    # and a record the register cannot take (a bad occupation code) names its line and field
    bad = [line.replace("~N6A~", "~Q9Q~") if "P-SN" in line else line for line in FULL]
    outcome = apply(tmp_path, org, "f1.DAT", envelope(1, "20260301", bad, full=True))
    assert outcome.status == "invalid"
    [error] = outcome.errors
    assert (error.column, error.value) == ("PO Occupation Code", "Q9Q")
    assert error.row == len(ORGS) + len(POSITIONS) + 3 + 3 + 1  # the nurse's AS line
    assert not EsrInterfaceRecord.objects.exists()
    assert not Assignment.objects.exists()


def test_an_assignment_to_an_unknown_person_is_refused(tmp_path: Path, org: Organisation) -> None:
    lines = [*ORGS, *POSITIONS, assignment("S9", "A9", "1009", "903")]
    outcome = apply(tmp_path, org, "f1.DAT", envelope(1, "20260301", lines, full=True))
    assert outcome.status == "invalid"
    [error] = outcome.errors
    assert (error.row, error.column, error.value) == (8, "AS Person ID", "A9")


@pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/data is not present")
@pytest.mark.parametrize(
    "name",
    [
        "person_record-add.DAT",
        "position_record-add.DAT",
        "organisation_record-add.DAT",
        "location_record-add.DAT",
        "person_eit_record-add.DAT",
        "qualification_record-add.DAT",
    ],
)
def test_the_shared_samples_apply_as_deltas_and_their_deletes_undo_them(
    tmp_path: Path, org: Organisation, name: str
) -> None:
    # given a sample's records as a delta, then the matching delete sample
    lines = [line for line in (SAMPLES / name).read_text().splitlines() if line]
    added = apply(tmp_path, org, "d1.DAT", envelope(1, "20260301", lines))
    assert added.status == "applied", (added.message, added.errors)
    deleted_lines = (SAMPLES / name.replace("-add", "-delete")).read_text().split()
    removed = apply(tmp_path, org, "d2.DAT", envelope(2, "20260302", deleted_lines))
    assert removed.status == "applied", removed.errors
    # then the kept records came and went (a qualification is read, counted and not kept)
    assert not EsrInterfaceRecord.objects.filter(organisation=org).exists()
    kind = lines[0][:2]
    if kind == "QL":
        assert added.counts == {"ignored QL": 1}


@pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/data is not present")
def test_the_assignment_sample_alone_is_refused_naming_its_unknown_person(
    tmp_path: Path, org: Organisation
) -> None:
    lines = (SAMPLES / "assignment_record-update.DAT").read_text().splitlines()
    # its effective dates (2011-2012) are in force on this file's date
    outcome = apply(tmp_path, org, "d1.DAT", envelope(1, "20120301", lines))
    assert outcome.status == "invalid"
    assert outcome.errors[0].column == "AS Person ID"
    assert outcome.errors[0].value == "1234567"


def test_the_command_applies_a_file_and_refuses_a_replay(tmp_path: Path, org: Organisation) -> None:
    path = tmp_path / "f1.DAT"
    path.write_text(envelope(1, "20260301", FULL, full=True), encoding="utf-8")
    out = io.StringIO()
    call_command("import_esr_interface", str(path), "--org", "RXQ", stdout=out)
    assert "full file, sequence 1" in out.getvalue()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_esr_interface", str(path), "--org", "RXQ", stderr=io.StringIO())
    assert exit_info.value.code == 2


def test_the_demo_trust_as_an_interface_file_applies_back_to_the_same_register(
    tmp_path: Path,
) -> None:
    from mantle.demo import services as demo
    from mantle.demo.synthetic import generate_trust

    # given the demo's synthetic trust imported as Mantle's extract
    day = dt.date(2026, 3, 31)
    trust = generate_trust(seed=6, staff=250, snapshot_dates=[day])
    source = Organisation.objects.create(code="R1A", name="Northgate", org_type="acute")
    demo.import_frame(org=source, frame=trust.snapshots[0][1], as_of=day)
    # when it is exported as a full interface file and applied to a second organisation
    path = tmp_path / "full.DAT"
    call_command(
        "export_workforce", str(path), "--org", "R1A", "--as-of", "2026-03-31",
        "--layout", "esr-interface", stdout=io.StringIO(),
    )  # fmt: skip
    target = Organisation.objects.create(code="R1B", name="Copy", org_type="acute")
    outcome = esr_interface_apply(path=path, org=target)
    assert outcome.status == "applied", (outcome.message, outcome.errors[:3])

    # then both registers hold the same assignments, people and post definitions
    def register(org: Organisation) -> dict[str, set[tuple[Any, ...]]]:
        assignments = Assignment.objects.current_on(day).filter(organisation=org)
        posts = PostVersion.objects.current_on(day).filter(organisation=org)
        return {
            "assignments": set(
                assignments.values_list(
                    "assignment_number",
                    "person__employee_numbers__number",
                    "post__position_number",
                    "fte",
                    "start_date",
                )
            ),
            "posts": set(
                posts.values_list(
                    "post__position_number",
                    "title",
                    "unit__path",
                    "occupation_code",
                    "job_role",
                    "pay_band",
                )
            ),
            "people": set(
                assignments.values_list(
                    "person__first_name",
                    "person__last_name",
                    "person__date_of_birth",
                    "person__equality__sex",
                    "person__equality__ethnic_category",
                    "person__equality__disability",
                )
            ),
        }

    before, after = register(source), register(target)
    for part in before:
        assert after[part] == before[part], part
    # and every reporting line to a post someone holds is kept
    held = {number for _, _, number, _, _ in before["assignments"]}
    lines = {
        org.code: set(
            PostVersion.objects.current_on(day)
            .filter(organisation=org, reports_to__position_number__in=held)
            .values_list("post__position_number", "reports_to__position_number")
        )
        for org in (source, target)
    }
    assert lines["R1B"] == lines["R1A"] and len(lines["R1A"]) > 50
    # and a replay of the same file is refused
    assert esr_interface_apply(path=path, org=target).status == "refused"
