"""Board pack pages: the list with a button to make one, and the download (audited)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from mantle.core.access import actor_for
from mantle.core.htmx import render_page
from mantle.divide.spc import ALL_SERIES, SERIES_BY_KEY
from mantle.workforce.models import Organisation

from . import selectors, services
from .content import pack_date
from .forms import parse_measure_setting


def _org(request: HttpRequest, codes: set[str]) -> Organisation:
    if not codes:
        raise PermissionDenied(
            "Board packs are for the chair, executives and the company secretary."
        )
    code = (request.GET.get("org") or request.POST.get("org") or sorted(codes)[0]).upper()
    org = Organisation.objects.filter(code=code).first() if code in codes else None
    if org is None:
        raise Http404("No such organisation, or you do not have access to it.")
    return org


def _latest_month(today: dt.date) -> str:
    return today.strftime("%Y-%m")


def pack_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    codes = selectors.board_pack_org_codes(actor)
    org = _org(request, codes)
    today = dt.date.today()
    return render_page(
        request,
        "boardpack/list.html",
        {
            "org": org,
            "orgs": sorted(codes),
            "packs": list(selectors.board_packs(actor, org=org)[:24]),
            "month": _latest_month(today),
            "breadcrumbs": [{"text": "Home", "href": "/"}, {"text": "Board pack", "href": ""}],
        },
    )


@require_POST
def pack_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    org = _org(request, selectors.board_pack_org_codes(actor))
    try:
        on = pack_date(request.POST.get("month") or _latest_month(dt.date.today()))
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    pack = services.board_pack_create(org=org, on=on, user=request.user)
    return redirect(f"/board-pack/{pack.pk}/download?org={org.code}")


def pack_download(request: HttpRequest, pk: int) -> HttpResponse:
    pack = selectors.board_pack_get(actor_for(request), pk=pk)
    if pack is None:
        raise Http404("No such board pack, or you do not have access to it.")
    response = HttpResponse(
        services.board_pack_download(pack=pack, user=request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
    return response


def measure_settings(request: HttpRequest) -> HttpResponse:
    """Targets and change points per monthly measure: the organisation's HR/OD administrators set
    them (audited); the SPC charts of the dashboard and the board pack read them."""
    actor = actor_for(request)
    codes = (
        actor.orgs_with("hr_admin")
        if not actor.superuser
        else set(Organisation.objects.values_list("code", flat=True))
    )
    if not codes:
        raise PermissionDenied("Targets are set by the organisation's HR/OD administrators.")
    org = _org(request, codes)
    parsed = None
    status = 200
    if request.method == "POST":
        parsed = parse_measure_setting(request.POST.dict())
        if not parsed.errors:
            services.measure_setting_save(
                org=org,
                measure=parsed.measure,
                target=parsed.target,
                change_point=parsed.change_point,
                reason=parsed.reason,
                user=request.user,
            )
            return redirect(
                f"{reverse('boardpack:measures')}?org={org.code}&saved={parsed.measure}"
            )
        status = 422
    current = {s.measure: s for s in selectors.measure_setting_rows(org=org)}
    return render_page(
        request,
        "boardpack/measure_settings.html",
        {
            "org": org,
            "orgs": sorted(codes),
            "series": ALL_SERIES,
            "current": current,
            "parsed": parsed,
            "saved": SERIES_BY_KEY.get(request.GET.get("saved", "")),
            "breadcrumbs": [
                {"text": "Home", "href": "/"},
                {"text": "The divide", "href": f"/divide/?org={org.code}"},
                {"text": "Targets and change points", "href": ""},
            ],
        },
        status=status,
    )
