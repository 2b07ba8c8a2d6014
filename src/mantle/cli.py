"""The ``mantle`` console script: Django's management commands with Mantle's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mantle.config.settings.local")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    # Mantle's own commands are spelt with hyphens (mantle import-workforce); Django's modules use "_".
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["mantle", *args])


if __name__ == "__main__":
    main()
