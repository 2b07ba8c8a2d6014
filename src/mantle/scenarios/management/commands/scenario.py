"""mantle scenario run FILE [--format json|text] [--unsuppressed] | mantle scenario pay-scales FILE [--org CODE]
[--source TEXT] [--illustrative]: run a scenario from an assumptions file, or load a pay scale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mantle.analytics.scenarios import AssumptionError
from mantle.core.audit import audit_record
from mantle.scenarios import services
from mantle.scenarios.disclosure import (
    backtest_for,
    evidence_for,
    outputs_for,
    released_for,
    stock_for,
)
from mantle.scenarios.models import ScenarioRun
from mantle.workforce.models import Organisation


class Command(BaseCommand):
    help = "Run a workforce scenario from a JSON assumptions file, or load a pay-scale CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="run FILE (JSON assumptions; docs/scenarios.md)")
        run.add_argument("file")
        run.add_argument("--format", choices=("json", "text"), default="json")
        run.add_argument(
            "--unsuppressed",
            action="store_true",
            help="exact starting-stock and rate counts (recorded in the audit log)",
        )
        pay = sub.add_parser("pay-scales", help="load a pay-scale CSV (band, annual_pay)")
        pay.add_argument("file")
        pay.add_argument("--org", default=None, help="ODS code (default: the scale for everyone)")
        pay.add_argument("--source", default=None, help="where the figures come from")
        pay.add_argument(
            "--illustrative", action="store_true", help="label the figures illustrative"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "pay-scales":
            self._pay(options)
        else:
            self._run(options)

    def _read(self, name: str) -> str:
        try:
            return Path(name).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {name}: {exc.strerror}.") from exc

    def _pay(self, options: dict[str, Any]) -> None:
        org = None
        if options["org"]:
            org = Organisation.objects.filter(code=options["org"].upper()).first()
            if org is None:
                raise CommandError(f"--org: no organisation {options['org']!r}.")
        try:
            n = services.pay_scales_load(
                text=self._read(options["file"]),
                source=options["source"] or Path(options["file"]).name,
                org=org,
                illustrative=options["illustrative"],
            )
        except services.PayScaleError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Loaded {n} pay bands.")

    def _run(self, options: dict[str, Any]) -> None:
        try:
            raw = json.loads(self._read(options["file"]))
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{options['file']} is not JSON: {exc.msg} at line {exc.lineno}."
            ) from exc
        if not isinstance(raw, dict):
            raise CommandError("The assumptions file must hold a JSON object.")
        code = str(raw.get("organisation", "")).upper()
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            raise CommandError(f"organisation: no organisation {code!r} in the register.")
        raw.setdefault("name", Path(options["file"]).stem)
        try:
            stored = services.assumptions_check(org=org, raw=raw)
            answer = services.run_assumptions(org=org, raw=stored)
        except AssumptionError as exc:
            raise CommandError(
                "Assumptions not valid: " + "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
            ) from exc
        # Counts about real people (starting stock, back-test actuals, rate evidence) go through
        # the same disclosure control as a board member's page unless --unsuppressed (audited).
        run = ScenarioRun(
            estimated=answer["estimated"], outputs=answer["outputs"], backtest=answer["backtest"]
        )
        released = released_for(run, suppress=not options["unsuppressed"])
        if options["unsuppressed"]:
            audit_record(
                actor=None,
                action="scenario.cli_unsuppressed",
                object_type="organisation",
                object_id=org.pk,
                object_label=org.code,
                organisation_code=org.code,
                via="cli",
            )
        document: dict[str, Any] = {
            "organisation": org.code,
            "assumptions": stored,
            "outputs": {
                m: {d: {k: q[k] for k in ("p10", "p50", "p90")} for d, q in series.items()}
                for m, series in outputs_for(run, released).items()
            },
            "backtest": backtest_for(run, released),
            "rates": evidence_for(run, released),
            "starting_stock": stock_for(run, released),
            "footnotes": released.footnotes(),
        }
        if answer["goal_seek"] is not None:
            document["goal_seek"] = answer["goal_seek"]
        if options["format"] == "json":
            self.stdout.write(json.dumps(document, indent=1, default=str))
            return
        for metric in ("clinician_share.senior_leadership", "headcount.management"):
            series = document["outputs"][metric]
            last = list(series)[-1]
            q = series[last]
            self.stdout.write(f"{metric} on {last}: P10 {q['p10']}, P50 {q['p50']}, P90 {q['p90']}")
        if answer["goal_seek"] is not None:
            self.stdout.write(answer["goal_seek"]["message"])
