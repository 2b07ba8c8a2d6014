"""Succession pages: the dashboard (exposure heat list, bench strength, clinical pipeline, pools),
the critical-post list, and a post's succession plan."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from mantle.core.access import actor_for
from mantle.core.audit import audit_record
from mantle.core.dates import years_from
from mantle.core.htmx import render_page
from mantle.talent import measures, selectors, services
from mantle.talent.disclosure import OFFICIAL_SENSITIVE
from mantle.talent.forms import (
    CandidateActionForm,
    CandidateForm,
    FlightRiskForm,
    PlanForm,
    ReadinessForm,
    RemoveCandidateForm,
)
from mantle.talent.models import CandidateAction, SuccessionCandidate, SuccessionPlan
from mantle.talent.rules.readiness import READINESS_LABELS, Readiness, readiness_on
from mantle.talent.rules.readiness import Assessment as ReadinessFact
from mantle.talent.services.succession import capability_dimensions
from mantle.workforce.models import Post, PostVersion, Unit

from ._helpers import as_of, crumbs, form_errors_to_messages, service_call


def _dimension_choices() -> list[tuple[str, str]]:
    return [
        (f"{fw}:{key}", f"{fw.upper()} – {name}")
        for fw, dims in capability_dimensions().items()
        for key, name in dims.items()
    ]


def _context(request: HttpRequest) -> dict[str, Any]:
    actor = actor_for(request)
    org = selectors.organisation_for_talent(actor, request.GET.get("org"))
    if not (actor.can_view_aggregates(org.code) or actor.is_hr_admin(org.code)):
        raise PermissionDenied("The succession dashboard is for HR/OD, executives and the board.")
    on = as_of(request)
    unit = request.GET.get("unit", "").strip() or None
    if unit and not Unit.objects.filter(organisation=org, path=unit).exists():
        unit = None
    # The pools are today's: on today's page their members' clinician status is read with the
    # report's (one read of the register instead of two).
    today = on == dt.date.today()
    report = measures.succession_report(
        organisation=org,
        on=on,
        unit=unit,
        also_people=measures.pool_member_ids(organisation=org) if today else (),
    )
    suppress = not actor.sees_unsuppressed(org.code)
    summary = measures.succession_summary(report, suppress=suppress)
    pools = measures.pool_summaries(organisation=org, clinical=report.clinical if today else None)
    pool_notes: list[str] = []
    if suppress:
        pools, pool_notes = measures.suppress_pool_summaries(pools)
    return {
        "org": org,
        "orgs": selectors.talent_organisations(actor),
        "on": on,
        "unit": unit,
        "report": report,
        "summary": summary,
        "pools": pools,
        "pool_notes": pool_notes,
        "suppress": suppress,
        "show_posts": selectors.sees_post_detail(actor, org),
        "visible_pool_ids": set(
            selectors.pools_visible(actor)
            .filter(pk__in=[p["id"] for p in pools])
            .values_list("pk", flat=True)
        ),
        "unit_options": list(
            Unit.objects.filter(organisation=org, depth__lte=3).values_list("path", flat=True)
        ),
        "readiness_labels": READINESS_LABELS,
        "profession_labels": measures.PROFESSION_LABELS,
        "breadcrumbs": crumbs(("Talent", "/talent/"), ("Succession", "")),
    }


def succession_dashboard(request: HttpRequest) -> HttpResponse:
    return render_page(request, "talent/succession_dashboard.html", _context(request))


def succession_csv(request: HttpRequest) -> HttpResponse:
    """Bench strength by unit and the headline figures: the same figures as the page (one
    disclosure family). HR/OD administrators of the organisation get exact figures, marked
    OFFICIAL-SENSITIVE in the file and audited as such."""
    ctx = _context(request)
    summary = ctx["summary"]
    exact = not ctx["suppress"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if exact:
        writer.writerow([OFFICIAL_SENSITIVE])
    cols = [
        "critical_posts",
        "posts_with_ready_now",
        "posts_without_ready_successor",
        "posts_without_bench",
        "posts_with_emergency_cover",
        "ready_now",
        "ready_1_2",
        "ready_3_plus",
        "bench_strength",
        "distinct_ready_now",
        "distinct_bench",
        "cover_ratio",
        "bench_ratio",
    ]
    writer.writerow(["organisation", "as_of", "scope", *cols])
    for row in [summary["bench"]["scope"], *summary["bench"]["units"]]:
        writer.writerow(
            [
                summary["organisation"],
                summary["as_of"],
                row["scope"] or "(organisation)",
                *["" if row[c] is None else row[c] for c in cols],
            ]
        )
    writer.writerow([])
    for section in ("exposure", "pipeline", "projection"):
        for key, value in summary[section].items():
            writer.writerow([section, key, "" if value is None else value])
    audit_record(
        actor=request.user,
        action="export",
        object_type="talent.succession",
        object_label=f"{ctx['org'].code} {ctx['on']}" + (" OFFICIAL-SENSITIVE" if exact else ""),
        organisation_code=ctx["org"].code,
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="succession-{ctx["org"].code}-{ctx["on"]}.csv"'
    )
    return response


def critical_posts(request: HttpRequest) -> HttpResponse:
    """Management posts with their critical flag and plan; HR/OD may mark posts critical."""
    actor = actor_for(request)
    org = selectors.organisation_for_talent(actor, request.GET.get("org"))
    if not actor.is_hr_admin(org.code):
        raise PermissionDenied
    today = dt.date.today()
    if request.method == "POST":
        post = get_object_or_404(Post, pk=request.POST.get("post"), organisation=org)
        critical = request.POST.get("critical") == "1"
        with service_call(request, "Post updated."):
            services.post_critical_set(actor=actor, post=post, critical=critical)
        return redirect(f"{request.path}?org={org.code}")
    versions = list(
        PostVersion.objects.current_on(today)
        .filter(organisation=org)
        .exclude(tier="none")
        .select_related("unit")
        .order_by("unit__path", "title")
    )
    plans = dict(SuccessionPlan.objects.filter(organisation=org).values_list("post_id", "pk"))
    return render_page(
        request,
        "talent/critical_posts.html",
        {
            "org": org,
            "versions": versions,
            "plans": plans,
            "breadcrumbs": crumbs(
                ("Succession", f"/talent/succession/?org={org.code}"), ("Critical posts", "")
            ),
        },
    )


def plan_list(request: HttpRequest) -> HttpResponse:
    """The succession plans the actor keeps: all for HR/OD; otherwise plans they own and plans for
    posts below theirs."""
    actor = actor_for(request)
    today = dt.date.today()
    groups = []
    for org in selectors.talent_organisations(actor):
        plans = list(selectors.plans_visible(actor, org))
        if not plans:
            continue
        titles = dict(
            PostVersion.objects.current_on(today)
            .filter(post_id__in=[p.post_id for p in plans])
            .values_list("post_id", "title")
        )
        groups.append((org, [(p, titles.get(p.post_id, p.post.position_number)) for p in plans]))
    return render_page(
        request,
        "talent/plan_list.html",
        {
            "groups": groups,
            "today": today,
            "breadcrumbs": crumbs(("Talent", "/talent/"), ("Succession plans", "")),
        },
    )


@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    post = get_object_or_404(Post, pk=request.POST.get("post"))
    selectors.organisation_for_talent(actor, post.organisation.code)
    today = dt.date.today()
    with service_call(request, "Succession plan started."):
        plan = services.plan_create(actor=actor, post=post, next_review_on=years_from(today, 1))
        return redirect("talent:plan_detail", pk=plan.pk)
    return redirect(f"/talent/succession/posts/?org={post.organisation.code}")


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    plan = selectors.plan_get(actor, pk)
    on = as_of(request)
    report = measures.succession_report(organisation=plan.organisation, on=on, post_id=plan.post_id)
    row = next((r for r in report.posts if r.post_id == plan.post_id), None)
    version = (
        PostVersion.objects.current_on(on).filter(post=plan.post).select_related("unit").first()
    )
    candidates = list(
        plan.candidates.select_related("person").prefetch_related("assessments", "actions")
    )
    counted = {c.person_id: c for c in (row.counted if row else [])}
    rows = []
    for c in candidates:
        current = readiness_on(
            assessments=[
                ReadinessFact(a.assessed_on, Readiness(a.readiness), a.pk)
                for a in c.assessments.all()
            ],
            on=on,
        )
        facts = report.clinical.get(c.person_id)
        rows.append(
            {
                "candidate": c,
                "current": current,
                "counted": c.person_id in counted,
                "clinician": facts.is_clinician if facts else False,
                "profession": facts.profession if facts else None,
            }
        )
    query = request.GET.get("q", "").strip()[:100]
    found, more = selectors.candidate_search(organisation=plan.organisation, query=query)
    return render_page(
        request,
        "talent/plan_detail.html",
        {
            "plan": plan,
            "version": version,
            "row": row,
            "on": on,
            "rows": rows,
            "readiness_labels": READINESS_LABELS,
            "dimensions": dict(_dimension_choices()),
            "plan_form": PlanForm(
                initial={
                    "next_review_on": plan.next_review_on,
                    "incumbent_retirement_age": plan.incumbent_retirement_age,
                    "notes": plan.notes,
                }
            ),
            "risk_form": FlightRiskForm(),
            "candidate_form": CandidateForm(),
            "query": query,
            "found": found,
            "more": more,
            "readiness_form": ReadinessForm(),
            "remove_form": RemoveCandidateForm(),
            "action_form": CandidateActionForm(dimensions=_dimension_choices()),
            "flight_risks": plan.flight_risks.order_by("-recorded_on", "-id"),
            "profession_labels": measures.PROFESSION_LABELS,
            "breadcrumbs": crumbs(
                (
                    ("Succession", f"/talent/succession/?org={plan.organisation.code}")
                    # the plan's owner or a manager above the post may not see the dashboard
                    if actor.can_view_aggregates(plan.organisation.code)
                    or actor.is_hr_admin(plan.organisation.code)
                    else ("Talent", "/talent/")
                ),
                (version.title if version else plan.post.position_number, ""),
            ),
        },
    )


@require_POST
def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    plan = selectors.plan_get(actor, pk)
    what = request.POST.get("what")
    if what == "details":
        form = PlanForm(request.POST)
        if form.is_valid():
            with service_call(request, "Plan updated."):
                services.plan_update(actor=actor, plan=plan, **form.cleaned_data)
        else:
            form_errors_to_messages(request, form)
    elif what == "reviewed":
        form = PlanForm(request.POST)
        if form.is_valid():
            with service_call(request, "Review recorded."):
                services.plan_mark_reviewed(
                    actor=actor,
                    plan=plan,
                    reviewed_on=dt.date.today(),
                    next_review_on=form.cleaned_data["next_review_on"],
                )
        else:
            form_errors_to_messages(request, form)
    elif what == "flight_risk":
        risk_form = FlightRiskForm(request.POST)
        if risk_form.is_valid():
            with service_call(request, "Flight risk recorded."):
                services.flight_risk_record(actor=actor, plan=plan, **risk_form.cleaned_data)
        else:
            form_errors_to_messages(request, risk_form)
    else:
        raise Http404
    return redirect("talent:plan_detail", pk=pk)


@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    plan = selectors.plan_get(actor, pk)
    form = CandidateForm(request.POST)
    person = (
        selectors.candidate_person(
            organisation=plan.organisation, person_id=form.cleaned_data["person"]
        )
        if form.is_valid()
        else None
    )
    if form.is_valid() and person is None:
        form.add_error("person", "Choose a person employed by this organisation.")
    if form.is_valid() and person is not None:
        with service_call(request, f"{person.full_name} added as a candidate."):
            services.candidate_add(
                actor=actor,
                plan=plan,
                person=person,
                readiness=form.cleaned_data["readiness"],
                rank=form.cleaned_data["rank"],
            )
    else:
        form_errors_to_messages(request, form)
    return redirect("talent:plan_detail", pk=pk)


def _candidate(request: HttpRequest, pk: int) -> tuple[Any, SuccessionCandidate]:
    actor = actor_for(request)
    candidate = get_object_or_404(SuccessionCandidate.objects.select_related("plan"), pk=pk)
    selectors.plan_get(actor, candidate.plan_id)
    return actor, candidate


@require_POST
def candidate_update(request: HttpRequest, pk: int) -> HttpResponse:
    actor, candidate = _candidate(request, pk)
    if request.POST.get("what") == "remove":
        form: Any = RemoveCandidateForm(request.POST)
        if form.is_valid():
            with service_call(request, "Nomination ended."):
                services.candidate_remove(
                    actor=actor, candidate=candidate, reason=form.cleaned_data["reason"]
                )
        else:
            form_errors_to_messages(request, form)
    else:
        form = ReadinessForm(request.POST)
        if form.is_valid():
            with service_call(request, "Readiness recorded."):
                services.candidate_readiness_set(
                    actor=actor, candidate=candidate, **form.cleaned_data
                )
        else:
            form_errors_to_messages(request, form)
    return redirect("talent:plan_detail", pk=candidate.plan_id)


@require_POST
def candidate_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor, candidate = _candidate(request, pk)
    form = CandidateActionForm(request.POST, dimensions=_dimension_choices())
    if form.is_valid():
        framework, _, dimension = form.cleaned_data["capability"].partition(":")
        with service_call(request, "Development action added."):
            services.candidate_action_add(
                actor=actor,
                candidate=candidate,
                description=form.cleaned_data["description"],
                framework_key=framework,
                dimension_key=dimension,
                gap_source=form.cleaned_data["gap_source"],
                due_on=form.cleaned_data["due_on"],
            )
    else:
        form_errors_to_messages(request, form)
    return redirect("talent:plan_detail", pk=candidate.plan_id)


@require_POST
def candidate_action_complete(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(CandidateAction.objects.select_related("candidate"), pk=pk)
    actor, _candidate_row = _candidate(request, action.candidate_id)
    with service_call(request, "Action marked as done."):
        services.candidate_action_complete(actor=actor, action=action)
    return redirect("talent:plan_detail", pk=action.candidate.plan_id)
