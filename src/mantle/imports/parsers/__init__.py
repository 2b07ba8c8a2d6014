"""Parsers: uploaded files in, typed rows and row-level problems out. Pure Python: no Django, no
database. They raise ``ParseError`` only for a file that cannot be read at all.

Must never import: Django, ``mantle.imports`` loaders, any view.
"""

from mantle.imports.parsers.common import ParsedList, ParseError, RowError, errors_to_csv
from mantle.imports.parsers.extract import (
    EXTRACT_COLUMNS,
    ExtractRow,
    ParseResult,
    Registration,
    parse_extract,
    template_csv,
)
from mantle.imports.parsers.extract_columns import RegistrationStatus

__all__ = [
    "EXTRACT_COLUMNS",
    "ExtractRow",
    "ParseError",
    "ParseResult",
    "ParsedList",
    "Registration",
    "RegistrationStatus",
    "RowError",
    "errors_to_csv",
    "parse_extract",
    "template_csv",
]
