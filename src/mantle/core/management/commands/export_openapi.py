"""``mantle export-openapi [PATH]``: write the API's OpenAPI document (no server needed); stdout without PATH."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Write the OpenAPI document of Mantle's API to PATH (or standard output)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="File to write (default: standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        from mantle.config.api import api

        text = json.dumps(api.get_openapi_schema(), indent=2, sort_keys=False, default=str) + "\n"
        if options["path"]:
            Path(options["path"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote the OpenAPI document to {options['path']}.")
        else:
            self.stdout.write(text, ending="")
