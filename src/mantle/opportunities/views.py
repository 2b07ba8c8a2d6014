"""Pages of the marketplace: browse and apply, my applications, releases, owning and selecting,
sponsoring, allocation rounds, and the fairness monitor. Thin: parse, call a selector or service,
render."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from mantle.core.access import AccessDenied, Actor, actor_for
from mantle.core.audit import audit_record
from mantle.core.dates import date_parameter
from mantle.core.htmx import render_page
from mantle.workforce.models import Organisation, Person

from . import selectors, services
from .fairness import CHARACTERISTICS, STAGES, figures_of
from .forms import (
    AllocateForm,
    ApplyForm,
    CompleteForm,
    DecisionForm,
    OpportunityForm,
    ProfileForm,
    RoundForm,
    SponsorForm,
)
from .models import AllocationRound, Application, MarketplaceProfile, Opportunity

HOME = {"text": "Opportunities", "href": "/opportunities/"}


def _crumbs(*items: tuple[str, str]) -> list[dict[str, str]]:
    return [{"text": "Home", "href": "/"}, HOME, *({"text": t, "href": h} for t, h in items)]


def _errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, msgs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, msgs)
    else:
        for msg in error.messages:
            form.add_error(None, msg)


def _today() -> dt.date:
    return timezone.localdate()


def _max_hours(request: HttpRequest) -> float | None:
    raw = (request.GET.get("max_hours") or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError as error:
        raise ValidationError(f"max_hours: {raw!r} is not a number of hours.") from error
    if not 0 < value <= 37.5:
        raise ValidationError(f"max_hours: {raw!r} must be more than 0 and at most 37.5.")
    return value


def home(request: HttpRequest) -> HttpResponse:
    """Browse open opportunities with filters, and the signed-in person's recommendations."""
    actor = actor_for(request)
    on = _today()
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    dimension = request.GET.get("dimension", "")
    problem = ""
    try:
        max_hours = _max_hours(request)
    except ValidationError as error:
        problem, max_hours = error.messages[0], None
    if kind and kind not in Opportunity.Kind.values:
        problem, kind = f"kind: {kind!r} is not a kind of opportunity.", ""
    labels = selectors.dimension_labels()
    if dimension and dimension not in labels:
        problem, dimension = f"dimension: {dimension!r} is not a framework dimension.", ""
    rows = selectors.browse(actor, on=on, q=q, kind=kind, dimension=dimension, max_hours=max_hours)
    response = render_page(
        request,
        "opportunities/opportunity_list.html",
        {
            "rows": rows,
            "recommended": selectors.recommendations(actor, on=on)
            if not getattr(request, "htmx", False)
            else [],
            "q": q,
            "kind": kind,
            "dimension": dimension,
            "max_hours": request.GET.get("max_hours", "") if not problem else "",
            "problem": problem,
            "kinds": Opportunity.Kind.choices,
            "can_post": bool(_post_orgs(actor)),
            "dimensions": sorted(labels.items(), key=lambda kv: kv[1]),
            "labels": labels,
            "releases": len(selectors.releases_for(actor)),
            "sponsoring": len(selectors.awaiting_sponsor(actor)),
            "fairness_orgs": _aggregate_orgs(actor),
            "breadcrumbs": [{"text": "Home", "href": "/"}, {"text": "Opportunities", "href": ""}],
        },
        status=400 if problem else 200,
    )
    return response


def _aggregate_orgs(actor: Actor) -> list[str]:
    codes = actor.aggregate_org_codes()
    if codes is None:
        return sorted(Organisation.objects.values_list("code", flat=True))
    return sorted(codes)


def export_csv(request: HttpRequest) -> HttpResponse:
    """The open opportunities the actor can browse, as CSV."""
    actor = actor_for(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="opportunities.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "id",
            "organisation",
            "title",
            "kind",
            "hours_per_week",
            "starts_on",
            "ends_on",
            "closes_on",
            "places",
            "open_to_all",
            "staff_groups",
            "bands",
            "tiers",
            "dimensions",
        ]
    )
    for o in selectors.browse(actor, on=_today()):
        writer.writerow(
            [
                o.pk,
                o.organisation.code,
                o.title,
                o.kind,
                o.hours_per_week,
                o.starts_on,
                o.ends_on,
                o.closes_on,
                o.places,
                o.open_to_all,
                "; ".join(o.eligible_staff_groups),
                "; ".join(o.eligible_bands),
                "; ".join(o.eligible_tiers),
                "; ".join(o.dimensions),
            ]
        )
    return response


def _owner_choices(actor: Actor, org: Organisation) -> list[Person]:
    """People the poster may name as owner: themself and, for managers and HR/OD, people they see."""
    from mantle.workforce.selectors import people_visible

    qs = (
        people_visible(actor)
        .filter(employee_numbers__organisation=org)
        .order_by("last_name", "first_name")
    )
    return list(qs[:300])


def _post_orgs(actor: Actor) -> list[Organisation]:
    codes = selectors.member_org_codes(actor)
    qs = (
        Organisation.objects.all()
        if actor.superuser
        else Organisation.objects.filter(code__in=codes)
    )
    return list(qs.order_by("code"))


def opportunity_edit(request: HttpRequest, opportunity_id: int | None = None) -> HttpResponse:
    """Post a new opportunity (a draft until sent to the sponsor), or change a draft."""
    actor = actor_for(request)
    opp = selectors.opportunity_get(actor, opportunity_id) if opportunity_id else None
    if opp is not None:
        org = opp.organisation
    else:
        orgs = _post_orgs(actor)
        if not orgs:
            raise PermissionDenied("You do not work for an organisation in Mantle.")
        code = (request.GET.get("org") or request.POST.get("org") or orgs[0].code).upper()
        found = [o for o in orgs if o.code == code]
        if not found:
            raise Http404("No such organisation, or you do not work there.")
        org = found[0]
    initial: dict[str, Any] = {}
    if opp is not None:
        initial = {
            "title": opp.title,
            "kind": opp.kind,
            "description": opp.description,
            "owner": opp.owner_id,
            "sponsor": opp.sponsor_id,
            "time_unit": opp.time_unit,
            "time_amount": opp.time_amount,
            "starts_on": opp.starts_on,
            "ends_on": opp.ends_on,
            "closes_on": opp.closes_on,
            "places": opp.places,
            "eligible_staff_groups": opp.eligible_staff_groups,
            "eligible_bands": opp.eligible_bands,
            "eligible_tiers": opp.eligible_tiers,
            "dimensions": opp.dimensions,
            "round": opp.round_id,
        }
    form = OpportunityForm(
        request.POST or None, initial=initial, organisation=org, owners=_owner_choices(actor, org)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        from django.contrib.auth import get_user_model

        try:
            saved = services.opportunity_save(
                actor=actor,
                organisation=org,
                title=data["title"],
                kind=data["kind"],
                description=data["description"],
                owner=Person.objects.filter(pk=data["owner"]).first() if data["owner"] else None,
                sponsor=get_user_model().objects.filter(pk=data["sponsor"]).first(),
                time_unit=data["time_unit"],
                time_amount=data["time_amount"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                closes_on=data["closes_on"],
                places=data["places"],
                eligible_staff_groups=data["eligible_staff_groups"],
                eligible_bands=data["eligible_bands"],
                eligible_tiers=data["eligible_tiers"],
                dimensions=data["dimensions"],
                round=AllocationRound.objects.filter(pk=data["round"]).first()
                if data["round"]
                else None,
                opportunity=opp,
            )
        except AccessDenied as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Saved as a draft. Send it to your sponsor when it is ready.")
            return redirect("opportunities:opportunity_detail", saved.pk)
    return render_page(
        request,
        "opportunities/opportunity_form.html",
        {
            "form": form,
            "org": org,
            "opportunity": opp,
            "breadcrumbs": _crumbs(("Change" if opp else "Post an opportunity", "")),
        },
    )


def _roles(actor: Actor, opp: Opportunity) -> dict[str, bool]:
    user_id = actor.user.pk if actor.user.is_authenticated else None
    hr = actor.is_hr_admin(opp.organisation.code)
    return {
        "owner": actor.person_id is not None and opp.owner_id == actor.person_id,
        "poster": opp.posted_by_id == user_id,
        "sponsor": opp.sponsor_id == user_id,
        "hr": hr,
        "manages": actor.superuser
        or hr
        or (actor.person_id is not None and opp.owner_id == actor.person_id),
    }


def opportunity_detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """One opportunity: apply (staff), approve (sponsor), applicants and selection (owner)."""
    actor = actor_for(request)
    opp = selectors.opportunity_get(actor, opportunity_id)
    roles = _roles(actor, opp)
    on = _today()
    mine = (
        opp.applications.filter(person_id=actor.person_id).exclude(status="withdrawn").first()
        if actor.person_id
        else None
    )
    eligible, why = selectors.eligibility_for(opp, actor.person_id, on=on)
    apply_form = ApplyForm(request.POST or None)
    if request.method == "POST":
        try:
            services.application_submit(
                actor=actor, opportunity=opp, statement=request.POST.get("statement", ""), on=on
            )
        except AccessDenied as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            apply_form.is_valid()
            _errors(apply_form, error)
        else:
            messages.success(
                request,
                "Your application has been sent. Your line manager is asked to release your time.",
            )
            return redirect("opportunities:my_applications")
    applicants: list[Application] = []
    if roles["manages"]:
        applicants = list(
            opp.applications.exclude(status="withdrawn")
            .select_related("person", "line_manager")
            .order_by("-fit", "submitted_at")
        )
        audit_record(
            actor=request.user,
            action="view",
            object_type="opportunity_applicants",
            object_id=opp.pk,
            object_label=opp.title,
            organisation_code=opp.organisation.code,
        )
    taken = sum(1 for a in applicants if a.status in ("selected", "completed"))
    fit = (
        selectors.fit_for(opp, actor.person_id)
        if actor.person_id and eligible and not mine
        else None
    )
    labels = selectors.dimension_labels()
    return render_page(
        request,
        "opportunities/opportunity_detail.html",
        {
            "opp": opp,
            "roles": roles,
            "mine": mine,
            "eligible": eligible,
            "why": why,
            "accepting": opp.status == "open" and opp.closes_on >= on,
            "apply_form": apply_form,
            "applicants": applicants,
            "taken": taken,
            "fit": fit,
            "labels": labels,
            "complete_forms": {
                a.pk: CompleteForm(dimensions=list(opp.dimensions), initial={"completed_on": on})
                for a in applicants
                if a.status == "selected"
            },
            "breadcrumbs": _crumbs((opp.title, "")),
        },
        status=400 if apply_form.errors else 200,
    )


@require_POST
def opportunity_action(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """Submit to the sponsor, the sponsor's decision, close, reopen or cancel."""
    actor = actor_for(request)
    opp = selectors.opportunity_get(actor, opportunity_id)
    action = request.POST.get("action", "")
    try:
        if action == "submit":
            services.opportunity_submit(actor=actor, opportunity=opp)
            messages.success(request, "Sent to the sponsor for approval.")
        elif action == "sponsor":
            form = SponsorForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Choose approve or decline.")
            services.opportunity_decide(
                actor=actor,
                opportunity=opp,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
            messages.success(request, "Your decision has been recorded and the owner told.")
        elif action in ("close", "reopen", "cancel"):
            services.opportunity_set_open(actor=actor, opportunity=opp, action=action)
            messages.success(request, f"The opportunity is now {opp.get_status_display().lower()}.")
        else:
            raise ValidationError(
                f"action: {action!r} is not one of submit, sponsor, close, reopen, cancel."
            )
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from error
    except ValidationError as error:
        for msg in error.messages:
            messages.error(request, msg)
    return redirect("opportunities:opportunity_detail", opp.pk)


def applicants_csv(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """The applicants of one opportunity (owner and HR/OD only; audited)."""
    actor = actor_for(request)
    opp = selectors.opportunity_get(actor, opportunity_id)
    if not _roles(actor, opp)["manages"]:
        raise Http404("No such opportunity, or you do not have access to its applicants.")
    audit_record(
        actor=request.user,
        action="export",
        object_type="opportunity_applicants",
        object_id=opp.pk,
        object_label=opp.title,
        organisation_code=opp.organisation.code,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="opportunity-{opp.pk}-applicants.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "application_id",
            "name",
            "status",
            "fit",
            "submitted_on",
            "released_on",
            "backfill_note",
            "decision_reason",
            "completed_on",
        ]
    )
    for a in opp.applications.select_related("person").order_by("submitted_at"):
        writer.writerow(
            [
                a.pk,
                a.person.full_name,
                a.status,
                f"{a.fit:.2f}" if a.fit is not None else "",
                a.submitted_at.date(),
                a.released_at.date() if a.released_at else "",
                a.backfill_note,
                a.decision_reason,
                a.completed_on or "",
            ]
        )
    return response


def my_applications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's applications, what they own or sponsor, and their preferences."""
    actor = actor_for(request)
    profile = (
        MarketplaceProfile.objects.filter(person_id=actor.person_id).first()
        if actor.person_id
        else None
    )
    form = ProfileForm(
        request.POST or None,
        initial={
            "hours_available": profile.hours_available if profile else None,
            "share_360": profile.share_360 if profile else False,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(
                actor=actor,
                hours_available=form.cleaned_data["hours_available"],
                share_360=form.cleaned_data["share_360"],
            )
        except AccessDenied as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Your preferences have been saved.")
            return redirect("opportunities:my_applications")
    return render_page(
        request,
        "opportunities/my_applications.html",
        {
            "applications": selectors.my_applications(actor),
            "owned": selectors.owned_by(actor),
            "can_post": bool(_post_orgs(actor)),
            "sponsoring": selectors.awaiting_sponsor(actor),
            "form": form,
            "has_person": actor.person_id is not None,
            "breadcrumbs": _crumbs(("My applications", "")),
        },
        status=400 if form.errors else 200,
    )


def releases(request: HttpRequest) -> HttpResponse:
    """Applications waiting for the signed-in line manager to release the time."""
    actor = actor_for(request)
    return render_page(
        request,
        "opportunities/release_list.html",
        {
            "rows": selectors.releases_for(actor),
            "breadcrumbs": _crumbs(("Release requests", "")),
        },
    )


def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    """One application with its history (the applicant, their line manager, the owner, HR/OD)."""
    actor = actor_for(request)
    app = selectors.application_get(actor, application_id)
    if app.person_id != actor.person_id:
        audit_record(
            actor=request.user,
            action="view",
            object_type="opportunity_application",
            object_id=app.pk,
            object_label=app.person.full_name,
            organisation_code=app.opportunity.organisation.code,
        )
    return render_page(
        request,
        "opportunities/application_detail.html",
        {
            "app": app,
            "events": list(app.events.select_related("actor")),
            "is_self": app.person_id == actor.person_id,
            "may_release": app.status == "submitted"
            and services._may_release(actor, app)
            and app.person_id != actor.person_id,
            "labels": selectors.dimension_labels(),
            "ratings": services.RATINGS,
            "breadcrumbs": _crumbs((f"Application: {app.opportunity.title}", "")),
        },
    )


@require_POST
def application_action(request: HttpRequest, application_id: int) -> HttpResponse:
    """Release or not, select or not, complete, or withdraw one application."""
    actor = actor_for(request)
    app = selectors.application_get(actor, application_id)
    action = request.POST.get("action", "")
    back = request.POST.get("next", "")
    try:
        if action in ("release", "select"):
            form = DecisionForm(request.POST)
            if not form.is_valid():
                raise ValidationError("decision: choose yes or no.")
            yes = form.cleaned_data["decision"] == "yes"
            note = form.cleaned_data["note"]
            if action == "release":
                services.application_release(actor=actor, application=app, release=yes, note=note)
                messages.success(
                    request, f"{app.person.full_name}: {'released' if yes else 'not released'}."
                )
            else:
                services.application_decide(actor=actor, application=app, select=yes, reason=note)
                messages.success(
                    request, f"{app.person.full_name}: {'selected' if yes else 'not selected'}."
                )
        elif action == "complete":
            done = CompleteForm(request.POST, dimensions=list(app.opportunity.dimensions))
            if not done.is_valid():
                raise ValidationError(
                    "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in done.errors.items())
                )
            services.application_complete(
                actor=actor,
                application=app,
                completed_on=done.cleaned_data["completed_on"],
                feedback=done.cleaned_data["feedback"],
                ratings=done.ratings(),
            )
            messages.success(
                request, f"Completion recorded on {app.person.full_name}'s development record."
            )
        elif action == "withdraw":
            services.application_withdraw(actor=actor, application=app)
            messages.success(request, "Your application has been withdrawn.")
        else:
            raise ValidationError(
                f"action: {action!r} is not one of release, select, complete, withdraw."
            )
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from error
    except ValidationError as error:
        for msg in error.messages:
            messages.error(request, msg)
    if back in ("releases", "mine"):
        return redirect(
            "opportunities:releases" if back == "releases" else "opportunities:my_applications"
        )
    if back == "opportunity":
        return redirect("opportunities:opportunity_detail", app.opportunity_id)
    return redirect("opportunities:application_detail", app.pk)


# --- rounds ---------------------------------------------------------------------------------------
def rounds(request: HttpRequest) -> HttpResponse:
    """Cohort rounds the actor coordinates (or all of their organisation's, for HR/OD)."""
    actor = actor_for(request)
    orgs = _post_orgs(actor)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = (request.POST.get("org") or (orgs[0].code if orgs else "")).upper()
        org = next((o for o in orgs if o.code == code), None)
        if org is None:
            raise Http404("No such organisation, or you do not work there.")
        try:
            r = services.round_create(
                actor=actor,
                organisation=org,
                name=form.cleaned_data["name"],
                ratio=form.cleaned_data["ratio"],
            )
        except AccessDenied as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(
                request, "Round created. Owners can now add their opportunities to it."
            )
            return redirect("opportunities:round_detail", r.pk)
    return render_page(
        request,
        "opportunities/round_list.html",
        {
            "rows": list(selectors.rounds_visible(actor)),
            "form": form,
            "orgs": orgs,
            "breadcrumbs": _crumbs(("Cohort rounds", "")),
        },
        status=400 if form.errors else 200,
    )


def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    """A round: its opportunities, and the optimal allocation (worked out, then applied)."""
    actor = actor_for(request)
    r = selectors.round_get(actor, round_id)
    form = AllocateForm(
        request.POST or request.GET or None, initial={"ratio": r.ratio, "fairness": True}
    )
    result = None
    if form.is_bound and form.is_valid():
        ratio = form.cleaned_data["ratio"] if form.cleaned_data["fairness"] else None
        try:
            if request.method == "POST":
                result = services.round_apply(actor=actor, round=r, ratio=ratio)
                messages.success(request, "The allocation has been applied and everyone told why.")
                return redirect("opportunities:round_detail", r.pk)
            result = services.round_allocate(
                actor=actor, round=r, ratio=ratio, fairness=ratio is not None
            )
        except AccessDenied as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            _errors(form, error)
    opps = list(Opportunity.objects.filter(round=r).order_by("title"))
    titles = {o.pk: o.title for o in opps}
    names = dict(
        Person.objects.filter(opportunity_applications__opportunity__round=r).values_list(
            "pk", "first_name"
        )
    )
    full = {p.pk: p.full_name for p in Person.objects.filter(pk__in=names)}
    return render_page(
        request,
        "opportunities/round_detail.html",
        {
            "round": r,
            "opps": opps,
            "form": form,
            "result": result,
            "titles": titles,
            "names": full,
            "group_labels": {
                "sex": ("Men", "Women"),
                "ethnicity": ("White", "Black and minority ethnic"),
                "disability": ("Non-disabled", "Disabled"),
            },
            "breadcrumbs": _crumbs(("Cohort rounds", "/opportunities/rounds/"), (r.name, "")),
        },
        status=400 if form.errors else 200,
    )


# --- fairness -------------------------------------------------------------------------------------
def _fairness_args(request: HttpRequest, actor: Actor) -> tuple[Organisation, dt.date, dt.date]:
    codes = _aggregate_orgs(actor)
    if not codes:
        raise PermissionDenied(
            "Fairness figures are for HR/OD, executives, the board and analysts."
        )
    code = (request.GET.get("org") or codes[0]).upper()
    if code not in codes:
        raise Http404("No such organisation, or you do not have access to its figures.")
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise Http404("No such organisation.")
    on = date_parameter(request, "as_of", _today())
    since = date_parameter(request, "since", on - dt.timedelta(days=365))
    if since > on:
        raise ValidationError("since: must be on or before as_of.")
    return org, since, on


def fairness(request: HttpRequest) -> HttpResponse:
    """Fairness monitor: applications, selections and completions by group, WRES relative
    likelihoods, and the conversion of acting up and secondments into management."""
    actor = actor_for(request)
    try:
        org, since, on = _fairness_args(request, actor)
    except ValidationError as error:
        return render_page(
            request,
            "opportunities/fairness.html",
            {"problem": error.messages[0], "breadcrumbs": _crumbs(("Fairness", ""))},
            status=400,
        )
    report = selectors.fairness_for(actor, org=org, since=since, on=on)
    conversion = selectors.conversion_for(actor, org=org, on=on)
    return render_page(
        request,
        "opportunities/fairness.html",
        {
            "org": org,
            "orgs": _aggregate_orgs(actor),
            "since": since,
            "on": on,
            "report": report,
            "stages": STAGES,
            "characteristics": CHARACTERISTICS,
            "conversion": conversion,
            "breadcrumbs": _crumbs(("Fairness", "")),
        },
    )


def fairness_csv(request: HttpRequest) -> HttpResponse:
    """The fairness tables as CSV (the same protected figures as the page)."""
    actor = actor_for(request)
    try:
        org, since, on = _fairness_args(request, actor)
    except ValidationError as error:
        return HttpResponse(error.messages[0], status=400, content_type="text/plain")
    report = selectors.fairness_for(actor, org=org, since=since, on=on)
    if report.exact:
        audit_record(
            actor=request.user,
            action="export",
            object_type="opportunity_fairness",
            object_label="unsuppressed",
            organisation_code=org.code,
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="opportunities-fairness-{org.code}-{on}.csv"'
    )
    writer = csv.writer(response)
    if report.exact:
        writer.writerow(["OFFICIAL-SENSITIVE: exact figures including small numbers; HR/OD only."])
    columns = ["characteristic", "group", "label", *STAGES]
    rate_cols = [
        "application_rate",
        "application_rate_rl",
        "selection_rate",
        "selection_rate_rl",
        "completion_rate",
        "completion_rate_rl",
    ]
    writer.writerow([*columns, *rate_cols])
    for row in figures_of(report):
        out = [row[c] for c in columns]
        for c in rate_cols:
            v = row[c]
            out.append(f"{v:.3f}" if isinstance(v, float) else ("" if v is None else v))
        writer.writerow(out)
    return response
