"""Background task: a scenario run (estimation, back-test, Monte Carlo, goal seek) takes seconds,
so it runs in the worker; the page polls the run's progress."""

from __future__ import annotations

from django_tasks import task


@task()
def run_scenario(run_id: int) -> str:
    from .services import scenario_run_execute

    return str(scenario_run_execute(run_id).status)
