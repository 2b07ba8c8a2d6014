"""Parse the monthly ESR-style workforce extract (one row per assignment) into typed rows.

Every problem in the file is collected in one pass, each with the row and column the user sees in
their spreadsheet, so a file can be fixed in one go. ``ParseResult.rows`` holds the rows whose own
cells are valid; a file is fit to load only when ``ParseResult.errors`` is empty (a cross-row
problem such as a duplicate assignment number leaves both rows in ``rows`` but fails the file).

The parser is pure: file in, values and problems out. It does not infer tiers or look anything up
in the database; the loader does that with these rows. Column rules: ``extract_columns``;
cross-row rules: ``extract_checks``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, TypeVar, cast

from mantle.imports.parsers.common import Cell, RowError, Table, cell_text, open_table
from mantle.imports.parsers.common import errors_to_csv as errors_to_csv
from mantle.imports.parsers.extract_checks import POST_COLUMNS, CrossRowChecks, fold
from mantle.imports.parsers.extract_columns import (
    COLUMN_SPECS,
    EXTRACT_COLUMNS,
    REGISTRATION_COLUMNS,
    REQUIRED_COLUMNS,
    Problem,
    Reading,
    RegistrationStatus,
    read_date,
    read_disability,
    read_ethnic_category,
    read_fte,
    read_occupation_code,
    read_ods_code,
    read_pay_band,
    read_registration_status,
    read_regulator,
    read_sex,
    read_tier,
    read_unit_path,
    read_yes_no,
    resolve_header,
)
from mantle.workforce.rules.occupation import classify_occupation_code
from mantle.workforce.rules.ods import normalise_ods_code
from mantle.workforce.rules.registration import (
    Regulator,
    normalise_registration_number,
    registration_number_error,
)
from mantle.workforce.rules.tiers import Tier

__all__ = [
    "EXTRACT_COLUMNS",
    "MAX_WARNINGS_PER_KIND",
    "ExtractRow",
    "ParseResult",
    "Registration",
    "errors_to_csv",
    "parse_extract",
    "template_csv",
]

T = TypeVar("T")

# Identifiers end up in database columns of this size; saying so here beats a failed load.
MAX_IDENTIFIER_LENGTH = 40
MAX_TEXT_LENGTH = 200
# Ages outside this range are typing slips (a birth year typed as this year), not staff.
MIN_AGE, MAX_AGE = 15, 100
# Warnings are advice, not blockers; past this many of one kind, one summary line counts the rest.
MAX_WARNINGS_PER_KIND = 100


class Registration(NamedTuple):
    """A person's registration with a UK healthcare regulator, as the extract states it."""

    body: Regulator
    number: str
    status: RegistrationStatus


class ExtractRow(NamedTuple):
    """One assignment row, every value typed and normalised; ``row_number`` is the file row."""

    row_number: int
    org_code: str
    employee_number: str
    assignment_number: str
    first_name: str
    last_name: str
    date_of_birth: date
    position_number: str
    position_title: str
    unit_path: tuple[str, ...]
    reports_to_position_number: str | None
    occupation_code: str
    job_role: str
    pay_band: str
    assignment_fte: Decimal
    assignment_start_date: date
    management_tier: Tier | None
    statutory_clinical_role: bool | None
    registration: Registration | None
    sex: str | None
    ethnic_category: str | None
    disability: str | None


@dataclass
class ParseResult:
    """What came out of a workforce extract.

    ``columns`` lists the headers as written in the file; ``column_map`` maps each recognised
    canonical column to its header there.
    """

    rows: list[ExtractRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    column_map: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the file can be loaded: no errors at all."""
        return not self.errors


def parse_extract(
    *,
    source: BinaryIO | Path,
    filename: str,
    as_of: date,
    org_code: str | None = None,
    known_occupation_codes: frozenset[str] | None = None,
) -> ParseResult:
    """Parse a workforce extract (CSV UTF-8 or XLSX) as at the snapshot date ``as_of``.

    Rule: every cell is checked against its column's rule (``COLUMN_SPECS``) and the file as a
    whole against the cross-row rules (``extract_checks``); when ``org_code`` is given every row
    must be for that organisation, and when ``known_occupation_codes`` is given every occupation
    code must be in it. All problems are reported in one pass. Raises ParseError only when the
    file cannot be read as CSV or XLSX.
    """
    known = None
    if known_occupation_codes is not None:
        known = frozenset(code.strip().upper() for code in known_occupation_codes)
    expected_org = normalise_ods_code(org_code) if org_code else None
    with open_table(source=source, filename=filename) as table:
        return _ExtractParser(as_of=as_of, expected_org=expected_org, known=known).run(table)


def template_csv() -> str:
    """The downloadable template: the canonical header and one example row.

    Rule: the template is generated from ``COLUMN_SPECS``, so it cannot drift from the parser.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXTRACT_COLUMNS)
    writer.writerow(spec.example for spec in COLUMN_SPECS)
    return buffer.getvalue()


_COLUMN_ORDER = {name: index for index, name in enumerate(EXTRACT_COLUMNS)}
_ALLOWED = {spec.name: spec.description for spec in COLUMN_SPECS}
_WARNING_SUMMARIES = {
    "tier_blank": "management tier blank, so it will be inferred",
    "clinician_inferred": "no registration on a professionally qualified clinical occupation "
    "code, so the person will count as a clinician, flagged as inferred",
    "reports_to_missing": "reports to a position that has no row in this file",
}


def _has_value(cell: Cell) -> bool:
    return not isinstance(cell, str) or bool(cell.strip())


class _Warnings:
    """Per-row warnings, capped per kind, with one line counting the rest."""

    def __init__(self) -> None:
        self.items: list[RowError] = []
        self._counts: dict[str, int] = {}
        self._first_unshown: dict[str, int] = {}

    def add(self, kind: str, warning: RowError) -> None:
        count = self._counts.get(kind, 0) + 1
        self._counts[kind] = count
        if count <= MAX_WARNINGS_PER_KIND:
            self.items.append(warning)
        elif count == MAX_WARNINGS_PER_KIND + 1:
            self._first_unshown[kind] = warning.row

    def finish(self) -> list[RowError]:
        for kind, first_row in self._first_unshown.items():
            more = self._counts[kind] - MAX_WARNINGS_PER_KIND
            summary = _WARNING_SUMMARIES.get(kind, kind)
            self.items.append(
                RowError(
                    first_row, "", "", f"and {more:,} more rows from row {first_row}: {summary}"
                )
            )
        return sorted(self.items, key=lambda warning: warning.row)


class _ExtractParser:
    """One pass over one file; holds the caches and the cross-row memory for that pass."""

    def __init__(self, *, as_of: date, expected_org: str | None, known: frozenset[str] | None):
        self.as_of = as_of
        self.expected_org = expected_org
        self.known = known
        self.errors: list[tuple[int, int, RowError]] = []
        self.warnings = _Warnings()
        self.header_of: dict[str, str] = {}
        self.index: dict[str, int] = {}
        # Per column, text already read: a million rows hold a few thousand distinct values.
        self.caches: dict[str, dict[Cell, Reading[Any]]] = {}
        self.checks = CrossRowChecks(report=self._report, warn=self._warn)

    # -- problems -----------------------------------------------------------------------------

    def _report(self, row: int, column: str, value: str, problem: Problem) -> None:
        header = self.header_of.get(column, column)
        self.errors.append(
            (row, _COLUMN_ORDER.get(column, -1), RowError(row, header, value, *problem))
        )

    def _warn(self, kind: str, row: int, column: str, value: str, message: str) -> None:
        self.warnings.add(kind, RowError(row, self.header_of.get(column, column), value, message))

    def _blank(self, row: int, column: str) -> None:
        header = self.header_of.get(column, column)
        self._report(row, column, "", Problem(f"{header} is blank", _ALLOWED[column]))

    # -- the file -----------------------------------------------------------------------------

    def run(self, table: Table) -> ParseResult:
        result = ParseResult(columns=list(table.header))
        if not any(table.header):
            self._report(
                1,
                "",
                "",
                Problem(
                    "the file is empty: expected a header row, then one row per assignment",
                    ", ".join(EXTRACT_COLUMNS),
                ),
            )
            return self._finish(result)
        self._resolve_columns(table.header)
        result.column_map = dict(self.header_of)
        missing = [name for name in REQUIRED_COLUMNS if name not in self.index]
        if missing:
            plural = "s are" if len(missing) > 1 else " is"
            self._report(
                1,
                "",
                "",
                Problem(
                    f"required column{plural} missing: {', '.join(missing)}",
                    "the columns of the Mantle template (headers may use spaces and capitals)",
                ),
            )
            return self._finish(result)
        self._warn_absent_columns()
        width = len(table.header)
        data_rows = 0
        for row, cells in table.rows:
            if not any(map(_has_value, cells)):
                continue  # blank rows are how spreadsheets end; they are not data
            data_rows += 1
            if len(cells) > width and any(map(_has_value, cells[width:])):
                self._report(
                    row,
                    "",
                    "",
                    Problem(
                        f"the row has {len(cells)} values but the header has {width} columns",
                        "one value per header column; quote values that contain commas",
                    ),
                )
            parsed = self._row(row, cells)
            if parsed is not None:
                result.rows.append(parsed)
        if data_rows == 0:
            self._report(
                2,
                "",
                "",
                Problem(
                    "the file has a header but no data rows",
                    "one row per assignment under the header",
                ),
            )
        self.checks.finish()
        return self._finish(result)

    def _finish(self, result: ParseResult) -> ParseResult:
        self.errors.sort(key=lambda item: (item[0], item[1]))
        result.errors = [error for _, _, error in self.errors]
        result.warnings = self.warnings.finish()
        return result

    def _resolve_columns(self, header: list[str]) -> None:
        unknown: list[str] = []
        for position, name in enumerate(header):
            if not name:
                continue
            canonical = resolve_header(name)
            if canonical is None:
                unknown.append(name)
            elif canonical in self.index:
                self._report(
                    1,
                    canonical,
                    name,
                    Problem(
                        f"columns {self.header_of[canonical]!r} and {name!r} both mean {canonical}",
                        "keep one of them",
                    ),
                )
            else:
                self.index[canonical] = position
                self.header_of[canonical] = name
        if unknown:
            self._warn(
                "columns",
                1,
                "",
                ", ".join(unknown),
                "not an extract column, so ignored: " + ", ".join(map(repr, unknown)),
            )

    def _warn_absent_columns(self) -> None:
        if "management_tier" not in self.index:
            self._warn(
                "columns",
                1,
                "management_tier",
                "",
                "no management_tier column: every post's tier will be inferred",
            )
        if not any(name in self.index for name in REGISTRATION_COLUMNS):
            self._warn(
                "columns",
                1,
                "registration_body",
                "",
                "no registration columns: clinicians will be inferred from occupation codes",
            )

    # -- cells --------------------------------------------------------------------------------

    def _cell(self, cells: list[Cell], column: str) -> Cell:
        position = self.index.get(column, -1)
        if position < 0 or position >= len(cells):
            return ""
        value = cells[position]
        return value.strip() if isinstance(value, str) else value

    def _text(
        self,
        row: int,
        cells: list[Cell],
        column: str,
        *,
        required: bool,
        limit: int = MAX_TEXT_LENGTH,
    ) -> str:
        value = cell_text(self._cell(cells, column))
        if not value:
            if required:
                self._blank(row, column)
        elif len(value) > limit:
            self._report(
                row,
                column,
                value,
                Problem(f"{len(value)} characters is too long", f"at most {limit} characters"),
            )
        return value

    def _typed(
        self,
        row: int,
        cells: list[Cell],
        column: str,
        reader: Callable[[Any], Reading[T]],
        *,
        required: bool,
    ) -> T | None:
        value = self._cell(cells, column)
        if value == "":
            if required:
                self._blank(row, column)
            return None
        if not isinstance(value, str) and reader is not read_date:
            value = cell_text(value)
        cache = self.caches.get(column)
        if cache is None:
            cache = self.caches[column] = {}
        reading = cache.get(value)
        if reading is None:
            reading = cache[value] = reader(value)
        if reading.problem is not None:
            self._report(row, column, cell_text(value), reading.problem)
        return cast(T | None, reading.value)

    # -- one row ------------------------------------------------------------------------------

    def _row(self, row: int, cells: list[Cell]) -> ExtractRow | None:
        errors_before = len(self.errors)
        text, typed = self._text, self._typed
        org = typed(row, cells, "org_code", read_ods_code, required=True)
        if org is not None and self.expected_org is not None and org != self.expected_org:
            self._report(
                row,
                "org_code",
                org,
                Problem(
                    f"this row is for {org}, but the import is for {self.expected_org}",
                    self.expected_org,
                ),
            )
        employee = text(row, cells, "employee_number", required=True, limit=MAX_IDENTIFIER_LENGTH)
        assignment = text(
            row, cells, "assignment_number", required=True, limit=MAX_IDENTIFIER_LENGTH
        )
        first_name = " ".join(text(row, cells, "first_name", required=False).split())
        last_name = " ".join(text(row, cells, "last_name", required=True).split())
        born = typed(row, cells, "date_of_birth", read_date, required=True)
        if born is not None:
            self._check_birth(row, born)
        position = text(row, cells, "position_number", required=True, limit=MAX_IDENTIFIER_LENGTH)
        title = " ".join(text(row, cells, "position_title", required=True).split())
        unit_path = typed(row, cells, "unit_path", read_unit_path, required=True)
        reports_to = (
            text(
                row,
                cells,
                "reports_to_position_number",
                required=False,
                limit=MAX_IDENTIFIER_LENGTH,
            )
            or None
        )
        occupation = typed(row, cells, "occupation_code", self._read_occupation, required=True)
        job_role = " ".join(text(row, cells, "job_role", required=False).split())
        band = typed(row, cells, "pay_band", read_pay_band, required=True)
        fte = typed(row, cells, "assignment_fte", read_fte, required=True)
        started = typed(row, cells, "assignment_start_date", read_date, required=True)
        if started is not None and started > self.as_of:
            self._report(
                row,
                "assignment_start_date",
                started.isoformat(),
                Problem(
                    f"the assignment starts after the snapshot date {self.as_of.isoformat()}",
                    f"a date on or before {self.as_of.isoformat()}",
                ),
            )
        tier = typed(row, cells, "management_tier", read_tier, required=False)
        statutory = typed(row, cells, "statutory_clinical_role", read_yes_no, required=False)
        registration = self._registration(row, cells)
        sex = typed(row, cells, "sex", read_sex, required=False)
        ethnic = typed(row, cells, "ethnic_category", read_ethnic_category, required=False)
        disability = typed(row, cells, "disability", read_disability, required=False)

        # Cross-row checks take whatever this row has, so one bad cell does not hide a duplicate
        # or a conflict elsewhere in the file.
        org_key = org or cell_text(self._cell(cells, "org_code")).upper()
        if assignment:
            self.checks.assignment(row=row, org=org_key, assignment=assignment)
        if employee:
            self.checks.person(
                row=row,
                org=org_key,
                employee=employee,
                born=born,
                names=(first_name, last_name),
                fte=fte,
            )
        if position:
            self._check_post(
                row, cells, org_key, position, title, unit_path, occupation, band, tier, reports_to
            )
        self._advise(row, cells, occupation, registration)

        if len(self.errors) != errors_before:
            return None
        if (
            org is None
            or born is None
            or unit_path is None
            or occupation is None
            or band is None
            or fte is None
            or started is None
        ):
            return None  # unreachable: a missing required value was reported above
        return ExtractRow(
            row,
            org,
            employee,
            assignment,
            first_name,
            last_name,
            born,
            position,
            title,
            unit_path,
            reports_to,
            occupation,
            job_role,
            band,
            fte,
            started,
            tier,
            statutory,
            registration,
            sex,
            ethnic,
            disability,
        )

    def _read_occupation(self, text: str) -> Reading[str]:
        return read_occupation_code(text, self.known)

    def _check_birth(self, row: int, born: date) -> None:
        before_birthday = (self.as_of.month, self.as_of.day) < (born.month, born.day)
        age = self.as_of.year - born.year - before_birthday
        if born > self.as_of:
            message = f"the date of birth is after the snapshot date {self.as_of.isoformat()}"
        elif not MIN_AGE <= age <= MAX_AGE:
            message = f"the date of birth gives an age of {age} on the snapshot date"
        else:
            return
        self._report(
            row,
            "date_of_birth",
            born.isoformat(),
            Problem(message, f"an age between {MIN_AGE} and {MAX_AGE} on {self.as_of.isoformat()}"),
        )

    def _registration(self, row: int, cells: list[Cell]) -> Registration | None:
        given = {name: cell_text(self._cell(cells, name)) for name in REGISTRATION_COLUMNS}
        present = [name for name, value in given.items() if value]
        if not present:
            return None
        if len(present) < len(REGISTRATION_COLUMNS):
            verb = "is" if len(present) == 1 else "are"
            for name in REGISTRATION_COLUMNS:
                if not given[name]:
                    self._report(
                        row,
                        name,
                        "",
                        Problem(
                            f"{name} is blank but {' and '.join(present)} {verb} given",
                            "registration body, number and status together, or none of them",
                        ),
                    )
            return None
        body = self._typed(row, cells, "registration_body", read_regulator, required=True)
        status = self._typed(
            row, cells, "registration_status", read_registration_status, required=True
        )
        if body is None or status is None:
            return None
        number = given["registration_number"]
        problem = registration_number_error(body=body, number=number)
        if problem is not None:
            self._report(
                row,
                "registration_number",
                number,
                Problem(problem, f"a {body.value} registration number"),
            )
            return None
        return Registration(body, normalise_registration_number(body=body, number=number), status)

    def _check_post(
        self,
        row: int,
        cells: list[Cell],
        org: str,
        position: str,
        title: str,
        unit_path: tuple[str, ...] | None,
        occupation: str | None,
        band: str | None,
        tier: Tier | None,
        reports_to: str | None,
    ) -> None:
        # Compare readings where a cell was valid and its text where it was not, so a conflict
        # is still found on a row that has another mistake.
        shown = tuple(cell_text(self._cell(cells, name)) for name in POST_COLUMNS)
        definition: tuple[Hashable, ...] = (
            fold(title),
            tuple(fold(part) for part in unit_path) if unit_path else fold(shown[1]),
            occupation or shown[2].upper(),
            band or fold(shown[3]),
            tier.value if tier else fold(shown[4]),
            reports_to,
        )
        self.checks.post(row=row, org=org, position=position, definition=definition, shown=shown)

    def _advise(
        self, row: int, cells: list[Cell], occupation: str | None, registration: Registration | None
    ) -> None:
        if "management_tier" in self.index and not self._cell(cells, "management_tier"):
            self._warn(
                "tier_blank",
                row,
                "management_tier",
                "",
                "management tier is blank: it will be inferred from job role, title, "
                "occupation code and band",
            )
        if registration is not None or occupation is None:
            return
        if any(self._cell(cells, name) for name in REGISTRATION_COLUMNS):
            return  # a registration was given but is wrong: that is already an error
        occupation_class = classify_occupation_code(occupation)
        if occupation_class is not None and occupation_class.professionally_qualified_clinical:
            self._warn(
                "clinician_inferred",
                row,
                "registration_number",
                "",
                f"no registration recorded for occupation code {occupation} "
                "(professionally qualified clinical staff): the person will count as a "
                "clinician, flagged as inferred",
            )
