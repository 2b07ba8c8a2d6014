"""What an uploaded evidence file is, decided by its content, never by its name or declared type.

Accepted: PDF, PNG, JPEG and Word .docx, up to 10 MB. A .docx is a ZIP package, so a ZIP is accepted
only when it has the parts of a Word document and no macro project (a macro-enabled document renamed
.docx is refused). The ZIP is inspected by its directory only: nothing is extracted.
"""

from __future__ import annotations

import zipfile
from enum import StrEnum
from typing import BinaryIO, Final

MAX_EVIDENCE_BYTES: Final = 10 * 1024 * 1024
MAX_ZIP_ENTRIES: Final = 2000

_PDF: Final = b"%PDF-"
_PNG: Final = b"\x89PNG\r\n\x1a\n"
_JPEG: Final = b"\xff\xd8\xff"
_ZIP: Final = b"PK\x03\x04"


class EvidenceKind(StrEnum):
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    DOCX = "docx"


class EvidenceRejected(ValueError):
    """The file is not evidence Mantle will keep; the message says why, for the uploader."""


ACCEPTED_DESCRIPTION: Final = "a PDF, PNG, JPEG or Word (.docx) file of 10 MB or less"


def check_size(size: int) -> None:
    """Rule: evidence is 1 byte to 10 MB."""
    if size <= 0:
        raise EvidenceRejected("The file is empty.")
    if size > MAX_EVIDENCE_BYTES:
        raise EvidenceRejected(f"The file is larger than 10 MB. Upload {ACCEPTED_DESCRIPTION}.")


def kind_from_head(head: bytes) -> EvidenceKind | None:
    """The kind the first bytes announce (``DOCX`` for any ZIP: confirm with ``check_docx``)."""
    if head.startswith(_PDF):
        return EvidenceKind.PDF
    if head.startswith(_PNG):
        return EvidenceKind.PNG
    if head.startswith(_JPEG):
        return EvidenceKind.JPEG
    if head.startswith(_ZIP):
        return EvidenceKind.DOCX
    return None


def check_docx(stream: BinaryIO) -> None:
    """Rule: a ZIP counts as a Word document only with ``[Content_Types].xml`` and
    ``word/document.xml``, no ``vbaProject.bin`` (macros) and a sane number of parts."""
    try:
        with zipfile.ZipFile(stream) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise EvidenceRejected(f"The file is damaged. Upload {ACCEPTED_DESCRIPTION}.") from error
    if len(names) > MAX_ZIP_ENTRIES:
        raise EvidenceRejected("The document has too many parts to be a normal Word file.")
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise EvidenceRejected(f"The file is not a Word document. Upload {ACCEPTED_DESCRIPTION}.")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise EvidenceRejected("The document contains macros. Save it as a plain .docx or a PDF.")


def detect_kind(stream: BinaryIO, *, size: int) -> EvidenceKind:
    """The kind of an uploaded file, by content. Rules: size 1 byte–10 MB; the content starts with a
    PDF, PNG or JPEG signature, or is a Word package (``check_docx``). Raises ``EvidenceRejected``."""
    check_size(size)
    stream.seek(0)
    kind = kind_from_head(stream.read(16))
    if kind is None:
        raise EvidenceRejected(f"This type of file is not accepted. Upload {ACCEPTED_DESCRIPTION}.")
    if kind is EvidenceKind.DOCX:
        stream.seek(0)
        check_docx(stream)
    stream.seek(0)
    return kind


def safe_download_name(original: str, *, kind: EvidenceKind) -> str:
    """A download file name that cannot carry path parts, control characters or a misleading
    extension: the uploader's stem, reduced to plain characters, plus the extension of the real kind."""
    stem = original.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    cleaned = "".join(ch if ch.isalnum() or ch in "-_ ()" else "_" for ch in stem).strip(" ._")
    return f"{(cleaned or 'evidence')[:80]}.{kind.value}"
