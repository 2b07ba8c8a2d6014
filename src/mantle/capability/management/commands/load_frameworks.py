"""``mantle load-frameworks``: load the leadership frameworks, the management-practice instrument and
their crosswalks shipped with Mantle. Safe to run again; a used version is never changed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mantle.capability.services import FrameworkInUse, frameworks_load_shipped


class Command(BaseCommand):
    help = "Load the frameworks and crosswalks shipped with Mantle (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = frameworks_load_shipped()
        except FrameworkInUse as error:
            raise CommandError(str(error)) from error
        for label, items in (
            ("Created", summary.created),
            ("Refreshed (unused)", summary.refreshed),
            ("Unchanged", summary.unchanged),
            ("Crosswalks loaded", summary.crosswalks_created),
            ("Crosswalks unchanged", summary.crosswalks_unchanged),
        ):
            if items:
                self.stdout.write(f"{label}: {', '.join(items)}")
