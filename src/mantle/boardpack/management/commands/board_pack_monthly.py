"""mantle board-pack-monthly [--month YYYY-MM]

The scheduled run (core.scheduler, daily): makes last month's board pack for every organisation
that has a chair, an executive or a company secretary to read it, unless one was already made for
that month — so running it again, or on every day of the month, makes each pack once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mantle.accounts.models import Membership
from mantle.boardpack.content import month_end
from mantle.boardpack.models import BoardPack
from mantle.boardpack.selectors import ROLES
from mantle.boardpack.services import board_pack_create
from mantle.workforce.models import Organisation


def last_month(today: dt.date) -> str:
    return (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")


class Command(BaseCommand):
    help = "Make last month's board pack for each organisation with board officers (once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM (default: last month)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = month_end(options["month"] or last_month(dt.date.today()))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        codes = Membership.objects.filter(role__in=ROLES).values_list(
            "organisation__code", flat=True
        )
        made = 0
        for org in Organisation.objects.filter(code__in=set(codes)).order_by("code"):
            if BoardPack.objects.filter(organisation=org, month=on).exists():
                continue
            pack = board_pack_create(org=org, on=on, user=None, via="scheduler")
            made += 1
            self.stdout.write(f"{org.code}: {pack.size:,} bytes in {pack.seconds:.1f} s")
        self.stdout.write(f"{made} board pack(s) made for {on}")
