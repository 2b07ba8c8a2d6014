"""mantle import-outcomes KIND PATH [--dry-run] [--errors-out FILE]

Exit codes: 0 loaded (or dry run clean), 2 errors in the file (nothing written), 1 other failure.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mantle.imports.parsers.common import ParseError, errors_to_csv
from mantle.outcomes.parsers import KIND_LABELS
from mantle.outcomes.services import outcome_file_load


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Load outcome figures (published trust measures or your units' figures); see docs/data-formats.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KIND_LABELS), help="the file's format")
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument("--errors-out", type=Path, help="write the error report (CSV) here")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            self.stderr.write(f"No such file: {path}")
            sys.exit(1)
        try:
            load = outcome_file_load(
                kind=options["kind"], source=path, filename=path.name, dry_run=options["dry_run"]
            )
        except ParseError as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        if load.errors:
            if options["errors_out"]:
                options["errors_out"].write_text(errors_to_csv(load.errors), encoding="utf-8")
            self.stderr.write(f"{len(load.errors)} errors; nothing was loaded.")
            for e in load.errors[:50]:
                self.stderr.write(
                    f"  row {e.row}, {e.column}: {e.message} (value {e.value!r}"
                    + (f"; allowed: {e.allowed})" if e.allowed else ")")
                )
            if len(load.errors) > 50:
                self.stderr.write(f"  … and {len(load.errors) - 50} more (use --errors-out FILE)")
            sys.exit(2)
        verb = "Checked (nothing written)" if options["dry_run"] else "Loaded"
        self.stdout.write(
            f"{verb} {path.name} as {options['kind']}: {load.created} new, {load.changed} changed, "
            f"{load.unchanged} unchanged figures; measures: {', '.join(load.measures)}."
        )
        for reason, count in sorted(load.skipped.items()):
            self.stdout.write(f"  skipped {count}: {reason}")
