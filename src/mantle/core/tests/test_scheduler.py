"""The scheduler runs each job at most once per period, even with two schedulers; administrators see runs."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection

from mantle.core.models import ScheduledJobRun
from mantle.core.scheduler import JOBS, Job, job_claim, jobs_run_due
from mantle.core.testing.factories import OrganisationFactory, UserFactory, make_user

UTC = dt.UTC
NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
PING = Job(
    "ping",
    "showmigrations",
    "Lists core migrations: a cheap job",
    args=("core",),
    offset=dt.timedelta(hours=6),
)


def test_a_daily_period_starts_at_midnight_utc_once_the_offset_has_passed() -> None:
    assert PING.period_start(NOON) == dt.datetime(2026, 3, 10, tzinfo=UTC)
    # before 06:00 the job still belongs to yesterday's period
    early = dt.datetime(2026, 3, 10, 5, 59, tzinfo=UTC)
    assert PING.period_start(early) == dt.datetime(2026, 3, 9, tzinfo=UTC)


@pytest.mark.django_db
def test_a_job_runs_once_per_period_and_again_the_next_period() -> None:
    first = jobs_run_due(now=NOON, jobs=(PING,), claimed_by="a")
    assert [(r.job, r.succeeded) for r in first] == [("ping", True)]
    assert first[0].finished_at is not None
    # when the same or another scheduler looks again in the same period, nothing runs
    assert jobs_run_due(now=NOON + dt.timedelta(hours=5), jobs=(PING,), claimed_by="b") == []
    # the next day it runs again
    assert len(jobs_run_due(now=NOON + dt.timedelta(days=1), jobs=(PING,), claimed_by="b")) == 1
    assert ScheduledJobRun.objects.filter(job="ping").count() == 2


@pytest.mark.django_db
def test_a_failing_job_is_recorded_as_failed_and_the_others_still_run() -> None:
    broken = Job("broken", "no_such_command", "fails")
    runs = jobs_run_due(now=NOON, jobs=(broken, PING), claimed_by="a")
    assert [(r.job, r.succeeded) for r in runs] == [("broken", False), ("ping", True)]
    assert "Unknown command" in runs[0].output


@pytest.mark.django_db
def test_the_real_jobs_run_on_an_empty_database() -> None:
    runs = jobs_run_due(now=NOON, claimed_by="a")
    # task pruning is only scheduled when background tasks are kept in the database (not in tests)
    assert {r.job for r in runs} == {j.name for j in JOBS} - {"prune_db_task_results"}
    assert all(r.succeeded for r in runs), [(r.job, r.output) for r in runs]


@pytest.mark.django_db
def test_run_scheduler_once_runs_what_is_due() -> None:
    with mock.patch("mantle.core.scheduler.JOBS", (PING,)):
        call_command("run_scheduler", "--once")
    assert ScheduledJobRun.objects.get(job="ping").succeeded is True


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_claimers_get_one_claim_between_them() -> None:
    assert connection.vendor == "postgresql"
    start = PING.period_start(NOON)
    barrier = threading.Barrier(2)
    results: dict[str, Any] = {}

    def claim(name: str) -> None:
        try:
            barrier.wait()
            results[name] = job_claim(job=PING, period_start=start, claimed_by=name)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(n,)) for n in ("one", "two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [n for n, run in results.items() if run is not None]
    assert len(results) == 2 and len(winners) == 1
    assert ScheduledJobRun.objects.get(job="ping").claimed_by == winners[0]


@pytest.mark.django_db
def test_a_second_claim_for_the_same_period_is_refused() -> None:
    start = PING.period_start(NOON)
    assert job_claim(job=PING, period_start=start, claimed_by="one") is not None
    assert job_claim(job=PING, period_start=start, claimed_by="two") is None
    assert ScheduledJobRun.objects.count() == 1


@pytest.mark.django_db
def test_administrators_see_each_jobs_last_run_and_staff_do_not(client: Any) -> None:
    jobs_run_due(jobs=(PING,), claimed_by="a")
    ScheduledJobRun.objects.create(
        job="development_reminders",
        period_start=NOON,
        started_at=NOON,
        finished_at=NOON,
        succeeded=False,
        output="SMTP server refused",
    )
    org = OrganisationFactory(code="RXA")
    client.force_login(make_user(username="hr", roles=[("hr_admin", org)]))
    page = client.get("/scheduled-jobs/").content.decode()
    assert "Development reminders" in page and "10 Mar 2026 12:00" in page
    assert "Failed" in page and "SMTP server refused" in page
    assert "Never" in page  # jobs that have not run yet
    client.force_login(make_user(username="nurse", roles=[("staff", org)]))
    assert client.get("/scheduled-jobs/").status_code == 403


@pytest.mark.django_db
def test_service_status_is_a_public_page_and_healthz_stays_json(client: Any) -> None:
    page = client.get("/status/")
    assert page.status_code == 200
    assert b"working normally" in page.content and b"<h1>Service status</h1>" in page.content
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    client.force_login(UserFactory())
    footer = client.get("/").content.decode()
    assert 'href="/status/"' in footer and 'href="/api/v1/docs"' in footer


@pytest.mark.django_db
def test_service_status_says_when_the_database_does_not_answer(client: Any) -> None:
    with mock.patch.object(connection, "cursor", side_effect=RuntimeError("down")):
        page = client.get("/status/")
    assert page.status_code == 503
    assert b"cannot reach its database" in page.content
