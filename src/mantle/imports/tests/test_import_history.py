"""The workforce import end to end: history across snapshots, idempotence, atomicity, errors, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command

from mantle.imports.exports import export_csv, export_fhir_bundle, export_xlsx
from mantle.imports.models import ImportRun
from mantle.imports.services import workforce_file_import
from mantle.workforce.models import Assignment, Organisation, Person, PostVersion, Registration

pytestmark = pytest.mark.django_db

HEADER = (
    "org_code,employee_number,assignment_number,first_name,last_name,date_of_birth,"
    "position_number,position_title,unit_path,reports_to_position_number,occupation_code,"
    "job_role,pay_band,assignment_fte,assignment_start_date,management_tier,"
    "statutory_clinical_role,registration_body,registration_number,registration_status,"
    "sex,ethnic_category,disability"
)
CEO = "RXA,1001,1001-1,Amira,Okafor,1969-03-14,P1,Chief Executive,Board,,G0A,Chief Executive,VSM,1,2019-01-01,board_executive,N,,,,2,A,N"
MD = "RXA,1002,1002-1,Ben,Jones,1970-01-01,P2,Medical Director,Board,P1,110,Medical Director,VSM,1,2019-01-01,board_executive,Y,GMC,4567890,registered,1,A,N"
CONS = "RXA,1003,1003-1,Cara,Smith,1980-01-01,P3,Consultant Surgeon,Surgery/T&O,P4,110,Consultant,Consultant,0.8,2019-01-01,,,GMC,4567891,registered,2,B,N"
CD = "RXA,1003,1003-2,Cara,Smith,1980-01-01,P4,Clinical Director - T&O,Surgery/T&O,P2,110,Clinical Director - Medical,Consultant,0.2,2020-01-01,,,GMC,4567891,registered,2,B,N"
NURSE = "RXA,1004,1004-1,Dan,Lee,1990-01-01,P5,Staff Nurse,Surgery/T&O/Ward 7,P6,N6A,Staff Nurse,Band 5,1,2021-01-01,,,NMC,12A3456E,registered,1,C,N"
WARD = "RXA,1005,1005-1,Eve,Ng,1985-01-01,P6,Ward Manager,Surgery/T&O/Ward 7,P3,N6A,Ward Manager,Band 7,1,2021-01-01,,,,,,2,D,Y"


def write(tmp_path: Path, name: str, *rows: str, newline: str = "\n", bom: bool = False) -> Path:
    path = tmp_path / name
    text = newline.join([HEADER, *rows]) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


@pytest.fixture
def org(db: Any) -> Organisation:
    return Organisation.objects.create(
        code="RXA", name="Alpha Hospitals NHS Trust", org_type="acute"
    )


def run(path: Path, org: Organisation, day: str, **kw: Any) -> Any:
    return workforce_file_import(path=path, org=org, as_of=dt.date.fromisoformat(day), **kw)


def holders_on(org: Organisation, day: str) -> set[str]:
    on = dt.date.fromisoformat(day)
    return set(
        Assignment.objects.current_on(on)
        .filter(organisation=org)
        .values_list("assignment_number", flat=True)
    )


def test_three_snapshots_make_starters_leavers_and_moves_that_can_be_asked_as_at(
    tmp_path: Path, org: Organisation
) -> None:
    # given three monthly snapshots: the nurse leaves in March, a new nurse starts, the ward manager
    # moves to a band 8a post in April
    jan = write(tmp_path, "jan.csv", CEO, MD, CONS, CD, NURSE, WARD)
    feb = write(
        tmp_path,
        "feb.csv",
        CEO,
        MD,
        CONS,
        CD,
        WARD,
        "RXA,1006,1006-1,Fay,Hill,1995-05-05,P5,Staff Nurse,Surgery/T&O/Ward 7,P6,N6A,Staff Nurse,Band 5,1,2026-02-10,,,NMC,99B1234C,registered,2,A,N",
    )
    mar = write(
        tmp_path,
        "mar.csv",
        CEO,
        MD,
        CONS,
        CD,
        "RXA,1006,1006-1,Fay,Hill,1995-05-05,P5,Staff Nurse,Surgery/T&O/Ward 7,P6,N6A,Staff Nurse,Band 5,1,2026-02-10,,,NMC,99B1234C,registered,2,A,N",
        "RXA,1005,1005-1,Eve,Ng,1985-01-01,P7,Matron,Surgery/T&O,P3,NCA,Matron,Band 8a,1,2021-01-01,,,,,,2,D,Y",
    )
    # when they are imported in order
    first = run(jan, org, "2026-01-31")
    second = run(feb, org, "2026-02-28")
    third = run(mar, org, "2026-03-31")
    # then the counts say what happened
    assert (first.counts.starters, first.counts.leavers) == (5, 0)
    assert (second.counts.starters, second.counts.leavers) == (1, 1)
    assert third.counts.changed_assignments == 1 and third.counts.leavers == 0
    # and the register answers "as at" any date with what was true then
    assert "1004-1" in holders_on(org, "2026-01-31")
    assert "1004-1" in holders_on(
        org, "2026-02-27"
    )  # ends the day before the snapshot that drops it
    assert "1004-1" not in holders_on(org, "2026-02-28")
    assert "1006-1" in holders_on(org, "2026-02-15")  # starters start on their start date
    eve = Person.objects.get(first_name="Eve")
    posts = {a.valid_from: a.post.position_number for a in Assignment.objects.filter(person=eve)}
    assert posts == {dt.date(2021, 1, 1): "P6", dt.date(2026, 3, 31): "P7"}
    matron = PostVersion.objects.get(post__position_number="P7")
    assert matron.tier == "middle" and matron.tier_source == "inferred"


def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path, org: Organisation) -> None:
    path = write(tmp_path, "jan.csv", CEO, MD, CONS, CD, NURSE, WARD)
    run(path, org, "2026-01-31")
    before = (Assignment.objects.count(), PostVersion.objects.count(), Registration.objects.count())
    again = run(path, org, "2026-01-31")
    assert again.counts.changes == 0 and again.counts.unchanged == 6
    assert (
        Assignment.objects.count(),
        PostVersion.objects.count(),
        Registration.objects.count(),
    ) == before


def test_a_file_with_errors_writes_nothing_and_reports_every_error(
    tmp_path: Path, org: Organisation
) -> None:
    bad = write(
        tmp_path,
        "bad.csv",
        CEO,
        MD.replace("4567890", "45678"),  # malformed GMC number
        CONS.replace(",0.8,", ",2.5,"),  # FTE out of range
        CD.replace("1003-2", "1003-1"),
    )  # duplicate assignment number
    outcome = run(bad, org, "2026-01-31")
    assert outcome.status == ImportRun.Status.INVALID
    found = {(e.row, e.column) for e in outcome.errors}
    assert (3, "registration_number") in found and (4, "assignment_fte") in found
    assert any(e.column == "assignment_number" for e in outcome.errors)
    assert Person.objects.count() == 0 and PostVersion.objects.count() == 0


def test_a_crash_mid_import_leaves_the_database_as_it_was(
    tmp_path: Path, org: Organisation
) -> None:
    run(write(tmp_path, "jan.csv", CEO, MD, NURSE), org, "2026-01-31")
    before = (Person.objects.count(), Assignment.objects.count(), PostVersion.objects.count())
    with (
        mock.patch(
            "mantle.imports.loaders.workforce._load_assignments", side_effect=RuntimeError("killed")
        ),
        pytest.raises(RuntimeError),
    ):
        run(write(tmp_path, "feb.csv", CEO, MD, NURSE, WARD, CONS), org, "2026-02-28")
    assert (
        Person.objects.count(),
        Assignment.objects.count(),
        PostVersion.objects.count(),
    ) == before


def test_an_older_snapshot_is_refused_unless_correcting(tmp_path: Path, org: Organisation) -> None:
    run(write(tmp_path, "feb.csv", CEO, MD, NURSE), org, "2026-02-28")
    older = write(tmp_path, "jan.csv", CEO, MD)
    refused = run(older, org, "2026-01-31")
    assert refused.status == ImportRun.Status.INVALID and "rewrite history" in refused.message
    corrected = run(older, org, "2026-01-31", correct=True)
    assert corrected.status == ImportRun.Status.SUCCEEDED
    assert "1004-1" not in holders_on(org, "2026-03-01")
    from mantle.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="correct", organisation_code="RXA").count() == 1


def test_registration_lapse_ends_clinician_status_from_that_date(
    tmp_path: Path, org: Organisation
) -> None:
    from mantle.workforce.selectors import clinician_status

    run(write(tmp_path, "jan.csv", CEO, NURSE), org, "2026-01-31")
    run(write(tmp_path, "feb.csv", CEO, NURSE.replace("registered", "lapsed")), org, "2026-02-28")
    dan = Person.objects.get(first_name="Dan")
    assert clinician_status(dan, on=dt.date(2026, 2, 27)).clinician is True
    lapsed = clinician_status(dan, on=dt.date(2026, 2, 28))
    assert lapsed.clinician is False and lapsed.clinical_background is True


def test_bom_and_crlf_are_read_like_plain_csv(tmp_path: Path, org: Organisation) -> None:
    plain = run(write(tmp_path, "a.csv", CEO, MD), org, "2026-01-31", dry_run=True)
    windows = run(
        write(tmp_path, "b.csv", CEO, MD, newline="\r\n", bom=True), org, "2026-01-31", dry_run=True
    )
    assert plain.parse.rows == windows.parse.rows and not windows.errors


def test_export_reimports_cleanly_as_csv_and_xlsx(tmp_path: Path, org: Organisation) -> None:
    run(write(tmp_path, "jan.csv", CEO, MD, CONS, CD, NURSE, WARD), org, "2026-01-31")
    on = dt.date(2026, 1, 31)
    exported = export_csv(org, on=on)
    assert len(list(csv.DictReader(io.StringIO(exported)))) == 6
    (tmp_path / "export.csv").write_text(exported)
    (tmp_path / "export.xlsx").write_bytes(export_xlsx(org, on=on))
    again_csv = run(tmp_path / "export.csv", org, "2026-01-31")
    again_xlsx = run(tmp_path / "export.xlsx", org, "2026-01-31")
    assert again_csv.counts.changes == 0 and again_csv.counts.unchanged == 6
    assert again_xlsx.counts.changes == 0 and again_xlsx.counts.unchanged == 6


def test_fhir_bundle_is_valid_r4b_with_regulator_and_ods_identifiers(
    tmp_path: Path, org: Organisation
) -> None:
    from fhir.resources.R4B.bundle import Bundle

    run(write(tmp_path, "jan.csv", CEO, MD, NURSE), org, "2026-01-31")
    bundle = Bundle.model_validate(export_fhir_bundle(org, on=dt.date(2026, 1, 31)))
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("Practitioner") == 3 and kinds.count("PractitionerRole") == 3
    text = json.dumps(export_fhir_bundle(org, on=dt.date(2026, 1, 31)))
    assert "ods-organization-code" in text and "gmc-number" in text and "4567890" in text


def test_cli_exit_codes(tmp_path: Path, org: Organisation) -> None:
    good = write(tmp_path, "good.csv", CEO, MD)
    bad = write(tmp_path, "bad.csv", CEO, MD.replace("4567890", "x"))
    call_command("import_workforce", str(good), "--org", "RXA", "--as-of", "2026-01-31")
    errors_out = tmp_path / "errors.csv"
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_workforce",
            str(bad),
            "--org",
            "RXA",
            "--as-of",
            "2026-02-28",
            "--errors-out",
            str(errors_out),
        )
    assert exit_info.value.code == 2
    assert "registration_number" in errors_out.read_text()


def test_upload_page_runs_the_import_after_commit(
    client: Any, tmp_path: Path, org: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    from mantle.core.testing.factories import make_user

    client.force_login(make_user(username="hr", roles=[("hr_admin", org)]))
    data = write(tmp_path, "jan.csv", CEO, MD, NURSE).read_bytes()
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            "/imports/",
            {"org": "RXA", "as_of": "2026-01-31", "file": SimpleUploadedFile("jan.csv", data)},
        )
    assert response.status_code == 302 and len(callbacks) == 1
    run_ = ImportRun.objects.get()
    assert run_.status == ImportRun.Status.SUCCEEDED and run_.counts["starters"] == 3
    page = client.get(response["Location"])
    assert b"Starters" in page.content


def test_a_person_with_two_registrations_keeps_both_through_export(
    tmp_path: Path, org: Organisation
) -> None:
    # given a nurse who is also an HCPC-registered paramedic, with two assignments
    nurse = NURSE
    para = (
        "RXA,1004,1004-2,Dan,Lee,1990-01-01,P9,Paramedic,Urgent Care,,A2A,Paramedic,Band 6,0.2,"
        "2021-01-01,,,HCPC,PA12345,registered,1,C,N"
    )
    run(write(tmp_path, "jan.csv", CEO, nurse, para), org, "2026-01-31")
    exported = export_csv(org, on=dt.date(2026, 1, 31))
    # then both registrations are in the export, one per row of that person
    assert "12A3456E" in exported and "PA12345" in exported
