"""Holdings with uploaded evidence: type and size checked by content, stored under a random name,
never served inline, access-controlled and audited."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mantle.core.models import AuditEvent
from mantle.development.models import Evidence, Holding, Offering
from mantle.development.rules.evidence import MAX_EVIDENCE_BYTES

from .test_rules_evidence import JPEG, PDF, docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def ilm(trust: Any) -> Offering:
    return Offering.objects.create(
        code="ilm-5",
        name="ILM Level 5 Certificate in Leadership",
        provider="ILM",
        kind="qualification",
        category="award",
        level="Level 5",
        validity_months=36,
    )


def upload(client: Any, ilm: Offering, content: bytes, name: str, person: Any = None) -> Any:
    data = {
        "offering": ilm.pk,
        "awarded_on": "2024-04-01",
        "expires_on": "",
        "reference": "X1",
        "evidence": SimpleUploadedFile(name, content, content_type="application/pdf"),
    }
    if person is not None:
        data["person"] = person.pk
    return client.post("/development/holdings/new/", data)


def test_staff_member_records_a_qualification_with_a_pdf(
    client: Any, trust: Any, ilm: Offering, settings: Any
) -> None:
    # given a staff nurse signed in
    client.force_login(trust.users["nurse"])

    # when she records an ILM award with a PDF named like a web page
    response = upload(client, ilm, PDF, "my certificate.html")

    # then it is saved unverified, expiry from the 36-month validity, the file kept by content type
    assert response.status_code == 302
    holding = Holding.objects.get(person=trust.people["nurse1"])
    assert holding.expires_on == dt.date(2027, 3, 31)
    assert holding.verified_at is None
    evidence = Evidence.objects.get(holding=holding)
    assert evidence.kind == "pdf" and evidence.original_name == "my certificate.pdf"
    stored = Path(settings.MEDIA_ROOT) / "evidence" / evidence.stored_name
    assert stored.read_bytes() == PDF
    assert "." not in evidence.stored_name and len(evidence.stored_name) == 48
    assert oct(stored.stat().st_mode & 0o777) == oct(0o600)
    assert AuditEvent.objects.filter(object_type="evidence", action="upload").exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "certificate.pdf"),
        (b"MZ\x90\x00" + b"\x00" * 100, "certificate.docx"),
        (docx(macros=True), "certificate.docx"),
    ],
)
def test_wrong_content_is_refused_and_nothing_is_kept(
    client: Any, trust: Any, ilm: Offering, settings: Any, content: bytes, name: str
) -> None:
    # given a staff member
    client.force_login(trust.users["nurse"])

    # when they upload something that is not a PDF, image or plain Word document
    response = upload(client, ilm, content, name)

    # then the form says why, and neither a holding nor a file is kept
    assert response.status_code == 200
    assert (
        "not accepted" in response.content.decode()
        or "macros" in response.content.decode()
        or "not a Word document" in response.content.decode()
    )
    assert not Holding.objects.exists()
    evidence_dir = Path(settings.MEDIA_ROOT) / "evidence"
    assert not evidence_dir.exists() or not any(evidence_dir.iterdir())


def test_a_file_over_10_mb_is_refused(client: Any, trust: Any, ilm: Offering) -> None:
    client.force_login(trust.users["nurse"])
    response = upload(client, ilm, PDF + b"\x00" * MAX_EVIDENCE_BYTES, "big.pdf")
    assert response.status_code == 200
    assert "larger than 10 MB" in response.content.decode()
    assert not Holding.objects.exists()


def test_download_is_an_attachment_never_inline_and_is_audited(
    client: Any, trust: Any, ilm: Offering
) -> None:
    # given a holding with JPEG evidence recorded by the nurse
    client.force_login(trust.users["nurse"])
    upload(client, ilm, JPEG, "scan.jpg")
    evidence = Evidence.objects.get()

    # when her HR/OD administrator downloads it
    client.force_login(trust.users["hr"])
    response = client.get(f"/development/evidence/{evidence.pk}/download/")

    # then it comes as an opaque attachment that no browser will render or sniff
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="scan.jpeg"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == JPEG
    assert AuditEvent.objects.filter(
        action="download", object_id=str(evidence.pk), actor=trust.users["hr"]
    ).exists()


@pytest.mark.parametrize("who", ["manager", "ceo", "viewer", "outsider", "md"])
def test_evidence_is_hidden_from_everyone_else_as_not_found(
    client: Any, trust: Any, ilm: Offering, who: str
) -> None:
    # given the nurse's evidence
    client.force_login(trust.users["nurse"])
    upload(client, ilm, PDF, "c.pdf")
    evidence = Evidence.objects.get()

    # when her line manager, an executive, an HR admin elsewhere or a colleague guesses its id
    client.force_login(trust.users[who])
    response = client.get(f"/development/evidence/{evidence.pk}/download/")

    # then the answer is the same as for a record that does not exist
    assert response.status_code == 404
    assert client.get(f"/development/evidence/{evidence.pk + 999}/download/").status_code == 404


def test_no_media_url_serves_the_file(client: Any, trust: Any, ilm: Offering) -> None:
    client.force_login(trust.users["nurse"])
    upload(client, ilm, PDF, "c.pdf")
    evidence = Evidence.objects.get()
    assert client.get(f"/media-not-served/evidence/{evidence.stored_name}").status_code == 404


def test_hr_admin_verifies_and_staff_cannot_remove_verified(
    client: Any, trust: Any, ilm: Offering, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given the nurse's holding verified by HR
    client.force_login(trust.users["nurse"])
    upload(client, ilm, PDF, "c.pdf")
    holding = Holding.objects.get()
    client.force_login(trust.users["hr"])
    assert client.post(f"/development/holdings/{holding.pk}/verify/").status_code == 302
    holding.refresh_from_db()
    assert holding.verified_by == trust.users["hr"]

    # when the nurse tries to remove it
    client.force_login(trust.users["nurse"])
    response = client.post(f"/development/holdings/{holding.pk}/delete/")

    # then she may not; HR may, and the file goes once the deletion commits
    assert response.status_code == 403
    stored = Path(settings.MEDIA_ROOT) / "evidence" / Evidence.objects.get().stored_name
    client.force_login(trust.users["hr"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(f"/development/holdings/{holding.pk}/delete/").status_code == 302
    assert not Holding.objects.exists()
    assert os.path.exists(stored)  # not yet: the transaction has not committed
    for callback in callbacks:
        callback()
    assert not os.path.exists(stored)


def test_a_line_manager_sees_the_holding_but_not_its_evidence(
    client: Any, trust: Any, ilm: Offering
) -> None:
    client.force_login(trust.users["nurse"])
    upload(client, ilm, PDF, "secret-name.pdf")
    client.force_login(trust.users["manager"])
    page = client.get(f"/development/people/{trust.people['nurse1'].pk}/").content.decode()
    assert "ILM Level 5" in page
    assert "secret-name" not in page


def test_a_colleague_cannot_record_for_someone_else(client: Any, trust: Any, ilm: Offering) -> None:
    client.force_login(trust.users["md"])
    response = upload(client, ilm, PDF, "c.pdf", person=trust.people["nurse1"])
    assert response.status_code == 404
    assert not Holding.objects.exists()


def test_a_line_manager_cannot_open_the_form_for_their_team(
    client: Any, trust: Any, ilm: Offering
) -> None:
    client.force_login(trust.users["manager"])
    nina = trust.people["nurse1"].pk
    assert client.get(f"/development/holdings/new/?person={nina}").status_code == 403
    client.force_login(trust.users["hr"])
    assert client.get(f"/development/holdings/new/?person={nina}").status_code == 200
