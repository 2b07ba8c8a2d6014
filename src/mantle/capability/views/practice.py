"""Management-practice pages: start an assessment for a unit, score as a panel with evidence, see
results by practice and area, and compare units and dates on the same instrument version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from mantle.capability import selectors, services
from mantle.capability.engine import display_score
from mantle.capability.engine.management_practice import score_management_practice
from mantle.capability.forms import PracticeForm
from mantle.capability.models import PracticeAssessment
from mantle.capability.selectors.practice import led_unit_paths
from mantle.core.access import actor_for
from mantle.core.htmx import render_page
from mantle.workforce.models import Organisation, Unit

from ._common import HOME_CRUMB, attempt, error_text

PRACTICE_CRUMB = {"text": "Management practice", "href": "/leadership/practice/"}


def practice_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    assessments = list(selectors.practice_assessments_visible(actor)[:200])
    orgs = sorted({a.organisation for a in assessments}, key=lambda o: o.name)
    return render_page(
        request,
        "capability/practice_list.html",
        {
            "assessments": assessments,
            "orgs": orgs,
            "can_start": _may_start(request),
            "breadcrumbs": [HOME_CRUMB, {"text": "Management practice", "href": ""}],
        },
    )


def _may_start(request: HttpRequest) -> bool:
    """Whether the actor leads any unit or administers any organisation (no unit list needed)."""
    actor = actor_for(request)
    return actor.superuser or bool(actor.orgs_with("hr_admin")) or bool(led_unit_paths(actor))


def _organisations_led(request: HttpRequest) -> list[Organisation]:
    """Organisations with a unit the actor may assess (the rule in ``services.practice``)."""
    actor = actor_for(request)
    organisations = Organisation.objects.order_by("name")
    if actor.superuser:
        return list(organisations)
    ids = {org_id for org_id, _ in led_unit_paths(actor)}
    return list(
        organisations.filter(Q(code__in=actor.orgs_with("hr_admin")) | Q(pk__in=ids)).distinct()
    )


def _units_led(request: HttpRequest, organisation: Organisation) -> list[Unit]:
    """Units of ``organisation`` the actor may assess: all of them where they are an HR/OD
    administrator (or a superuser), else every unit at or below one where they hold a management
    post (the rule in ``services.practice``). One organisation at a time: a national install
    has tens of thousands of units, too many for one list."""
    actor = actor_for(request)
    units = Unit.objects.filter(organisation=organisation).order_by("path")
    if actor.superuser or actor.is_hr_admin(organisation.code):
        return list(units)
    led = [path for org_id, path in led_unit_paths(actor) if org_id == organisation.pk]
    if not led:
        return []
    condition = Q()
    for path in led:
        condition |= Q(path=path) | Q(path__startswith=path + "/")
    return list(units.filter(condition))


def practice_new(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    organisations = _organisations_led(request)
    wanted = (request.POST.get("org") or request.GET.get("org") or "").upper()
    organisation = next((o for o in organisations if o.code == wanted), None)
    if organisation is None and organisations:
        own = [o for o in organisations if o.code in actor.roles_by_org]
        organisation = (own or organisations)[0]
    units = _units_led(request, organisation) if organisation is not None else []
    if not units and not organisations:
        raise PermissionDenied("Only unit leads and HR/OD administrators can run this assessment.")
    versions = selectors.frameworks_available(kind="management_practice")
    choices = [(str(u.pk), u.path) for u in units]
    form = PracticeForm(request.POST or None, units=choices, versions=versions)
    if request.method == "POST" and form.is_valid():
        unit = next(u for u in units if str(u.pk) == form.cleaned_data["unit"])
        try:
            assessment = services.practice_assessment_create(
                actor=actor,
                unit=unit,
                framework_version=form.cleaned_data["framework_version"],
                assessed_on=form.cleaned_data["assessed_on"],
                panel=form.panel_members(),
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            return redirect("capability:practice_detail", assessment_id=assessment.pk)
    return render_page(
        request,
        "capability/practice_new.html",
        {
            "form": form,
            "organisation": organisation,
            "organisations": organisations,
            "breadcrumbs": [HOME_CRUMB, PRACTICE_CRUMB, {"text": "New assessment", "href": ""}],
        },
    )


def practice_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = actor_for(request)
    assessment = selectors.practice_assessment_get(actor, assessment_id)
    spec = assessment.framework_version.spec()
    panel = list(assessment.panel.all())
    result = score_management_practice(framework=spec, panel=[dict(m.scores) for m in panel])
    user_id = getattr(request.user, "pk", None)
    is_lead = assessment.lead_id == user_id or actor.is_hr_admin(assessment.organisation.code)
    evidence = {
        d.key: [m.evidence[d.key] for m in panel if m.evidence.get(d.key)] for d in spec.dimensions
    }
    history = list(
        selectors.practice_assessments_visible(actor, organisation=assessment.organisation)
        .filter(
            unit=assessment.unit,
            framework_version=assessment.framework_version,
            status=PracticeAssessment.Status.COMPLETED,
        )
        .order_by("assessed_on")
    )
    return render_page(
        request,
        "capability/practice_detail.html",
        {
            "assessment": assessment,
            "spec": spec,
            "panel": panel,
            "result": result,
            "is_lead": is_lead,
            "evidence": evidence,
            "fmt": display_score,
            "history": history,
            "editable": [m for m in panel if is_lead or m.user_id == user_id],
            "groups": {g.key: g.name for g in spec.groups},
            "breadcrumbs": [HOME_CRUMB, PRACTICE_CRUMB, {"text": assessment.unit.path, "href": ""}],
        },
    )


def practice_scores(request: HttpRequest, assessment_id: int, member_id: int) -> HttpResponse:
    actor = actor_for(request)
    assessment = selectors.practice_assessment_get(actor, assessment_id)
    member = assessment.panel.filter(pk=member_id).first()
    if member is None:
        raise Http404("No such panel member.")
    spec = assessment.framework_version.spec()
    errors: list[str] = []
    if request.method == "POST":
        scores: dict[str, int | None] = {}
        evidence: dict[str, str] = {}
        for dimension in spec.dimensions:
            raw = request.POST.get(f"score:{dimension.key}", "").strip()
            scores[dimension.key] = int(raw) if raw.isdigit() else None
            evidence[dimension.key] = request.POST.get(f"evidence:{dimension.key}", "")
        try:
            services.panel_scores_save(actor=actor, member=member, scores=scores, evidence=evidence)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, f"Scores saved for {member.name}.")
            return redirect("capability:practice_detail", assessment_id=assessment.pk)
    return render_page(
        request,
        "capability/practice_scores.html",
        {
            "assessment": assessment,
            "member": member,
            "spec": spec,
            "errors": errors,
            "groups": {g.key: g.name for g in spec.groups},
            "breadcrumbs": [
                HOME_CRUMB,
                PRACTICE_CRUMB,
                {"text": assessment.unit.path, "href": f"/leadership/practice/{assessment.pk}/"},
                {"text": f"Scores: {member.name}", "href": ""},
            ],
        },
        status=400 if errors else 200,
    )


@require_POST
def practice_complete(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = actor_for(request)
    assessment = selectors.practice_assessment_get(actor, assessment_id)
    attempt(
        request,
        lambda: services.practice_assessment_complete(actor=actor, assessment=assessment),
        success="Assessment completed; the results are now fixed.",
    )
    return redirect("capability:practice_detail", assessment_id=assessment.pk)


@require_POST
def practice_member_add(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = actor_for(request)
    assessment = selectors.practice_assessment_get(actor, assessment_id)
    attempt(
        request,
        lambda: services.panel_member_add(
            actor=actor,
            assessment=assessment,
            name=request.POST.get("name", ""),
            role=request.POST.get("role", ""),
        ),
        success="Panel member added.",
    )
    return redirect("capability:practice_detail", assessment_id=assessment.pk)


def practice_compare(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    visible = selectors.practice_assessments_visible(actor)
    org_ids = set(visible.values_list("organisation_id", flat=True))
    organisations = list(Organisation.objects.filter(pk__in=org_ids).order_by("name"))
    versions = list(selectors.framework_versions(kind="management_practice"))
    if not versions:
        raise Http404("No management-practice instrument is loaded.")
    org = next(
        (o for o in organisations if o.code == request.GET.get("org", "").upper()),
        organisations[0] if organisations else None,
    )
    version = next((v for v in versions if str(v.pk) == request.GET.get("framework")), versions[0])
    rows = (
        selectors.practice_units_table(actor, organisation=org, framework_version=version)
        if org is not None
        else []
    )
    spec = version.spec()
    return render_page(
        request,
        "capability/practice_compare.html",
        {
            "org": org,
            "organisations": organisations,
            "version": version,
            "versions": versions,
            "rows": rows,
            "spec": spec,
            "fmt": display_score,
            "breadcrumbs": [HOME_CRUMB, PRACTICE_CRUMB, {"text": "Compare units", "href": ""}],
        },
    )
