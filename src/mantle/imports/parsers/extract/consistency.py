"""Checks across rows of one extract: one assignment, one person, one post, no reporting loops.

The row checker feeds every row's values in as it goes (values that failed their own check are
passed as ``BAD`` and never compared), so the whole file is read once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Final

from mantle.imports.parsers.common import RowError
from mantle.imports.parsers.extract.cells import MAX_FTE, show
from mantle.imports.parsers.extract.records import CappedWarnings

# A value that failed its own check: it takes no part in comparisons between rows.
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
