"""Scheduled jobs without cron: ``mantle run_scheduler`` runs each job at most once per period.

The rule: a job runs in a period only for the scheduler that inserts its ``ScheduledJobRun`` row
``(job, period_start)`` first; the unique constraint turns every other scheduler's insert into an
``IntegrityError``, so two schedulers (or two hosts) never both run it (docs/decisions/0010).
Periods are aligned to UTC: a daily job's period starts at 00:00 UTC, and the job runs at the first tick at or
after ``period_start + offset``.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledJobRun

logger = logging.getLogger(__name__)

DAY = dt.timedelta(days=1)
OUTPUT_LIMIT = 10_000


def _tasks_in_database() -> bool:
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend.startswith("django_tasks_db")


@dataclass(frozen=True)
class Job:
    """A management command run once per ``period``, ``offset`` after the period starts."""

    name: str
    command: str
    description: str
    args: tuple[str, ...] = ()
    period: dt.timedelta = DAY
    offset: dt.timedelta = dt.timedelta(0)
    enabled: Callable[[], bool] = field(default=lambda: True)

    def period_start(self, now: dt.datetime) -> dt.datetime:
        epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        seconds = self.period.total_seconds()
        index = int((now - epoch - self.offset).total_seconds() // seconds)
        return epoch + dt.timedelta(seconds=index * seconds)


JOBS: tuple[Job, ...] = (
    Job(
        "development_reminders",
        "development_reminders",
        "E-mails about expiring qualifications and unmet role requirements",
        offset=dt.timedelta(hours=6),
    ),
    Job(
        "development_evidence_sweep",
        "development_evidence_sweep",
        "Deletes orphaned evidence files",
        offset=dt.timedelta(hours=2),
    ),
    Job(
        "run_360_schedule",
        "run_360_schedule",
        "Closes 360° cycles past their deadline and sends rater reminders",
        offset=dt.timedelta(hours=6, minutes=30),
    ),
    Job(
        "talent_review_reminders",
        "talent_review_reminders",
        "Reminds owners of succession plans due for review",
        offset=dt.timedelta(hours=7),
    ),
    Job(
        "board_pack_monthly",
        "board_pack_monthly",
        "Makes last month's board pack for each organisation with board officers (once a month)",
        offset=dt.timedelta(hours=4),
    ),
    Job(
        "prune_db_task_results",
        "prune_db_task_results",
        "Removes finished background-task records older than 14 days",
        args=("--min-age-days", "14"),
        offset=dt.timedelta(hours=3),
        enabled=_tasks_in_database,
    ),
)


def scheduler_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def job_claim(*, job: Job, period_start: dt.datetime, claimed_by: str) -> ScheduledJobRun | None:
    """Claim ``job`` for the period starting at ``period_start``; ``None`` if another scheduler has it.

    Rule: at most one claim per job and period, enforced by the database's unique constraint.
    """
    try:
        with transaction.atomic():
            return ScheduledJobRun.objects.create(
                job=job.name,
                period_start=period_start,
                started_at=timezone.now(),
                claimed_by=claimed_by[:128],
            )
    except IntegrityError:
        return None


def job_run(*, job: Job, run: ScheduledJobRun) -> ScheduledJobRun:
    """Run a claimed job's command and record when it finished, whether it succeeded and what it said."""
    out = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=out, stderr=out)
    except Exception as exc:  # a failing job is recorded and logged; the scheduler carries on
        logger.exception("scheduled job %s failed", job.name)
        run.succeeded = False
        out.write(f"\n{type(exc).__name__}: {exc}")
    else:
        run.succeeded = True
    run.finished_at = timezone.now()
    run.output = out.getvalue()[-OUTPUT_LIMIT:]
    run.save(update_fields=["finished_at", "succeeded", "output"])
    return run


def jobs_run_due(
    *, now: dt.datetime | None = None, jobs: tuple[Job, ...] | None = None, claimed_by: str = ""
) -> list[ScheduledJobRun]:
    """Run every enabled job whose current period has started and that no scheduler has claimed yet."""
    now = now or timezone.now()
    claimed_by = claimed_by or scheduler_identity()
    done = []
    for job in JOBS if jobs is None else jobs:
        if not job.enabled():
            continue
        run = job_claim(job=job, period_start=job.period_start(now), claimed_by=claimed_by)
        if run is not None:
            logger.info("scheduled job %s: running for %s", job.name, run.period_start)
            done.append(job_run(job=job, run=run))
    return done


@dataclass(frozen=True)
class JobStatus:
    job: Job
    last: ScheduledJobRun | None
    next_due: dt.datetime


def jobs_status(*, now: dt.datetime | None = None) -> list[JobStatus]:
    """Each job with its latest run and when its next period starts (what administrators see)."""
    now = now or timezone.now()
    rows = []
    for job in JOBS:
        last = ScheduledJobRun.objects.filter(job=job.name).order_by("-period_start").first()
        start = job.period_start(now)
        ran_this_period = last is not None and last.period_start >= start
        # the current period's run time has passed; if it has not run yet it is due at the next tick
        next_due = start + job.offset + (job.period if ran_this_period else dt.timedelta(0))
        rows.append(JobStatus(job=job, last=last, next_due=next_due))
    return rows
