"""The values ``parse_extract`` returns: checked rows and the whole-file result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from mantle.imports.parsers.common import RowError
from mantle.workforce.rules.registration import Regulator
from mantle.workforce.rules.tiers import Tier


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

    rows: list[ExtractRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    column_map: dict[str, str] = field(default_factory=dict)
    # Every warning is counted; only the first WARNING_EXAMPLES of each kind are kept in
    # ``warnings`` (a million "tier will be inferred" rows help nobody and cost memory).
    warning_counts: dict[str, int] = field(default_factory=dict)

    @property
    def warning_total(self) -> int:
        return sum(self.warning_counts.values()) if self.warning_counts else len(self.warnings)

    @property
    def ok(self) -> bool:
        """True when the file may be loaded (no errors; warnings allowed)."""
        return not self.errors
