"""``mantle run_scheduler``: run Mantle's scheduled jobs (reminders, sweeps, pruning) without cron.

Run one beside the worker (``make run`` does); running two is safe: each job runs at most once per period.
"""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from mantle.core.scheduler import jobs_run_due


class Command(BaseCommand):
    help = "Run scheduled jobs, each at most once per period, checking every --interval seconds."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between checks.")
        parser.add_argument(
            "--once", action="store_true", help="Check once, run what is due, exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            self._stopping = True

        if not options["once"]:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            for run in jobs_run_due():
                state = "ok" if run.succeeded else "FAILED"
                self.stdout.write(f"{run.job} ({run.period_start:%Y-%m-%d %H:%M} UTC): {state}")
            if options["once"]:
                return
            deadline = time.monotonic() + options["interval"]
            while not self._stopping and time.monotonic() < deadline:
                time.sleep(min(1.0, options["interval"]))
            if self._stopping:
                self.stdout.write("Scheduler stopped.")
                return
            # A long-lived process: drop a connection the database (or CONN_MAX_AGE) has given up on.
            close_old_connections()
