"""Talent review (9-box) pages: set-up, proposals, the calibration session, results and export."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from mantle.core.access import actor_for
from mantle.core.audit import audit_record
from mantle.core.htmx import render_page
from mantle.talent import measures, selectors, services
from mantle.talent.access import managed_person_ids
from mantle.talent.disclosure import OFFICIAL_SENSITIVE
from mantle.talent.forms import MoveForm, ProposalForm, ReviewForm
from mantle.talent.models import Placement, PlacementMove, TalentReview
from mantle.talent.population import COHORTS, population_person_ids
from mantle.talent.rules.equality import CHARACTERISTICS
from mantle.talent.rules.ninebox import BOX_NAMES, Level
from mantle.talent.services.reviews import can_calibrate
from mantle.workforce.models import Person
from mantle.workforce.selectors import person_get

from ._helpers import crumbs, form_errors_to_messages, service_call

LEVELS = [(lvl.value, lvl.label) for lvl in Level]


def _population_label(review: TalentReview) -> str:
    if review.population_kind == "cohort":
        return COHORTS.get(review.population_value, review.population_value)
    return f"{review.get_population_kind_display()}: {review.population_value}"


def review_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    reviews = list(selectors.reviews_visible(actor))
    return render_page(
        request,
        "talent/review_list.html",
        {
            "reviews": [(r, _population_label(r)) for r in reviews],
            "can_create": actor.is_hr_admin_anywhere,
            "breadcrumbs": crumbs(("Talent", "/talent/"), ("Talent reviews", "")),
        },
    )


def review_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    org = selectors.organisation_for_talent(actor, request.GET.get("org"))
    if not actor.is_hr_admin(org.code):
        raise PermissionDenied
    form = ReviewForm(
        request.POST if request.method == "POST" else None, initial={"as_of": dt.date.today()}
    )
    if request.method == "POST" and form.is_valid():
        users = get_user_model().objects
        panel = []
        missing = []
        for username, role in form.panel():
            user = users.filter(username=username).first()
            if user is None:
                missing.append(username)
            else:
                panel.append((user, role))
        if missing:
            form.add_error(None, f"No user called {', '.join(missing)}.")
        else:
            with service_call(request, "Talent review set up."):
                review = services.review_create(
                    actor=actor,
                    organisation=org,
                    name=form.cleaned_data["name"],
                    population_kind=form.cleaned_data["population_kind"],
                    population_value=form.population_value(),
                    as_of=form.cleaned_data["as_of"],
                    panel=panel,
                )
                return redirect("talent:review_detail", pk=review.pk)
    return render_page(
        request,
        "talent/review_form.html",
        {
            "form": form,
            "org": org,
            "units": list(org.units.filter(depth__lte=3).values_list("path", flat=True)),
            "breadcrumbs": crumbs(("Talent reviews", "/talent/reviews/"), ("New review", "")),
        },
    )


def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    review = selectors.review_get(actor, pk)
    org_code = review.organisation.code
    sees_all = selectors.sees_all_placements(actor, review)
    managed = managed_person_ids(actor, on=dt.date.today())
    if not (sees_all or managed or actor.can_view_aggregates(org_code)):
        raise Http404("No such talent review, or you may not see it.")
    placements = list(selectors.placements_visible(actor, review))
    proposable: list[tuple[Person, Placement | None]] = []
    population_size = None
    if review.status == TalentReview.Status.PROPOSING and (sees_all or managed):
        population = population_person_ids(
            organisation=review.organisation,
            kind=review.population_kind,
            value=review.population_value,
            on=review.as_of,
        )
        population_size = len(population)
        by_person = {p.person_id: p for p in placements}
        allowed = set(population) if actor.is_hr_admin(org_code) else set(population) & managed
        proposable = [(p, by_person.get(p.pk)) for p in Person.objects.filter(pk__in=allowed)]
    return render_page(
        request,
        "talent/review_detail.html",
        {
            "review": review,
            "population_label": _population_label(review),
            "placements": placements,
            "proposable": proposable,
            "population_size": population_size,
            "levels": LEVELS,
            "box_names": BOX_NAMES,
            "sees_all": sees_all,
            "can_calibrate": can_calibrate(actor, review),
            "can_see_results": actor.can_view_aggregates(org_code) or can_calibrate(actor, review),
            "is_hr": actor.is_hr_admin(org_code),
            "breadcrumbs": crumbs(("Talent reviews", "/talent/reviews/"), (review.name, "")),
        },
    )


@require_POST
def review_propose(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    review = selectors.review_get(actor, pk)
    form = ProposalForm(request.POST)
    if form.is_valid():
        # A person the reader may not see answers exactly as a missing one (issue 11, attack 7).
        person = person_get(actor, form.cleaned_data["person"])
        with service_call(request, f"Placement proposed for {person.full_name}."):
            services.placement_propose(
                actor=actor,
                review=review,
                person=person,
                performance=form.cleaned_data["performance"],
                potential=form.cleaned_data["potential"],
                rationale=form.cleaned_data["rationale"],
            )
    else:
        form_errors_to_messages(request, form)
    return redirect("talent:review_detail", pk=pk)


def _require_calibrator(actor: object, review: TalentReview) -> None:
    if not can_calibrate(actor, review):  # type: ignore[arg-type]
        raise Http404("No such calibration session, or you are not on its panel.")


def review_calibration(request: HttpRequest, pk: int) -> HttpResponse:
    """The calibration session: the grid with names, distribution by proposer, the equality view
    before calibration, the move form and every move made."""
    actor = actor_for(request)
    review = selectors.review_get(actor, pk)
    _require_calibrator(actor, review)
    placements = list(selectors.placements_visible(actor, review))
    grid: dict[int, list[Placement]] = {b: [] for b in range(1, 10)}
    for p in placements:
        grid[p.box].append(p)
    results = measures.review_results(review)
    moves = (
        PlacementMove.objects.filter(placement__review=review)
        .select_related("placement__person", "moved_by")
        .order_by("-moved_at", "-id")
    )
    return render_page(
        request,
        "talent/review_calibration.html",
        {
            "review": review,
            "grid": grid,
            "box_names": BOX_NAMES,
            "placements": placements,
            "results": results,
            # The panel sees every placement by name, so the grid is exact for it.
            "equality": measures.review_figures(review, exact_grid=True).equality["proposed"],
            "characteristics": CHARACTERISTICS,
            "moves": moves,
            "levels": LEVELS,
            "move_form": MoveForm(),
            "is_hr": actor.is_hr_admin(review.organisation.code),
            "breadcrumbs": crumbs(
                ("Talent reviews", "/talent/reviews/"),
                (review.name, f"/talent/reviews/{review.pk}/"),
                ("Calibration", ""),
            ),
        },
    )


@require_POST
def review_move(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    review = selectors.review_get(actor, pk)
    _require_calibrator(actor, review)
    form = MoveForm(request.POST)
    if form.is_valid():
        placement = review.placements.filter(pk=form.cleaned_data["placement"]).first()
        if placement is None:
            raise Http404
        with service_call(request, f"{placement.person.full_name} moved."):
            services.placement_move(
                actor=actor,
                placement=placement,
                performance=form.cleaned_data["performance"],
                potential=form.cleaned_data["potential"],
                reason=form.cleaned_data["reason"],
            )
    else:
        form_errors_to_messages(request, form)
    return redirect("talent:review_calibration", pk=pk)


@require_POST
def review_start(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    review = selectors.review_get(actor, pk)
    with service_call(request, "Calibration session opened; proposals are closed."):
        services.review_calibration_start(actor=actor, review=review)
        return redirect("talent:review_calibration", pk=pk)
    return redirect("talent:review_detail", pk=pk)


@require_POST
def review_lock(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    review = selectors.review_get(actor, pk)
    with service_call(request, "The review is closed and locked."):
        services.review_lock(actor=actor, review=review)
    return redirect("talent:review_calibration", pk=pk)


def review_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Aggregate results: suppressed for everyone but HR/OD of the organisation; the equality view is
    suppressed for everyone."""
    actor = actor_for(request)
    review = selectors.review_get(actor, pk)
    code = review.organisation.code
    if not (actor.can_view_aggregates(code) or can_calibrate(actor, review)):
        raise PermissionDenied
    suppress = not actor.sees_unsuppressed(code)
    figures = measures.review_figures(review, exact_grid=not suppress)
    return render_page(
        request,
        "talent/review_results.html",
        {
            "review": review,
            "population_label": _population_label(review),
            "proposed": figures.grid["proposed"],
            "calibrated": figures.grid["calibrated"],
            "box_names": BOX_NAMES,
            "suppress": suppress,
            "footnotes": figures.footnotes,
            "equality_proposed": figures.equality["proposed"],
            "equality_calibrated": figures.equality["calibrated"],
            "characteristics": CHARACTERISTICS,
            "breadcrumbs": crumbs(
                ("Talent reviews", "/talent/reviews/"),
                (review.name, f"/talent/reviews/{review.pk}/"),
                ("Results", ""),
            ),
        },
    )


def review_export(request: HttpRequest, pk: int) -> HttpResponse:
    """CSV of the grid counts and the calibrated equality view: the same figures as the results page
    for the same person (docs/talent.md): protected for everyone but HR/OD of the organisation,
    whose exact grid is marked OFFICIAL-SENSITIVE in the file and audited as such."""
    actor = actor_for(request)
    review = selectors.review_get(actor, pk)
    code = review.organisation.code
    if not (actor.can_view_aggregates(code) or can_calibrate(actor, review)):
        raise PermissionDenied
    suppress = not actor.sees_unsuppressed(code)
    figures = measures.review_figures(review, exact_grid=not suppress)
    proposed, calibrated = figures.grid["proposed"], figures.grid["calibrated"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if not suppress:
        writer.writerow([OFFICIAL_SENSITIVE])
    writer.writerow(
        ["review", "box", "box_name", "performance", "potential", "proposed", "calibrated"]
    )
    for box in range(1, 10):
        perf, pot = (box - 1) % 3 + 1, (box - 1) // 3 + 1
        writer.writerow(
            [
                review.name,
                box,
                BOX_NAMES[box],
                Level(perf).label,
                Level(pot).label,
                proposed[f"box_{box}"],
                calibrated[f"box_{box}"],
            ]
        )
    writer.writerow([review.name, "total", "", "", "", proposed["total"], calibrated["total"]])
    for row in figures.equality["calibrated"]:
        writer.writerow([])
        writer.writerow(
            [
                "characteristic",
                row.characteristic.label,
                "reference",
                row.characteristic.reference_label,
                "focus",
                row.characteristic.focus_label,
            ]
        )
        writer.writerow(
            [
                "reference_people",
                row["reference_people"],
                "reference_placed",
                row["reference_placed"],
                "focus_people",
                row["focus_people"],
                "focus_placed",
                row["focus_placed"],
                "relative_likelihood",
                row["relative_likelihood"] if row["relative_likelihood"] is not None else "",
            ]
        )
    audit_record(
        actor=request.user,
        action="export" if suppress else "export_unsuppressed",
        object_type="talent.review",
        object_id=review.pk,
        object_label=review.name + ("" if suppress else " OFFICIAL-SENSITIVE"),
        organisation_code=code,
        detail={"suppressed": suppress},
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    marking = "" if suppress else "-OFFICIAL-SENSITIVE"
    response["Content-Disposition"] = (
        f'attachment; filename="talent-review-{review.pk}{marking}.csv"'
    )
    return response
