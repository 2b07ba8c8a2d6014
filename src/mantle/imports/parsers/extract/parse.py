"""``parse_extract``: read the file, map its header, run the row and cross-row checks."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import BinaryIO

from mantle.imports.parsers.common import RowError, is_blank, iter_rows
from mantle.imports.parsers.extract.checker import RowChecker
from mantle.imports.parsers.extract.columns import (
    EXTRACT_COLUMNS,
    REGISTRATION_COLUMNS,
    REQUIRED_COLUMNS,
    canonical_column,
)
from mantle.imports.parsers.extract.records import ParseResult
from mantle.workforce.rules.ods import normalise_ods_code


def map_header(
    header: list[str],
) -> tuple[dict[str, int], dict[str, str], list[RowError], list[RowError]]:
    """Map header cells to canonical columns: (index by column, header by column, errors, warnings).

    Rule: names are matched ignoring case, spaces, underscores and hyphens, against the canonical
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


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file is parsed.

    Parsing allocates millions of small tuples that never form cycles; with the collector running,
    its repeated sweeps of that growing heap cost almost half the time on a million-row file.
    Reference counting still frees everything as usual; the collector resumes afterwards (only if
    it was running before, so nested or concurrent parses cannot switch it on early).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_extract(
    *,
    source: BinaryIO | Path,
    filename: str,
    as_of: date,
    org_code: str | None = None,
    known_occupation_codes: frozenset[str] | None = None,
) -> ParseResult:
    """Parse and check a workforce extract; never raises for bad content.

    Rule: the column table of ``columns`` and the checks listed in the package docstring, all
    collected in one pass. ``as_of`` is the extract (snapshot) date; ``org_code``, when given, is
    the only organisation rows may belong to; ``known_occupation_codes``, when given, is the code
    list the organisation has loaded (other codes are errors). A header problem (missing required
    column, duplicate column) stops the check at row 1.
    Raises ParseError only when the file is not readable CSV or XLSX.
    """
    with _collector_paused():
        return _parse(
            source=source,
            filename=filename,
            as_of=as_of,
            org_code=org_code,
            known_occupation_codes=known_occupation_codes,
        )


def _parse(
    *,
    source: BinaryIO | Path,
    filename: str,
    as_of: date,
    org_code: str | None,
    known_occupation_codes: frozenset[str] | None,
) -> ParseResult:
    reader = iter_rows(source=source, filename=filename)
    header = next(reader, None)
    if header is not None and is_blank(header):
        # A file of blank lines is empty; a blank row above the header is a layout problem.
        if all(is_blank(cells) for cells in reader):
            header = None
        else:
            return ParseResult(
                errors=[
                    RowError(
                        1,
                        "",
                        "",
                        "row 1 is blank: the header must be the first row",
                        "the header row first, then one row per assignment",
                    )
                ]
            )
    if header is None:
        return ParseResult(
            errors=[RowError(1, "", "", f"{filename} is empty", "a header row and data rows")]
        )
    columns, headers, header_errors, header_warnings = map_header(header)
    seen = tuple(cell.strip().strip("\ufeff") for cell in header)
    if header_errors:
        return ParseResult(
            errors=header_errors,
            warnings=header_warnings,
            columns=seen,
            column_map=headers,
        )
    checker = RowChecker(
        columns=columns,
        headers=headers,
        width=len(header),
        as_of=as_of,
        org_code=normalise_ods_code(org_code) if org_code else None,
        known_occupation_codes=(
            frozenset(code.strip().upper() for code in known_occupation_codes)
            if known_occupation_codes is not None
            else None
        ),
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
    check_row = checker.check_row
    for row_number, cells in enumerate(reader, start=2):
        if not is_blank(cells):
            check_row(row_number, cells)
    consistency = checker.consistency
    consistency.finish()
    errors = checker.errors + consistency.errors
    if checker.data_rows == 0:
        errors.append(
            RowError(
                2,
                "",
                "",
                "the file has a header but no data rows",
                "one row per assignment",
            )
        )
    warning_counts: dict[str, int] = {}
    for warning in warnings:
        kind = f"{warning.column}: {warning.message}"
        warning_counts[kind] = warning_counts.get(kind, 0) + 1
    for part in (checker.warnings, consistency.warnings):
        for kind, count in part.counts.items():
            warning_counts[kind] = warning_counts.get(kind, 0) + count
    warnings += list(checker.warnings) + list(consistency.warnings)
    # Report in spreadsheet order: by row, then by the column's place in the file.
    place = {name: index for index, name in enumerate(seen)}
    errors.sort(key=lambda error: (error.row, place.get(error.column, -1)))
    warnings.sort(key=lambda warning: (warning.row, place.get(warning.column, -1)))
    rows = checker.rows
    if consistency.errors:
        bad_rows = {error.row for error in consistency.errors}
        rows = [row for row in rows if row.row not in bad_rows]
    return ParseResult(
        rows=rows,
        errors=errors,
        warnings=warnings,
        columns=seen,
        column_map=headers,
        warning_counts=warning_counts,
    )
