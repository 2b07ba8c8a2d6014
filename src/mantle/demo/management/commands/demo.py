"""mantle demo [--staff N] [--seed S] [--national] [--if-empty]: load the synthetic NHS."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from mantle.core.dates import cli_date
from mantle.demo import services
from mantle.workforce.models import Organisation, Person


class Command(BaseCommand):
    help = "Create a realistic synthetic acute trust (or, with --national, ~200 trusts) through the importer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--staff", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--national", action="store_true")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="with --national: share of 1.3m"
        )
        parser.add_argument("--if-empty", action="store_true", help="do nothing when data exists")
        parser.add_argument("--as-of", type=cli_date, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Person.objects.exists():
            self.stdout.write(
                "Demo data already loaded (sign in with the accounts printed when it was created;"
                f" password {services.DEMO_PASSWORD})."
            )
            services.demo_two_step_ensure()
            for line in services.demo_two_step_help():
                self.stdout.write(line)
            return
        from mantle.demo.synthetic import generate_national, generate_trust
        from mantle.demo.synthetic.geography import synthetic_icbs

        end = options["as_of"] or services.month_end(dt.date.today())
        started = time.perf_counter()
        if options["national"]:
            nation = generate_national(seed=options["seed"], scale=options["scale"], as_of=end)
            self._load_nation(nation, end)
        else:
            dates = services.snapshot_dates(end=end)
            trust = generate_trust(
                seed=options["seed"], staff=options["staff"], snapshot_dates=dates
            )
            so = trust.organisation
            icb_name = next(
                (i.name for i in synthetic_icbs() if i.code == so.icb_code), f"ICB {so.icb_code}"
            )
            icb, _ = Organisation.objects.update_or_create(
                code=so.icb_code,
                defaults={
                    "name": icb_name,
                    "org_type": "icb",
                    "region_code": so.region_code,
                },
            )
            org, _ = Organisation.objects.update_or_create(
                code=so.code,
                defaults={
                    "name": so.name,
                    "org_type": so.org_type,
                    "region_code": so.region_code,
                    "parent": icb,
                },
            )
            for day, frame in trust.snapshots:
                outcome = services.import_frame(org=org, frame=frame, as_of=day)
                c = outcome.counts
                self.stdout.write(
                    f"  {day}: {c.rows} rows, {c.starters} starters, {c.leavers} leavers, "
                    f"{c.changes} changes"
                )
            vacant = services.establishment_add_vacancies(
                org=org, establishment=trust.establishment, valid_from=dates[0]
            )
            self.stdout.write(f"  {vacant} vacant posts added from the establishment")
            non_voting = services.demo_board_voting_set(org=org)
            self.stdout.write(f"  {non_voting} board post versions marked non-voting")
            call_command("load_frameworks", verbosity=0)
            services.seed_domain_apps(org=org, on=end, seed=options["seed"], log=self.stdout.write)
            accounts = services.demo_accounts_create(org=org, on=end)
            services.fppt_year_open(org=org, on=end, log=self.stdout.write)
            services.opportunities_seed(
                org=org, on=end, seed=options["seed"], log=self.stdout.write
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo trust {org.name} ({org.code}) loaded in {time.perf_counter() - started:.0f}s."
                )
            )
            self.stdout.write(
                f"Sign in with any of these accounts (password: {services.DEMO_PASSWORD}):"
            )
            for a in accounts:
                self.stdout.write(f"  {a.username:<10} {a.description}")
            for line in services.demo_two_step_help():
                self.stdout.write(line)

    def _load_nation(self, nation: Any, end: dt.date) -> None:
        import polars as pl

        for row in nation.icbs.iter_rows(named=True):
            Organisation.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "org_type": "icb",
                    "region_code": row.get("region_code", ""),
                },
            )
        icbs = dict(Organisation.objects.filter(org_type="icb").values_list("code", "pk"))
        for row in nation.organisations.iter_rows(named=True):
            org, _ = Organisation.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "org_type": row["org_type"],
                    "region_code": row.get("region_code", ""),
                    "parent_id": icbs.get(row.get("icb_code")),
                },
            )
            frame = nation.extract.filter(pl.col("org_code") == org.code)
            if frame.height:
                services.import_frame(org=org, frame=frame, as_of=end)
        self.stdout.write(
            self.style.SUCCESS(
                f"National synthetic NHS loaded: {nation.organisations.height} organisations, "
                f"{nation.extract.height} assignments."
            )
        )
