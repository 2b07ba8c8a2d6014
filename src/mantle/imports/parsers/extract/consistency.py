"""Checks across rows of one extract: one assignment, one person, one post, no reporting loops.

``parse`` finds, column-wise, the few groups of rows that could disagree (an assignment number
used twice, a person or post on several rows whose values are not all identical, a person over
1.5 FTE) and feeds only those rows to ``Consistency``, in file order, with values that failed
their own check passed as ``BAD`` (never compared). Groups left out cannot produce a problem, so
the result is the same as feeding every row. Reporting lines are checked over a table of every
post (``Consistency.reporting_lines``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Final

import numpy as np
import polars as pl

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
        """Run the checks that need every fed row: duplicates and FTE totals."""
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

    def reporting_lines(self, posts: pl.DataFrame) -> None:
        """Rule: reporting lines end at a post with no manager; a loop is reported with its path.

        ``posts`` has one row per post in file order (``org``, ``position``, its first ``row``
        and that row's ``reports_to``, null when blank or bad). A post reporting to itself is
        reported by the cell checks; a post reporting to one that is not in the file is a
        warning (it may have been loaded before). Only posts whose line never reaches a post
        with no manager can be on a loop; they are found by pointer doubling over the whole
        table, and only they are walked one by one.
        """
        if posts.height == 0:
            return
        indexed = posts.with_row_index("index")
        lines = indexed.filter(
            pl.col("reports_to").is_not_null() & (pl.col("reports_to") != pl.col("position"))
        ).join(
            indexed.select(
                pl.col("org"),
                pl.col("position").alias("reports_to"),
                pl.col("index").alias("parent"),
            ),
            on=["org", "reports_to"],
            how="left",
            maintain_order="left",
        )
        header = self.headers.get("reports_to_position_number", "reports_to_position_number")
        for row, position, reports_to in (
            lines.filter(pl.col("parent").is_null())
            .select("row", "position", "reports_to")
            .iter_rows()
        ):
            self.warnings.append(
                RowError(
                    row,
                    header,
                    reports_to,
                    f"position {position} reports to {reports_to}, which is not in this file",
                )
            )
        linked = lines.filter(pl.col("parent").is_not_null())
        if linked.height == 0:
            return
        parent = np.full(posts.height, -1, dtype=np.int64)
        parent[linked.get_column("index").to_numpy()] = linked.get_column("parent").to_numpy()
        # After k rounds ancestor[i] is the post 2**k steps up; it becomes -1 once the line ends.
        ancestor = parent.copy()
        for _ in range(max(1, int(posts.height).bit_length() + 1)):
            reached = ancestor >= 0
            if not reached.any():
                return
            ancestor = np.where(reached, ancestor[np.where(reached, ancestor, 0)], -1)
        stuck = np.flatnonzero(ancestor >= 0)
        if stuck.size == 0:
            return
        keys = posts.get_column("position").to_list()
        rows = posts.get_column("row").to_list()
        reports = posts.get_column("reports_to").to_list()
        # Walk each stuck chain once, in file order, exactly as a row-by-row check would.
        finished: set[int] = set()
        for start in stuck.tolist():
            if start in finished:
                continue
            walk: list[int] = []
            on_walk: set[int] = set()
            node = start
            while node >= 0 and node not in finished and node not in on_walk:
                walk.append(node)
                on_walk.add(node)
                node = int(parent[node])
            if node >= 0 and node in on_walk:
                loop = walk[walk.index(node) :]
                pivot = min(range(len(loop)), key=lambda index: rows[loop[index]])
                loop = loop[pivot:] + loop[:pivot]
                path = " → ".join(f"{keys[i]} (row {rows[i]})" for i in loop)
                self._error(
                    rows[loop[0]],
                    "reports_to_position_number",
                    show(reports[loop[0]]),
                    f"reporting lines form a loop: {path} → {keys[loop[0]]}",
                    "reporting lines that end at a post with no manager",
                )
            finished.update(walk)
