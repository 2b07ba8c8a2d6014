"""mantle import-esr-interface PATH --org CODE [--grade-map CSV] [--esr-include bank,honorary,inactive]

Applies an ESR outbound interface file (docs/data-formats.md). Exit codes: 0 applied, 2 refused
(errors in the file, a sequence gap, a file applied before; nothing written), 1 other failure.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mantle.imports.management.commands.import_workforce import _kinds
from mantle.imports.services import esr_interface_apply
from mantle.workforce.models import Organisation


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Apply an ESR outbound interface file (full or delta) to an organisation's register."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--org", required=True, help="ODS code of the organisation")
        parser.add_argument("--grade-map", type=Path, help="ESR grade table (CSV grade,pay_band)")
        parser.add_argument(
            "--esr-include",
            type=_kinds,
            default=frozenset(),
            help="assignments to keep in the establishment: bank, honorary, inactive",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organisation.objects.filter(code=options["org"].upper()).first()
        if org is None:
            self.stderr.write(f"Unknown organisation {options['org']!r}.")
            sys.exit(2)
        path: Path = options["path"]
        if not path.exists():
            self.stderr.write(f"No such file: {path}")
            sys.exit(1)
        try:
            outcome = esr_interface_apply(
                path=path,
                org=org,
                grade_map=options["grade_map"],
                include=options["esr_include"],
            )
        except Exception as exc:  # the transaction has rolled back
            self.stderr.write(f"Failed; nothing was applied: {exc}")
            sys.exit(1)
        if outcome.status != "applied":
            self.stderr.write(outcome.message)
            for error in outcome.errors[:50]:
                self.stderr.write(
                    f"  line {error.row}, {error.column}: {error.message} "
                    f"(value {error.value!r}; allowed: {error.allowed})"
                )
            sys.exit(2)
        self.stdout.write(outcome.message)
        for kind, count in outcome.counts.items():
            self.stdout.write(f"  {count:>8}  {kind}")
        imported = outcome.imported
        if imported is not None and imported.counts is not None:
            c = imported.counts
            self.stdout.write(
                f"Register: {c.rows} assignments, {c.starters} starters, {c.leavers} leavers, "
                f"{c.changes} changes."
            )
