"""``mantle run-360-schedule``: run daily. Records cycles past their deadline as closed (which spends
external links) and sends due reminders to raters who have not answered."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mantle.capability.services import cycles_close_due, reminders_send_due


class Command(BaseCommand):
    help = "Close 360° cycles past their deadline and send due reminders (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = cycles_close_due()
        reminded = reminders_send_due()
        self.stdout.write(
            f"Closed {closed} cycle(s) past their deadline; sent {reminded} reminder(s)."
        )
