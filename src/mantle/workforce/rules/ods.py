"""NHS Organisation Data Service (ODS) organisation codes.

Every NHS organisation has an ODS code, and every figure Mantle shows is tied to one. Accepted forms
(after removing spaces and upper-casing, which are typing differences, not errors):

* 3 characters: NHS trusts (``RXH``, ``R0A``), integrated care boards (``QMJ``: Q and two more),
  sub-ICB locations and former CCGs (``00C``, ``15N``), NHS England regions (``Y56``);
* 5 characters: newer trusts (``G6V2S``), trust sites (``RXH01``) and sub-ICB locations created
  after 2022 (``M1J4Y``);
* 6 characters, a letter and five digits: GP practices (``A81001``).

Anything with punctuation, or of another length, is rejected with a message saying which.
"""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"\s+")
_ALPHANUMERIC = re.compile(r"[A-Z0-9]+")
_GP_PRACTICE = re.compile(r"[A-Z][0-9]{5}")

ODS_FORMAT = "3 or 5 letters and digits (e.g. RXH, QMJ, 00C, G6V2S), or a GP practice code (A81001)"


def normalise_ods_code(code: str) -> str:
    """Return the ODS code in its published form: no spaces, upper case.

    Rule: " rxh " and "R XH" name the same organisation as "RXH".
    """
    return _WHITESPACE.sub("", code).upper()


def ods_code_error(code: str) -> str | None:
    """Say what is wrong with an ODS organisation code, or None when it is well-formed.

    Rule: after normalisation a code is letters and digits only, and 3 or 5 characters long (or a
    six-character GP practice code: a letter then five digits). Lower case and spaces are not
    errors; they are normalised away.
    """
    normalised = normalise_ods_code(code)
    if not normalised:
        return f"ODS code is blank; expected {ODS_FORMAT}"
    if not _ALPHANUMERIC.fullmatch(normalised):
        bad = sorted({ch for ch in normalised if not _ALPHANUMERIC.fullmatch(ch)})
        shown = ", ".join(repr(ch) for ch in bad)
        return (
            f"ODS code {normalised!r} contains {shown}; ODS codes are letters and digits only, "
            f"expected {ODS_FORMAT}"
        )
    length = len(normalised)
    if length in (3, 5):
        return None
    if length == 6:
        if _GP_PRACTICE.fullmatch(normalised):
            return None
        return (
            f"ODS code {normalised!r} has 6 characters but is not a GP practice code "
            f"(a letter then five digits, e.g. A81001); expected {ODS_FORMAT}"
        )
    return f"ODS code {normalised!r} has {length} characters; expected {ODS_FORMAT}"
