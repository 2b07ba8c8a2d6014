"""mantle import-published-workforce PATH: load NHS Digital workforce statistics (tidy layout:
month, org_code, org_name, staff_group, fte). Re-loading a period replaces it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mantle.divide.services import published_figures_load
from mantle.imports.parsers.published import parse_published_workforce


class Command(BaseCommand):
    help = "Load published workforce statistics by organisation, staff group and period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        with path.open("rb") as handle:
            result = parse_published_workforce(source=handle, filename=path.name)
        figures = getattr(result, "rows", result)
        errors = getattr(result, "errors", [])
        if errors:
            for e in errors[:50]:
                self.stderr.write(f"row {e.row}, {e.column}: {e.message}")
            self.stderr.write(f"{len(errors)} errors; nothing was loaded.")
            sys.exit(2)
        count = published_figures_load(list(figures))
        periods = sorted({f.period for f in figures})
        self.stdout.write(f"Loaded {count} figures for {', '.join(periods)}.")
