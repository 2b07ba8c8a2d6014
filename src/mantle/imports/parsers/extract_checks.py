"""Cross-row rules of the workforce extract: what no single row can show.

* an assignment number appears once per organisation (both rows are reported);
* one employee number means one person: one date of birth, one name;
* one position number means one post: the same title, unit, occupation code, band, tier and line
  manager on every row naming it;
* reporting lines lead upwards: no post reports to itself and no chain of posts comes back on
  itself (the cycle is reported as a path, "P1 → P2 → P1");
* a person's assignments add up to at most 1.5 FTE.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from decimal import Decimal

from mantle.imports.parsers.extract_columns import MAX_FTE, Problem

__all__ = ["POST_COLUMNS", "CrossRowChecks", "fold"]

# report(row, canonical column, value shown, problem)
Report = Callable[[int, str, str, Problem], None]
# warn(kind, row, canonical column, value shown, message)
Warn = Callable[[str, int, str, str, str], None]
Key = tuple[str, str]

# Columns that together define a post; every row naming the post must agree on all of them.
POST_COLUMNS: tuple[str, ...] = (
    "position_title",
    "unit_path",
    "occupation_code",
    "pay_band",
    "management_tier",
    "reports_to_position_number",
)


def fold(text: str) -> str:
    """Text as compared across rows: spaces collapsed, case ignored."""
    return " ".join(text.split()).casefold()


class _Person:
    __slots__ = ("date_of_birth", "fte_total", "name_key", "names", "row", "rows")

    def __init__(self, row: int, date_of_birth: date | None, names: tuple[str, str]) -> None:
        self.row = row
        self.date_of_birth = date_of_birth
        self.names = names
        self.name_key = (fold(names[0]), fold(names[1]))
        self.fte_total = Decimal(0)
        self.rows: list[int] | None = None  # kept only once a second row appears


class _Post:
    __slots__ = ("definition", "reports_to", "row", "shown")

    def __init__(self, row: int, definition: tuple[Hashable, ...], shown: tuple[str, ...]) -> None:
        self.row = row
        self.definition = definition
        self.shown = shown
        self.reports_to = shown[-1] or None


class CrossRowChecks:
    """Remembers what earlier rows said and reports rows that contradict them."""

    def __init__(self, *, report: Report, warn: Warn) -> None:
        self._report = report
        self._warn = warn
        self._assignments: dict[Key, int] = {}
        self._flagged: set[int] = set()
        self._people: dict[Key, _Person] = {}
        self._posts: dict[Key, _Post] = {}

    def assignment(self, *, row: int, org: str, assignment: str) -> None:
        """An assignment number is used once per organisation; report every row that repeats it
        and, once, the row that used it first."""
        key = (org, assignment)
        first = self._assignments.setdefault(key, row)
        if first == row:
            return
        allowed = "an assignment number used once per organisation"
        self._report(
            row,
            "assignment_number",
            assignment,
            Problem(f"assignment number {assignment} is also on row {first}", allowed),
        )
        if first not in self._flagged:
            self._flagged.add(first)
            self._report(
                first,
                "assignment_number",
                assignment,
                Problem(f"assignment number {assignment} is also on row {row}", allowed),
            )

    def person(
        self,
        *,
        row: int,
        org: str,
        employee: str,
        born: date | None,
        names: tuple[str, str],
        fte: Decimal | None,
    ) -> None:
        """One employee number is one person: same date of birth and name on every row."""
        key = (org, employee)
        person = self._people.get(key)
        if person is None:
            person = self._people[key] = _Person(row, born, names)
        else:
            self._compare_person(row, employee, person, born, names)
            if person.rows is None:
                person.rows = [person.row]
            person.rows.append(row)
        if fte is not None:
            person.fte_total += fte

    def _compare_person(
        self, row: int, employee: str, person: _Person, born: date | None, names: tuple[str, str]
    ) -> None:
        if born is not None and person.date_of_birth is not None and born != person.date_of_birth:
            self._report(
                row,
                "date_of_birth",
                born.isoformat(),
                Problem(
                    f"employee {employee} has date of birth {person.date_of_birth.isoformat()} on "
                    f"row {person.row}",
                    "the same date of birth on every row of one employee",
                ),
            )
        elif person.date_of_birth is None:
            person.date_of_birth = born
        name_key = (fold(names[0]), fold(names[1]))
        if name_key != person.name_key:
            column = "last_name" if name_key[1] != person.name_key[1] else "first_name"
            earlier = " ".join(part for part in person.names if part)
            self._report(
                row,
                column,
                " ".join(part for part in names if part),
                Problem(
                    f"employee {employee} is named {earlier!r} on row {person.row}",
                    "the same name on every row of one employee",
                ),
            )

    def post(
        self,
        *,
        row: int,
        org: str,
        position: str,
        definition: tuple[Hashable, ...],
        shown: tuple[str, ...],
    ) -> None:
        """One position number is one post: every row naming it agrees on ``POST_COLUMNS``.

        ``definition`` holds the comparable values in ``POST_COLUMNS`` order, ``shown`` the text
        as written (its last item is the reports-to position number).
        """
        key = (org, position)
        post = self._posts.get(key)
        if post is None:
            self._posts[key] = _Post(row, definition, shown)
            return
        for column, mine, theirs, my_text, their_text in zip(
            POST_COLUMNS, definition, post.definition, shown, post.shown, strict=True
        ):
            if mine != theirs:
                self._report(
                    row,
                    column,
                    my_text,
                    Problem(
                        f"position {position} has {column} {their_text or '(blank)'!r} on row "
                        f"{post.row}: one post, one definition",
                        f"the same {column} on every row of position {position}",
                    ),
                )

    def finish(self) -> None:
        """Run the checks that need the whole file: total FTE per person, reporting lines."""
        for (_, employee), person in self._people.items():
            if person.fte_total > MAX_FTE:
                total = f"{person.fte_total.normalize():f}"
                rows = ", ".join(str(row) for row in (person.rows or [person.row]))
                self._report(
                    person.row,
                    "assignment_fte",
                    total,
                    Problem(
                        f"employee {employee}'s assignments add up to {total} FTE (rows {rows}); "
                        "the maximum for one person is 1.5",
                        "a total of at most 1.5 FTE per person",
                    ),
                )
        self._check_reporting_lines()

    def _check_reporting_lines(self) -> None:
        manager_of: dict[Key, Key] = {}
        for (org, position), post in self._posts.items():
            if post.reports_to is None:
                continue
            if post.reports_to == position:
                self._report(
                    post.row,
                    "reports_to_position_number",
                    position,
                    Problem(
                        f"position {position} reports to itself",
                        "the position number of the post's line manager, or blank for the top post",
                    ),
                )
            elif (org, post.reports_to) not in self._posts:
                self._warn(
                    "reports_to_missing",
                    post.row,
                    "reports_to_position_number",
                    post.reports_to,
                    f"position {position} reports to {post.reports_to}, which has no row in "
                    "this file (a vacant post?): the line is kept but cannot be checked",
                )
            else:
                manager_of[(org, position)] = (org, post.reports_to)
        # Follow each chain once; meeting a post already on the current walk closes a cycle.
        done: set[Key] = set()
        for start in manager_of:
            walk: list[Key] = []
            on_walk: dict[Key, int] = {}
            node: Key | None = start
            while node is not None and node not in done:
                if node in on_walk:
                    self._report_cycle(walk[on_walk[node] :])
                    break
                on_walk[node] = len(walk)
                walk.append(node)
                node = manager_of.get(node)
            done.update(walk)

    def _report_cycle(self, cycle: list[Key]) -> None:
        # Start the path, and report, at the post that comes first in the file.
        first = min(range(len(cycle)), key=lambda i: self._posts[cycle[i]].row)
        ordered = [*cycle[first:], *cycle[:first]]
        path = " → ".join(position for _, position in [*ordered, ordered[0]])
        post = self._posts[ordered[0]]
        self._report(
            post.row,
            "reports_to_position_number",
            post.reports_to or "",
            Problem(
                f"reporting lines form a cycle: {path}",
                "reporting lines that lead up to a top post",
            ),
        )
