"""360° pages: open a cycle, nominate, approve, run (close, release, remind) and read the report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from mantle.capability import selectors, services
from mantle.capability.engine import ALL_OTHERS, display_score
from mantle.capability.forms import (
    CohortForm,
    CycleForm,
    DeadlineForm,
    NominationForm,
    ReplacementForm,
    ReturnForm,
)
from mantle.capability.models import Cycle, Nomination
from mantle.capability.selectors.cycles import may_read_report, threshold
from mantle.core.access import actor_for
from mantle.core.audit import audit_record
from mantle.core.htmx import render_page
from mantle.workforce.models import Assignment, Organisation, Person, PostVersion, Unit

from ._common import HOME_CRUMB, attempt, error_text


def _crumbs(cycle: Cycle, last: str = "") -> list[dict[str, str]]:
    crumbs = [
        HOME_CRUMB,
        {"text": f"360° for {cycle.participant.full_name}", "href": f"/leadership/360/{cycle.pk}/"},
    ]
    if last:
        crumbs.append({"text": last, "href": ""})
    else:
        crumbs[-1]["href"] = ""
    return crumbs


def cycle_new(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    if actor.person_id is None:
        raise PermissionDenied("Your account is not linked to a staff record.")
    versions = selectors.frameworks_available(kind="leadership")
    form = CycleForm(request.POST or None, versions=versions)
    if request.method == "POST" and form.is_valid():
        participant = Person.objects.get(pk=actor.person_id)
        try:
            cycle = services.cycle_open(
                actor=actor,
                participant=participant,
                framework_version=form.cleaned_data["framework_version"],
                deadline=form.cleaned_data["deadline"],
                mode=form.cleaned_data["mode"],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, "Your 360° is open. Now choose your raters.")
            return redirect("capability:cycle_detail", cycle_id=cycle.pk)
    return render_page(
        request,
        "capability/cycle_new.html",
        {
            "form": form,
            "threshold": threshold(),
            "breadcrumbs": [HOME_CRUMB, {"text": "Start a 360°", "href": ""}],
        },
    )


def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    access = selectors.cycle_access(actor, cycle)
    if not access.participant:
        audit_record(
            actor=request.user,
            action="view",
            object_type="feedback_cycle",
            object_id=cycle.pk,
            object_label=cycle.participant.full_name,
            organisation_code=cycle.organisation.code,
        )
    nominations = [n for n in cycle.nominations.all() if n.group != "self"]
    self_nomination = cycle.nominations.filter(group="self").first()
    running = cycle.status in (Cycle.Status.OPEN, Cycle.Status.CLOSED, Cycle.Status.RELEASED)
    return render_page(
        request,
        "capability/cycle_detail.html",
        {
            "cycle": cycle,
            "access": access,
            "nominations": [(n, selectors.public_status(n)) for n in nominations],
            "self_nomination": self_nomination,
            "self_done": self_nomination is not None
            and self_nomination.status == Nomination.Status.SUBMITTED,
            "warnings": selectors.nomination_warnings_for(cycle),
            "progress": selectors.cycle_progress(cycle) if running else None,
            "limits": cycle.limits,
            "form": NominationForm(),
            "return_form": ReturnForm(),
            "replace_form": ReplacementForm(),
            "deadline_form": DeadlineForm(),
            "report_ready": may_read_report(access, cycle),
            "accepting": cycle.accepting_responses(),
            "frozen": cycle.frozen(),
            "threshold": threshold(),
            "groups": [
                ("line_manager", "Line manager"),
                ("peer", "Peers"),
                ("direct_report", "Direct reports"),
                ("other", "Others"),
            ],
            "breadcrumbs": _crumbs(cycle),
        },
    )


@require_POST
def nomination_add(request: HttpRequest, cycle_id: int) -> HttpResponse:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    form = NominationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("capability:cycle_detail", cycle_id=cycle.pk)
    attempt(
        request,
        lambda: services.nomination_add(
            actor=actor,
            cycle=cycle,
            group=form.cleaned_data["group"],
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
        ),
        success="Rater added.",
    )
    return redirect("capability:cycle_detail", cycle_id=cycle.pk)


def _nomination(cycle: Cycle, nomination_id: int) -> Nomination:
    found = cycle.nominations.filter(pk=nomination_id).first()
    if found is None:
        raise Http404("No such nomination.")
    return found


@require_POST
def nomination_remove(request: HttpRequest, cycle_id: int, nomination_id: int) -> HttpResponse:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    nomination = _nomination(cycle, nomination_id)
    attempt(
        request,
        lambda: services.nomination_remove(actor=actor, nomination=nomination),
        success="Rater removed.",
    )
    return redirect("capability:cycle_detail", cycle_id=cycle.pk)


@require_POST
def nomination_replace(request: HttpRequest, cycle_id: int, nomination_id: int) -> HttpResponse:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    declined = _nomination(cycle, nomination_id)
    form = ReplacementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a valid e-mail address for the replacement.")
        return redirect("capability:cycle_detail", cycle_id=cycle.pk)
    attempt(
        request,
        lambda: services.nomination_replace(
            actor=actor,
            declined=declined,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
        ),
        success="Replacement invited.",
    )
    return redirect("capability:cycle_detail", cycle_id=cycle.pk)


@require_POST
def cycle_submit(request: HttpRequest, cycle_id: int) -> HttpResponse:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    attempt(
        request,
        lambda: services.cycle_submit_for_approval(actor=actor, cycle=cycle),
        success="Sent to your line manager for approval.",
    )
    return redirect("capability:cycle_detail", cycle_id=cycle.pk)


@require_POST
def cycle_approve(request: HttpRequest, cycle_id: int) -> HttpResponse:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    note = request.POST.get("note", "")
    if request.POST.get("decision") == "return":
        attempt(
            request,
            lambda: services.cycle_return_nominations(actor=actor, cycle=cycle, note=note),
            success="Sent back to the participant.",
        )
    else:
        attempt(
            request,
            lambda: services.cycle_approve(actor=actor, cycle=cycle, note=note),
            success="Approved. Invitations are on their way.",
        )
    return redirect("capability:cycle_detail", cycle_id=cycle.pk)


@require_POST
def cycle_manage(request: HttpRequest, cycle_id: int) -> HttpResponse:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    action = request.POST.get("action", "")
    if action == "close":
        attempt(
            request,
            lambda: services.cycle_close(actor=actor, cycle=cycle),
            success="Closed. No more responses will be accepted.",
        )
    elif action == "release":
        attempt(
            request,
            lambda: services.cycle_release(actor=actor, cycle=cycle),
            success="Report released.",
        )
    elif action == "remind":
        attempt(
            request,
            lambda: services.cycle_send_reminders(actor=actor, cycle=cycle),
            success="Reminders are on their way to anyone who has not yet responded.",
        )
    elif action == "cancel":
        attempt(
            request,
            lambda: services.cycle_cancel(actor=actor, cycle=cycle),
            success="The 360° was cancelled.",
        )
    elif action == "accept_facilitator":
        attempt(
            request,
            lambda: services.cycle_facilitator_accept(actor=actor, cycle=cycle),
            success="Facilitator accepted. They can read your report once the 360° closes.",
        )
    elif action == "extend":
        form = DeadlineForm(request.POST)
        if form.is_valid():
            attempt(
                request,
                lambda: services.cycle_extend_deadline(
                    actor=actor, cycle=cycle, deadline=form.cleaned_data["deadline"]
                ),
                success="Deadline moved.",
            )
        else:
            messages.error(request, "Enter a valid date.")
    else:
        raise Http404("Unknown action.")
    return redirect("capability:cycle_detail", cycle_id=cycle.pk)


# --- report ------------------------------------------------------------------------------------------
def _report_context(request: HttpRequest, cycle_id: int) -> dict[str, Any]:
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    report = selectors.cycle_report(actor, cycle)
    if cycle.participant_id != actor.person_id:
        audit_record(
            actor=request.user,
            action="view",
            object_type="feedback_report",
            object_id=cycle.pk,
            object_label=cycle.participant.full_name,
            organisation_code=cycle.organisation.code,
        )
    spec = cycle.framework_version.spec()
    names = {d.key: d.name for d in spec.dimensions}
    columns = list(report.columns)
    chart = {
        "dimensions": [d.name for d in report.dimensions],
        "series": [
            {"label": c.label, "values": [d.performance[c.key].mean for d in report.dimensions]}
            for c in columns
            if c.key in ("self", ALL_OTHERS)
        ],
        "max": spec.scale.maximum,
    }
    return {
        "cycle": cycle,
        "report": report,
        "spec": spec,
        "names": names,
        "columns": columns,
        "chart": chart,
        "fmt": display_score,
        "scale_labels": [p.label for p in spec.scale.points],
        "importance_labels": [p.label for p in spec.importance_scale.points]
        if spec.importance_scale
        else [],
        "breadcrumbs": _crumbs(cycle, "Report"),
    }


def cycle_report(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return render_page(request, "capability/cycle_report.html", _report_context(request, cycle_id))


def cycle_report_print(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return render_page(
        request, "capability/cycle_report_print.html", _report_context(request, cycle_id)
    )


# --- administration ------------------------------------------------------------------------------------
def _admin_org(request: HttpRequest, code: str) -> Organisation:
    actor = actor_for(request)
    org = Organisation.objects.filter(code=code.upper()).first()
    if org is None or not actor.is_hr_admin(org.code):
        raise Http404("No such organisation, or you do not administer it.")
    return org


def cycle_admin_list(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_for(request)
    org = _admin_org(request, code)
    cycles = list(
        selectors.cycles_for_admin(actor, organisation_code=org.code).order_by("status", "deadline")
    )
    return render_page(
        request,
        "capability/cycle_admin_list.html",
        {
            "org": org,
            "rows": [(c, selectors.cycle_progress(c)) for c in cycles],
            "breadcrumbs": [HOME_CRUMB, {"text": f"360° cycles: {org.name}", "href": ""}],
        },
    )


def cohort_new(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_for(request)
    org = _admin_org(request, code)
    units = list(Unit.objects.filter(organisation=org).values_list("path", flat=True))
    versions = selectors.frameworks_available(kind="leadership")
    form = CohortForm(request.POST or None, versions=versions, units=units)
    preview: list[Person] = []
    if request.method == "POST" and form.is_valid():
        preview = _cohort_people(
            org, unit=form.cleaned_data["unit"], tier=form.cleaned_data["tier"]
        )
        facilitator = None
        email = form.cleaned_data["facilitator_email"]
        if email:
            facilitator = get_user_model().objects.filter(email__iexact=email).first()
            if facilitator is None:
                form.add_error("facilitator_email", "No Mantle account has this e-mail address.")
        if form.is_valid() and "confirm" in request.POST:
            try:
                cohort = services.cohort_open(
                    actor=actor,
                    organisation=org,
                    name=form.cleaned_data["name"],
                    framework_version=form.cleaned_data["framework_version"],
                    deadline=form.cleaned_data["deadline"],
                    mode=form.cleaned_data["mode"],
                    participants=preview,
                    facilitator=facilitator,
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, f"Opened 360s for cohort {cohort.name}.")
                return redirect("capability:cycle_admin_list", code=org.code)
    return render_page(
        request,
        "capability/cohort_new.html",
        {
            "org": org,
            "form": form,
            "preview": preview,
            "breadcrumbs": [
                HOME_CRUMB,
                {"text": f"360° cycles: {org.name}", "href": f"/leadership/admin/{org.code}/"},
                {"text": "Open 360s for a cohort", "href": ""},
            ],
        },
    )


def _cohort_people(org: Organisation, *, unit: str, tier: str) -> list[Person]:
    today = timezone.localdate()
    versions = PostVersion.objects.current_on(today).filter(organisation=org)
    if unit:
        versions = versions.filter(Q(unit__path=unit) | Q(unit__path__startswith=unit + "/"))
    if tier:
        versions = versions.filter(tier=tier)
    people = (
        Assignment.objects.current_on(today)
        .filter(organisation=org, post_id__in=versions.values("post_id"))
        .values("person_id")
    )
    return list(Person.objects.filter(pk__in=people).order_by("last_name", "first_name"))
