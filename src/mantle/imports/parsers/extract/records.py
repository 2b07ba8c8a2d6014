"""The values ``parse_extract`` returns: checked rows and the whole-file result."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple, overload

import polars as pl

from mantle.imports.parsers.common import RowError
from mantle.imports.parsers.extract.columns import EXTRACT_COLUMNS
from mantle.workforce.rules.registration import Regulator
from mantle.workforce.rules.tiers import Tier

FTE_SCALE = 100_000  # FTE is kept to 5 decimal places: stored as an integer of 1/100,000ths


class RegistrationStatus(StrEnum):
    """State of a professional registration on the extract date."""

    REGISTERED = "registered"
    LAPSED = "lapsed"
    REMOVED = "removed"


class Registration(NamedTuple):
    """A person's professional registration as given in the extract."""

    body: Regulator
    number: str
    status: RegistrationStatus


class ExtractRow(NamedTuple):
    """One assignment row that passed its own checks, with typed and normalised values.

    A NamedTuple rather than a dataclass: a national extract has a million of them, and tuples
    are built several times faster and take less memory.
    """

    row: int  # spreadsheet row number (header = 1)
    org_code: str
    employee_number: str
    assignment_number: str
    first_name: str  # "" when not given
    last_name: str
    date_of_birth: date
    position_number: str
    position_title: str
    unit_path: tuple[str, ...]
    reports_to_position_number: str | None
    occupation_code: str
    job_role: str | None
    pay_band: str
    assignment_fte: Decimal  # 5 decimal places
    assignment_start_date: date
    management_tier: Tier | None  # None: not set by the organisation, to be inferred
    statutory_clinical_role: bool | None  # None: not stated
    registration: Registration | None
    sex: str | None  # person stated gender code: 1, 2, 9 or X
    ethnic_category: str | None  # A-H, J-N, P, R, S, Z or 99
    disability: str | None  # Y, N, U or Z
    # Board executive posts: whether the holder votes on the board; None: not stated (the post
    # keeps its current setting, yes for a new post).
    voting: bool | None = None


# The columns of ``ExtractRows.frame``, in ``ExtractRow`` order. ``unit_path`` is the unit names
# joined by "/" (a name never contains one); ``assignment_fte`` is in 1/100,000ths (an integer);
# ``management_tier`` is the tier's value; the registration is three columns, null when absent.
# The same order as the extract template (columns.EXTRACT_COLUMNS), after the row number.
ROW_COLUMNS: tuple[str, ...] = ("row", *EXTRACT_COLUMNS)


def fte_decimal(scaled: int) -> Decimal:
    """An FTE stored in 1/100,000ths as the Decimal the cell rule gives (5 decimal places)."""
    return Decimal(scaled).scaleb(-5)


def _extract_row(values: tuple[Any, ...]) -> ExtractRow:
    body, number, status = values[18], values[19], values[20]
    return ExtractRow(  # type: ignore[call-arg]
        *values[:9],
        tuple(values[9].split("/")),
        *values[10:14],
        fte_decimal(values[14]),
        values[15],
        Tier(values[16]) if values[16] is not None else None,
        values[17],
        (
            Registration(Regulator(body), number, RegistrationStatus(status))
            if body is not None
            else None
        ),
        *values[21:],
    )


class ExtractRows(Sequence[ExtractRow]):
    """The checked rows of a file, held column-wise in ``frame`` (``ROW_COLUMNS``).

    Reads as a sequence of ``ExtractRow`` (built on demand), so small callers and tests see plain
    typed rows, while the loader works on ``frame`` and a million rows never become a million
    Python objects.
    """

    def __init__(self, frame: pl.DataFrame | None = None) -> None:
        self.frame = frame if frame is not None else pl.DataFrame()

    def __len__(self) -> int:
        return self.frame.height

    @overload
    def __getitem__(self, index: int) -> ExtractRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[ExtractRow]: ...

    def __getitem__(self, index: int | slice) -> ExtractRow | list[ExtractRow]:
        if isinstance(index, slice):
            return [_extract_row(values) for values in self.frame[index].iter_rows()]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return _extract_row(self.frame.row(index))

    def __iter__(self) -> Iterator[ExtractRow]:
        for part in self.frame.iter_slices(50_000):
            for values in part.iter_rows():
                yield _extract_row(values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ExtractRows | list | tuple):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ExtractRows({len(self)} rows)"


WARNING_EXAMPLES = 200


class CappedWarnings(list[RowError]):
    """A warnings list that counts every warning by kind (column and message) and keeps only the
    first ``WARNING_EXAMPLES`` of each kind."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}

    def append(self, warning: RowError) -> None:
        kind = f"{warning.column}: {warning.message}"
        seen = self.counts.get(kind, 0) + 1
        self.counts[kind] = seen
        if seen <= WARNING_EXAMPLES:
            super().append(warning)


@dataclass
class ParseResult:
    """Everything ``parse_extract`` found: good rows, errors, warnings and the columns it saw.

    ``rows`` holds the rows with no error of their own and no part in a cross-row error; a loader
    must refuse the file while ``errors`` is not empty. ``columns`` is the header exactly as in
    the file; ``column_map`` maps each canonical column name to the file's header for it.
    """

    rows: Sequence[ExtractRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    column_map: dict[str, str] = field(default_factory=dict)
    # Every warning is counted; only the first WARNING_EXAMPLES of each kind are kept in
    # ``warnings`` (a million "tier will be inferred" rows help nobody and cost memory).
    warning_counts: dict[str, int] = field(default_factory=dict)
    # The layout the file was read as: "extract" (Mantle's columns) or "esr-bi" (an ESR
    # staff-in-post report), with the rows that profile left out of the establishment, by reason.
    profile: str = "extract"
    excluded: dict[str, int] = field(default_factory=dict)

    @property
    def warning_total(self) -> int:
        return sum(self.warning_counts.values()) if self.warning_counts else len(self.warnings)

    @property
    def ok(self) -> bool:
        """True when the file may be loaded (no errors; warnings allowed)."""
        return not self.errors
