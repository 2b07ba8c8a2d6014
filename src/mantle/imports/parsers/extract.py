"""Parse the monthly ESR-style workforce extract (one row per assignment) into typed rows.

Every problem in the file is collected in one pass, each with the row and column the user sees in
their spreadsheet, so a file can be fixed in one go. ``ParseResult.rows`` holds the rows whose own
cells are valid; a file is fit to load only when ``ParseResult.errors`` is empty (a cross-row
problem such as a duplicate assignment number leaves both rows in ``rows`` but fails the file).

The parser is pure: file in, values and problems out. It does not infer tiers or look anything up
in the database; the loader does that with these rows. Column rules: ``extract_columns``;
cross-row rules: ``extract_checks``.

Speed: rows are read in chunks and checked a column at a time. Each distinct cell text is read
once per file (a million rows hold a few thousand distinct dates, bands and unit paths), so the
cost per row is a few dictionary look-ups; a million-row CSV parses in seconds, not minutes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from mantle.imports.parsers.common import Cell, RowError, Table, cell_text, open_table
from mantle.imports.parsers.common import errors_to_csv as errors_to_csv
from mantle.imports.parsers.extract_checks import CrossRowChecks
from mantle.imports.parsers.extract_chunks import Chunk, Warnings, chunks, is_blank_row
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

# Identifiers end up in database columns of this size; saying so here beats a failed load.
MAX_IDENTIFIER_LENGTH = 40
MAX_TEXT_LENGTH = 200
# Ages outside this range are typing slips (a birth year typed as this year), not staff.
MIN_AGE, MAX_AGE = 15, 100
# Warnings are advice, not blockers; past this many of one kind, one summary line counts the rest.
MAX_WARNINGS_PER_KIND = 100
# Rows checked together; bounds memory on very large files.
CHUNK_ROWS = 20_000


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


# Positions of the canonical columns (the order of ``EXTRACT_COLUMNS``).
(
    ORG, EMPLOYEE, ASSIGNMENT, FIRST_NAME, LAST_NAME, BORN, POSITION, TITLE, UNIT, REPORTS_TO,
    OCCUPATION, JOB_ROLE, BAND, FTE, STARTED, TIER, STATUTORY, REG_BODY, REG_NUMBER, REG_STATUS,
    SEX, ETHNIC, DISABILITY,
) = range(23)  # fmt: skip
if EXTRACT_COLUMNS[DISABILITY] != "disability" or len(EXTRACT_COLUMNS) != 23:
    raise ImportError("column positions in extract.py must follow EXTRACT_COLUMNS")
_DATE_COLUMNS = frozenset({BORN, STARTED})  # XLSX date cells reach these readers as dates
_COLUMN_ORDER = {name: index for index, name in enumerate(EXTRACT_COLUMNS)}
_ALLOWED = {spec.name: spec.description for spec in COLUMN_SPECS}
_WARNING_SUMMARIES = {
    "tier_blank": "management tier blank, so it will be inferred",
    "clinician_inferred": "no registration on a professionally qualified clinical occupation "
    "code, so the person will count as a clinician, flagged as inferred",
    "reports_to_missing": "reports to a position that has no row in this file",
}


class _ExtractParser:
    """One pass over one file; holds the caches and the cross-row memory for that pass."""

    def __init__(self, *, as_of: date, expected_org: str | None, known: frozenset[str] | None):
        self.as_of = as_of
        self.expected_org = expected_org
        self.known = known
        self.errors: list[tuple[int, int, RowError]] = []
        self.warnings = Warnings(limit=MAX_WARNINGS_PER_KIND, summaries=_WARNING_SUMMARIES)
        self.header_of: dict[str, str] = {}
        self.positions: list[int] = []
        # Per column, what each distinct cell reads as: a million rows, a few thousand values.
        self.values: list[dict[Cell, Any]] = [{} for _ in EXTRACT_COLUMNS]
        self.problems: list[dict[Cell, Problem]] = [{} for _ in EXTRACT_COLUMNS]
        self.collapsed: dict[str, str] = {}
        self.clinical_codes: dict[str, bool] = {}
        self.checks = CrossRowChecks(report=self._report, warn=self._warn)
        self.readers: dict[int, Callable[[Any], Reading[Any]]] = {
            ORG: self._read_org,
            BORN: self._read_birth,
            UNIT: read_unit_path,
            OCCUPATION: self._read_occupation,
            BAND: read_pay_band,
            FTE: read_fte,
            STARTED: self._read_start,
            TIER: read_tier,
            STATUTORY: read_yes_no,
            REG_BODY: read_regulator,
            REG_STATUS: read_registration_status,
            SEX: read_sex,
            ETHNIC: read_ethnic_category,
            DISABILITY: read_disability,
        }

    # -- problems -----------------------------------------------------------------------------

    def _report(self, row: int, column: str, value: str, problem: Problem) -> None:
        header = self.header_of.get(column, column)
        error = RowError(row, header, value, problem.message, problem.allowed)
        self.errors.append((row, _COLUMN_ORDER.get(column, -1), error))

    def _warn(self, kind: str, row: int, column: str, value: str, message: str) -> None:
        header = self.header_of.get(column, column)
        self.warnings.add(kind, [row], lambda r: RowError(r, header, value, message))

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
        missing = [name for name in REQUIRED_COLUMNS if name not in self.header_of]
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
        for block in chunks(self._data_rows(table, width), CHUNK_ROWS):
            data_rows += len(block)
            chunk = Chunk(
                block, width=width, positions=self.positions, all_text=table.kind == "csv"
            )
            result.rows.extend(self._chunk(chunk))
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

    def _data_rows(self, table: Table, width: int) -> Iterator[tuple[int, list[Cell]]]:
        all_text = table.kind == "csv"
        for row, cells in table.rows:
            if is_blank_row(cells, all_text=all_text):
                continue  # blank rows are how spreadsheets end; they are not data
            if len(cells) > width and not is_blank_row(cells[width:], all_text=all_text):
                self._report(
                    row,
                    "",
                    "",
                    Problem(
                        f"the row has {len(cells)} values but the header has {width} columns",
                        "one value per header column; quote values that contain commas",
                    ),
                )
            yield row, cells

    def _finish(self, result: ParseResult) -> ParseResult:
        self.errors.sort(key=lambda item: (item[0], item[1]))
        result.errors = [error for _, _, error in self.errors]
        result.warnings = self.warnings.finish()
        return result

    def _resolve_columns(self, header: list[str]) -> None:
        index: dict[str, int] = {}
        unknown: list[str] = []
        for position, name in enumerate(header):
            if not name:
                continue
            canonical = resolve_header(name)
            if canonical is None:
                unknown.append(name)
            elif canonical in index:
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
                index[canonical] = position
                self.header_of[canonical] = name
        self.positions = [index.get(name, -1) for name in EXTRACT_COLUMNS]
        if unknown:
            self._warn(
                "columns",
                1,
                "",
                ", ".join(unknown),
                "not an extract column, so ignored: " + ", ".join(map(repr, unknown)),
            )

    def _warn_absent_columns(self) -> None:
        if self.positions[TIER] < 0:
            self._warn(
                "columns",
                1,
                "management_tier",
                "",
                "no management_tier column: every post's tier will be inferred",
            )
        if all(self.positions[column] < 0 for column in (REG_BODY, REG_NUMBER, REG_STATUS)):
            self._warn(
                "columns",
                1,
                "registration_body",
                "",
                "no registration columns: clinicians will be inferred from occupation codes",
            )

    # -- a chunk, a column at a time ----------------------------------------------------------

    def _text(
        self,
        chunk: Chunk,
        column: int,
        *,
        required: bool,
        limit: int = MAX_TEXT_LENGTH,
        spaces: bool = False,
    ) -> list[str]:
        """A text column; ``spaces`` collapses runs of white space (names, titles, roles)."""
        values = chunk.texts(column)
        if spaces:
            collapsed = self.collapsed
            for value in set(values).difference(collapsed):
                collapsed[value] = " ".join(value.split())
            values = list(map(collapsed.__getitem__, values))
        # Look for problems with C-level passes first; walk the rows only when there are some.
        blank = required and "" in values
        too_long = max(map(len, values), default=0) > limit
        if blank or too_long:
            name = EXTRACT_COLUMNS[column]
            for i, value in enumerate(values):
                if not value and required:
                    self._blank(chunk, i, column)
                elif len(value) > limit:
                    chunk.bad.add(i)
                    self._report(
                        chunk.numbers[i],
                        name,
                        value,
                        Problem(
                            f"{len(value)} characters is too long", f"at most {limit} characters"
                        ),
                    )
        return values

    def _typed(self, chunk: Chunk, column: int, *, required: bool) -> list[Any]:
        """A typed column: each distinct cell read once; problems reported on every row."""
        cells = chunk.cells(column)
        values, problems = self.values[column], self.problems[column]
        reader = self.readers[column]
        for cell in set(cells).difference(values):
            if cell == "":
                reading: Reading[Any] = Reading(None)
            elif isinstance(cell, str) or column in _DATE_COLUMNS:
                reading = reader(cell)
            else:
                reading = reader(cell_text(cell))
            values[cell] = reading.value
            if reading.problem is not None:
                problems[cell] = reading.problem
        if (problems and not problems.keys().isdisjoint(cells)) or (required and "" in cells):
            name = EXTRACT_COLUMNS[column]
            for i, cell in enumerate(cells):
                problem = problems.get(cell)
                if problem is not None:
                    chunk.bad.add(i)
                    self._report(chunk.numbers[i], name, cell_text(cell), problem)
                elif required and cell == "":
                    self._blank(chunk, i, column)
        return list(map(values.__getitem__, cells))

    def _blank(self, chunk: Chunk, i: int, column: int) -> None:
        chunk.bad.add(i)
        name = EXTRACT_COLUMNS[column]
        header = self.header_of.get(name, name)
        self._report(chunk.numbers[i], name, "", Problem(f"{header} is blank", _ALLOWED[name]))

    def _chunk(self, chunk: Chunk) -> list[ExtractRow]:
        text, typed = self._text, self._typed
        org = typed(chunk, ORG, required=True)
        employee = text(chunk, EMPLOYEE, required=True, limit=MAX_IDENTIFIER_LENGTH)
        assignment = text(chunk, ASSIGNMENT, required=True, limit=MAX_IDENTIFIER_LENGTH)
        first_name = text(chunk, FIRST_NAME, required=False, spaces=True)
        last_name = text(chunk, LAST_NAME, required=True, spaces=True)
        born = typed(chunk, BORN, required=True)
        position = text(chunk, POSITION, required=True, limit=MAX_IDENTIFIER_LENGTH)
        title = text(chunk, TITLE, required=True, spaces=True)
        unit_path = typed(chunk, UNIT, required=True)
        reports_to = [
            value or None
            for value in text(chunk, REPORTS_TO, required=False, limit=MAX_IDENTIFIER_LENGTH)
        ]
        occupation = typed(chunk, OCCUPATION, required=True)
        job_role = text(chunk, JOB_ROLE, required=False, spaces=True)
        band = typed(chunk, BAND, required=True)
        fte = typed(chunk, FTE, required=True)
        started = typed(chunk, STARTED, required=True)
        tier = typed(chunk, TIER, required=False)
        statutory = typed(chunk, STATUTORY, required=False)
        registration = self._registrations(chunk)
        sex = typed(chunk, SEX, required=False)
        ethnic = typed(chunk, ETHNIC, required=False)
        disability = typed(chunk, DISABILITY, required=False)

        # Cross-row checks take whatever each row has, so one bad cell does not hide a duplicate
        # or a conflict elsewhere in the file. An unreadable org code is compared as written.
        orgs = [value or raw.upper() for value, raw in zip(org, chunk.texts(ORG), strict=True)]
        self._cross_row(
            chunk,
            orgs,
            employee,
            assignment,
            first_name,
            last_name,
            born,
            fte,
            position,
            title,
            unit_path,
            occupation,
            band,
            tier,
            reports_to,
        )
        self._advise(chunk, occupation, registration)

        built = map(
            ExtractRow,
            chunk.numbers,
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
        if not chunk.bad:
            return list(built)
        return [row for i, row in enumerate(built) if i not in chunk.bad]

    # -- readers that need this parse's settings ----------------------------------------------

    def _read_org(self, text: str) -> Reading[str]:
        reading = read_ods_code(text)
        org = reading.value
        if org is not None and self.expected_org is not None and org != self.expected_org:
            return Reading(
                None,
                Problem(
                    f"this row is for {org}, but the import is for {self.expected_org}",
                    self.expected_org,
                ),
            )
        return reading

    def _read_occupation(self, text: str) -> Reading[str]:
        return read_occupation_code(text, self.known)

    def _read_birth(self, cell: Cell) -> Reading[date]:
        reading = read_date(cell)
        born = reading.value
        if born is None:
            return reading
        before_birthday = (self.as_of.month, self.as_of.day) < (born.month, born.day)
        age = self.as_of.year - born.year - before_birthday
        if born > self.as_of:
            message = f"the date of birth is after the snapshot date {self.as_of.isoformat()}"
        elif not MIN_AGE <= age <= MAX_AGE:
            message = f"the date of birth gives an age of {age} on the snapshot date"
        else:
            return reading
        allowed = f"an age between {MIN_AGE} and {MAX_AGE} on {self.as_of.isoformat()}"
        return Reading(None, Problem(message, allowed))

    def _read_start(self, cell: Cell) -> Reading[date]:
        reading = read_date(cell)
        if reading.value is not None and reading.value > self.as_of:
            return Reading(
                None,
                Problem(
                    f"the assignment starts after the snapshot date {self.as_of.isoformat()}",
                    f"a date on or before {self.as_of.isoformat()}",
                ),
            )
        return reading

    # -- registration, cross-row checks, advice -----------------------------------------------

    def _registrations(self, chunk: Chunk) -> list[Registration | None]:
        """Registration body, number and status come together or not at all."""
        given_rows = zip(
            chunk.texts(REG_BODY), chunk.texts(REG_NUMBER), chunk.texts(REG_STATUS), strict=True
        )
        out: list[Registration | None] = [None] * len(chunk)
        for i, given in enumerate(given_rows):
            if any(given):
                out[i] = self._registration(chunk, i, given)
        return out

    def _registration(
        self, chunk: Chunk, i: int, given: tuple[str, str, str]
    ) -> Registration | None:
        row = chunk.numbers[i]
        if not all(given):
            present = [
                name for name, value in zip(REGISTRATION_COLUMNS, given, strict=True) if value
            ]
            verb = "is" if len(present) == 1 else "are"
            for name, value in zip(REGISTRATION_COLUMNS, given, strict=True):
                if not value:
                    self._report(
                        row,
                        name,
                        "",
                        Problem(
                            f"{name} is blank but {' and '.join(present)} {verb} given",
                            "registration body, number and status together, or none of them",
                        ),
                    )
            chunk.bad.add(i)
            return None
        body_text, number, status_text = given
        body = self._cached(REG_BODY, body_text)
        status = self._cached(REG_STATUS, status_text)
        for column, shown in ((REG_BODY, body_text), (REG_STATUS, status_text)):
            problem = self.problems[column].get(shown)
            if problem is not None:
                self._report(row, EXTRACT_COLUMNS[column], shown, problem)
        if body is None or status is None:
            chunk.bad.add(i)
            return None
        problem_text = registration_number_error(body=body, number=number)
        if problem_text is not None:
            chunk.bad.add(i)
            self._report(
                row,
                "registration_number",
                number,
                Problem(problem_text, f"a {body.value} registration number"),
            )
            return None
        return Registration(body, normalise_registration_number(body=body, number=number), status)

    def _cached(self, column: int, text: str) -> Any:
        values = self.values[column]
        if text not in values:
            reading = self.readers[column](text)
            values[text] = reading.value
            if reading.problem is not None:
                self.problems[column][text] = reading.problem
        return values[text]

    def _cross_row(
        self,
        chunk: Chunk,
        orgs: list[str],
        employees: list[str],
        assignments: list[str],
        first_names: list[str],
        last_names: list[str],
        borns: list[date | None],
        ftes: list[Decimal | None],
        positions: list[str],
        titles: list[str],
        units: list[tuple[str, ...] | None],
        occupations: list[str | None],
        bands: list[str | None],
        tiers: list[Tier | None],
        reports_to: list[str | None],
    ) -> None:
        checks = self.checks
        numbers = chunk.numbers
        for row, org, assignment in zip(numbers, orgs, assignments, strict=True):
            if assignment:
                checks.assignment(row=row, org=org, assignment=assignment)
        for row, org, employee, born, first, last, fte in zip(
            numbers, orgs, employees, borns, first_names, last_names, ftes, strict=True
        ):
            if employee:
                checks.person(
                    row=row, org=org, employee=employee, born=born, names=(first, last), fte=fte
                )
        # Posts are compared on readings where a cell was valid and on its text where it was
        # not, so a conflict is still found on a row that has another mistake.
        shown_units, shown_codes = chunk.texts(UNIT), chunk.texts(OCCUPATION)
        shown_bands, shown_tiers = chunk.texts(BAND), chunk.texts(TIER)
        for i, (row, org, position) in enumerate(zip(numbers, orgs, positions, strict=True)):
            if not position:
                continue
            unit, tier, reports = units[i], tiers[i], reports_to[i]
            definition = (
                titles[i].casefold(),
                "/".join(unit).casefold() if unit else shown_units[i].casefold(),
                occupations[i] or shown_codes[i].upper(),
                bands[i] or shown_bands[i].casefold(),
                tier.value if tier else shown_tiers[i].casefold(),
                reports,
            )
            shown = (
                titles[i],
                shown_units[i],
                shown_codes[i],
                shown_bands[i],
                shown_tiers[i],
                reports or "",
            )
            checks.post(row=row, org=org, position=position, definition=definition, shown=shown)

    def _advise(
        self, chunk: Chunk, occupations: list[str | None], registrations: list[Registration | None]
    ) -> None:
        if self.positions[TIER] >= 0:
            header = self.header_of["management_tier"]
            blank = [
                row
                for row, cell in zip(chunk.numbers, chunk.cells(TIER), strict=True)
                if cell == ""
            ]
            self.warnings.add(
                "tier_blank",
                blank,
                lambda row: RowError(
                    row,
                    header,
                    "",
                    "management tier is blank: it will be inferred from job role, "
                    "title, occupation code and band",
                ),
            )
        any_given = map(
            any,
            zip(
                chunk.texts(REG_BODY), chunk.texts(REG_NUMBER), chunk.texts(REG_STATUS), strict=True
            ),
        )
        inferred: list[int] = []
        codes: dict[int, str] = {}
        for row, occupation, registration, given in zip(
            chunk.numbers, occupations, registrations, any_given, strict=True
        ):
            # A registration that was given but is wrong is already an error.
            if occupation is None or registration is not None or given:
                continue
            if self._clinical(occupation):
                inferred.append(row)
                codes[row] = occupation
        header = self.header_of.get("registration_number", "registration_number")
        self.warnings.add(
            "clinician_inferred",
            inferred,
            lambda row: RowError(
                row,
                header,
                "",
                f"no registration recorded for occupation code {codes[row]} "
                "(professionally qualified clinical staff): the person will count as a clinician, "
                "flagged as inferred",
            ),
        )

    def _clinical(self, occupation: str) -> bool:
        clinical = self.clinical_codes.get(occupation)
        if clinical is None:
            occupation_class = classify_occupation_code(occupation)
            clinical = bool(occupation_class and occupation_class.professionally_qualified_clinical)
            self.clinical_codes[occupation] = clinical
        return clinical
