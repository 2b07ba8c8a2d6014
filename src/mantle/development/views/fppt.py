"""FPPT pages: the board view (chair, company secretary), one member's cycle with the actions the
viewer may take, board member references and the annual summary exports. Every view is audited by
the selectors; every action goes through ``services.fppt``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from mantle.core.access import AccessDenied, Actor, actor_for
from mantle.core.audit import audit_record
from mantle.core.htmx import render_page
from mantle.development import selectors, services
from mantle.development.exports import fppt_summary, fppt_summary_csv, fppt_summary_xlsx
from mantle.development.forms import (
    AttestationForm,
    CheckForm,
    ChecksForm,
    CommentForm,
    ReferenceForm,
    ReturnForm,
    SignOffForm,
)
from mantle.development.models import FpptCycle
from mantle.development.rules.fppt import (
    CHECK_LABELS,
    DECLARATIONS,
    LCF_RATINGS,
    Action,
    CycleStatus,
    may,
)
from mantle.development.rules.tenure import financial_year_of
from mantle.development.selectors.fppt import is_fppt_officer
from mantle.workforce.models import Organisation, Person

from ._common import HOME, add_errors, as_of, pick_org


def _officer_codes(actor: Actor) -> set[str]:
    if actor.superuser:
        return set(Organisation.objects.values_list("code", flat=True))
    return actor.orgs_with("chair", "company_secretary")


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year") or request.POST.get("year") or "")
    except ValueError:
        return financial_year_of(timezone.localdate())


def board(request: HttpRequest) -> HttpResponse:
    """The FPPT board view for a year (chair and company secretary)."""
    actor = actor_for(request)
    org = pick_org(request, _officer_codes(actor))
    year = _year(request)
    on = as_of(request)
    view = selectors.board_view(actor, org=org, year=year, on=on)
    this_year = financial_year_of(timezone.localdate())
    reviewers = _reviewer_choices(org, [row.member.person for row in view.members])
    return render_page(
        request,
        "development/fppt_board.html",
        {
            "view": view,
            "org": org,
            "orgs": sorted(_officer_codes(actor)),
            "year": year,
            "on": on,
            "years": list(range(this_year - 3, this_year + 2)),
            "statuses": list(CycleStatus),
            "reviewers": reviewers,
            "breadcrumbs": [HOME, {"text": "Fit and proper person test", "href": ""}],
        },
    )


@require_POST
def cycles_open(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    org = pick_org(request, _officer_codes(actor))
    year = _year(request)
    try:
        result = services.fppt_cycles_open_for_year(actor=actor, organisation=org, year=year)
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from error
    text = f"Opened {len(result.opened)} FPPT record(s) for {year}/{(year + 1) % 100:02d}."
    if result.skipped:
        text += " Not opened: " + "; ".join(f"{p.full_name} ({why})" for p, why in result.skipped)
    messages.success(request, text)
    return redirect(f"/development/fppt/?org={org.code}&year={year}")


def _reviewer_choices(org: Organisation, members: list[Person]) -> list[tuple[int, str]]:
    """Who can be named as a reviewer: board members with an account, and users with the chair role
    (the senior independent director is usually given it to review the chair)."""
    user_model = get_user_model()
    users = user_model.objects.filter(
        Q(person__in=members) | Q(memberships__organisation=org, memberships__role="chair")
    ).distinct()
    return sorted(
        (
            (u.pk, (getattr(u, "person", None) and u.person.full_name) or u.get_username())
            for u in users
        ),
        key=lambda choice: choice[1],
    )


@require_POST
def cycle_open(request: HttpRequest) -> HttpResponse:
    """Open one member's cycle with a named reviewer (for the chair, or to change the usual one)."""
    actor = actor_for(request)
    org = pick_org(request, _officer_codes(actor))
    year = _year(request)
    try:
        # Someone outside the organisation answers as a missing id (issue 11, attack 7).
        person = (
            Person.objects.filter(employee_numbers__organisation=org)
            .distinct()
            .get(pk=int(request.POST.get("person", "")))
        )
        reviewer = (
            get_user_model()
            .objects.filter(
                Q(memberships__organisation=org) | Q(person__employee_numbers__organisation=org)
            )
            .distinct()
            .get(pk=int(request.POST.get("reviewer", "")))
        )
    except (ValueError, ObjectDoesNotExist) as error:
        raise Http404("No such board member or reviewer.") from error
    try:
        services.fppt_cycle_open(
            actor=actor, organisation=org, person=person, year=year, reviewer=reviewer
        )
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from error
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Opened {person.full_name}'s FPPT record.")
    return redirect(f"/development/fppt/?org={org.code}&year={year}")


@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    org = pick_org(request, _officer_codes(actor))
    year = _year(request)
    try:
        done = services.fppt_submit(actor=actor, organisation=org, year=year)
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, f"{len(done)} signed-off record(s) marked as submitted.")
    return redirect(f"/development/fppt/?org={org.code}&year={year}")


def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """One member's FPPT record: attestation, checks, review, sign-off and history."""
    actor = actor_for(request)
    cycle = selectors.fppt_cycle_get(actor, cycle_id)
    return _render_cycle(request, actor, cycle)


def _render_cycle(
    request: HttpRequest, actor: Actor, cycle: FpptCycle, **forms: Any
) -> HttpResponse:
    party = selectors.fppt_party(actor, cycle)
    status = CycleStatus(cycle.status)
    domains = services.lcf_domains()
    allowed = {a.value: may(action=a, party=party, status=status) for a in Action}
    context = {
        "cycle": cycle,
        "status": status,
        "allowed": allowed,
        "party": party,
        "checks": list(cycle.checks.select_related("checked_by").prefetch_related("evidence")),
        "transitions": list(cycle.transitions.select_related("actor")),
        "domains": domains,
        "ratings": LCF_RATINGS,
        "declarations": DECLARATIONS,
        "check_labels": CHECK_LABELS,
        "attest_form": forms.get("attest_form") or AttestationForm(domains=domains),
        "check_form": forms.get("check_form") or CheckForm(),
        "checks_form": forms.get("checks_form") or ChecksForm(),
        "review_form": forms.get("review_form") or CommentForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "sign_off_form": forms.get("sign_off_form") or SignOffForm(),
        "breadcrumbs": [HOME]
        + (
            [
                {
                    "text": "Fit and proper person test",
                    "href": f"/development/fppt/?org={cycle.organisation.code}&year={cycle.year}",
                }
            ]
            if is_fppt_officer(actor, cycle.organisation.code)
            else []
        )
        + [{"text": f"{cycle.person.full_name} {cycle.year_label}", "href": ""}],
    }
    return render_page(
        request,
        "development/fppt_cycle.html",
        context,
        status=400 if any(f.errors for f in forms.values()) else 200,
    )


def _act(
    request: HttpRequest,
    cycle_id: int,
    form_name: str,
    form: Any,
    action: Callable[[Actor, FpptCycle, Any], Any],
    done: str,
) -> HttpResponse:
    actor = actor_for(request)
    cycle = selectors.fppt_cycle_get(actor, cycle_id)
    if form.is_valid():
        try:
            action(actor, cycle, form.cleaned_data)
        except AccessDenied as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("development:fppt_cycle", cycle_id=cycle.pk)
    cycle.refresh_from_db()
    return _render_cycle(request, actor, cycle, **{form_name: form})


@require_POST
def cycle_attest(request: HttpRequest, cycle_id: int) -> HttpResponse:
    form = AttestationForm(request.POST, domains=services.lcf_domains())
    return _act(
        request,
        cycle_id,
        "attest_form",
        form,
        lambda actor, cycle, data: services.fppt_attest(
            actor=actor,
            cycle=cycle,
            declarations=form.declarations(),
            lcf_ratings=form.ratings(),
            notes=data["notes"],
        ),
        "Your self-attestation has been recorded.",
    )


@require_POST
def cycle_check(request: HttpRequest, cycle_id: int) -> HttpResponse:
    form = CheckForm(request.POST, request.FILES)
    return _act(
        request,
        cycle_id,
        "check_form",
        form,
        lambda actor, cycle, data: services.fppt_check_record(actor=actor, cycle=cycle, **data),
        "The check has been recorded.",
    )


@require_POST
def cycle_checks(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Record any of the checklist's checks from one page (all or none)."""
    form = ChecksForm(request.POST)
    return _act(
        request,
        cycle_id,
        "checks_form",
        form,
        lambda actor, cycle, data: services.fppt_checks_record(
            actor=actor, cycle=cycle, entries=form.entries()
        ),
        "The checks have been recorded.",
    )


@require_POST
def cycle_review(request: HttpRequest, cycle_id: int) -> HttpResponse:
    form = CommentForm(request.POST)
    return _act(
        request,
        cycle_id,
        "review_form",
        form,
        lambda actor, cycle, data: services.fppt_review(
            actor=actor, cycle=cycle, comment=data["comment"]
        ),
        "The review has been recorded.",
    )


@require_POST
def cycle_return(request: HttpRequest, cycle_id: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    return _act(
        request,
        cycle_id,
        "return_form",
        form,
        lambda actor, cycle, data: services.fppt_return(
            actor=actor, cycle=cycle, reason=data["reason"]
        ),
        "The record has been returned to the member.",
    )


@require_POST
def cycle_sign_off(request: HttpRequest, cycle_id: int) -> HttpResponse:
    form = SignOffForm(request.POST)
    return _act(
        request,
        cycle_id,
        "sign_off_form",
        form,
        lambda actor, cycle, data: services.fppt_sign_off(
            actor=actor, cycle=cycle, conclusion=data["conclusion"], comment=data["comment"]
        ),
        "The record has been signed off.",
    )


def reference_add(request: HttpRequest) -> HttpResponse:
    """Record a board member reference on appointment or leaving (chair, company secretary)."""
    actor = actor_for(request)
    org = pick_org(request, _officer_codes(actor))
    tenures = selectors.board_tenures(org=org)
    people = [
        (p.pk, p.full_name)
        for p in Person.objects.filter(pk__in=list(tenures)).order_by("last_name")
    ]
    initial = {k: request.GET[k] for k in ("person", "kind", "event_on") if k in request.GET}
    form = ReferenceForm(
        request.POST or None, request.FILES or None, people=people, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = Person.objects.filter(pk=data.pop("person"), pk__in=list(tenures)).first()
        if person is None:
            raise Http404("No such board member.")
        try:
            services.board_reference_record(actor=actor, organisation=org, person=person, **data)
        except AccessDenied as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The board member reference has been recorded.")
            return redirect(f"/development/fppt/?org={org.code}")
    return render_page(
        request,
        "development/reference_form.html",
        {
            "form": form,
            "org": org,
            "breadcrumbs": [
                HOME,
                {
                    "text": "Fit and proper person test",
                    "href": f"/development/fppt/?org={org.code}",
                },
                {"text": "Board member reference", "href": ""},
            ],
        },
    )


def _summary(request: HttpRequest) -> tuple[Organisation, int, Any]:
    actor = actor_for(request)
    org = pick_org(request, _officer_codes(actor))
    year = _year(request)
    view = selectors.board_view(actor, org=org, year=year, on=as_of(request))
    chair = next(
        (
            row.member.person.full_name
            for row in view.members
            if "chair" in row.member.title.lower() and row.member.tier == "board_non_executive"
        ),
        "",
    )
    summary = fppt_summary(view, chair_name=chair, prepared_on=timezone.localdate())
    audit_record(
        actor=request.user,
        action="export",
        object_type="fppt_summary",
        object_label=f"FPPT annual summary {year}",
        organisation_code=org.code,
    )
    return org, year, summary


def summary_csv(request: HttpRequest) -> HttpResponse:
    org, year, summary = _summary(request)
    response = HttpResponse(fppt_summary_csv(summary), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fppt-{org.code}-{year}.csv"'
    return response


def summary_xlsx(request: HttpRequest) -> HttpResponse:
    org, year, summary = _summary(request)
    response = HttpResponse(
        fppt_summary_xlsx(summary),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="fppt-{org.code}-{year}.xlsx"'
    return response
