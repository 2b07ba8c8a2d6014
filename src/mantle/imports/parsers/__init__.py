"""Parsers: files in, typed values and row errors out. Pure: no Django, no database.

Every parser accepts ``source`` (a binary file object or a ``Path``) and the ``filename`` the user
gave it, never raises for bad content (problems come back as ``RowError`` values with the row and
column the user sees), and raises ``ParseError`` only when the file cannot be read as CSV or XLSX.
Must never import: Django, loaders, views.
"""

from mantle.imports.parsers.common import ParsedRecords, ParseError, RowError, errors_to_csv
from mantle.imports.parsers.extract import (
    EXTRACT_COLUMNS,
    ExtractRow,
    ParseResult,
    Registration,
    RegistrationStatus,
    parse_extract,
    template_csv,
)
from mantle.imports.parsers.occupation_codes import (
    OccupationCodeRecord,
    parse_occupation_code_file,
)
from mantle.imports.parsers.ods import (
    OdsOrganisation,
    parse_ods_file,
    tidy_organisation_name,
)
from mantle.imports.parsers.published import (
    ParsedMapping,
    PublishedFigure,
    parse_provider_types,
    parse_published_workforce,
)

__all__ = [
    "EXTRACT_COLUMNS",
    "ExtractRow",
    "OccupationCodeRecord",
    "OdsOrganisation",
    "ParseError",
    "ParseResult",
    "ParsedMapping",
    "ParsedRecords",
    "PublishedFigure",
    "Registration",
    "RegistrationStatus",
    "RowError",
    "errors_to_csv",
    "parse_extract",
    "parse_occupation_code_file",
    "parse_ods_file",
    "parse_provider_types",
    "parse_published_workforce",
    "template_csv",
    "tidy_organisation_name",
]
