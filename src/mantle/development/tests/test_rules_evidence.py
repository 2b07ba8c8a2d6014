"""Evidence files are judged by content: type, size, Word packages without macros. Pure."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mantle.development.rules.evidence import (
    MAX_EVIDENCE_BYTES,
    EvidenceKind,
    EvidenceRejected,
    detect_kind,
    safe_download_name,
)

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def docx(*, macros: bool = False, word: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        if word:
            z.writestr("word/document.xml", "<w:document/>")
        if macros:
            z.writestr("word/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, EvidenceKind.PDF),
        (PNG, EvidenceKind.PNG),
        (JPEG, EvidenceKind.JPEG),
        (docx(), EvidenceKind.DOCX),
    ],
)
def test_accepted_types_are_recognised_by_content(content, kind):
    assert detect_kind(io.BytesIO(content), size=len(content)) is kind


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 executable",
        b"<html><script>alert(1)</script></html>",
        b"GIF89a....",
        docx(macros=True),
        docx(word=False),
        b"PK\x03\x04 not really a zip",
    ],
)
def test_other_content_is_refused_whatever_its_name(content):
    with pytest.raises(EvidenceRejected):
        detect_kind(io.BytesIO(content), size=len(content))


def test_size_limits():
    with pytest.raises(EvidenceRejected, match="empty"):
        detect_kind(io.BytesIO(b""), size=0)
    with pytest.raises(EvidenceRejected, match="10 MB"):
        detect_kind(io.BytesIO(PDF), size=MAX_EVIDENCE_BYTES + 1)
    assert detect_kind(io.BytesIO(PDF), size=MAX_EVIDENCE_BYTES) is EvidenceKind.PDF


@given(
    st.binary(min_size=1, max_size=200).filter(
        lambda b: not b.startswith((b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04"))
    )
)
def test_arbitrary_bytes_without_a_known_signature_are_refused(content):
    with pytest.raises(EvidenceRejected):
        detect_kind(io.BytesIO(content), size=len(content))


@given(st.text(max_size=120))
def test_download_names_never_carry_paths_or_the_uploaders_extension(name):
    safe = safe_download_name(name, kind=EvidenceKind.PDF)
    assert safe.endswith(".pdf")
    assert "/" not in safe and "\\" not in safe and "\n" not in safe and '"' not in safe
    assert safe.count(".") == 1


def test_a_disguised_name_gets_the_real_extension():
    assert safe_download_name("../../etc/passwd.html", kind=EvidenceKind.PNG) == "passwd.png"
    assert safe_download_name("certificate.pdf.exe", kind=EvidenceKind.PDF) == "certificate_pdf.pdf"
