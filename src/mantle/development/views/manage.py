"""Administrator pages: the catalogue, cohorts, enrolments (including bulk enrolment) and role
requirements. HR/OD administrators of the organisation only (the catalogue list is open to all)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from mantle.core.access import AccessDenied, actor_for
from mantle.core.htmx import render_page
from mantle.development import selectors, services
from mantle.development.forms import (
    BulkEnrolmentForm,
    CohortForm,
    EnrolmentStatusForm,
    OfferingForm,
    RequirementForm,
)
from mantle.development.models import Cohort, Enrolment, Offering, Requirement
from mantle.workforce.models import EmployeeNumber, Organisation, Person, PostVersion
from mantle.workforce.selectors import people_visible

from ._common import HOME, add_errors, pick_org


def _admin_codes(request: HttpRequest) -> set[str]:
    actor = actor_for(request)
    return set(selectors.organisations_administered(actor).values_list("code", flat=True))


def catalogue(request: HttpRequest) -> HttpResponse:
    """The catalogue of qualifications and programmes (everyone); administrators can add entries."""
    actor = actor_for(request)
    kind = request.GET.get("kind", "")
    offerings = selectors.catalogue_visible(actor, include_inactive=actor.is_hr_admin_anywhere)
    if kind in Offering.Kind.values:
        offerings = offerings.filter(kind=kind)
    dimensions = services.framework_dimensions()
    return render_page(
        request,
        "development/offering_list.html",
        {
            "offerings": list(offerings),
            "kind": kind,
            "dimensions": dimensions,
            "can_edit": actor.is_hr_admin_anywhere or actor.superuser,
            "admin_orgs": sorted(_admin_codes(request)),
            "breadcrumbs": [HOME, {"text": "Catalogue", "href": ""}],
        },
    )


def offering_edit(request: HttpRequest, offering_id: int | None = None) -> HttpResponse:
    """Add or change a catalogue entry (shared entries: superusers; local: HR/OD administrators)."""
    actor = actor_for(request)
    offering = None
    if offering_id is not None:
        offering = get_object_or_404(
            selectors.catalogue_visible(actor, include_inactive=True), pk=offering_id
        )
    codes = _admin_codes(request)
    if not codes:
        raise PermissionDenied("Only HR/OD administrators edit the catalogue.")
    org: Organisation | None = None
    if offering is None and not (actor.superuser and request.GET.get("shared")):
        org = pick_org(request, codes)
    dimension_choices = sorted(services.framework_dimensions().items(), key=lambda kv: kv[1])
    initial = {}
    if offering is not None:
        initial = {
            f: getattr(offering, f)
            for f in (
                "name",
                "provider",
                "kind",
                "category",
                "level",
                "duration_months",
                "cost",
                "validity_months",
                "dimensions",
                "active",
            )
        }
    form = OfferingForm(request.POST or None, initial=initial, dimension_choices=dimension_choices)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.offering_save(
                actor=actor, organisation=org, offering=offering, **form.cleaned_data
            )
        except AccessDenied as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{saved.name} has been saved.")
            return redirect("development:catalogue")
    return render_page(
        request,
        "development/offering_form.html",
        {
            "form": form,
            "offering": offering,
            "org": org,
            "breadcrumbs": [
                HOME,
                {"text": "Catalogue", "href": "/development/catalogue/"},
                {"text": offering.name if offering else "New entry", "href": ""},
            ],
        },
    )


def enrolments(request: HttpRequest) -> HttpResponse:
    """An organisation's enrolments and cohorts, with bulk enrolment (HR/OD administrators)."""
    actor = actor_for(request)
    org = pick_org(request, _admin_codes(request))
    offerings = selectors.catalogue_visible(actor).filter(kind="programme")
    cohorts = list(Cohort.objects.filter(organisation=org).select_related("offering"))
    # The checkbox list is filtered by name (``who``); pasting employee numbers scales to any size.
    who = request.GET.get("who", "").strip()
    people = people_visible(actor).filter(employee_numbers__organisation=org).distinct()
    if who:
        people = people.filter(Q(first_name__icontains=who) | Q(last_name__icontains=who))
    person_choices = [(p.pk, p.full_name) for p in people.order_by("last_name", "first_name")[:300]]
    q = request.GET.get("q", "").strip().lower()
    form = BulkEnrolmentForm(
        request.POST if request.POST.get("form") == "bulk" else None,
        offerings=offerings,
        cohorts=[(c.pk, str(c)) for c in cohorts],
        people=person_choices,
        initial={"applied_on": timezone.localdate()},
    )
    cohort_form = CohortForm(
        request.POST if request.POST.get("form") == "cohort" else None, offerings=offerings
    )
    if request.method == "POST" and request.POST.get("form") == "bulk" and form.is_valid():
        data = form.cleaned_data
        cohort = None
        if data["cohort"]:
            cohort = get_object_or_404(Cohort, pk=data["cohort"], organisation=org)
        by_number = dict(
            EmployeeNumber.objects.filter(organisation=org, number__in=form.numbers()).values_list(
                "number", "person_id"
            )
        )
        unknown = [n for n in form.numbers() if n not in by_number]
        try:
            result = services.enrolments_bulk_create(
                actor=actor,
                organisation=org,
                offering=data["offering"],
                person_ids=[*data["people"], *by_number.values()],
                applied_on=data["applied_on"],
                status=data["status"],
                cohort=cohort,
                cost=data["cost"],
                funding_source=data["funding_source"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            names = {
                p.pk: p.full_name
                for p in Person.objects.filter(pk__in=[pid for pid, _ in result.skipped])
            }
            problems = [f"{names.get(pid, pid)} ({why})" for pid, why in result.skipped]
            problems += [f"employee number {n} (not found in {org.code})" for n in unknown]
            text = f"{len(result.created)} enrolled."
            if problems:
                text += " Not enrolled: " + "; ".join(problems)
            messages.success(request, text)
            return redirect(f"{request.path}?org={org.code}")
    if request.method == "POST" and request.POST.get("form") == "cohort" and cohort_form.is_valid():
        try:
            services.cohort_create(actor=actor, organisation=org, **cohort_form.cleaned_data)
        except ValidationError as error:
            add_errors(cohort_form, error)
        else:
            messages.success(request, "The cohort has been added.")
            return redirect(f"{request.path}?org={org.code}")
    listing = Enrolment.objects.filter(organisation=org).select_related(
        "person", "offering", "cohort"
    )
    status = request.GET.get("status", "")
    if status in Enrolment.Status.values:
        listing = listing.filter(status=status)
    rows = list(listing.order_by("-applied_on")[:500])
    if q:
        rows = [e for e in rows if q in e.person.full_name.lower() or q in e.offering.name.lower()]
    return render_page(
        request,
        "development/enrolment_list.html",
        {
            "org": org,
            "orgs": sorted(_admin_codes(request)),
            "form": form,
            "cohort_form": cohort_form,
            "rows": rows,
            "status": status,
            "q": q,
            "who": who,
            "cohorts": cohorts,
            "status_form": EnrolmentStatusForm(initial={"on": timezone.localdate()}),
            "statuses": Enrolment.Status.choices,
            "breadcrumbs": [HOME, {"text": "Enrolments", "href": ""}],
        },
    )


@require_POST
def enrolment_status(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    actor = actor_for(request)
    enrolment = (
        Enrolment.objects.select_related("organisation", "offering")
        .filter(pk=enrolment_id, organisation__code__in=_admin_codes(request))
        .first()
    )
    if enrolment is None:
        raise Http404("No such enrolment.")
    form = EnrolmentStatusForm(request.POST)
    if form.is_valid():
        try:
            services.enrolment_set_status(actor=actor, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"{enrolment.offering.name}: now {enrolment.status}.")
    else:
        messages.error(request, "Choose a status and a date.")
    return redirect(f"/development/enrolments/?org={enrolment.organisation.code}")


def requirements(request: HttpRequest) -> HttpResponse:
    """An organisation's role requirements, and a form to add one (HR/OD administrators)."""
    actor = actor_for(request)
    org = pick_org(request, _admin_codes(request))
    today = timezone.localdate()
    posts = [
        (v.post_id, f"{v.title} ({v.post.position_number})")
        for v in PostVersion.objects.current_on(today)
        .filter(organisation=org)
        .exclude(tier="none")
        .select_related("post")
        .order_by("title")[:1000]
    ]
    offerings = selectors.catalogue_visible(actor).filter(
        organisation__isnull=True
    ) | selectors.catalogue_visible(actor).filter(organisation=org)
    form = RequirementForm(request.POST or None, offerings=offerings.distinct(), posts=posts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        post = None
        if data["post"]:
            post = get_object_or_404(org.posts, pk=data["post"])
        try:
            services.requirement_save(
                actor=actor,
                organisation=org,
                name=data["name"],
                offerings=list(data["offerings"]),
                strength=data["strength"],
                tier=data["tier"],
                post=post,
                job_role=data["job_role"],
                grace_days=data["grace_days"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The requirement has been added.")
            return redirect(f"{request.path}?org={org.code}")
    rows = list(
        Requirement.objects.filter(organisation=org)
        .prefetch_related("offerings")
        .select_related("post")
    )
    return render_page(
        request,
        "development/requirement_list.html",
        {
            "org": org,
            "orgs": sorted(_admin_codes(request)),
            "form": form,
            "rows": rows,
            "breadcrumbs": [HOME, {"text": "Requirements", "href": ""}],
        },
    )


@require_POST
def requirement_deactivate(request: HttpRequest, requirement_id: int) -> HttpResponse:
    requirement = (
        Requirement.objects.select_related("organisation")
        .filter(pk=requirement_id, organisation__code__in=_admin_codes(request))
        .first()
    )
    if requirement is None:
        raise Http404("No such requirement.")
    services.requirement_deactivate(actor=actor_for(request), requirement=requirement)
    messages.success(request, f"{requirement.name} no longer applies.")
    return redirect(f"/development/requirements/?org={requirement.organisation.code}")
