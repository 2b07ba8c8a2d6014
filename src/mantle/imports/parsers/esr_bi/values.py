"""Value tables of the ESR staff-in-post profile: grades, sex and ethnic origin words, dates, units.

Pure functions over one cell's text; ``translate`` runs them once per distinct value.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mantle.workforce.rules.bands import PAY_BANDS, normalise_pay_band
from mantle.workforce.rules.equality_codes import ETHNIC_CATEGORY_WORDS

_PUNCTUATION = re.compile(r"[^a-z0-9]+")


def heading_key(text: str) -> str:
    """Heading matching key: lower case letters and digits only ("Assignment No." → "assignmentno")."""
    return _PUNCTUATION.sub("", text.strip().strip("\ufeff").lower())


def _words(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", text.lower().replace("&", " and ")).split())


# -- grades -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeTable:
    """ESR grade / pay scale codes → Mantle pay bands (``grade_map.csv``, editable).

    Rule: a grade is looked up whole, then without its step ("XR05|3" → "XR05"), then by the
    longest prefix row ending in ``*``, and finally read as Mantle reads band names.
    """

    exact: Mapping[str, str]
    prefixes: tuple[tuple[str, str], ...]
    source: str

    def band(self, raw: str) -> str | None:
        text = raw.strip()
        if not text:
            return None
        for candidate in (text, text.split("|", 1)[0]):
            key = "".join(candidate.split()).upper()
            if key in self.exact:
                return self.exact[key]
        key = "".join(text.split("|", 1)[0].split()).upper()
        for prefix, band in self.prefixes:
            if key.startswith(prefix):
                return band
        return normalise_pay_band(text.split("|", 1)[0]) or normalise_pay_band(text)

    def allowed(self) -> str:
        examples = ", ".join(list(self.exact)[:3] + [f"{p}…" for p, _ in self.prefixes[:2]])
        return (
            f"a grade in the ESR grade table ({self.source}: {len(self.exact)} codes and "
            f"{len(self.prefixes)} prefixes, e.g. {examples}) or a band name Mantle reads "
            "(Band 5, 8a, VSM, Consultant, FY1, …); add the code to the table"
        )


class GradeTableError(ValueError):
    """The grade table itself is wrong (a band Mantle does not know, a missing column)."""


def grade_table_read(text: str, *, source: str) -> GradeTable:
    """Read a grade table (CSV ``grade,pay_band[,note]``; lines starting ``#`` are comments).

    Rule: every pay band must be one of Mantle's bands, written as ``PAY_BANDS`` or as
    ``normalise_pay_band`` reads it; a code given twice with two bands is refused.
    """
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    if reader.fieldnames is None or not {"grade", "pay_band"} <= set(reader.fieldnames):
        raise GradeTableError(f"{source}: the header must have the columns grade and pay_band")
    exact: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for row in reader:
        grade = "".join((row.get("grade") or "").split()).upper()
        band = normalise_pay_band(row.get("pay_band") or "")
        if not grade:
            continue
        if band is None:
            raise GradeTableError(
                f"{source}: grade {grade} maps to {row.get('pay_band')!r}, which is not a pay band "
                f"({', '.join(PAY_BANDS)})"
            )
        table = prefixes if grade.endswith("*") else exact
        key = grade.rstrip("*")
        if table.setdefault(key, band) != band:
            raise GradeTableError(f"{source}: grade {grade} is given twice with different bands")
    ordered = tuple(sorted(prefixes.items(), key=lambda item: -len(item[0])))
    return GradeTable(exact=exact, prefixes=ordered, source=source)


def default_grade_table(path: Path | None = None) -> GradeTable:
    """The table at ``path``, or the one shipped with Mantle (``esr_bi/grade_map.csv``)."""
    if path is not None:
        return grade_table_read(path.read_text(encoding="utf-8-sig"), source=str(path))
    text = resources.files(__package__).joinpath("grade_map.csv").read_text(encoding="utf-8")
    return grade_table_read(text, source="grade_map.csv")


# -- sex and ethnic origin ----------------------------------------------------------------------

SEX_WORDS: Mapping[str, str] = {
    "male": "1",
    "m": "1",
    "1": "1",
    "female": "2",
    "f": "2",
    "2": "2",
    "indeterminate": "9",
    "9": "9",
    "unknown": "X",
    "not known": "X",
    "not specified": "X",
    "unspecified": "X",
    "x": "X",
}
SEX_ALLOWED = "Male, Female, Indeterminate, Unknown / Not Known (or the codes 1, 2, 9, X)"


def sex_code(raw: str) -> str | None:
    """NHS Data Dictionary person stated gender code for ESR's word ("Female" → "2")."""
    return SEX_WORDS.get(_words(raw))


def _ethnic_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for code, description in ETHNIC_CATEGORY_WORDS.items():
        full = description.split("(")[0]
        words[_words(full)] = code
        if "–" in full and code not in ("Z", "99"):
            group, _, detail = full.partition("–")
            words.setdefault(_words(detail), code)
            words[_words(f"{group} {detail}")] = code
    words.update(
        {
            "not stated": "Z",
            "not declared": "Z",
            "prefer not to say": "Z",
            "i do not wish to disclose my ethnic origin": "Z",
            "unspecified": "99",
            "not known": "99",
            "unknown": "99",
        }
    )
    return words


ETHNIC_WORDS: Mapping[str, str] = _ethnic_words()
# ESR's extended ethnic codes ("CA White English", "LK Asian Sri Lankan", "C2 Northern Irish")
# belong to the category of their first letter.
_ETHNIC_CODE = re.compile(r"([A-HJ-NPRSZ])[0-9A-Z]?(?:\s+.*)?|99(?:\s+.*)?", re.DOTALL)
ETHNIC_ALLOWED = (
    "an NHS ethnic category: the code (A-H, J-N, P, R, S, Z, 99, or an ESR extended code such as "
    "CA) optionally followed by its words, or the words alone, e.g. 'White - British', "
    "'Asian or Asian British - Indian', 'Not Stated'"
)


def ethnic_code(raw: str) -> str | None:
    """NHS ethnic category code for ESR's ethnic origin text, or None when it cannot be read."""
    text = raw.strip()
    if not text:
        return None
    match = _ETHNIC_CODE.fullmatch(text)
    first = text.split()[0]
    if match is not None and (first.isupper() or first.isdigit()):
        return "99" if text.startswith("99") else text[0]
    return ETHNIC_WORDS.get(_words(text))


# -- dates ------------------------------------------------------------------------------------

DATE_ALLOWED = "YYYYMMDD, DD/MM/YYYY HH:MM:SS, YYYY-MM-DD or DD/MM/YYYY (e.g. 20240401)"
ESR_COMPACT_DATE = r"^\s*([0-9]{4})([0-9]{2})([0-9]{2})\s*$"
ESR_DATE_TIME = r"^\s*([0-9]{1,2}/[0-9]{1,2}/[0-9]{4})\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\s*$"


# -- units ------------------------------------------------------------------------------------

# An ESR hierarchy level is often "<code> <name>": "070 6 Domestic (BRO)". The code is the run of
# leading words that contain a digit.
_LEVEL = re.compile(r"((?:[A-Za-z]*[0-9][A-Za-z0-9]*\s+)+)(\S.*)", re.DOTALL)
_SPACES = re.compile(r"\s+")


def unit_name(raw: str) -> str:
    """The unit name Mantle keeps for one ESR hierarchy level: "Domestic (BRO) [070 6]".

    Rule: white space collapsed; '/' (Mantle's path separator) becomes '-'; a leading code is
    moved to the end in square brackets, so two units that differ only by code stay apart and
    the name reads first.
    """
    text = _SPACES.sub(" ", raw).strip().replace("/", "-")
    match = _LEVEL.fullmatch(text)
    if match is None:
        return text
    code, name = match.group(1).strip(), match.group(2).strip()
    return f"{name} [{code}]"


def unit_path(levels: list[str]) -> str:
    """The unit path from the ``Org L2`` … ``Org L8`` cells of a row.

    Rule: blank levels are skipped, and a level repeating the one above (ESR fills the lower
    levels of a short branch with its last name) is one unit.
    """
    names: list[str] = []
    for raw in levels:
        if not raw or raw.isspace():
            continue
        name = unit_name(raw)
        if not names or names[-1] != name:
            names.append(name)
    return "/".join(names)
