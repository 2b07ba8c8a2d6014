"""``parse_extract``: read the file, map its header, run the cell and cross-row checks.

Four separate steps, each replaceable on its own (an import profile for another layout swaps the
header step and reuses the rest):

1. ``table.read_table``: the file as a table of cell texts with spreadsheet row numbers;
2. ``map_header``: header cells to canonical columns (names and aliases, any case or spacing);
3. ``checker.FrameChecker``: every cell's rule, column by column over the whole table;
4. ``_cross_rows`` / ``consistency``: the rules between rows, fed only the rows that can break them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from mantle.imports.parsers.common import RowError
from mantle.imports.parsers.esr_bi.headings import looks_like_esr_bi
from mantle.imports.parsers.esr_bi.translate import (
    PROFILE,
    AssignmentRules,
    Translated,
    translate,
)
from mantle.imports.parsers.esr_bi.values import GradeTable
from mantle.imports.parsers.extract.cells import MAX_FTE
from mantle.imports.parsers.extract.checker import ERROR_SCHEMA, FrameChecker
from mantle.imports.parsers.extract.columns import (
    EXTRACT_COLUMNS,
    REGISTRATION_COLUMNS,
    REQUIRED_COLUMNS,
    canonical_column,
)
from mantle.imports.parsers.extract.consistency import BAD, Consistency
from mantle.imports.parsers.extract.records import (
    FTE_SCALE,
    ROW_COLUMNS,
    WARNING_EXAMPLES,
    ExtractRows,
    ParseResult,
    fte_decimal,
)
from mantle.imports.parsers.extract.table import read_table
from mantle.workforce.rules.ods import normalise_ods_code
from mantle.workforce.rules.tiers import Tier


def map_header(
    header: list[str],
) -> tuple[dict[str, int], dict[str, str], list[RowError], list[RowError]]:
    """Map header cells to canonical columns: (index by column, header by column, errors, warnings).

    Rule: names are matched ignoring case, spaces and punctuation, against the canonical
    names and their aliases; two headers meaning the same column, a missing required column and
    an incomplete set of registration columns are errors (row 1); unknown columns are warnings.
    """
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    errors: list[RowError] = []
    warnings: list[RowError] = []
    for index, cell in enumerate(header):
        name = cell.strip().strip("\ufeff")
        if not name:
            continue
        canonical = canonical_column(name)
        if canonical is None:
            warnings.append(
                RowError(
                    1,
                    name,
                    name,
                    f"column {name!r} is not used by Mantle and was ignored",
                )
            )
        elif canonical in columns:
            errors.append(
                RowError(
                    1,
                    name,
                    name,
                    f"columns {headers[canonical]!r} and {name!r} both mean {canonical}; keep one",
                    canonical,
                )
            )
        else:
            columns[canonical] = index
            headers[canonical] = name
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        errors.append(
            RowError(
                1,
                ", ".join(missing),
                "",
                f"required column{plural} missing: {', '.join(missing)}",
                "the columns of the Mantle extract template: " + ", ".join(EXTRACT_COLUMNS),
            )
        )
    present = [name for name in REGISTRATION_COLUMNS if name in columns]
    if present and len(present) < len(REGISTRATION_COLUMNS):
        absent = [name for name in REGISTRATION_COLUMNS if name not in columns]
        errors.append(
            RowError(
                1,
                ", ".join(absent),
                "",
                "registration columns come together: found "
                f"{', '.join(present)} but not {', '.join(absent)}",
                ", ".join(REGISTRATION_COLUMNS),
            )
        )
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        errors.append(
            RowError(
                1,
                header[0],
                header[0],
                "the header is a single column containing ';' or tabs: save the file as "
                "comma-separated CSV",
                "comma-separated values",
            )
        )
    return columns, headers, errors, warnings


PROFILES = ("auto", "extract", "esr-bi")


def parse_extract(
    *,
    source: BinaryIO | Path,
    filename: str,
    as_of: date,
    org_code: str | None = None,
    known_occupation_codes: frozenset[str] | None = None,
    profile: str = "auto",
    grade_table: GradeTable | None = None,
    assignment_rules: AssignmentRules | None = None,
) -> ParseResult:
    """Parse and check a workforce extract; never raises for bad content.

    Rule: the column table of ``columns`` and the checks listed in the package docstring, all
    collected in one pass. ``as_of`` is the extract (snapshot) date; ``org_code``, when given, is
    the only organisation rows may belong to; ``known_occupation_codes``, when given, is the code
    list the organisation has loaded (other codes are errors). A header problem (missing required
    column, duplicate column) stops the check at row 1.
    ``profile`` is the file's layout: ``extract`` (Mantle's columns), ``esr-bi`` (an ESR
    staff-in-post report, read through ``esr_bi.translate`` with ``grade_table`` and
    ``assignment_rules``), or ``auto``: ESR when the header has ``Org L2`` … levels and no unit
    path column (``esr_bi.looks_like_esr_bi``).
    Raises ParseError only when the file is not readable CSV or XLSX.
    """

    def is_esr(header: list[str]) -> bool:
        return profile == PROFILE or (profile == "auto" and looks_like_esr_bi(header))

    def header_stops(header: list[str]) -> bool:
        return not is_esr(header) and _header_stops(header)

    table = read_table(source=source, filename=filename, header_stops=header_stops)
    if table.problem is not None:
        return ParseResult(errors=[table.problem])
    header = table.header
    seen = tuple(cell.strip().strip("\ufeff") for cell in header)
    translated: Translated | None = None
    if is_esr(header):
        translated = translate(
            table, as_of=as_of, org_code=org_code, grades=grade_table, rules=assignment_rules
        )
        if translated.errors:
            return ParseResult(
                errors=translated.errors,
                warnings=translated.warnings,
                columns=seen,
                profile=PROFILE,
            )
        table = translated.table
        columns, headers = translated.columns, translated.headers
        header_warnings = translated.warnings
    else:
        columns, headers, header_errors, header_warnings = map_header(header)
        if header_errors:
            return ParseResult(
                errors=header_errors,
                warnings=header_warnings,
                columns=seen,
                column_map=headers,
            )
    checker = FrameChecker(
        columns=columns,
        headers=headers,
        as_of=as_of,
        org_code=normalise_ods_code(org_code) if org_code else None,
        known_occupation_codes=(
            frozenset(code.strip().upper() for code in known_occupation_codes)
            if known_occupation_codes is not None
            else None
        ),
    )
    checked = checker.check(table)
    values = checked.values
    consistency = Consistency(headers=headers)
    _cross_rows(values, consistency)

    errors = [
        *table.errors,
        *(RowError(values_[0], *values_[2:]) for values_ in _error_rows(checked.errors)),
    ]
    errors.sort(key=lambda error: error.row)  # stray values first in their row, as before
    errors += consistency.errors
    if translated is not None:
        errors = _as_the_report_has_it(errors, translated)
    if values.height == 0:
        errors.append(
            RowError(
                2,
                "",
                "",
                "the file has a header but no data rows",
                "one row per assignment",
            )
        )
    warnings = list(header_warnings)
    if "management_tier" not in columns:
        warnings.append(
            RowError(
                1,
                "management_tier",
                "",
                "there is no management tier column: Mantle will infer every post's tier",
            )
        )
    warning_counts: dict[str, int] = {}
    for warning in warnings:
        kind = f"{warning.column}: {warning.message}"
        warning_counts[kind] = warning_counts.get(kind, 0) + 1
    kept, counts = _capped(checked.warnings)
    for kind, count in [*counts.items(), *consistency.warnings.counts.items()]:
        warning_counts[kind] = warning_counts.get(kind, 0) + count
    warnings += kept + list(consistency.warnings)
    # Report in spreadsheet order: by row, then by the column's place in the file.
    place = {name: index for index, name in enumerate(seen)}
    errors.sort(key=lambda error: (error.row, place.get(error.column, -1)))
    warnings.sort(key=lambda warning: (warning.row, place.get(warning.column, -1)))
    clean = pl.col("clean")
    other_errors = {error.row for error in [*table.errors, *consistency.errors]}
    if other_errors:
        clean = clean & ~pl.col("row").is_in(sorted(other_errors))
    return ParseResult(
        rows=ExtractRows(_typed_rows(values.lazy().filter(clean)).collect()),
        errors=errors,
        warnings=warnings,
        columns=seen,
        column_map=headers,
        warning_counts=warning_counts,
        profile=PROFILE if translated is not None else "extract",
        excluded=translated.excluded if translated is not None else {},
    )


def _as_the_report_has_it(errors: list[RowError], translated: Translated) -> list[RowError]:
    """Errors on rewritten ESR cells show the cell as the report has it and what ESR may write.

    Rule: the checker saw the rewritten value (``20240230`` as ``2024-02-30``, ``Female`` as
    ``2``); the user must see their own text and the forms the ESR profile accepts.
    """
    by_heading = {
        translated.headers[name]: name
        for name in {*translated.raw, *translated.allowed}
        if name in translated.headers
    }
    rows_with_errors = {error.row for error in errors if error.column in by_heading}
    if not rows_with_errors:
        return errors
    wanted = sorted(rows_with_errors)
    raw: dict[str, dict[int, str]] = {
        name: dict(frame.filter(pl.col("row").is_in(wanted)).iter_rows())
        for name, frame in translated.raw.items()
    }
    fixed: list[RowError] = []
    for error in errors:
        name = by_heading.get(error.column)
        if name is None:
            fixed.append(error)
            continue
        value = error.value
        if value and name in raw:
            value = raw[name].get(error.row, value)
        fixed.append(
            RowError(
                error.row,
                error.column,
                value,
                error.message,
                translated.allowed.get(name, error.allowed) if error.allowed else error.allowed,
            )
        )
    return fixed


def _header_stops(header: list[str]) -> bool:
    """Whether a header has an error that stops the check before any data row is read."""
    return bool(map_header(header)[2])


def _error_rows(frame: pl.DataFrame) -> list[tuple[Any, ...]]:
    return list(frame.select(list(ERROR_SCHEMA)).iter_rows())


def _capped(frame: pl.DataFrame) -> tuple[list[RowError], dict[str, int]]:
    """Warnings in file order, the first ``WARNING_EXAMPLES`` of each kind, and every count."""
    if frame.height == 0:
        return [], {}
    kinds = frame.with_columns(
        pl.format("{}: {}", pl.col("column"), pl.col("message")).alias("kind")
    ).with_columns(pl.int_range(pl.len()).over("kind").alias("seen"))
    counts = dict(kinds.group_by("kind", maintain_order=True).len().iter_rows())
    kept = [
        RowError(row, column, value, message)
        for row, column, value, message in kinds.filter(pl.col("seen") < WARNING_EXAMPLES)
        .select("row", "column", "value", "message")
        .iter_rows()
    ]
    return kept, counts


def _typed_rows(values: pl.LazyFrame) -> pl.LazyFrame:
    registered = pl.col("registered")
    return values.select(
        pl.col("row"),
        pl.col("org_v").alias("org_code"),
        pl.col("emp_v").alias("employee_number"),
        pl.col("asg_v").alias("assignment_number"),
        pl.col("first_v").alias("first_name"),
        pl.col("last_v").alias("last_name"),
        pl.col("dob_v").alias("date_of_birth"),
        pl.col("pos_v").alias("position_number"),
        pl.col("title_v").alias("position_title"),
        pl.col("unit_v").alias("unit_path"),
        pl.col("rep_v").alias("reports_to_position_number"),
        pl.col("occ_v").alias("occupation_code"),
        pl.col("role_v").alias("job_role"),
        pl.col("band_v").alias("pay_band"),
        pl.col("fte_v").alias("assignment_fte"),
        pl.col("start_v").alias("assignment_start_date"),
        pl.col("tier_v").alias("management_tier"),
        pl.col("stat_v").alias("statutory_clinical_role"),
        pl.when(registered).then(pl.col("body_v")).alias("registration_body"),
        pl.when(registered).then(pl.col("number_v")).alias("registration_number"),
        pl.when(registered).then(pl.col("status_v")).alias("registration_status"),
        pl.col("sex_v").alias("sex"),
        pl.col("ethnic_v").alias("ethnic_category"),
        pl.col("disability_v").alias("disability"),
        pl.col("vote_v").alias("voting"),
    ).select(ROW_COLUMNS)


_PERSON = ("org_key", "emp_v")
_POST = ("org_key", "pos_v")
# Post attributes (value column, the condition under which it passed its own check).
_POST_ATTRIBUTES: tuple[tuple[str, pl.Expr], ...] = (
    ("title_v", pl.col("title_v") != ""),
    ("unit_v", pl.col("unit_v").is_not_null()),
    ("rep_v", pl.col("rep_m").is_null()),
    ("occ_v", pl.col("occ_v").is_not_null()),
    ("role_v", pl.lit(True)),
    ("band_v", pl.col("band_v").is_not_null()),
    ("tier_v", pl.col("tier_m").is_null()),
    ("stat_v", pl.col("stat_m").is_null()),
    ("vote_v", pl.col("vote_m").is_null()),
)


def _cross_rows(values: pl.DataFrame, consistency: Consistency) -> None:
    """Feed ``consistency`` the rows that could break a rule between rows, in file order.

    Rule: a group whose rows all carry identical values (or a single row) cannot disagree, so only
    assignment numbers used twice, and people and posts on several rows whose values differ or
    (people) whose FTE adds up to more than 1.5, are compared one row at a time.
    """
    needed = [
        "row",
        "org_key",
        "asg_v",
        "emp_v",
        "pos_v",
        "dob_v",
        "first_v",
        "last_v",
        "fte_v",
        "rep_m",
        "tier_m",
        "stat_m",
        "vote_m",
        *(name for name, _ in _POST_ATTRIBUTES),
    ]
    values = values.select(list(dict.fromkeys(needed)))
    assignments = values.filter(
        pl.col("asg_v").is_not_null() & (pl.len().over("org_key", "asg_v") > 1)
    ).select("row", "org_key", "asg_v")
    people = values.filter(pl.col("emp_v").is_not_null() & (pl.len().over(_PERSON) > 1))
    people_to_compare = (
        people.group_by(_PERSON)
        .agg(
            (
                (pl.col("dob_v").drop_nulls().n_unique() > 1)
                | (pl.col("first_v").filter(pl.col("first_v") != "").n_unique() > 1)
                | (pl.col("last_v").filter(pl.col("last_v") != "").n_unique() > 1)
                | (pl.col("fte_v").sum() > int(MAX_FTE * FTE_SCALE))
            ).alias("differs")
        )
        .filter(pl.col("differs"))
        .select(_PERSON)
    )
    people = people.join(people_to_compare, on=_PERSON, how="semi", maintain_order="left")
    posts = values.filter(pl.col("pos_v").is_not_null() & (pl.len().over(_POST) > 1))
    posts_to_compare = (
        posts.group_by(_POST)
        .agg(
            pl.any_horizontal(
                pl.col(name).filter(ok).n_unique() > 1 for name, ok in _POST_ATTRIBUTES
            ).alias("differs")
        )
        .filter(pl.col("differs"))
        .select(_POST)
    )
    posts = posts.join(posts_to_compare, on=_POST, how="semi", maintain_order="left")

    events: list[tuple[int, int, tuple[Any, ...]]] = []
    events += [(row, 0, (org, number)) for row, org, number in assignments.iter_rows()]
    for row, org, employee, dob, first, last, fte in people.select(
        "row", "org_key", "emp_v", "dob_v", "first_v", "last_v", "fte_v"
    ).iter_rows():
        events.append(
            (
                row,
                1,
                (
                    (org, employee),
                    dob if dob is not None else BAD,
                    first,
                    last or BAD,
                    fte_decimal(fte) if fte is not None else BAD,
                ),
            )
        )
    for values_ in posts.select(
        pl.col("row"),
        pl.col("org_key"),
        pl.col("pos_v"),
        *(ok.fill_null(False).alias(f"{name}_ok") for name, ok in _POST_ATTRIBUTES),
        *(pl.col(name) for name, _ in _POST_ATTRIBUTES),
    ).iter_rows():
        row, org, position = values_[:3]
        width = len(_POST_ATTRIBUTES)
        ok = values_[3 : 3 + width]
        title, unit, reports_to, occupation, role, band, tier, statutory, voting = values_[
            3 + width :
        ]
        attributes = (
            title,
            tuple(unit.split("/")) if unit is not None else None,
            reports_to,
            occupation,
            role,
            band,
            Tier(tier) if tier is not None else None,
            statutory,
            voting,
        )
        events.append(
            (
                row,
                2,
                (
                    (org, position),
                    tuple(
                        value if passed else BAD
                        for value, passed in zip(attributes, ok, strict=True)
                    ),
                ),
            )
        )
    events.sort(key=lambda event: (event[0], event[1]))
    for row, kind, data in events:
        if kind == 0:
            consistency.assignment(row, data)
        elif kind == 1:
            consistency.person(row, *data)
        else:
            consistency.position(row, *data)
    consistency.finish()
    consistency.reporting_lines(
        values.filter(pl.col("pos_v").is_not_null())
        .unique(subset=list(_POST), keep="first", maintain_order=True)
        .select(
            pl.col("org_key").alias("org"),
            pl.col("pos_v").alias("position"),
            pl.col("row"),
            pl.when(pl.col("rep_m").is_null()).then(pl.col("rep_v")).alias("reports_to"),
        )
    )
