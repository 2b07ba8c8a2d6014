"""mantle load-occupation-codes PATH: the NHS Occupation Code Manual list."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mantle.imports.loaders.reference import occupation_codes_load
from mantle.imports.parsers.occupation_codes import parse_occupation_code_file


class Command(BaseCommand):
    help = "Load the NHS Occupation Code Manual list (then unknown codes in extracts are errors)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        with path.open("rb") as handle:
            parsed = parse_occupation_code_file(source=handle, filename=path.name)
        if parsed.errors:
            for e in parsed.errors[:50]:
                self.stderr.write(f"row {e.row}, {e.column}: {e.message}")
            self.stderr.write("Nothing was loaded.")
            sys.exit(2)
        counts = occupation_codes_load(parsed)
        self.stdout.write(
            f"Occupation codes: {counts.created} created, {counts.updated} updated, "
            f"{counts.unchanged} unchanged."
        )
