"""Equality monitoring codes in the words of the NHS Data Dictionary, for people to read.

The register stores the codes ESR exports (``imports.parsers.extract.cells``); pages show these
words. Sources: NHS Data Dictionary, ETHNIC CATEGORY (2001 census categories, as ESR uses) and
PERSON STATED GENDER CODE; disability as ESR records it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

SEX_WORDS: Final[Mapping[str, str]] = {
    "1": "Male",
    "2": "Female",
    "9": "Indeterminate (unable to be classified as either male or female)",
    "X": "Not known (not recorded)",
}
ETHNIC_CATEGORY_WORDS: Final[Mapping[str, str]] = {
    "A": "White – British",
    "B": "White – Irish",
    "C": "White – Any other White background",
    "D": "Mixed – White and Black Caribbean",
    "E": "Mixed – White and Black African",
    "F": "Mixed – White and Asian",
    "G": "Mixed – Any other mixed background",
    "H": "Asian or Asian British – Indian",
    "J": "Asian or Asian British – Pakistani",
    "K": "Asian or Asian British – Bangladeshi",
    "L": "Asian or Asian British – Any other Asian background",
    "M": "Black or Black British – Caribbean",
    "N": "Black or Black British – African",
    "P": "Black or Black British – Any other Black background",
    "R": "Other ethnic groups – Chinese",
    "S": "Other ethnic groups – Any other ethnic group",
    "Z": "Not stated (the person was asked and chose not to say)",
    "99": "Not known (not recorded)",
}
DISABILITY_WORDS: Final[Mapping[str, str]] = {
    "Y": "Yes",
    "N": "No",
    "U": "Not known",
    "Z": "Not stated (the person was asked and chose not to say)",
}
NOT_RECORDED: Final = "Not recorded"


def in_words(code: str, table: Mapping[str, str]) -> str:
    """The words for ``code`` in ``table``; "Not recorded" when blank; an unknown code is shown
    as itself with a note, never hidden."""
    key = (code or "").strip().upper()
    if not key:
        return NOT_RECORDED
    return table.get(key, f"{key} (a code Mantle does not recognise)")
