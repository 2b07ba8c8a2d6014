"""mantle export-workforce PATH --org CODE [--as-of YYYY-MM-DD] [--layout extract|esr-bi|esr-interface]

Writes the register as at a date in Mantle's extract layout or as an ESR staff-in-post report
(e.g. the demo's synthetic trust after ``mantle demo``); the export is audited. Exit code 2 for an
unknown organisation.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mantle.core.audit import audit_record
from mantle.core.dates import cli_date
from mantle.imports.exports import export_csv
from mantle.imports.exports_esr import export_esr_bi_csv, export_esr_interface
from mantle.workforce.models import Organisation


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Export the register as at a date: Mantle's extract layout or an ESR staff-in-post report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--org", required=True, help="ODS code of the organisation")
        parser.add_argument("--as-of", type=cli_date, default=None, help="YYYY-MM-DD (today)")
        parser.add_argument(
            "--layout", choices=("extract", "esr-bi", "esr-interface"), default="extract"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organisation.objects.filter(code=options["org"].upper()).first()
        if org is None:
            self.stderr.write(f"Unknown organisation {options['org']!r}.")
            sys.exit(2)
        on: dt.date = options["as_of"] or dt.date.today()
        layout = options["layout"]
        if layout == "esr-bi":
            text = export_esr_bi_csv(org, on=on)
        elif layout == "esr-interface":
            text = export_esr_interface(org, on=on)
        else:
            text = export_csv(org, on=on)
        options["path"].write_text(text, encoding="utf-8")
        audit_record(
            actor=None,
            action="export",
            object_type="workforce_export",
            object_id=on.isoformat(),
            object_label=f"{org.code} {layout}",
            organisation_code=org.code,
            via="cli",
        )
        self.stdout.write(
            f"Wrote the register of {org.code} on {on} ({layout}) to {options['path']}."
        )
