"""Backup and restore round trip: every table's row count and checksum, and the uploaded files, come back."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from mantle.core.audit import audit_record
from mantle.core.backup import table_fingerprints
from mantle.core.models import AuditEvent
from mantle.core.testing.factories import OrganisationFactory, make_user
from mantle.workforce.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(tmp_path: Path) -> Any:
    root = tmp_path / "uploads"
    (root / "evidence" / "2026").mkdir(parents=True)
    (root / "evidence" / "2026" / "certificate.pdf").write_bytes(b"%PDF-1.7 certificate\x00\x01")
    with override_settings(MEDIA_ROOT=root):
        yield root


def _given_some_records() -> None:
    org = OrganisationFactory(code="RXA", name="Alpha Hospitals NHS Trust")
    OrganisationFactory(code="RXB", name="Beta Hospitals NHS Trust")
    user = make_user(username="hr", roles=[("hr_admin", org)])
    audit_record(
        actor=user,
        action="view",
        object_type="organisation",
        object_id=org.pk,
        organisation_code="RXA",
    )


def _round_trip(tmp_path: Path, media: Path) -> None:
    _given_some_records()
    before = table_fingerprints()
    archive = tmp_path / "mantle.tar"
    call_command("backup", str(archive))
    with tarfile.open(archive) as t:
        names = set(t.getnames())
    assert {"manifest.json", "media/evidence/2026/certificate.pdf"} <= names
    # when the data and the files change after the backup
    Organisation.objects.filter(code="RXB").delete()
    Organisation.objects.filter(code="RXA").update(name="Renamed")
    OrganisationFactory(code="RXC")
    AuditEvent.objects.all().delete()
    (media / "evidence" / "2026" / "certificate.pdf").unlink()
    (media / "stray.txt").write_text("not in the backup")
    assert table_fingerprints() != before
    # then restoring brings back exactly what was backed up
    call_command("restore", str(archive), "--noinput")
    assert table_fingerprints() == before
    assert Organisation.objects.get(code="RXA").name == "Alpha Hospitals NHS Trust"
    restored = media / "evidence" / "2026" / "certificate.pdf"
    assert restored.read_bytes() == b"%PDF-1.7 certificate\x00\x01"
    assert not (media / "stray.txt").exists()


def test_round_trip_restores_every_table_and_file(tmp_path: Path, media: Path) -> None:
    _round_trip(tmp_path, media)


@pytest.mark.postgres_only
def test_round_trip_on_postgresql_uses_pg_dump(tmp_path: Path, media: Path) -> None:
    from django.db import connection

    assert connection.vendor == "postgresql"
    _round_trip(tmp_path, media)
    with tarfile.open(tmp_path / "mantle.tar") as t:
        assert "database.dump" in t.getnames()


def test_a_restore_that_does_not_match_the_manifest_is_reported(
    tmp_path: Path, media: Path
) -> None:
    _given_some_records()
    archive = tmp_path / "mantle.tar"
    call_command("backup", str(archive))
    # tamper with the manifest: claim one more organisation than the backup holds
    work = tmp_path / "x"
    with tarfile.open(archive) as t:
        t.extractall(work, filter="data")
    manifest = json.loads((work / "manifest.json").read_text())
    manifest["tables"]["workforce_organisation"]["rows"] += 1
    (work / "manifest.json").write_text(json.dumps(manifest))
    with tarfile.open(archive, "w") as t:
        for item in sorted(work.iterdir()):
            t.add(item, arcname=item.name)
    with pytest.raises(CommandError, match="workforce_organisation"):
        call_command("restore", str(archive), "--noinput")


def test_restore_refuses_a_missing_archive(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No backup archive"):
        call_command("restore", str(tmp_path / "nothing.tar"), "--noinput")
