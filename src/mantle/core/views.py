"""Platform pages: home, health check and design-system error pages."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import actor_for
from .dates import DateParameterError
from .htmx import render_page
from .models import AuditEvent

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    return render(request, "core/home.html", {"actor": actor})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 otherwise. Public: load balancers call it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"; the detail goes to the log
        logger.exception("health check: database unavailable")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page; a bad date parameter is named in an error summary with the accepted form."""
    problem = None
    if isinstance(exception, DateParameterError):
        problem = {"name": exception.name, "message": exception.message}
    return render(request, "errors/400.html", {"problem": problem}, status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403.html", {"csrf": True}, status=403)


def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log, for administrators: superusers see all; HR/OD administrators their organisations."""
    actor = actor_for(request)
    if not actor.is_hr_admin_anywhere:
        raise PermissionDenied
    events = AuditEvent.objects.all()
    if not actor.superuser:
        events = events.filter(organisation_code__in=actor.orgs_with("hr_admin"))
    q = request.GET.get("q", "").strip()
    if q:
        events = events.filter(Q(object_label__icontains=q) | Q(actor_label__icontains=q))
    page = Paginator(events.order_by("-occurred_at", "-id"), 50).get_page(request.GET.get("page"))
    return render_page(request, "core/audit_log.html", {"page": page, "q": q})
