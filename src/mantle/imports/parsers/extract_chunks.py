"""Reading a large extract quickly: rows in blocks, each block seen a column at a time, and
warnings counted rather than all kept.

Checking a column at a time turns a million per-row function calls into a few list operations
run in C, and lets each distinct value be read once (see ``_ExtractParser._typed``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from operator import itemgetter

from mantle.imports.parsers.common import Cell, RowError, cell_text

__all__ = ["Chunk", "Warnings", "chunks", "is_blank_row"]


def is_blank_row(cells: list[Cell], *, all_text: bool) -> bool:
    """A row with nothing but empty or space-only cells (how spreadsheets end)."""
    if all_text:
        return not "".join(cells).strip()  # type: ignore[arg-type]
    return all(isinstance(cell, str) and not cell.strip() for cell in cells)


def chunks(
    rows: Iterator[tuple[int, list[Cell]]], size: int
) -> Iterator[list[tuple[int, list[Cell]]]]:
    """Cut a stream of rows into lists of at most ``size`` rows."""
    while block := list(islice(rows, size)):
        yield block


class Chunk:
    """A block of data rows: their file row numbers, their cells by canonical column, and the
    rows found bad so far.

    ``positions`` maps canonical column → position in the file (-1 when absent). When every cell
    is text (a CSV), columns are cut with C-level ``map`` calls; XLSX cells may be dates.
    """

    def __init__(
        self,
        rows: list[tuple[int, list[Cell]]],
        *,
        width: int,
        positions: list[int],
        all_text: bool,
    ) -> None:
        self.numbers = [number for number, _ in rows]
        self._grid = [cells for _, cells in rows]
        for cells in self._grid:
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
        self._positions = positions
        self._all_text = all_text
        self._cells: dict[int, list[Cell]] = {}
        self._texts: dict[int, list[str]] = {}
        self.bad: set[int] = set()

    def __len__(self) -> int:
        return len(self.numbers)

    def cells(self, column: int) -> list[Cell]:
        """The trimmed cells of one canonical column ("" where the file lacks the column)."""
        found = self._cells.get(column)
        if found is not None:
            return found
        position = self._positions[column]
        if position < 0:
            found = [""] * len(self.numbers)
        elif self._all_text:
            found = list(map(str.strip, map(itemgetter(position), self._grid)))
        else:
            found = [
                cell.strip() if isinstance(cell, str) else cell
                for cell in map(itemgetter(position), self._grid)
            ]
        self._cells[column] = found
        return found

    def texts(self, column: int) -> list[str]:
        """The cells of one column as text (dates written ISO-style)."""
        found = self._texts.get(column)
        if found is not None:
            return found
        cells = self.cells(column)
        if self._all_text:
            texts: list[str] = cells  # type: ignore[assignment]
        else:
            texts = [cell if isinstance(cell, str) else cell_text(cell) for cell in cells]
        self._texts[column] = texts
        return texts


class Warnings:
    """Warnings capped at ``limit`` per kind, with one closing line counting the rest."""

    def __init__(self, *, limit: int, summaries: dict[str, str]) -> None:
        self.items: list[RowError] = []
        self._limit = limit
        self._summaries = summaries
        self._counts: dict[str, int] = {}
        self._first_unshown: dict[str, int] = {}

    def add(self, kind: str, rows: list[int], make: Callable[[int], RowError]) -> None:
        """Count a warning of ``kind`` on each of ``rows``; build only those that will be shown."""
        if not rows:
            return
        shown = self._counts.get(kind, 0)
        self._counts[kind] = shown + len(rows)
        room = max(self._limit - shown, 0)
        self.items.extend(make(row) for row in rows[:room])
        if len(rows) > room and kind not in self._first_unshown:
            self._first_unshown[kind] = rows[room]

    def finish(self) -> list[RowError]:
        """All warnings in row order, with a count line for each kind that overflowed."""
        for kind, first_row in self._first_unshown.items():
            more = self._counts[kind] - self._limit
            summary = self._summaries.get(kind, kind)
            message = f"and {more:,} more rows from row {first_row}: {summary}"
            self.items.append(RowError(first_row, "", "", message))
        return sorted(self.items, key=lambda warning: warning.row)
