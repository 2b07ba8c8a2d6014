"""Remove evidence files that no record refers to (left behind by uploads whose transaction failed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mantle.development.services import evidence_sweep


class Command(BaseCommand):
    help = "Delete orphaned evidence files older than a day."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Removed {evidence_sweep()} orphaned evidence file(s).")
