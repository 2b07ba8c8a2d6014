"""'My development', a person's development record, holdings with evidence, and evidence download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from mantle.core.access import AccessDenied, actor_for
from mantle.core.audit import audit_record
from mantle.core.htmx import render_page
from mantle.development import selectors, services
from mantle.development.forms import EvidenceForm, HoldingForm
from mantle.development.models import Holding
from mantle.development.rules.evidence import EvidenceKind

from ._common import HOME, add_errors, as_of


def home(request: HttpRequest) -> HttpResponse:
    """My development: the signed-in person's holdings, requirements and enrolments."""
    actor = actor_for(request)
    on = as_of(request)
    record = None
    if actor.person_id is not None:
        person = selectors.person_visible(actor, actor.person_id)
        record = selectors.development_record(actor, person=person, on=on)
    return render_page(
        request,
        "development/record_detail.html",
        {
            "record": record,
            "is_self": True,
            "on": on,
            "catalogue": list(selectors.catalogue_visible(actor).filter(kind="programme")),
            "is_admin": actor.is_hr_admin_anywhere,
            "is_officer": bool(actor.orgs_with("chair", "company_secretary")),
            "sees_aggregates": actor.can_view_aggregates_anywhere,
            "is_manager": actor.is_manager_anywhere,
            "breadcrumbs": [{"text": "Home", "href": "/"}, {"text": "My development", "href": ""}],
        },
    )


def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """Someone's development record: their line managers and HR/OD administrators (audited)."""
    actor = actor_for(request)
    person = selectors.person_visible(actor, person_id)
    if person.pk == actor.person_id:
        return redirect("development:home")
    on = as_of(request)
    record = selectors.development_record(actor, person=person, on=on)
    codes = sorted(selectors.person_org_codes(person.pk))
    audit_record(
        actor=request.user,
        action="view",
        object_type="development_record",
        object_id=person.pk,
        object_label=person.full_name,
        organisation_code=codes[0] if codes else "",
    )
    return render_page(
        request,
        "development/record_detail.html",
        {
            "record": record,
            "is_self": False,
            "on": on,
            "catalogue": [],
            "breadcrumbs": [HOME, {"text": person.full_name, "href": ""}],
        },
    )


def holding_add(request: HttpRequest) -> HttpResponse:
    """Record a qualification (with optional evidence) for yourself, or as an administrator."""
    actor = actor_for(request)
    raw = request.GET.get("person") or request.POST.get("person") or actor.person_id
    if raw is None:
        raise PermissionDenied("Your account is not linked to a staff record.")
    try:
        person = selectors.person_visible(actor, int(raw))
    except (TypeError, ValueError) as error:
        raise Http404("No such person.") from error
    if person.pk != actor.person_id and not selectors.may_manage_person(actor, person.pk):
        raise PermissionDenied("Only the person or their HR/OD administrator records holdings.")
    offerings = selectors.catalogue_visible(actor)
    form = HoldingForm(request.POST or None, request.FILES or None, offerings=offerings)
    if request.method == "POST" and form.is_valid():
        try:
            services.holding_add(
                actor=actor,
                person=person,
                offering=form.cleaned_data["offering"],
                awarded_on=form.cleaned_data["awarded_on"],
                expires_on=form.cleaned_data["expires_on"],
                reference=form.cleaned_data["reference"],
                evidence=form.cleaned_data["evidence"],
            )
        except AccessDenied as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The qualification has been recorded.")
            if person.pk == actor.person_id:
                return redirect("development:home")
            return redirect("development:person_detail", person_id=person.pk)
    return render_page(
        request,
        "development/holding_form.html",
        {
            "form": form,
            "person": person,
            "is_self": person.pk == actor.person_id,
            "breadcrumbs": [HOME, {"text": "Record a qualification", "href": ""}],
        },
    )


def _holding_for_change(request: HttpRequest, holding_id: int) -> Holding:
    actor = actor_for(request)
    holding = Holding.objects.filter(pk=holding_id).first()
    if holding is None or not selectors.people_visible_has(actor, holding.person_id):
        raise Http404("No such holding.")
    return holding


def _back(holding: Holding, request: HttpRequest) -> HttpResponse:
    if holding.person_id == actor_for(request).person_id:
        return redirect("development:home")
    return redirect("development:person_detail", person_id=holding.person_id)


@require_POST
def holding_evidence_add(request: HttpRequest, holding_id: int) -> HttpResponse:
    actor = actor_for(request)
    holding = _holding_for_change(request, holding_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("evidence", []):
            messages.error(request, str(error))
        return _back(holding, request)
    try:
        services.holding_evidence_add(
            actor=actor, holding=holding, upload=form.cleaned_data["evidence"]
        )
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from error
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The evidence has been added.")
    return _back(holding, request)


@require_POST
def holding_verify(request: HttpRequest, holding_id: int) -> HttpResponse:
    holding = _holding_for_change(request, holding_id)
    try:
        services.holding_verify(actor=actor_for(request), holding=holding)
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, "The holding is marked as verified.")
    return _back(holding, request)


@require_POST
def holding_delete(request: HttpRequest, holding_id: int) -> HttpResponse:
    holding = _holding_for_change(request, holding_id)
    try:
        services.holding_delete(actor=actor_for(request), holding=holding)
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, "The holding has been removed.")
    return _back(holding, request)


@require_POST
def enrolment_apply(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    offering = get_object_or_404(
        selectors.catalogue_visible(actor), pk=request.POST.get("offering")
    )
    try:
        services.enrolment_apply(actor=actor, offering=offering, applied_on=timezone.localdate())
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from error
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, f"Your application for {offering.name} has been sent to your HR/OD team."
        )
    return redirect("development:home")


CONTENT_TYPES = {
    EvidenceKind.PDF: "application/pdf",
    EvidenceKind.PNG: "image/png",
    EvidenceKind.JPEG: "image/jpeg",
    EvidenceKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponseBase:
    """Download one evidence file. Rules: access as ``selectors.evidence_for_download``; always an
    attachment (never shown inline), no content sniffing, a sandboxing content security policy,
    never cached; every download audited."""
    actor = actor_for(request)
    evidence, path, org_code = selectors.evidence_for_download(actor, evidence_id)
    audit_record(
        actor=request.user,
        action="download",
        object_type="evidence",
        object_id=evidence.pk,
        object_label=evidence.original_name,
        organisation_code=org_code,
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["X-Evidence-Type"] = CONTENT_TYPES[EvidenceKind(evidence.kind)]
    return response
