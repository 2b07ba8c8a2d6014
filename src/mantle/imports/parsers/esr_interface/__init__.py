"""The ESR outbound interface file: read and check it (issue 20). Pure: no Django, no database.

ESR sends a trust's own systems a daily or weekly text file of ``~``-delimited records, one a line:
a header (``HDR``), data records, a trailer (``TRL``). A data record starts with its two-letter
type (``PR`` person, ``AS`` assignment, ``PO`` position, ``OR`` organisation, ``LC`` location,
``ET`` person extra information such as registrations, and ten more) and its action: ``A`` add or
update (the whole record, fields named by ``record_layouts.csv``) or ``D`` delete (the record's
identifier alone). ``LOV`` lines (lookup values) are read and counted but carry no register data.

Field layouts: ``record_layouts.csv`` (``record, record_type_prefix, position, field``), from the
open-source ``sardjv/esr_api`` project (MIT licence, built with an NHS trust to read its ESR
interface files: ``app/services/etl/headers/``), copied unchanged.

``parse_interface_file`` checks, and reports every problem with its line, field, value and what is
allowed; a file with any problem is refused as a whole:

* the first line is the header, the last the trailer, and the trailer's count is the number of
  data records between them (``LOV`` lines included);
* every record's type is known and its action is ``A`` or ``D``; an ``A`` record has exactly the
  layout's number of fields, a ``D`` record its identifier alone;
* the header names the file (``…_<sequence>.DAT``, the sequence being the digits before ``.DAT``)
  and the period it covers (from and to timestamps ``YYYYMMDD HHMMSS``); a "from" of all zeros
  marks a **full** file (everything), otherwise the file is a **delta** (what changed).

Whether a sequence number follows the last one applied (no gap, not applied before) is the
loader's check (``loaders.esr_interface``): it needs the organisation's history.
"""

from mantle.imports.parsers.esr_interface.parse import (
    DATA_RECORD_TYPES,
    InterfaceFile,
    InterfaceHeader,
    InterfaceRecord,
    parse_interface_file,
    record_layouts,
)

__all__ = [
    "DATA_RECORD_TYPES",
    "InterfaceFile",
    "InterfaceHeader",
    "InterfaceRecord",
    "parse_interface_file",
    "record_layouts",
]
