"""mantle divide --org CODE [--unit PATH] --as-of YYYY-MM-DD --format json|table [--unsuppressed]
mantle divide --all --as-of YYYY-MM-DD [--format csv|json] [--output FILE] [--unsuppressed]

Suppressed by default (the same figures a reader who is not the organisation's HR/OD administrator
sees: docs/decisions/0011); ``--unsuppressed`` gives exact figures, is recorded in the audit log
and marks CSV output OFFICIAL-SENSITIVE."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mantle.analytics._measures import with_unit_workforce_figures
from mantle.core.audit import audit_record
from mantle.core.dates import cli_date
from mantle.divide import services
from mantle.divide.views import OFFICIAL_SENSITIVE
from mantle.workforce.models import Organisation, Unit

ROWS = [
    ("board_non_executive", "tiers"),
    ("board_executive", "tiers"),
    ("senior", "tiers"),
    ("middle", "tiers"),
    ("first_line", "tiers"),
    ("board", "aggregates"),
    ("senior_management", "aggregates"),
    ("all_management", "aggregates"),
]


class Command(BaseCommand):
    # An operator's data command: skip Django's start-up system checks (about a second).
    requires_system_checks: list[str] = []
    help = "Print the divide measures (suppressed unless --unsuppressed, which is audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org")
        parser.add_argument("--all", action="store_true", help="every organisation (national view)")
        parser.add_argument("--unit")
        parser.add_argument("--as-of", type=cli_date, default=dt.date.today())
        parser.add_argument("--format", choices=["json", "table", "csv"], default="json")
        parser.add_argument(
            "--suppress",
            action="store_true",
            help="suppressed figures (the default; kept for scripts)",
        )
        parser.add_argument(
            "--unsuppressed",
            action="store_true",
            help="exact figures including small numbers (OFFICIAL-SENSITIVE; audited)",
        )
        parser.add_argument("--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        on: dt.date = options["as_of"]
        if options["suppress"] and options["unsuppressed"]:
            raise CommandError("Give --suppress or --unsuppressed, not both.")
        suppress = not options["unsuppressed"]
        if options["all"]:
            if not suppress:
                self._audit("divide_national", "all organisations", "", on, options)
            frame = services.divide_national(on=on, suppress=suppress)
            if options["format"] in ("csv", "table"):
                text = frame.write_csv()
                if not suppress:
                    text = f"{OFFICIAL_SENSITIVE}\n{text}"
            else:
                payload: dict[str, Any] = {"as_of": on.isoformat(), "suppressed": suppress}
                if not suppress:
                    payload["classification"] = "OFFICIAL-SENSITIVE"
                payload["organisations"] = frame.to_dicts()
                text = json.dumps(payload, default=str)
            self._emit(text, options["output"])
            return
        if not options["org"]:
            raise CommandError("Give --org CODE, or --all for every organisation.")
        org = Organisation.objects.filter(code=options["org"].upper()).first()
        if org is None:
            raise CommandError(f"Unknown organisation {options['org']!r}.")
        unit = options["unit"]
        if unit and not Unit.objects.filter(organisation=org, path=unit).exists():
            raise CommandError(f"No unit {unit!r} in {org.code}.")
        if not suppress:
            self._audit(
                "divide_report", org.code + (f" {unit}" if unit else ""), org.code, on, options
            )
        report = with_unit_workforce_figures(
            services.divide_report(org=org, on=on, unit=unit, suppress=suppress)
        )
        if options["format"] == "json":
            self._emit(json.dumps(report, indent=2), options["output"])
            return
        lines = [
            f"{org.name} ({org.code}) as at {on}" + (f", unit {unit}" if unit else ""),
            f"Workforce: {report['workforce']['headcount']} people, clinician share "
            f"{report['workforce']['workforce_clinician_share']}",
            f"Divide gap: {report['divide_gap_pp']} percentage points",
            "",
            f"{'group':<22}{'posts':>7}{'vacant':>8}{'holders':>9}{'clin.':>7}{'share':>9}"
            f"{'cap.share':>11}{'repr.':>8}{'hybrid':>8}",
        ]
        for key, section in ROWS:
            m = report[section][key]
            lines.append(
                f"{key:<22}{m['posts']!s:>7}{m['vacant']!s:>8}{m['holders']!s:>9}"
                f"{m['clinician_holders']!s:>7}{m['clinician_share']!s:>9}"
                f"{m['clinician_capacity_share']!s:>11}{m['representation_ratio']!s:>8}"
                f"{m['hybrid_share']!s:>8}"
            )
        self._emit("\n".join(lines), options["output"])

    def _audit(
        self, object_type: str, label: str, org_code: str, on: dt.date, options: dict[str, Any]
    ) -> None:
        audit_record(
            actor=None,
            action="export_unsuppressed",
            object_type=object_type,
            object_id=on.isoformat(),
            object_label=f"{label} {on} OFFICIAL-SENSITIVE",
            organisation_code=org_code,
            detail={"format": options["format"], "output": str(options["output"] or "stdout")},
            via="cli",
        )

    def _emit(self, text: str, output: Path | None) -> None:
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text)
