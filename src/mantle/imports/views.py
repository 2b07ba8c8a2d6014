"""Upload page for HR/OD administrators, progress, result, error report, template and exports."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from mantle.core.access import actor_for
from mantle.core.dates import DATE_RULE, DateParameterError, parse_date_parameter
from mantle.core.htmx import render_page
from mantle.workforce.models import Organisation

from .models import ImportRun
from .parsers.extract import template_csv
from .services import import_errors_csv, import_run_confirm, import_run_create, progress_key

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def _admin_orgs(request: HttpRequest) -> list[Organisation]:
    actor = actor_for(request)
    orgs = Organisation.objects.order_by("name")
    if not actor.superuser:
        orgs = orgs.filter(code__in=actor.orgs_with("hr_admin"))
    return list(orgs)


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    orgs = _admin_orgs(request)
    if not orgs:
        raise PermissionDenied
    errors: dict[str, str] = {}
    values = {"org": request.GET.get("org", orgs[0].code), "as_of": dt.date.today().isoformat()}
    if request.method == "POST":
        values = {"org": request.POST.get("org", ""), "as_of": request.POST.get("as_of", "")}
        org = next((o for o in orgs if o.code == values["org"]), None)
        if org is None:
            errors["org"] = "Choose the organisation this extract is for."
        try:
            as_of = parse_date_parameter(values["as_of"], name="as_of")
        except DateParameterError:
            errors["as_of"] = f"Enter the snapshot date as {DATE_RULE}, for example 2026-03-31."
        upload_file = request.FILES.get("file")
        if upload_file is None:
            errors["file"] = "Select a CSV or XLSX workforce extract."
        elif not (upload_file.name or "").lower().endswith((".csv", ".xlsx")):
            errors["file"] = (
                f"“{upload_file.name}” is not a CSV or XLSX file: the name must end in .csv or "
                ".xlsx (save the extract from Excel as “CSV UTF-8” or as a workbook)."
            )
        elif upload_file.size and upload_file.size > MAX_UPLOAD_BYTES:
            errors["file"] = "The file must be smaller than 200 MB."
        if not errors and org is not None and upload_file is not None:
            run = import_run_create(
                actor=request.user,
                org=org,
                as_of=as_of,
                filename=upload_file.name or "upload.csv",
                data=upload_file.read(),
                dry_run=bool(request.POST.get("dry_run")),
                correct=bool(request.POST.get("correct")),
            )
            return redirect("imports:run_detail", run_id=run.pk)
    recent = ImportRun.objects.filter(organisation__in=orgs).select_related("organisation")[:10]
    return render(
        request,
        "imports/upload.html",
        {
            "orgs": orgs,
            "errors": errors,
            "values": values,
            "recent": recent,
            "breadcrumbs": [
                {"text": "Home", "href": "/"},
                {"text": "Import a workforce extract", "href": ""},
            ],
        },
        status=400 if errors else 200,
    )


def _run_for(request: HttpRequest, run_id: int) -> ImportRun:
    orgs = _admin_orgs(request)
    run = (
        ImportRun.objects.filter(pk=run_id, organisation__in=orgs)
        .select_related("organisation")
        .first()
    )
    if run is None:
        raise Http404("No such import.")
    return run


def _confirmable(run: ImportRun) -> dict[str, int] | None:
    """What the result page offers to import: the ended/current assignments of a dry run or of a
    run refused by the mass-leaver guard whose file is still kept (None otherwise)."""
    if not run.finished or not run.stored_path:
        return None
    if run.status == ImportRun.Status.DRY_RUN and "preview" in run.counts:
        preview = run.counts["preview"]
        return {
            "ended": preview["ended_assignments"],
            "current": preview["current_assignments"],
            "needs_confirmation": bool(preview["refusal"]),
        }
    if run.status == ImportRun.Status.INVALID and "mass_leavers" in run.counts:
        return {**run.counts["mass_leavers"], "needs_confirmation": True}
    return None


def run_detail(request: HttpRequest, run_id: int, confirm_error: str = "") -> HttpResponse:
    run = _run_for(request, run_id)
    live = cache.get(progress_key(run.pk)) if not run.finished else None
    return render_page(
        request,
        "imports/run_detail.html",
        {
            "run": run,
            "confirmable": _confirmable(run),
            "confirm_error": confirm_error,
            "live": live or {"progress": run.progress, "stage": run.stage or "Waiting to start"},
            "breadcrumbs": [
                {"text": "Import", "href": "/imports/"},
                {"text": run.filename, "href": ""},
            ],
        },
    )


@require_http_methods(["POST"])
def run_confirm(request: HttpRequest, run_id: int) -> HttpResponse:
    """Import the file a dry run checked, or one the mass-leaver guard refused, once the user has
    typed the number of assignments it ends (when more than the allowed share)."""
    run = _run_for(request, run_id)
    offer = _confirmable(run)
    if offer is None:
        raise Http404("This run has no file to import.")
    confirmed: int | None = None
    if offer["needs_confirmation"]:
        typed = request.POST.get("confirmed_ended", "").replace(",", "").strip()
        if typed != str(offer["ended"]):
            response = run_detail(
                request,
                run_id,
                confirm_error=(
                    f"Type {offer['ended']} (the number of assignments this import ends) to "
                    f"confirm; you typed “{typed or 'nothing'}”."
                ),
            )
            response.status_code = 400
            return response
        confirmed = offer["ended"]
    try:
        new_run = import_run_confirm(actor=request.user, run=run, confirmed_ended=confirmed)
    except FileNotFoundError:
        raise Http404("The file of this run is no longer kept: upload it again.") from None
    return redirect("imports:run_detail", run_id=new_run.pk)


def run_errors_csv(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_for(request, run_id)
    response = HttpResponse(import_errors_csv(run), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-errors.csv"'
    return response


def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mantle-workforce-extract-template.csv"'
    return response
