"""The dry run says what an import would do, and an import that would end many assignments needs
the number confirmed (page and command line)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from mantle.core.audit import AuditEvent
from mantle.core.testing.factories import make_user
from mantle.demo import services as demo
from mantle.demo.synthetic import generate_trust
from mantle.imports.models import ImportRun
from mantle.imports.preview import current_assignment_count, mass_leavers_refusal
from mantle.imports.services import workforce_file_import
from mantle.imports.tests.test_import_history import CD, CEO, CONS, MD, NURSE, WARD, write
from mantle.workforce.models import Organisation

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 31)


def three_rows(tmp_path: Path, code: str) -> Path:
    """The extract template's shape with three people (a file someone tries the import with)."""
    rows = [r.replace("RXA,", f"{code},", 1) for r in (CEO, MD, NURSE)]
    return write(tmp_path, "three.csv", *rows)


@pytest.fixture(scope="module")
def demo_trust() -> pl.DataFrame:
    return generate_trust(seed=1, staff=5000, snapshot_dates=[DAY]).snapshots[0][1]


def test_the_three_row_file_against_the_5000_person_demo_trust_is_previewed_and_refused(
    demo_trust: pl.DataFrame, tmp_path: Path
) -> None:
    # given the demo trust's register (about 5,000 people)
    org = Organisation.objects.create(code="R1A", name="Northgate", org_type="acute")
    demo.import_frame(org=org, frame=demo_trust, as_of=DAY)
    current = current_assignment_count(org)
    people = demo_trust.get_column("employee_number").n_unique()
    assert people > 4500
    path = three_rows(tmp_path, "R1A")
    later = DAY + dt.timedelta(days=30)

    # when the three-row file is checked (dry run)
    checked = workforce_file_import(path=path, org=org, as_of=later, dry_run=True)

    # then the preview says about 5,000 leavers, by unit and by name, and that it needs confirming
    assert checked.status == ImportRun.Status.DRY_RUN
    preview = checked.preview
    assert preview is not None
    assert preview.totals["leavers"] == people
    assert preview.counts["leavers"] == people
    assert preview.totals["starters"] == 3
    assert preview.ended_assignments == current
    assert sum(u.leavers for u in preview.units) == people
    assert len({u.unit for u in preview.units}) > 10
    assert preview.leavers and preview.leavers[0].name
    assert preview.refusal is not None and f"{current:,}" in preview.refusal
    assert f"{people:,} leavers" in checked.message
    assert current_assignment_count(org) == current  # nothing was written

    # when it is imported without confirmation, or with a wrong number
    refused = workforce_file_import(path=path, org=org, as_of=later)
    wrong = workforce_file_import(path=path, org=org, as_of=later, confirmed_ended=current - 1)

    # then it is refused, naming the number, and nothing was written
    for outcome in (refused, wrong):
        assert outcome.status == ImportRun.Status.INVALID
        assert outcome.mass_leavers == {"ended": current, "current": current}
        assert f"--allow-mass-leavers {current}" in outcome.message
    assert "which is not the number" in wrong.message
    assert current_assignment_count(org) == current

    # and on the command line: refused with exit code 2, then done with the number confirmed
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command(
            "import_workforce", str(path), "--org", "R1A", "--as-of", later.isoformat(),
            stdout=io.StringIO(), stderr=err,
        )  # fmt: skip
    assert exit_code.value.code == 2
    assert f"--allow-mass-leavers {current}" in err.getvalue()
    assert current_assignment_count(org) == current
    out = io.StringIO()
    call_command(
        "import_workforce", str(path), "--org", "R1A", "--as-of", later.isoformat(),
        "--allow-mass-leavers", str(current), stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    assert f"{people} leavers" in out.getvalue()
    assert current_assignment_count(org) == 3


def test_a_dry_run_names_the_leavers_and_starters_by_unit_and_a_small_change_needs_no_confirmation(
    tmp_path: Path,
) -> None:
    # given a register of 20 assignments
    org = Organisation.objects.create(code="RXA", name="Alpha", org_type="acute")
    extra = [NURSE.replace("1004", f"2{i:03}").replace("Dan", f"Nurse{i}") for i in range(14)]
    first = write(tmp_path, "jan.csv", CEO, MD, CONS, CD, NURSE, WARD, *extra)
    assert workforce_file_import(path=first, org=org, as_of=DAY).status == "succeeded"
    assert current_assignment_count(org) == 20
    # when a file without the ward manager (1 of 20 ended) but with a new starter is checked
    starter = WARD.replace("1005", "3001").replace("Eve,Ng", "Fay,Oh").replace("P6,", "P9,")
    second = write(tmp_path, "feb.csv", CEO, MD, CONS, CD, NURSE, starter, *extra)
    later = DAY + dt.timedelta(days=28)
    checked = workforce_file_import(path=second, org=org, as_of=later, dry_run=True)
    # then the preview names both under their unit and says a post is new
    preview = checked.preview
    assert preview is not None and preview.refusal is None
    assert [(p.name, p.unit) for p in preview.leavers] == [("Eve Ng", "Surgery/T&O/Ward 7")]
    assert [p.name for p in preview.starters] == ["Fay Oh"]
    ward = next(u for u in preview.units if u.unit == "Surgery/T&O/Ward 7")
    assert (ward.starters, ward.leavers, ward.new_posts) == (1, 1, 1)
    assert AuditEvent.objects.filter(action="preview", organisation_code="RXA").exists()
    # and the import goes ahead without confirmation (5% is under the 10% share)
    assert workforce_file_import(path=second, org=org, as_of=later).status == "succeeded"


def test_the_share_and_the_minimum_are_settings() -> None:
    assert mass_leavers_refusal(ended=100, current=1000, confirmed=None) is None
    assert mass_leavers_refusal(ended=101, current=1000, confirmed=None) is not None
    assert mass_leavers_refusal(ended=101, current=1000, confirmed=101) is None
    assert mass_leavers_refusal(ended=24, current=30, confirmed=None) is None  # under the minimum
    with override_settings(MANTLE_IMPORT_MASS_LEAVER_SHARE=0.5):
        assert mass_leavers_refusal(ended=400, current=1000, confirmed=None) is None
    with override_settings(MANTLE_IMPORT_MASS_LEAVER_MINIMUM=0):
        assert mass_leavers_refusal(ended=2, current=6, confirmed=None) is not None


def test_hr_confirms_the_number_on_the_result_page(
    tmp_path: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given a register of six people and an HR administrator
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MANTLE_IMPORT_MASS_LEAVER_MINIMUM = 0
    org = Organisation.objects.create(code="RXA", name="Alpha", org_type="acute")
    full = write(tmp_path, "jan.csv", CEO, MD, CONS, CD, NURSE, WARD)
    assert workforce_file_import(path=full, org=org, as_of=DAY).status == "succeeded"
    client = Client()
    client.force_login(make_user(username="hr2", roles=[("hr_admin", org)]))
    # when a two-row file is checked on the upload page
    with (
        write(tmp_path, "two.csv", CEO, MD).open("rb") as handle,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            "/imports/", {"org": "RXA", "as_of": "2026-04-30", "file": handle, "dry_run": "1"}
        )
    run = ImportRun.objects.get(dry_run=True)
    page = client.get(f"/imports/runs/{run.pk}/").content.decode()
    # then the page lists the leavers and asks for the number (4 of 6 assignments end)
    assert response.status_code == 302
    assert "Dan Lee" in page and "Import and end 4 assignments" in page
    # when HR types a wrong number, then nothing is imported and the error names the number
    wrong = client.post(f"/imports/runs/{run.pk}/confirm/", {"confirmed_ended": "3"})
    assert wrong.status_code == 400
    assert "Type 4" in wrong.content.decode()
    assert current_assignment_count(org) == 6
    # when HR types the number, then the file is imported
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/imports/runs/{run.pk}/confirm/", {"confirmed_ended": "4"})
    assert done.status_code == 302
    assert ImportRun.objects.filter(status="succeeded", confirmed_ended=4).count() == 1
    assert current_assignment_count(org) == 2
