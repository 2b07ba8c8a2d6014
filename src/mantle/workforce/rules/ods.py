"""NHS Organisation Data Service (ODS) organisation codes.

An ODS code names an organisation everywhere in NHS data: trusts (``RXH``, ``R0A`` and newer
five-character codes such as ``G6V2S``), trust sites (``RXH01``), integrated care boards (``QMJ``),
sub-ICB locations / former CCGs (``00C``, ``15N``) and GP practices (``A81001``).
"""

from __future__ import annotations

import re

__all__ = ["ODS_CODE_LENGTHS", "normalise_ods_code", "ods_code_error"]

# 3: trusts, ICBs, sub-ICB locations, regions; 5: sites and newer trusts; 6: GP practices.
ODS_CODE_LENGTHS: tuple[int, ...] = (3, 5, 6)

_WHITESPACE = re.compile(r"\s+")
_NOT_ALPHANUMERIC = re.compile(r"[^A-Z0-9]")


def normalise_ods_code(code: str) -> str:
    """Put an ODS code in its published form: upper case, with no spaces anywhere.

    Rule: "rxh", " RXH " and "R X H" are the same organisation, so they are stored as "RXH".
    """
    return _WHITESPACE.sub("", code).upper()


def ods_code_error(code: str) -> str | None:
    """Say what is wrong with an ODS organisation code, or None when it is well-formed.

    Rule: after normalisation an ODS code is 3, 5 or 6 letters and digits (A–Z, 0–9) with at least
    one letter; lower case and spaces are forgiven, punctuation is not.
    """
    cleaned = normalise_ods_code(code)
    if not cleaned:
        return "ODS code is blank; expected a code such as RXH, QMJ or 00C"
    bad = sorted(set(_NOT_ALPHANUMERIC.findall(cleaned)))
    if bad:
        shown = " ".join(repr(char) for char in bad)
        return (
            f"ODS code {cleaned!r} contains {shown}; ODS codes are letters and digits only, "
            "e.g. RXH, R0A, G6V2S, 00C"
        )
    if len(cleaned) not in ODS_CODE_LENGTHS:
        return (
            f"ODS code {cleaned!r} has {len(cleaned)} characters; organisation codes have 3 "
            "(trusts, ICBs, sub-ICB locations: RXH, QMJ, 00C), 5 (sites and newer trusts: "
            "RXH01, G6V2S) or 6 (GP practices: A81001)"
        )
    if cleaned.isdigit():
        return f"ODS code {cleaned!r} has no letter; every ODS organisation code contains one"
    return None
