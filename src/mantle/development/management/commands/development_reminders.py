"""Send today's development reminders for every organisation (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from mantle.core.dates import cli_date
from mantle.development.services import reminders_send
from mantle.workforce.models import Organisation


class Command(BaseCommand):
    help = "Queue reminder e-mails for expiring qualifications and unmet role requirements."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--on",
            type=cli_date,
            default=None,
            help="Evaluate as at this date (default today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on = options["on"] or timezone.localdate()
        for org in Organisation.objects.all():
            people = reminders_send(actor=None, organisation=org, on=on)
            self.stdout.write(f"{org.code}: reminders queued for {people} people")
