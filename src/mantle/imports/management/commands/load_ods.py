"""mantle load-ods PATH…: NHS ODS organisation files (etr.csv, eccg.csv, the ICB list)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mantle.imports.loaders.reference import organisations_load
from mantle.imports.parsers.ods import parse_ods_file


class Command(BaseCommand):
    help = (
        "Load or refresh organisations from NHS ODS files; re-running updates without duplicating."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        records: list[Any] = []
        failed = False
        for path in options["paths"]:
            with path.open("rb") as handle:
                parsed = parse_ods_file(source=handle, filename=path.name)
            for e in parsed.errors[:50]:
                self.stderr.write(f"{path.name} row {e.row}, {e.column}: {e.message}")
            failed = failed or bool(parsed.errors)
            records.extend(parsed)
        if failed:
            self.stderr.write("Nothing was loaded: correct the files and run again.")
            sys.exit(2)
        counts = organisations_load(records)
        self.stdout.write(
            f"Organisations: {counts.created} created, {counts.updated} updated, "
            f"{counts.unchanged} unchanged."
        )
