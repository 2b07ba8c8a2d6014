"""mantle disclosure-audit --org CODE --as-of YYYY-MM-DD --role ROLE: attack every figure a role can
obtain (two adjacent month-ends) with a linear programme; JSON summary; exit 1 on any violation."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mantle.divide.disclosure_audit import ROLES, disclosure_audit
from mantle.workforce.models import Organisation


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Enumerate every figure ROLE can obtain about the organisation on two adjacent month-ends, "
        "solve for the feasible range of every protected count, print JSON, exit 1 on a violation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True)
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument(
            "--apps", help="comma-separated app labels to audit (default: every app's figures)"
        )
        parser.add_argument(
            "--violations", type=int, default=50, help="how many violations to list (default 50)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organisation.objects.filter(code=options["org"].upper()).first()
        if org is None:
            raise CommandError(f"Unknown organisation {options['org']!r}.")
        summary = disclosure_audit(
            org=org,
            as_of=options["as_of"],
            role=options["role"],
            threshold=int(settings.MANTLE_SUPPRESSION_THRESHOLD),
            only=set(options["apps"].split(",")) if options["apps"] else None,
        )
        found = summary["violations"]
        summary["violation_count"] = len(found)
        summary["violations"] = found[: options["violations"]]
        self.stdout.write(json.dumps(summary, default=str))
        if found:
            sys.exit(1)
