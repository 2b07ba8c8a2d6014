"""Background tasks (django-tasks): imports run outside the request, after the upload is committed."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(run_id: int) -> str:
    from .services import import_run_execute

    return import_run_execute(run_id).status
