"""The ESR staff-in-post profile (``esr-bi``): an ESR Business Intelligence report, imported unchanged.

``translate`` turns the report into the extract's columns so that the extract's own checker and
loader do the work (docs/data-formats.md, "ESR staff-in-post reports"). ``values`` holds the value
tables (grades through the editable ``grade_map.csv``, sex and ethnic origin words, dates, unit
names). Pure: no Django, no database.
"""

from mantle.imports.parsers.esr_bi.headings import looks_like_esr_bi
from mantle.imports.parsers.esr_bi.translate import (
    PROFILE,
    AssignmentRules,
    Translated,
    translate,
)
from mantle.imports.parsers.esr_bi.values import (
    GradeTable,
    GradeTableError,
    default_grade_table,
    grade_table_read,
)

__all__ = [
    "PROFILE",
    "AssignmentRules",
    "GradeTable",
    "GradeTableError",
    "Translated",
    "default_grade_table",
    "grade_table_read",
    "looks_like_esr_bi",
    "translate",
]
