"""mantle benchmark --period YYYY-MM --format json|table: managers share by the published definition."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mantle.divide.models import PublishedFigure
from mantle.divide.services import benchmark_report


class Command(BaseCommand):
    # An operator's data command: skip Django's start-up system checks (about a second).
    requires_system_checks: list[str] = []
    help = "Managers + senior managers as a share of FTE (published G-code definition), with percentiles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        period = options["period"]
        if not PublishedFigure.objects.filter(period=period).exists():
            raise CommandError(
                f"No published statistics for {period}: load them with "
                "'mantle import-published-workforce FILE'."
            )
        report = benchmark_report(period=period)
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, indent=1))
            return
        n = report["national"]
        self.stdout.write(
            f"{period}: national FTE {n['fte']:,.0f}, managers share {n['managers_share']}"
        )
        for org in report["organisations"]:
            self.stdout.write(
                f"{org['org_code']:<6}{org['org_type'] or '':<14}{org['fte']:>10,.0f}"
                f"{org['managers_share']!s:>9}{org['percentile']!s:>7}"
                f"{org['peer_median']!s:>9}"
            )
        if report["untyped"]:
            self.stdout.write(
                f"No peer group (type not recorded; load a provider list with "
                f"'mantle load-provider-types'): {', '.join(report['untyped'])}"
            )
