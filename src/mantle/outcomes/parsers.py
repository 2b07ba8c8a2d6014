"""Outcome files → validated figures, in one pass (pure: no database).

Kinds (docs/data-formats.md, "Outcome files"):

* ``long`` — ``org_code, period, measure, value[, denominator, source]``: any published measure.
* ``unit-long`` — the same with ``unit_path`` after ``org_code``: a trust's own ward or service
  figures per month (the loader checks the units exist).
* The LSE hospital management panel's files (``hospital_management/``): ``managers``
  (``managers_simple_def.csv`` → ``managers_fte``), ``consultants`` (→ ``consultants_fte``),
  ``shmi`` (→ ``shmi``), ``stability`` (→ ``staff_stability``), ``cqc`` (``CQC_ratings.csv``: the
  organisation-wide ``Overall`` and ``Well-led`` ratings, 0 inadequate … 3 outstanding, the
  latest in each calendar year → ``cqc_overall``, ``cqc_well_led``), ``staff-survey-management``
  (``NHS_SS_management.csv``: per question, agree + strongly agree in percent → ``nss_q7a_agree``
  … with the respondents as denominator).
* ``nss`` — NHS Staff Survey organisational results (``nss_org_results_2021_2024.csv``): every
  ``<name>_rate`` column → ``nss_<name>`` (percent), its ``<stem>_base`` as denominator.

Rules: every problem is a ``RowError`` (row, column, value, message, what is allowed) and a file
with any error loads nothing. Published files are taken as the publisher wrote them: ``NA`` or a
blank cell is a figure not published (left out, not an error), and a row whose organisation is not
one ODS code (merged CCGs such as ``01T/01V``, CQC location ids, site codes) is skipped and
counted in ``skipped`` — it cannot be matched to one organisation. In the generic formats both
are errors: a user's own file must say what it means.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO, Final

from mantle.imports.parsers.common import RowError, header_key, is_blank, iter_rows
from mantle.imports.parsers.published import parse_period
from mantle.workforce.rules.ods import ODS_FORMAT, normalise_ods_code, ods_code_error

MEASURE_FORMAT: Final = "lower-case letters, digits, _ . - (up to 80), e.g. waiting_18_weeks"
PERIOD_FORMAT: Final = "a year YYYY (e.g. 2018) or a month YYYY-MM (2018-06, also 2018-JUN)"
NOT_PUBLISHED: Final = frozenset({"", "na", "n/a", "-", "*", ".."})
_MEASURE: Final = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,79}$")
_YEAR: Final = re.compile(r"^(19[4-9][0-9]|20[0-9][0-9])$")

PANEL_SOURCE: Final = "LSE hospital management panel (NHS Digital, SHMI, CQC, NHS Staff Survey)"
NSS_SOURCE: Final = "NHS Staff Survey organisational results"


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    org_code: str
    unit_path: str
    period: str
    measure: str
    value: float
    denominator: float | None
    source: str
    row: int


@dataclass
class ParsedOutcomes:
    rows: list[OutcomeRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def _reader(
    source: BinaryIO | Path, filename: str, result: ParsedOutcomes
) -> tuple[list[str], Iterator[tuple[int, list[str]]]] | None:
    rows = iter_rows(source=source, filename=filename)
    header = next(rows, None)
    if header is None or is_blank(header):
        result.errors.append(RowError(1, "", "", f"{filename} has no header row", "a header row"))
        return None
    body = ((n, cells) for n, cells in enumerate(rows, start=2) if not is_blank(cells))
    return [h.strip().lstrip("\ufeff") for h in header], body


def _positions(
    header: list[str], wanted: tuple[str, ...], optional: tuple[str, ...], result: ParsedOutcomes
) -> dict[str, int] | None:
    keys = {header_key(cell): i for i, cell in enumerate(header)}
    positions = {n: keys[header_key(n)] for n in (*wanted, *optional) if header_key(n) in keys}
    missing = [n for n in wanted if n not in positions]
    if missing:
        result.errors.append(
            RowError(
                1,
                ", ".join(missing),
                "",
                f"required column(s) missing: {', '.join(missing)}",
                ", ".join(wanted) + (f" (optional: {', '.join(optional)})" if optional else ""),
            )
        )
        return None
    return positions


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def normalise_period(text: str) -> str | None:
    """``2018`` stays a year; ``2018-06``, ``2018-JUN`` and ``JUN-2018`` are the month ``2018-06``."""
    value = text.strip()
    if _YEAR.match(value):
        return value
    period = parse_period(value)
    if period is None or not _YEAR.match(period[:4]):
        return None
    return period


# --- generic long formats -----------------------------------------------------------------------


def parse_long(*, source: BinaryIO | Path, filename: str, units: bool = False) -> ParsedOutcomes:
    """``org_code, [unit_path,] period, measure, value[, denominator, source]`` (module rules)."""
    result = ParsedOutcomes()
    read = _reader(source, filename, result)
    if read is None:
        return result
    header, body = read
    wanted = (
        ("org_code", "unit_path", "period", "measure", "value")
        if units
        else (
            "org_code",
            "period",
            "measure",
            "value",
        )
    )
    pos = _positions(header, wanted, ("denominator", "source"), result)
    if pos is None:
        return result
    name = {k: header[i] for k, i in pos.items()}
    seen: dict[tuple[str, str, str, str], int] = {}
    for row, cells in body:
        before = len(result.errors)
        raw_code = _cell(cells, pos["org_code"])
        code_error = ods_code_error(raw_code)
        if code_error:
            result.errors.append(RowError(row, name["org_code"], raw_code, code_error, ODS_FORMAT))
        unit_path = ""
        if units:
            unit_path = "/".join(p.strip() for p in _cell(cells, pos["unit_path"]).split("/"))
            if not unit_path or "//" in unit_path or unit_path.startswith("/"):
                result.errors.append(
                    RowError(
                        row,
                        name["unit_path"],
                        unit_path,
                        "unit path is blank or has an empty part",
                        "the unit's path as in the register, e.g. Medicine/Acute Medicine/Ward 7",
                    )
                )
        raw_period = _cell(cells, pos["period"])
        period = normalise_period(raw_period)
        if period is None:
            result.errors.append(
                RowError(
                    row,
                    name["period"],
                    raw_period,
                    f"{raw_period!r} is not a period",
                    PERIOD_FORMAT,
                )
            )
        raw_measure = _cell(cells, pos["measure"])
        measure = re.sub(r"\s+", "_", raw_measure.lower())
        if not _MEASURE.match(measure):
            result.errors.append(
                RowError(
                    row,
                    name["measure"],
                    raw_measure,
                    f"{raw_measure!r} is not a measure name",
                    MEASURE_FORMAT,
                )
            )
        raw_value = _cell(cells, pos["value"])
        value = _number(raw_value)
        if value is None:
            result.errors.append(
                RowError(
                    row,
                    name["value"],
                    raw_value,
                    f"value {raw_value!r} is not a number",
                    "a number, e.g. 0.93 or 1204",
                )
            )
        denominator: float | None = None
        raw_den = _cell(cells, pos.get("denominator"))
        if raw_den:
            denominator = _number(raw_den)
            if denominator is None or denominator <= 0:
                result.errors.append(
                    RowError(
                        row,
                        name["denominator"],
                        raw_den,
                        f"denominator {raw_den!r} is not a number above 0",
                        "blank, or a number above 0 (the count a rate or proportion is out of)",
                    )
                )
        source_text = _cell(cells, pos.get("source"))[:200] or filename
        if len(result.errors) > before or period is None or value is None:
            continue
        code = normalise_ods_code(raw_code)
        key = (code, unit_path, period, measure)
        if key in seen:
            result.errors.append(
                RowError(
                    row,
                    name["measure"],
                    raw_measure,
                    f"{measure} for {code}{' ' + unit_path if unit_path else ''} in {period} "
                    f"is already on row {seen[key]}",
                    "one value per organisation, unit, period and measure",
                )
            )
            continue
        seen[key] = row
        result.rows.append(
            OutcomeRow(code, unit_path, period, measure, value, denominator, source_text, row)
        )
    return result


# --- published files ----------------------------------------------------------------------------


def _published(
    *,
    source: BinaryIO | Path,
    filename: str,
    code_column: str,
    columns: tuple[str, ...],
    emit: Callable[[int, dict[str, str], dict[str, str], ParsedOutcomes], None],
) -> ParsedOutcomes:
    """Shared reading of a published file: header check, code check (skip what is not one ODS
    code), then ``emit(row, values, column names, result)`` for each row."""
    result = ParsedOutcomes()
    read = _reader(source, filename, result)
    if read is None:
        return result
    header, body = read
    pos = _positions(header, (code_column, *columns), (), result)
    if pos is None:
        return result
    names = {k: header[i] for k, i in pos.items()}
    for row, cells in body:
        values = {k: _cell(cells, i) for k, i in pos.items()}
        if ods_code_error(values[code_column]) is not None:
            result.skip("organisation code is not one ODS code")
            continue
        values[code_column] = normalise_ods_code(values[code_column])
        emit(row, values, names, result)
    return result


def _year(row: int, text: str, column: str, result: ParsedOutcomes) -> str | None:
    if _YEAR.match(text.strip()):
        return text.strip()
    result.errors.append(
        RowError(row, column, text, f"{text!r} is not a year", "a year written YYYY, e.g. 2016")
    )
    return None


def _figure(
    row: int, text: str, column: str, result: ParsedOutcomes, *, minimum: float | None = None
) -> float | None:
    """A published number; ``NA``/blank → None without an error (not published)."""
    if text.strip().lower() in NOT_PUBLISHED:
        result.skip("figure not published (NA or blank)")
        return None
    value = _number(text)
    if value is None or (minimum is not None and value < minimum):
        result.errors.append(
            RowError(
                row,
                column,
                text,
                f"{text!r} is not a number"
                + (f" of {minimum:g} or more" if minimum is not None else ""),
                "a number, or NA when not published",
            )
        )
        return None
    return value


def _panel_column(
    kind: str, column: str, measure: str, minimum: float | None
) -> Callable[..., ParsedOutcomes]:
    def parse(*, source: BinaryIO | Path, filename: str) -> ParsedOutcomes:
        def emit(row: int, v: dict[str, str], n: dict[str, str], result: ParsedOutcomes) -> None:
            year = _year(row, v["YEAR"], n["YEAR"], result)
            value = _figure(row, v[column], n[column], result, minimum=minimum)
            if year is None or value is None:
                return
            result.rows.append(
                OutcomeRow(
                    v["ORG_CODE"],
                    "",
                    year,
                    measure,
                    value,
                    None,
                    f"{PANEL_SOURCE}: {filename}",
                    row,
                )
            )

        return _published(
            source=source,
            filename=filename,
            code_column="ORG_CODE",
            columns=("YEAR", column),
            emit=emit,
        )

    parse.__doc__ = f"The panel's {kind} file: ``YEAR, ORG_CODE, {column}`` → ``{measure}``."
    return parse


parse_managers = _panel_column("managers", "SIMPLE_MANAGERS_FTE", "managers_fte", 0)
parse_consultants = _panel_column("consultants", "SIMPLE_CONSULTANTS_FTE", "consultants_fte", 0)
parse_shmi = _panel_column("SHMI", "SHMI", "shmi", 0)
parse_stability = _panel_column("stability", "STABILITY", "staff_stability", 0)

CQC_QUESTIONS: Final = {"overall": "cqc_overall", "well-led": "cqc_well_led"}


def _cqc_date(text: str) -> date | None:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    if match is None:
        match_iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
        if match_iso is None:
            return None
        y, m, d = (int(g) for g in match_iso.groups())
    else:
        d, m, y = (int(g) for g in match.groups())
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_cqc(*, source: BinaryIO | Path, filename: str) -> ParsedOutcomes:
    """``ORG_CODE, DATE, POPULATION, QUESTION, RATING_SCORE``: the organisation-wide (POPULATION
    ``Overall``) ratings for the questions Overall and Well-led; one per organisation and calendar
    year — the latest rated that year. Core-service ratings are not organisation measures and are
    counted as skipped."""
    latest: dict[tuple[str, str, str], tuple[date, int, float]] = {}

    def emit(row: int, v: dict[str, str], n: dict[str, str], result: ParsedOutcomes) -> None:
        question = v["QUESTION"].strip().lower()
        if v["POPULATION"].strip().lower() != "overall" or question not in CQC_QUESTIONS:
            result.skip("core-service or other question rating (not organisation-wide)")
            return
        day = _cqc_date(v["DATE"])
        if day is None:
            result.errors.append(
                RowError(row, n["DATE"], v["DATE"], f"{v['DATE']!r} is not a date", "DD/MM/YYYY")
            )
        score = _figure(row, v["RATING_SCORE"], n["RATING_SCORE"], result, minimum=0)
        if score is not None and score not in (0, 1, 2, 3):
            result.errors.append(
                RowError(
                    row,
                    n["RATING_SCORE"],
                    v["RATING_SCORE"],
                    "rating score must be 0, 1, 2 or 3",
                    "0 inadequate, 1 requires improvement, 2 good, 3 outstanding",
                )
            )
            return
        if day is None or score is None:
            return
        key = (v["ORG_CODE"], str(day.year), CQC_QUESTIONS[question])
        if key not in latest or day >= latest[key][0]:
            latest[key] = (day, row, score)

    result = _published(
        source=source,
        filename=filename,
        code_column="ORG_CODE",
        columns=("DATE", "POPULATION", "QUESTION", "RATING_SCORE"),
        emit=emit,
    )
    for (code, year, measure), (_day, row, score) in sorted(latest.items()):
        result.rows.append(
            OutcomeRow(code, "", year, measure, score, None, f"CQC ratings: {filename}", row)
        )
    return result


SS_QUESTIONS: Final = ("7a", "7b", "7c", "7d", "7e", "7f", "7g", "8a", "8b", "8c", "8d")


def parse_staff_survey_management(*, source: BinaryIO | Path, filename: str) -> ParsedOutcomes:
    """``ORG_CODE, YEAR, 7a_SD … 8d_N``: per question, agree + strongly agree (percent of
    respondents) → ``nss_q<question>_agree`` with the respondents ``_N`` as denominator. Questions
    not asked that year (NA) are left out."""
    result = ParsedOutcomes()
    read = _reader(source, filename, result)
    if read is None:
        return result
    header, _body = read
    present = tuple(
        q for q in SS_QUESTIONS if header_key(f"{q}_A") in {header_key(h) for h in header}
    )
    if not present:
        result.errors.append(
            RowError(
                1,
                "7a_A",
                "",
                "no question columns (e.g. 7a_A, 7a_SA, 7a_N)",
                "QUESTION_A, QUESTION_SA, QUESTION_N",
            )
        )
        return result
    columns = tuple(f"{q}_{s}" for q in present for s in ("A", "SA", "N"))
    if hasattr(source, "seek"):
        source.seek(0)

    def emit(row: int, v: dict[str, str], n: dict[str, str], res: ParsedOutcomes) -> None:
        year = _year(row, v["YEAR"], n["YEAR"], res)
        for q in present:
            agree = _figure(row, v[f"{q}_A"], n[f"{q}_A"], res, minimum=0)
            strongly = _figure(row, v[f"{q}_SA"], n[f"{q}_SA"], res, minimum=0)
            base = _figure(row, v[f"{q}_N"], n[f"{q}_N"], res, minimum=0)
            if year is None or agree is None or strongly is None or base is None or base <= 0:
                continue
            res.rows.append(
                OutcomeRow(
                    v["ORG_CODE"],
                    "",
                    year,
                    f"nss_q{q}_agree",
                    agree + strongly,
                    base,
                    f"{PANEL_SOURCE}: {filename}",
                    row,
                )
            )

    return _published(
        source=source,
        filename=filename,
        code_column="ORG_CODE",
        columns=("YEAR", *columns),
        emit=emit,
    )


def _nss_pairs(header: list[str]) -> dict[str, str]:
    """``<name>_rate`` column → its base column (``<stem>_base``, the longest stem that has one)."""
    bases = {h[: -len("_base")] for h in header if h.endswith("_base")}
    pairs: dict[str, str] = {}
    for h in header:
        if not h.endswith("_rate"):
            continue
        parts = h[: -len("_rate")].split("_")
        for cut in range(len(parts), 0, -1):
            stem = "_".join(parts[:cut])
            if stem in bases:
                pairs[h] = f"{stem}_base"
                break
    return pairs


def parse_nss(*, source: BinaryIO | Path, filename: str) -> ParsedOutcomes:
    """NHS Staff Survey organisational results: ``ODS code, Year, …, <name>_base, <name>_rate``
    → ``nss_<name>`` (percent, lower case) with the base as denominator, and ``nss_respondents``."""
    result = ParsedOutcomes()
    read = _reader(source, filename, result)
    if read is None:
        return result
    header, _body = read
    pairs = _nss_pairs(header)
    if not pairs:
        result.errors.append(
            RowError(
                1,
                "",
                "",
                "no <measure>_rate columns with a <measure>_base",
                "e.g. Autonomy_base, Autonomy_rate",
            )
        )
        return result
    if hasattr(source, "seek"):
        source.seek(0)
    extra = ("Respondents",) if "Respondents" in header else ()
    columns = tuple(dict.fromkeys(["Year", *pairs, *pairs.values(), *extra]))

    def emit(row: int, v: dict[str, str], n: dict[str, str], res: ParsedOutcomes) -> None:
        year = _year(row, v["Year"], n["Year"], res)
        if year is None:
            return
        code = v["ODS code"]
        src = f"{NSS_SOURCE}: {filename}"
        for rate, base in pairs.items():
            value = _figure(row, v[rate], n[rate], res, minimum=0)
            denominator = _figure(row, v[base], n[base], res, minimum=0)
            if value is None:
                continue
            measure = "nss_" + rate[: -len("_rate")].lower()
            res.rows.append(
                OutcomeRow(code, "", year, measure, value, denominator or None, src, row)
            )
        if extra:
            count = _figure(row, v["Respondents"], n["Respondents"], res, minimum=0)
            if count is not None:
                res.rows.append(
                    OutcomeRow(code, "", year, "nss_respondents", count, None, src, row)
                )

    return _published(
        source=source, filename=filename, code_column="ODS code", columns=columns, emit=emit
    )


def _long(*, source: BinaryIO | Path, filename: str) -> ParsedOutcomes:
    return parse_long(source=source, filename=filename)


def _unit_long(*, source: BinaryIO | Path, filename: str) -> ParsedOutcomes:
    return parse_long(source=source, filename=filename, units=True)


PARSERS: Final[dict[str, Callable[..., ParsedOutcomes]]] = {
    "long": _long,
    "unit-long": _unit_long,
    "managers": parse_managers,
    "consultants": parse_consultants,
    "shmi": parse_shmi,
    "stability": parse_stability,
    "cqc": parse_cqc,
    "staff-survey-management": parse_staff_survey_management,
    "nss": parse_nss,
}
KIND_LABELS: Final = {
    "long": "Any measure by organisation (org_code, period, measure, value[, denominator, source])",
    "unit-long": "Your units' figures (org_code, unit_path, period, measure, value[, denominator, source])",
    "managers": "LSE panel: managers FTE (managers_simple_def.csv)",
    "consultants": "LSE panel: consultants FTE (consultants_simple_def.csv)",
    "shmi": "LSE panel: SHMI (shmi.csv)",
    "stability": "LSE panel: staff stability (stability.csv)",
    "cqc": "CQC ratings, overall and well-led (CQC_ratings.csv)",
    "staff-survey-management": "LSE panel: staff survey management questions (NHS_SS_management.csv)",
    "nss": "NHS Staff Survey organisational results (nss_org_results_*.csv)",
}


def parse_outcome_file(*, kind: str, source: BinaryIO | Path, filename: str) -> ParsedOutcomes:
    """Parse ``source`` as ``kind`` (one of ``PARSERS``). Raises KeyError for an unknown kind."""
    return PARSERS[kind](source=source, filename=filename)
