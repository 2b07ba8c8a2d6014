"""mantle load-provider-types PATH: trust types (acute, mental health, community, ambulance) from a
provider list with ORG_CODE and ORG_TYPE columns — used for peer groups in benchmarks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mantle.imports.loaders.reference import provider_types_load
from mantle.imports.parsers.published import parse_provider_types


class Command(BaseCommand):
    help = "Set organisations' types from a provider list (ORG_CODE, ORG_TYPE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        with path.open("rb") as handle:
            mapping = parse_provider_types(source=handle, filename=path.name)
        errors = getattr(mapping, "errors", [])
        if errors:
            for e in errors[:50]:
                self.stderr.write(f"row {e.row}, {e.column}: {e.message}")
            sys.exit(2)
        result = provider_types_load(dict(mapping))
        self.stdout.write(
            f"Provider types recorded: {result.recorded}; organisation types updated: "
            f"{result.updated}."
        )
        for label, codes in sorted(result.unmapped.items()):
            self.stdout.write(
                f"Not mapped to a type (left untyped): {label!r} for {len(codes)} "
                f"organisation(s): {', '.join(codes[:20])}{' …' if len(codes) > 20 else ''}"
            )
        if result.not_in_ods:
            self.stdout.write(
                f"Not in the loaded ODS organisations (type kept for the published benchmark "
                f"only): {len(result.not_in_ods)}: {', '.join(result.not_in_ods)}"
            )
