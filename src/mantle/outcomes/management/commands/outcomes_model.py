"""mantle outcomes-model --spec FILE [--format json|table] [--as ANALYST_USERNAME]

Fits a model specification (docs/outcomes.md). Run by the operator, it sees every organisation's
figures exactly; ``--as USERNAME`` fits it as that user would in the browser (their suppression).
Exit codes: 0 fitted, 2 a bad specification (the message names the field).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from mantle.analytics.outcomes import SpecError
from mantle.core.access import Actor, build_actor
from mantle.outcomes.services_model import model_fit, result_table


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Fit an outcomes model from a JSON specification and print the result."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--spec", required=True, type=Path, help="JSON specification file")
        parser.add_argument("--format", choices=("json", "table"), default="table")
        parser.add_argument("--as", dest="username", help="fit as this user (their access)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            raw = json.loads(options["spec"].read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            self.stderr.write(f"--spec: cannot read {options['spec']}: {exc}")
            sys.exit(2)
        actor: Actor | None = None
        if options["username"]:
            user = get_user_model().objects.filter(username=options["username"]).first()
            if user is None:
                self.stderr.write(f"--as: no user {options['username']!r}")
                sys.exit(2)
            actor = build_actor(user)
        try:
            fitted = model_fit(raw=raw, actor=actor)
        except SpecError as exc:
            self.stderr.write(f"Bad specification: {exc.field}: {exc.message}")
            sys.exit(2)
        if options["format"] == "json":
            self.stdout.write(json.dumps(fitted.result.as_dict(), indent=2))
        else:
            self.stdout.write(result_table(fitted.result))
