"""``mantle restore PATH``: replace the database and uploaded files with a backup's, then verify every table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mantle.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'mantle backup' (stop the web, worker and scheduler first). "
        "Every table's row count and checksum is compared with the backup's manifest."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--noinput", "--no-input", action="store_true", help="Do not ask for confirmation."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["noinput"]:
            answer = input(
                "This replaces the whole database and every uploaded file. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest = backup_restore(path=options["path"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {len(manifest['tables'])} tables match "
            f"their row counts and checksums; {manifest['media_files']} files restored."
        )
