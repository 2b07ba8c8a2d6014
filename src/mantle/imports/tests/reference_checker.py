"""The row-at-a-time extract checker as it was before the column-wise rewrite (issue 12).

Kept for one release as the reference the new checker is compared with (``test_checker_equivalence``):
a verbatim copy of ``parsers/extract/checker.py``, ``consistency.py`` and ``parse.py`` at the
commit before the rewrite, joined into one module. Since then it has learnt only the optional
``voting`` column (issue 13), checked like the statutory flag. Do not change its behaviour
otherwise; delete it (and the equivalence test) once the column-wise checker has been in use for a release.
"""

# ruff: noqa
# mypy: ignore-errors

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO, Final

from mantle.imports.parsers.common import DATE_FORMATS, RowError, is_blank, iter_rows, parse_date
from mantle.imports.parsers.extract.cells import (
    DISABILITY_CODES,
    MAX_FTE,
    MAX_IDENTIFIER_LENGTH,
    PLAUSIBLE_AGE,
    REGISTRATION_STATUSES,
    SEX_CODES,
    YES_NO,
    check_fte,
    check_identifier,
    check_unit_path,
    ethnic_code,
    show,
    tidy_text,
)
from mantle.imports.parsers.extract.columns import (
    DISABILITY_FORMAT,
    ETHNIC_FORMAT,
    EXTRACT_COLUMNS,
    FTE_FORMAT,
    IDENTIFIER_FORMAT,
    OCCUPATION_FORMAT,
    REGISTRATION_COLUMNS,
    REGISTRATION_STATUS_FORMAT,
    REQUIRED_COLUMNS,
    SEX_FORMAT,
    SPECS_BY_NAME,
    TIER_FORMAT,
    YES_NO_FORMAT,
    canonical_column,
)
from mantle.imports.parsers.extract.records import (
    CappedWarnings,
    ExtractRow,
    ParseResult,
    Registration,
    RegistrationStatus,
)
from mantle.workforce.rules.bands import normalise_pay_band, pay_band_error
from mantle.workforce.rules.occupation import classify_occupation_code
from mantle.workforce.rules.ods import ODS_FORMAT, normalise_ods_code, ods_code_error
from mantle.workforce.rules.registration import (
    FORMATS,
    Regulator,
    parse_regulator,
    registration_format,
    registration_number_error,
)
from mantle.workforce.rules.tiers import Tier, parse_tier


BAD: Final = object()

# Post attributes that every row of one position must agree on, in report order.
POSITION_ATTRIBUTES: tuple[str, ...] = (
    "position_title",
    "unit_path",
    "reports_to_position_number",
    "occupation_code",
    "job_role",
    "pay_band",
    "management_tier",
    "statutory_clinical_role",
    "voting",
)

Key = tuple[str, str]  # (organisation code, number)


class Consistency:
    """Remembers what each assignment, person and post looked like, and reports disagreements."""

    def __init__(self, *, headers: Mapping[str, str]) -> None:
        self.headers = headers
        self.errors: list[RowError] = []
        self.warnings: CappedWarnings = CappedWarnings()
        self._assignments: dict[Key, int] = {}
        self._duplicates: dict[Key, list[int]] = {}
        # person -> [first row, dob, first name key, last name key, total FTE, [(row, FTE)] | None]
        self._people: dict[Key, list[object]] = {}
        # post -> (first row, *POSITION_ATTRIBUTES values)
        self._positions: dict[Key, tuple[object, ...]] = {}

    def _error(self, row: int, column: str, value: str, message: str, allowed: str) -> None:
        self.errors.append(RowError(row, self.headers.get(column, column), value, message, allowed))

    def assignment(self, row: int, key: Key) -> None:
        """Rule: an assignment number appears once per organisation."""
        first = self._assignments.setdefault(key, row)
        if first != row:
            self._duplicates.setdefault(key, [first]).append(row)

    def person(
        self,
        row: int,
        key: Key,
        date_of_birth: object,
        first_name: str,
        last_name: object,
        fte: object,
    ) -> None:
        """Rule: one employee number is one person (same date of birth and names on every row)."""
        first_key = first_name.casefold() if first_name else None
        last_key = last_name.casefold() if isinstance(last_name, str) else BAD
        record = self._people.get(key)
        if record is None:
            self._people[key] = [row, date_of_birth, first_key, last_key, fte, None]
            return
        first_row, known_dob, known_first, known_last, total, entries = record
        employee = key[1]
        if date_of_birth is not BAD and known_dob is not BAD and date_of_birth != known_dob:
            assert isinstance(date_of_birth, date)
            assert isinstance(known_dob, date)
            self._error(
                row,
                "date_of_birth",
                date_of_birth.isoformat(),
                f"employee {employee} has date of birth {known_dob} on row {first_row} but "
                f"{date_of_birth} here; one employee number is one person",
                "the same date of birth on every row of an employee",
            )
        if last_key is not BAD and known_last is not BAD and last_key != known_last:
            self._error(
                row,
                "last_name",
                show(last_name),
                f"employee {employee} has a different last name on row {first_row}; one "
                "employee number is one person",
                "the same name on every row of an employee",
            )
        if first_key and known_first and first_key != known_first:
            self._error(
                row,
                "first_name",
                show(first_name),
                f"employee {employee} has a different first name on row {first_row}; one "
                "employee number is one person",
                "the same name on every row of an employee",
            )
        if not isinstance(fte, Decimal) or not isinstance(total, Decimal):
            record[4] = BAD  # one unreadable FTE makes the total unknowable
            return
        if entries is None:
            record[5] = [(first_row, total), (row, fte)]
        else:
            assert isinstance(entries, list)
            entries.append((row, fte))
        record[4] = total + fte

    def position(self, row: int, key: Key, attributes: tuple[object, ...]) -> None:
        """Rule: one position number is one post, defined the same way on every row."""
        known = self._positions.get(key)
        if known is None:
            self._positions[key] = (row, *attributes)
            return
        first_row = known[0]
        for name, mine, theirs in zip(POSITION_ATTRIBUTES, attributes, known[1:], strict=True):
            if mine is BAD or theirs is BAD:
                continue
            if isinstance(mine, str) and isinstance(theirs, str):
                # Titles and job roles that differ only in capitals are the same definition.
                if mine.casefold() == theirs.casefold():
                    continue
            elif mine == theirs:
                continue
            label = name.replace("_", " ")
            self._error(
                row,
                name,
                show(mine),
                f"position {key[1]} has {label} {show(theirs)!r} on row {first_row} but "
                f"{show(mine)!r} here; one post has one definition",
                "the same value on every row of a position",
            )

    def finish(self) -> None:
        """Run the checks that need every row: duplicates, FTE totals and reporting lines."""
        for (_, assignment), rows in self._duplicates.items():
            for row in rows:
                others = ", ".join(str(other) for other in rows if other != row)
                self._error(
                    row,
                    "assignment_number",
                    assignment,
                    f"assignment number {assignment} is also on row {others}; each assignment "
                    "appears once in an organisation",
                    "a number used once per organisation",
                )
        self._check_total_fte()
        self._check_reporting_lines()

    def _check_total_fte(self) -> None:
        """Rule: a person's assignments add up to at most 1.5 FTE."""
        for (_, employee), record in self._people.items():
            total, entries = record[4], record[5]
            if not isinstance(total, Decimal) or total <= MAX_FTE or not isinstance(entries, list):
                continue
            rows_text = ", ".join(str(entry_row) for entry_row, _ in entries)
            for entry_row, entry_fte in entries:
                self._error(
                    entry_row,
                    "assignment_fte",
                    show(entry_fte),
                    f"employee {employee} holds {total.normalize()} FTE in total across rows "
                    f"{rows_text}; a person can hold at most {MAX_FTE} FTE",
                    f"assignments adding up to at most {MAX_FTE}",
                )

    def _check_reporting_lines(self) -> None:
        """Rule: reporting lines end at a post with no manager; a loop is reported with its path.

        A post reporting to itself is reported by the row checker; a post reporting to one that is
        not in the file is a warning (it may have been loaded before).
        """
        positions = self._positions
        parent: dict[Key, Key] = {}
        for key, known in positions.items():
            reports_to = known[3]
            if isinstance(reports_to, str) and reports_to != key[1]:
                target = (key[0], reports_to)
                parent[key] = target
                if target not in positions:
                    row = known[0]
                    assert isinstance(row, int)
                    self.warnings.append(
                        RowError(
                            row,
                            self.headers.get(
                                "reports_to_position_number",
                                "reports_to_position_number",
                            ),
                            reports_to,
                            f"position {key[1]} reports to {reports_to}, which is not in this file",
                        )
                    )
        # Follow each chain once. A post met again on the walk in progress closes a loop; a post
        # finished by an earlier walk cannot lead into a new loop.
        finished: set[Key] = set()
        for start in parent:  # dicts keep file order, so loops are found from the first row
            if start in finished:
                continue
            walk: list[Key] = []
            on_walk: set[Key] = set()
            node: Key | None = start
            while node is not None and node not in finished and node not in on_walk:
                walk.append(node)
                on_walk.add(node)
                node = parent.get(node)
            if node is not None and node in on_walk:
                self._report_loop(walk[walk.index(node) :])
            finished.update(walk)

    def _report_loop(self, loop: list[Key]) -> None:
        def first_row(key: Key) -> int:
            row = self._positions[key][0]
            assert isinstance(row, int)
            return row

        # Start the path at the post that comes first in the file, so the report is stable.
        pivot = min(range(len(loop)), key=lambda index: first_row(loop[index]))
        loop = loop[pivot:] + loop[:pivot]
        path = " → ".join(f"{key[1]} (row {first_row(key)})" for key in loop)
        reports_to = self._positions[loop[0]][3]
        self._error(
            first_row(loop[0]),
            "reports_to_position_number",
            show(reports_to),
            f"reporting lines form a loop: {path} → {loop[0][1]}",
            "reporting lines that end at a post with no manager",
        )


_BAND_ALLOWED = SPECS_BY_NAME["pay_band"].allowed
_UNIT_ALLOWED = SPECS_BY_NAME["unit_path"].allowed
_BODY_ALLOWED = SPECS_BY_NAME["registration_body"].allowed
_TIER_BLANK = (
    "management tier is blank; Mantle will infer it from the title, job role, occupation code "
    "and band"
)


def _fill(cache: dict[str, Any], raw: str, check: Callable[[str], Any]) -> Any:
    """Compute a cell check once per distinct text (every cached answer is a non-empty tuple)."""
    hit = cache[raw] = check(raw)
    return hit


class RowChecker:
    """Per-row checks of one file; collects good rows, errors and warnings."""

    def __init__(
        self,
        *,
        columns: Mapping[str, int],
        headers: Mapping[str, str],
        width: int,
        as_of: date,
        org_code: str | None,
        known_occupation_codes: frozenset[str] | None,
    ) -> None:
        self.width = width
        self.has_tier_column = "management_tier" in columns
        # Absent columns read index -1, which always holds the "" appended to each row.
        self._get = itemgetter(*(columns.get(name, -1) for name in EXTRACT_COLUMNS))
        self._headers = [headers.get(name, name) for name in EXTRACT_COLUMNS]
        self.as_of = as_of
        self.expected_org = org_code
        self.known_occupation_codes = known_occupation_codes
        self.rows: list[ExtractRow] = []
        self.errors: list[RowError] = []
        self.warnings: CappedWarnings = CappedWarnings()
        self.data_rows = 0
        self.consistency = Consistency(headers=headers)
        self._org: dict[str, tuple[str | None, str | None]] = {}
        self._dob: dict[str, tuple[date | None, str | None, str | None]] = {}
        self._start: dict[str, tuple[date | None, str | None]] = {}
        self._occupation: dict[str, tuple[str | None, str | None, bool]] = {}
        self._band: dict[str, tuple[str | None, str | None]] = {}
        self._fte: dict[str, tuple[Decimal | None, str | None]] = {}
        self._tier: dict[str, tuple[Tier | None, str | None]] = {}
        self._unit: dict[str, tuple[tuple[str, ...] | None, str | None]] = {}
        self._body: dict[str, Regulator | None] = {}
        self._body_status: dict[tuple[str, str], tuple[Regulator, RegistrationStatus]] = {}
        # Good coded values by column index (20 sex, 21 ethnic category, 22 disability).
        self._codes: dict[int, dict[str, str | None]] = {20: {}, 21: {}, 22: {}}
        # Tidied texts by raw text: repeated titles, job roles and first names share one string.
        self._text: dict[str, str] = {}
        self._no_registration: dict[str, str] = {}

    # -- cached cell checks ---------------------------------------------------------------

    def _check_org(self, raw: str) -> tuple[str | None, str | None]:
        message = ods_code_error(raw)
        if message is not None:
            return None, message
        code = normalise_ods_code(raw)
        if self.expected_org is not None and code != self.expected_org:
            return code, (
                f"organisation {code} is not the organisation this import is for "
                f"({self.expected_org})"
            )
        return code, None

    def _check_dob(self, raw: str) -> tuple[date | None, str | None, str | None]:
        value, message = parse_date(raw)
        if value is None:
            return None, message, None
        if value > self.as_of:
            return (
                None,
                f"date of birth {value} is after the extract date {self.as_of}",
                None,
            )
        age = (
            self.as_of.year
            - value.year
            - ((self.as_of.month, self.as_of.day) < (value.month, value.day))
        )
        if not PLAUSIBLE_AGE[0] <= age < PLAUSIBLE_AGE[1]:
            return (
                value,
                None,
                f"date of birth {value} gives an age of {age} on {self.as_of}; check it",
            )
        return value, None, None

    def _check_start(self, raw: str) -> tuple[date | None, str | None]:
        value, message = parse_date(raw)
        if value is not None and value > self.as_of:
            return (
                None,
                f"assignment starts on {value}, after the extract date {self.as_of}",
            )
        return value, message

    def _check_occupation(self, raw: str) -> tuple[str | None, str | None, bool]:
        code = raw.strip().upper()
        if not code:
            return None, "occupation code is blank", False
        classification = classify_occupation_code(code)
        if classification is None:
            return None, f"{code!r} is not a well-formed NHS occupation code", False
        if self.known_occupation_codes is not None and code not in self.known_occupation_codes:
            return (
                None,
                f"occupation code {code} is not in the loaded occupation code list",
                False,
            )
        return code, None, classification.professionally_qualified_clinical

    @staticmethod
    def _check_band(raw: str) -> tuple[str | None, str | None]:
        band = normalise_pay_band(raw)
        return band, None if band is not None else pay_band_error(raw)

    @staticmethod
    def _check_tier(raw: str) -> tuple[Tier | None, str | None]:
        tier = parse_tier(raw)
        return (
            tier,
            None if tier is not None else f"management tier {raw.strip()!r} is not recognised",
        )

    # -- one row ----------------------------------------------------------------------------

    def _error(self, row: int, column: int, value: str, message: str, allowed: str) -> None:
        self.errors.append(RowError(row, self._headers[column], value, message, allowed))

    def check_row(self, row: int, cells: list[str]) -> None:
        """Check one data row; keep it when it has no error of its own.

        Rule: the per-cell rules of ``columns`` / ``cells``; values are passed to the cross-row
        checks even when other cells of the row failed.
        """
        # Hot path for million-row files: caches are read through local names, and each check
        # falls back to the slower function (which writes the message) only when it fails.
        self.data_rows += 1
        errors = self.errors
        errors_before = len(errors)
        count = len(cells)
        if count > self.width:
            self._extra_values(row, cells)
        elif count < self.width:
            cells.extend([""] * (self.width - count))
        cells.append("")
        (
            org_raw,
            employee_raw,
            assignment_raw,
            first_raw,
            last_raw,
            dob_raw,
            position_raw,
            title_raw,
            unit_raw,
            reports_raw,
            occupation_raw,
            role_raw,
            band_raw,
            fte_raw,
            start_raw,
            tier_raw,
            statutory_raw,
            body_raw,
            number_raw,
            status_raw,
            sex_raw,
            ethnic_raw,
            disability_raw,
            voting_raw,
        ) = self._get(cells)
        text = self._text

        org, message = self._org.get(org_raw) or _fill(self._org, org_raw, self._check_org)
        if message is not None:
            self._error(row, 0, org_raw, message, ODS_FORMAT)
        org_key = org if org is not None else org_raw.strip().upper()

        employee: str | None = employee_raw.strip()
        if not (employee and len(employee) <= MAX_IDENTIFIER_LENGTH and employee.isprintable()):
            employee, message = check_identifier(employee_raw, "employee number")
            self._error(row, 1, employee_raw, message or "", IDENTIFIER_FORMAT)
        assignment: str | None = assignment_raw.strip()
        if assignment and len(assignment) <= MAX_IDENTIFIER_LENGTH and assignment.isprintable():
            self.consistency.assignment(row, (org_key, assignment))
        else:
            assignment, message = check_identifier(assignment_raw, "assignment number")
            self._error(row, 2, assignment_raw, message or "", IDENTIFIER_FORMAT)

        first_name = text[first_raw] if first_raw in text else _fill(text, first_raw, tidy_text)
        last_name = text[last_raw] if last_raw in text else _fill(text, last_raw, tidy_text)
        if not last_name:
            self._error(row, 4, last_raw, "last name is blank", "text")

        dob, message, warning = self._dob.get(dob_raw) or _fill(self._dob, dob_raw, self._check_dob)
        if message is not None:
            self._error(row, 5, dob_raw, message, DATE_FORMATS)
        if warning is not None:
            self.warnings.append(RowError(row, self._headers[5], dob_raw, warning))

        position: str | None = position_raw.strip()
        if not (position and len(position) <= MAX_IDENTIFIER_LENGTH and position.isprintable()):
            position, message = check_identifier(position_raw, "position number")
            self._error(row, 6, position_raw, message or "", IDENTIFIER_FORMAT)
        title = text[title_raw] if title_raw in text else _fill(text, title_raw, tidy_text)
        if not title:
            self._error(row, 7, title_raw, "position title is blank", "text")
        unit, message = self._unit.get(unit_raw) or _fill(self._unit, unit_raw, check_unit_path)
        if message is not None:
            self._error(row, 8, unit_raw, message, _UNIT_ALLOWED)

        reports_to: str | None = None
        reports_ok = True
        if reports_raw and not reports_raw.isspace():
            reports_to = reports_raw.strip()
            message = None
            if not (len(reports_to) <= MAX_IDENTIFIER_LENGTH and reports_to.isprintable()):
                reports_to, message = check_identifier(reports_raw, "reports-to position number")
            if message is None and reports_to == position:
                message = f"position {position} reports to itself"
            if message is not None:
                reports_ok = False
                self._error(row, 9, reports_raw, message, "the position number of another post")

        occupation, message, clinical_code = self._occupation.get(occupation_raw) or _fill(
            self._occupation, occupation_raw, self._check_occupation
        )
        if message is not None:
            self._error(row, 10, occupation_raw, message, OCCUPATION_FORMAT)
        job_role = (
            text[role_raw] if role_raw in text else _fill(text, role_raw, tidy_text)
        ) or None
        band, message = self._band.get(band_raw) or _fill(self._band, band_raw, self._check_band)
        if message is not None:
            self._error(row, 12, band_raw, message, _BAND_ALLOWED)
        fte, message = self._fte.get(fte_raw) or _fill(self._fte, fte_raw, check_fte)
        if message is not None:
            self._error(row, 13, fte_raw, message, FTE_FORMAT)
        start, message = self._start.get(start_raw) or _fill(
            self._start, start_raw, self._check_start
        )
        if message is not None:
            self._error(row, 14, start_raw, message, DATE_FORMATS)
        elif start is not None and dob is not None and start < dob:
            self._error(
                row,
                14,
                start_raw,
                f"assignment starts on {start}, before the date of birth {dob}",
                "a date after the person's date of birth",
            )

        tier: Tier | None = None
        tier_ok = True
        if tier_raw and not tier_raw.isspace():
            tier, message = self._tier.get(tier_raw) or _fill(
                self._tier, tier_raw, self._check_tier
            )
            if message is not None:
                tier_ok = False
                self._error(row, 15, tier_raw, message, TIER_FORMAT)
        elif self.has_tier_column:
            self.warnings.append(RowError(row, self._headers[15], tier_raw, _TIER_BLANK))

        statutory: bool | None = None
        statutory_ok = True
        if statutory_raw and not statutory_raw.isspace():
            statutory = YES_NO.get(statutory_raw.strip().lower())
            if statutory is None:
                statutory_ok = False
                self._error(
                    row,
                    16,
                    statutory_raw,
                    f"statutory clinical role {statutory_raw.strip()!r} is not yes or no",
                    YES_NO_FORMAT,
                )

        registration: Registration | None = None
        if body_raw or number_raw or status_raw:
            registration = self._registration(row, body_raw, number_raw, status_raw)
        if (
            registration is None
            and clinical_code
            and not (body_raw + number_raw + status_raw).strip()
        ):
            assert occupation is not None  # a clinical code is a valid code
            message = self._no_registration.get(occupation)
            if message is None:
                message = self._no_registration[occupation] = (
                    f"no registration recorded for occupation code {occupation}, a "
                    "professionally qualified clinical code: the person will count as a "
                    "clinician (inferred)"
                )
            self.warnings.append(RowError(row, self._headers[18], "", message))

        sexes, ethnicities, disabilities = self._codes[20], self._codes[21], self._codes[22]
        sex = sexes[sex_raw] if sex_raw in sexes else self._code(row, 20, sex_raw)
        ethnic = (
            ethnicities[ethnic_raw]
            if ethnic_raw in ethnicities
            else self._code(row, 21, ethnic_raw)
        )
        disability = (
            disabilities[disability_raw]
            if disability_raw in disabilities
            else self._code(row, 22, disability_raw)
        )

        voting: bool | None = None
        voting_ok = True
        if voting_raw and not voting_raw.isspace():
            voting = YES_NO.get(voting_raw.strip().lower())
            if voting is None:
                voting_ok = False
                self._error(
                    row,
                    23,
                    voting_raw,
                    f"voting {voting_raw.strip()!r} is not yes or no",
                    YES_NO_FORMAT,
                )

        if employee is not None:
            self.consistency.person(
                row,
                (org_key, employee),
                dob if dob is not None else BAD,
                first_name,
                last_name or BAD,
                fte if fte is not None else BAD,
            )
        if position is not None:
            self.consistency.position(
                row,
                (org_key, position),
                (
                    title or BAD,
                    unit if unit is not None else BAD,
                    reports_to if reports_ok else BAD,
                    occupation if occupation is not None else BAD,
                    job_role,
                    band if band is not None else BAD,
                    tier if tier_ok else BAD,
                    statutory if statutory_ok else BAD,
                    voting if voting_ok else BAD,
                ),
            )

        if len(errors) > errors_before:
            return
        # Every required value passed its check, so none of these is None here.
        assert org is not None
        assert employee is not None
        assert assignment is not None
        assert dob is not None
        assert position is not None
        assert unit is not None
        assert occupation is not None
        assert band is not None
        assert fte is not None
        assert start is not None
        self.rows.append(
            ExtractRow(
                row,
                org,
                employee,
                assignment,
                first_name,
                last_name,
                dob,
                position,
                title,
                unit,
                reports_to,
                occupation,
                job_role,
                band,
                fte,
                start,
                tier,
                statutory,
                registration,
                sex,
                ethnic,
                disability,
                voting,
            )
        )

    def _extra_values(self, row: int, cells: list[str]) -> None:
        extra = [cell for cell in cells[self.width :] if cell.strip()]
        if extra:
            self.errors.append(
                RowError(
                    row,
                    "",
                    ", ".join(extra),
                    f"row has {len(cells)} values but the header has {self.width} columns (a "
                    "stray comma or an unquoted value?)",
                    "one value per header column",
                )
            )

    def _code(self, row: int, column: int, raw: str) -> str | None:
        """Look up a coded value (sex, ethnic category, disability); cache it; report a bad one."""
        value = raw.strip()
        code: str | None
        if column == 20:
            code = SEX_CODES.get(value.upper())
        elif column == 21:
            code = ethnic_code(value)
        else:
            code = DISABILITY_CODES.get(value.upper())
        if code is None and value:
            name = EXTRACT_COLUMNS[column].replace("_", " ")
            allowed = (SEX_FORMAT, ETHNIC_FORMAT, DISABILITY_FORMAT)[column - 20]
            self._error(row, column, raw, f"{name} {value!r} is not a recognised code", allowed)
        else:
            # Only good (or blank) values are cached: a bad one must be reported on every row.
            self._codes[column][raw] = code
        return code

    def _registration(
        self, row: int, body_raw: str, number_raw: str, status_raw: str
    ) -> Registration | None:
        """Rule: body, number and status come together; the number fits the body's format."""
        known = self._body_status.get((body_raw, status_raw))
        if known is not None:
            body, status = known
            number = "".join(number_raw.split()).upper()
            if number and FORMATS[body].pattern.fullmatch(number):
                return Registration(body, number, status)
        registration = self._check_registration(row, body_raw, number_raw, status_raw)
        if registration is not None:
            self._body_status[(body_raw, status_raw)] = (registration.body, registration.status)
        return registration

    def _check_registration(
        self, row: int, body_raw: str, number_raw: str, status_raw: str
    ) -> Registration | None:
        """Rule: body, number and status come together; the number fits the body's format."""
        body_text, number_text, status_text = (
            body_raw.strip(),
            number_raw.strip(),
            status_raw.strip(),
        )
        for column, text in ((17, body_text), (18, number_text), (19, status_text)):
            if not text:
                self._error(
                    row,
                    column,
                    "",
                    "registration body, number and status go together; this one is blank",
                    SPECS_BY_NAME[EXTRACT_COLUMNS[column]].allowed,
                )
        body: Regulator | None = None
        if body_text in self._body:
            body = self._body[body_text]
        elif body_text:
            body = self._body[body_text] = parse_regulator(body_text)
        if body_text and body is None:
            self._error(
                row,
                17,
                body_raw,
                f"{body_text!r} is not a UK healthcare regulator",
                _BODY_ALLOWED,
            )
        number: str | None = None
        if body is not None and number_text:
            normalised = "".join(number_text.split()).upper()
            if FORMATS[body].pattern.fullmatch(normalised):
                number = normalised
            else:
                message = registration_number_error(body=body, number=number_text)
                self._error(
                    row,
                    18,
                    number_raw,
                    message or "invalid number",
                    registration_format(body),
                )
        status = REGISTRATION_STATUSES.get(tidy_text(status_text).lower()) if status_text else None
        if status_text and status is None:
            self._error(
                row,
                19,
                status_raw,
                f"registration status {status_text!r} is not recognised",
                REGISTRATION_STATUS_FORMAT,
            )
        if body is None or number is None or status is None:
            return None
        return Registration(body, number, status)


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
