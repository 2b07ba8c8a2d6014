"""mantle import-workforce PATH --org CODE --as-of YYYY-MM-DD [--dry-run] [--errors-out FILE] [--correct]
[--profile auto|extract|esr-bi] [--grade-map CSV] [--esr-include bank,honorary,inactive]
[--allow-mass-leavers N]

A dry run prints what the import would do (starters, leavers, changes, new posts by unit). An import
that would end more than MANTLE_IMPORT_MASS_LEAVER_SHARE (default 10%) of the current assignments is
refused unless --allow-mass-leavers names the number it ends.

Exit codes: 0 imported (or dry run clean), 2 validation errors (nothing written), 1 other failure.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mantle.core.dates import cli_date
from mantle.imports.models import ImportRun
from mantle.imports.parsers.common import ParseError
from mantle.imports.parsers.esr_bi import AssignmentRules
from mantle.imports.parsers.extract import errors_to_csv
from mantle.imports.parsers.extract.parse import PROFILES
from mantle.imports.preview import ImportPreview
from mantle.imports.services import workforce_file_import
from mantle.workforce.models import Organisation


def _kinds(text: str) -> frozenset[str]:
    kinds = frozenset(part.strip().lower() for part in text.split(",") if part.strip())
    unknown = kinds - set(AssignmentRules.KINDS)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"{', '.join(sorted(unknown))} is not one of {', '.join(AssignmentRules.KINDS)}"
        )
    return kinds


class Command(BaseCommand):
    # An operator's data command: skip Django's start-up system checks (about a second).
    requires_system_checks: list[str] = []
    help = (
        "Import a monthly workforce extract (CSV or XLSX) as the organisation's snapshot on a date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--org", required=True, help="ODS code of the organisation")
        parser.add_argument(
            "--as-of", required=True, type=cli_date, help="snapshot date, YYYY-MM-DD"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument("--errors-out", type=Path, help="write the error report (CSV) here")
        parser.add_argument(
            "--correct",
            action="store_true",
            help="allow an older snapshot than the latest (audited correction)",
        )
        parser.add_argument(
            "--profile",
            choices=PROFILES,
            default="auto",
            help="file layout: Mantle's extract, an ESR staff-in-post report (esr-bi), or auto "
            "(ESR when the header has Org L2… levels and no unit path)",
        )
        parser.add_argument(
            "--grade-map",
            type=Path,
            help="ESR grade table (CSV grade,pay_band) instead of the one shipped with Mantle",
        )
        parser.add_argument(
            "--esr-include",
            type=_kinds,
            default=frozenset(),
            help="ESR assignments to keep in the establishment (left out by default): "
            "comma-separated bank, honorary, inactive",
        )

        parser.add_argument(
            "--allow-mass-leavers",
            type=int,
            metavar="N",
            help="go ahead although the import ends N assignments, more than the share allowed "
            "without confirmation (N must be the number the refusal names)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        org = Organisation.objects.filter(code=options["org"].upper()).first()
        if org is None:
            self.stderr.write(
                f"Unknown organisation {options['org']!r}: load it first with "
                "'mantle load-ods' (or check the ODS code)."
            )
            sys.exit(2)
        if not path.exists():
            self.stderr.write(f"No such file: {path}")
            sys.exit(1)
        started = time.perf_counter()
        try:
            outcome = workforce_file_import(
                path=path,
                org=org,
                as_of=options["as_of"],
                dry_run=options["dry_run"],
                correct=options["correct"],
                profile=options["profile"],
                grade_map=options["grade_map"],
                include=options["esr_include"],
                confirmed_ended=options["allow_mass_leavers"],
            )
        except ParseError as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        except Exception as exc:  # reported with exit code 1; the transaction has rolled back
            self.stderr.write(f"Import failed; nothing was written: {exc}")
            sys.exit(1)
        elapsed = time.perf_counter() - started
        parse = outcome.parse
        if parse is not None and parse.profile == "esr-bi":
            left_out = ", ".join(f"{n} {why}" for why, n in parse.excluded.items()) or "none"
            self.stdout.write(
                f"Read as an ESR staff-in-post report. Left out of the establishment: {left_out}."
            )
        if parse is not None and parse.errors:
            if options["errors_out"]:
                options["errors_out"].write_text(errors_to_csv(parse.errors), encoding="utf-8")
            self.stderr.write(f"{len(parse.errors)} errors; nothing was imported.")
            for error in parse.errors[:50]:
                self.stderr.write(
                    f"  row {error.row}, {error.column}: {error.message}"
                    + (
                        f" (value {error.value!r}; allowed: {error.allowed})"
                        if error.allowed
                        else f" (value {error.value!r})"
                    )
                )
            if len(parse.errors) > 50:
                self.stderr.write(f"  … and {len(parse.errors) - 50} more (use --errors-out FILE)")
            sys.exit(2)
        if outcome.status == ImportRun.Status.INVALID:
            self.stderr.write(outcome.message)
            sys.exit(2)
        if parse is not None and parse.warning_total:
            self.stdout.write(f"{parse.warning_total} warnings (imported anyway):")
            for kind, count in parse.warning_counts.items():
                self.stdout.write(f"  {count:>8}  {kind}")
        if outcome.preview is not None:
            self._write_preview(outcome.preview)
        if outcome.counts is not None:
            c = outcome.counts
            self.stdout.write(
                f"Imported {c.rows} rows for {org.code} as of {options['as_of']} in {elapsed:.1f}s: "
                f"{c.starters} starters, {c.leavers} leavers, {c.changes} changes, "
                f"{c.unchanged} unchanged assignments, {c.new_posts} new posts."
            )
        elif outcome.preview is None:
            self.stdout.write(outcome.message)

    def _write_preview(self, preview: ImportPreview) -> None:
        c = preview.counts
        self.stdout.write(
            f"Importing this file would bring {c['starters']:,} starters, {c['leavers']:,} leavers, "
            f"{c['changes']:,} changes and {c['new_posts']:,} new posts, and end "
            f"{preview.ended_assignments:,} of {preview.current_assignments:,} current assignments."
        )
        if preview.units:
            self.stdout.write(
                f"  {'starters':>8} {'leavers':>8} {'changes':>8} {'new posts':>9}  unit"
            )
            for u in preview.units:
                self.stdout.write(
                    f"  {u.starters:>8,} {u.leavers:>8,} {u.changes:>8,} {u.new_posts:>9,}  {u.unit}"
                )
        if preview.refusal:
            self.stdout.write(preview.refusal)
        self.stdout.write("Nothing was written.")
