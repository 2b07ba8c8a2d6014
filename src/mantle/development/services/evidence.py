"""Storing and removing uploaded evidence files.

Rules: the type is decided by content (``rules.evidence``), the size is at most 10 MB and is counted
while writing (never trusting the declared size); the stored name is random with no extension, the
file is created exclusively with owner-only permissions under ``MEDIA_ROOT/evidence/``; a file is only
removed after the transaction that deleted its row commits.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from mantle.core.audit import audit_record
from mantle.development.models import BoardMemberReference, Evidence, FpptCheck, Holding
from mantle.development.rules.evidence import (
    MAX_EVIDENCE_BYTES,
    EvidenceRejected,
    detect_kind,
    safe_download_name,
)

CHUNK = 64 * 1024


def evidence_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "evidence"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _write(upload: UploadedFile) -> tuple[str, int, str]:
    """Copy the upload to a new randomly named file; returns (name, size, sha256)."""
    name = secrets.token_hex(24)
    path = evidence_dir() / name
    digest = hashlib.sha256()
    size = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            upload.seek(0)
            for chunk in upload.chunks(CHUNK):
                size += len(chunk)
                if size > MAX_EVIDENCE_BYTES:
                    raise EvidenceRejected("The file is larger than 10 MB.")
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return name, size, digest.hexdigest()


def evidence_store(
    *,
    actor: Any,
    upload: UploadedFile,
    holding: Holding | None = None,
    fppt_check: FpptCheck | None = None,
    board_reference: BoardMemberReference | None = None,
    organisation_code: str = "",
) -> Evidence:
    """Keep an uploaded evidence file for exactly one parent record. Rules: module docstring; a
    rejected file raises ``ValidationError`` on the ``evidence`` field and leaves nothing behind."""
    if sum(p is not None for p in (holding, fppt_check, board_reference)) != 1:
        raise ValueError("Evidence belongs to exactly one holding, check or reference.")
    try:
        kind = detect_kind(upload, size=upload.size or 0)  # type: ignore[arg-type]
        stored, size, sha = _write(upload)
    except EvidenceRejected as error:
        raise ValidationError({"evidence": str(error)}) from error
    path = evidence_dir() / stored
    try:
        evidence = Evidence.objects.create(
            holding=holding,
            fppt_check=fppt_check,
            board_reference=board_reference,
            stored_name=stored,
            original_name=safe_download_name(upload.name or "", kind=kind),
            kind=str(kind),
            size=size,
            sha256=sha,
            uploaded_by=actor if _is_user(actor) else None,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    # If the surrounding transaction rolls back, the row disappears; the orphan file is removed by
    # ``mantle development_evidence_sweep`` (files with no row, older than a day).
    audit_record(
        actor=actor,
        action="upload",
        object_type="evidence",
        object_id=evidence.pk,
        object_label=evidence.original_name,
        organisation_code=organisation_code,
        detail={"kind": str(kind), "size": size, "sha256": sha},
    )
    return evidence


def _is_user(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


@transaction.atomic
def evidence_delete(*, actor: Any, evidence: Evidence, organisation_code: str = "") -> None:
    """Delete an evidence row, and its file once the deletion has committed."""
    path = evidence_dir() / evidence.stored_name
    audit_record(
        actor=actor,
        action="delete",
        object_type="evidence",
        object_id=evidence.pk,
        object_label=evidence.original_name,
        organisation_code=organisation_code,
    )
    evidence.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


def evidence_sweep(*, older_than_seconds: int = 86400) -> int:
    """Remove stored files that no evidence row refers to (left by rolled-back uploads), once they
    are older than ``older_than_seconds``. Returns how many were removed."""
    import time

    known = set(Evidence.objects.values_list("stored_name", flat=True))
    removed = 0
    cutoff = time.time() - older_than_seconds
    for path in evidence_dir().iterdir():
        if path.is_file() and path.name not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
