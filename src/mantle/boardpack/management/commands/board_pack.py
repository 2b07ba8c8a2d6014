"""mantle board-pack --org CODE --month YYYY-MM --out FILE.pdf

Makes the organisation's board pack for the month (board-level disclosure), stores it with the
others and writes a copy to FILE. Audited as made by the system."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mantle.boardpack.content import pack_date
from mantle.boardpack.services import board_pack_create
from mantle.workforce.models import Organisation


class Command(BaseCommand):
    help = "Make the monthly board pack (PDF) for an organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True)
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organisation.objects.filter(code=options["org"].upper()).first()
        if org is None:
            raise CommandError(f"No organisation {options['org']}")
        try:
            on = pack_date(options["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        pack = board_pack_create(org=org, on=on, user=None, via="cli")
        options["out"].write_bytes(bytes(pack.pdf))
        self.stdout.write(
            f"{options['out']}: {pack.size:,} bytes, {pack.seconds:.1f} s, figures for {on}"
        )
