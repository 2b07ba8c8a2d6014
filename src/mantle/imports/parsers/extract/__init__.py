"""The monthly workforce extract (one row per assignment): columns, template, parser, report.

``parse_extract`` reads a CSV or XLSX file (see ``parsers.common``), maps its header to the
columns of ``columns.EXTRACT_COLUMN_SPECS``, checks every cell, then checks rows against each
other, collecting every problem in one pass:

* an assignment number appears once per organisation (both rows of a duplicate are reported);
* one employee number is one person: the same date of birth and names on every row;
* one position number is one post: the same title, unit, reporting line, occupation code, job
  role, band, tier, statutory flag and voting on every row;
* reporting lines do not loop (reported as "P1 (row 2) → P2 (row 3) → P1") and a post does not
  report to itself;
* a person's assignments add up to at most 1.5 FTE;
* every row belongs to the organisation being imported, when the caller names it.

Warnings never block an import: a blank management tier (Mantle infers it), a professionally
qualified clinical occupation code with no registration (the person counts as a clinician,
flagged as inferred), a reporting line to a post not in the file, an implausible age, a column
Mantle does not use.

Accepted cell values, in short: dates ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (real Excel dates too);
FTE ``0 < FTE ≤ 1.5``, kept to 5 decimal places; pay bands as ``bands.normalise_pay_band``
reads them; tiers by code or label, any case; statutory role and voting
Y/N/yes/no/true/false/1/0 (blank: not stated);
registration status registered/lapsed/removed ("voluntarily removed" = removed); sex 1/2/9/X
or M/F/Male/Female (stored as the code); ethnic category A-H, J-N, P, R, S, Z or 99, optionally
followed by its description; disability Y/N/U/Z or yes/no.
"""

from mantle.imports.parsers.common import ParseError, RowError, errors_to_csv
from mantle.imports.parsers.extract.columns import (
    EXTRACT_COLUMN_SPECS,
    EXTRACT_COLUMNS,
    REQUIRED_COLUMNS,
    ColumnSpec,
    canonical_column,
    template_csv,
)
from mantle.imports.parsers.extract.parse import parse_extract
from mantle.imports.parsers.extract.records import (
    ExtractRow,
    ParseResult,
    Registration,
    RegistrationStatus,
)

__all__ = [
    "EXTRACT_COLUMNS",
    "EXTRACT_COLUMN_SPECS",
    "REQUIRED_COLUMNS",
    "ColumnSpec",
    "ExtractRow",
    "ParseError",
    "ParseResult",
    "Registration",
    "RegistrationStatus",
    "RowError",
    "canonical_column",
    "errors_to_csv",
    "parse_extract",
    "template_csv",
]
