"""Operations pages: the public service status page and, for administrators, the scheduled jobs."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import actor_for
from .scheduler import jobs_status

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    """Whether the database answers a trivial query (what /healthz and the status page report)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"; the detail goes to the log
        logger.exception("status: database unavailable")
        return False
    return True


@require_GET
def service_status(request: HttpRequest) -> HttpResponse:
    """The footer's "Service status": a page for people (machines read /healthz). Public, like /healthz."""
    healthy = database_answers()
    return render(
        request, "core/service_status.html", {"healthy": healthy}, status=200 if healthy else 503
    )


@require_GET
def scheduled_jobs(request: HttpRequest) -> HttpResponse:
    """Each scheduled job's last run, outcome and next due time; for HR/OD administrators and superusers."""
    if not actor_for(request).is_hr_admin_anywhere:
        raise PermissionDenied
    return render(request, "core/scheduled_jobs.html", {"jobs": jobs_status()})
