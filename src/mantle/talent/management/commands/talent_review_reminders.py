"""Queue e-mail reminders for succession plans due for review (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mantle.talent.tasks import send_plan_review_reminders
from mantle.workforce.models import Organisation


class Command(BaseCommand):
    help = "Queue reminders to owners of succession plans due for review within N days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=14)
        parser.add_argument("--org", help="ODS code; all organisations with plans when omitted")

    def handle(self, *args: Any, **options: Any) -> None:
        orgs = Organisation.objects.filter(succession_plans__isnull=False).distinct()
        if options["org"]:
            orgs = orgs.filter(code=options["org"].upper())
        for org in orgs:
            send_plan_review_reminders.enqueue(org.code, options["days"])
            self.stdout.write(f"Queued succession review reminders for {org.code}")
