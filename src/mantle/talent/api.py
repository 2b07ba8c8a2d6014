"""Talent API: pools, reviews, succession plans and the summary measures, scoped by role exactly as
the pages are (``selectors`` and ``access``). Aggregates are suppressed for everyone but HR/OD
administrators of the organisation; the equality view is suppressed for everyone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from mantle.core.access import actor_for
from mantle.core.dates import ApiDate, years_from
from mantle.talent import measures, selectors, services
from mantle.talent.rules.ninebox import BOX_NAMES
from mantle.talent.rules.readiness import Assessment, Readiness, readiness_on
from mantle.talent.services.reviews import can_calibrate
from mantle.workforce.models import PostVersion
from mantle.workforce.selectors import person_get

router = Router(tags=["talent"])


def _invalid(exc: ValidationError) -> HttpError:
    return HttpError(422, " ".join(str(m) for m in exc.messages))


# --- schemas ---------------------------------------------------------------------------------------
class PoolOut(Schema):
    id: int
    organisation: str
    name: str
    description: str
    entry_criteria: str
    clinicians_only: bool
    eligible_tiers: list[str]
    share_within_icb: bool
    is_active: bool


class MembershipOut(Schema):
    id: int
    person_id: int
    person_name: str
    status: str
    nominated_on: dt.date
    joined_on: dt.date | None
    left_on: dt.date | None
    consent_to_share: bool


class PoolDetailOut(PoolOut):
    memberships: list[MembershipOut]


class PoolNominationIn(Schema):
    person_id: int
    reason: str


class ReviewOut(Schema):
    id: int
    organisation: str
    name: str
    population_kind: str
    population_value: str
    as_of: dt.date
    status: str


class PlacementOut(Schema):
    id: int
    person_id: int
    person_name: str
    proposed_performance: int
    proposed_potential: int
    performance: int
    potential: int
    box: int
    box_name: str
    rationale: str


class ReviewDetailOut(ReviewOut):
    placements: list[PlacementOut]


class ProposalIn(Schema):
    person_id: int
    performance: int
    potential: int
    rationale: str


class MoveIn(Schema):
    performance: int
    potential: int
    reason: str


class PlanOut(Schema):
    id: int
    post_id: int
    position_number: str
    title: str | None
    next_review_on: dt.date
    last_reviewed_on: dt.date | None


class CandidateOut(Schema):
    id: int
    person_id: int
    person_name: str
    rank: int
    added_on: dt.date
    removed_on: dt.date | None
    readiness: str | None
    readiness_assessed_on: dt.date | None


class PlanDetailOut(PlanOut):
    exposure_level: str | None
    exposure_reasons: list[str]
    ready_now: int | None
    ready_1_2: int | None
    candidates: list[CandidateOut]


# --- pools -----------------------------------------------------------------------------------------
def _pool(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "organisation": p.organisation.code,
        "name": p.name,
        "description": p.description,
        "entry_criteria": p.entry_criteria,
        "clinicians_only": p.clinicians_only,
        "eligible_tiers": p.eligible_tiers,
        "share_within_icb": p.share_within_icb,
        "is_active": p.is_active,
    }


def _membership(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "person_id": m.person_id,
        "person_name": m.person.full_name,
        "status": m.status,
        "nominated_on": m.nominated_on,
        "joined_on": m.joined_on,
        "left_on": m.left_on,
        "consent_to_share": m.consent_to_share,
    }


@router.get("/pools", response=list[PoolOut], summary="Talent pools you can see")
def pool_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_pool(p) for p in selectors.pools_visible(actor_for(request))]


@router.get(
    "/pools/{pool_id}",
    response=PoolDetailOut,
    summary="A pool with the members and nominations you may see",
)
def pool_detail(request: HttpRequest, pool_id: int) -> dict[str, Any]:
    actor = actor_for(request)
    pool = selectors.pool_get(actor, pool_id)
    members = selectors.pool_memberships_read(actor, pool, via="api")
    return {**_pool(pool), "memberships": [_membership(m) for m in members]}


@router.post(
    "/pools/{pool_id}/nominations",
    response={201: MembershipOut},
    summary="Nominate yourself or someone you line-manage (HR/OD: anyone)",
)
def pool_nominate(request: HttpRequest, pool_id: int, payload: PoolNominationIn) -> Status:
    actor = actor_for(request)
    pool = selectors.pool_get(actor, pool_id)
    # A person the reader may not see answers exactly as a missing one (issue 11, attack 7).
    person = person_get(actor, payload.person_id)
    try:
        membership = services.pool_nominate(
            actor=actor, pool=pool, person=person, reason=payload.reason, via="api"
        )
    except ValidationError as exc:
        raise _invalid(exc) from exc
    return Status(201, _membership(membership))


# --- reviews ---------------------------------------------------------------------------------------
def _review(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "organisation": r.organisation.code,
        "name": r.name,
        "population_kind": r.population_kind,
        "population_value": r.population_value,
        "as_of": r.as_of,
        "status": r.status,
    }


def _placement(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "person_id": p.person_id,
        "person_name": p.person.full_name,
        "proposed_performance": p.proposed_performance,
        "proposed_potential": p.proposed_potential,
        "performance": p.performance,
        "potential": p.potential,
        "box": p.box,
        "box_name": BOX_NAMES[p.box],
        "rationale": p.rationale,
    }


@router.get("/reviews", response=list[ReviewOut], summary="Talent review rounds you can see")
def review_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_review(r) for r in selectors.reviews_visible(actor_for(request))]


@router.get(
    "/reviews/{review_id}",
    response=ReviewDetailOut,
    summary="A review with the placements you may see (your chain; all for panel and HR/OD)",
)
def review_detail(request: HttpRequest, review_id: int) -> dict[str, Any]:
    actor = actor_for(request)
    review = selectors.review_get(actor, review_id)
    placements = selectors.placements_visible(actor, review, via="api")
    return {**_review(review), "placements": [_placement(p) for p in placements]}


@router.post(
    "/reviews/{review_id}/placements",
    response={201: PlacementOut},
    summary="Propose or revise a placement (while the round is proposing)",
)
def review_propose(request: HttpRequest, review_id: int, payload: ProposalIn) -> Status:
    actor = actor_for(request)
    review = selectors.review_get(actor, review_id)
    # A person the reader may not see answers exactly as a missing one (issue 11, attack 7).
    person = person_get(actor, payload.person_id)
    try:
        placement = services.placement_propose(
            actor=actor,
            review=review,
            person=person,
            performance=payload.performance,
            potential=payload.potential,
            rationale=payload.rationale,
            via="api",
        )
    except ValidationError as exc:
        raise _invalid(exc) from exc
    return Status(201, _placement(placement))


@router.post(
    "/reviews/{review_id}/placements/{placement_id}/move",
    response=PlacementOut,
    summary="Move a person during calibration (panel and HR/OD), with a reason",
)
def review_move(
    request: HttpRequest, review_id: int, placement_id: int, payload: MoveIn
) -> dict[str, Any]:
    actor = actor_for(request)
    review = selectors.review_get(actor, review_id)
    if not can_calibrate(actor, review):
        raise Http404("No such placement, or you may not see it.")
    placement = review.placements.filter(pk=placement_id).first()
    if placement is None:
        raise Http404("No such placement, or you may not see it.")
    try:
        services.placement_move(
            actor=actor,
            placement=placement,
            performance=payload.performance,
            potential=payload.potential,
            reason=payload.reason,
            via="api",
        )
    except ValidationError as exc:
        raise _invalid(exc) from exc
    placement.refresh_from_db()
    return _placement(placement)


@router.get(
    "/reviews/{review_id}/results",
    summary="Grid counts (suppressed unless HR/OD) and the equality view (always suppressed)",
)
def review_results(request: HttpRequest, review_id: int) -> dict[str, Any]:
    actor = actor_for(request)
    review = selectors.review_get(actor, review_id)
    code = review.organisation.code
    if not (actor.can_view_aggregates(code) or can_calibrate(actor, review)):
        raise PermissionDenied
    results = measures.review_results(review)
    suppress = not actor.sees_unsuppressed(code)
    # The grids and equality views of both stages are one protected family (issue 11, attack 4).
    figures = measures.review_figures(review, exact_grid=not suppress)
    out: dict[str, Any] = {
        "review": _review(review),
        "suppressed": suppress,
        "footnotes": figures.footnotes,
    }
    for stage in ("proposed", "calibrated"):
        out[stage] = figures.grid[stage]
        out[f"equality_{stage}"] = [
            {
                "characteristic": row.characteristic.key,
                "reference_group": row.characteristic.reference_label,
                "focus_group": row.characteristic.focus_label,
                **row.values,
            }
            for row in figures.equality[stage]
        ]
    out["moves"] = results.moves
    return out


# --- succession ------------------------------------------------------------------------------------
def _date(raw: dt.date | None) -> dt.date:
    return raw or dt.date.today()


@router.get(
    "/succession/summary",
    summary="Exposure, bench strength, clinical pipeline and projection for an organisation",
)
def succession_summary(
    request: HttpRequest,
    org: str | None = None,
    as_of: ApiDate | None = None,
    unit: str | None = None,
) -> dict[str, Any]:
    actor = actor_for(request)
    organisation = selectors.organisation_for_talent(actor, org)
    if not (actor.can_view_aggregates(organisation.code) or actor.is_hr_admin(organisation.code)):
        raise PermissionDenied
    if unit and not organisation.units.filter(path=unit).exists():
        raise Http404("No such unit.")
    report = measures.succession_report(organisation=organisation, on=_date(as_of), unit=unit)
    return measures.succession_summary(
        report, suppress=not actor.sees_unsuppressed(organisation.code)
    )


def _plan(plan: Any, title: str | None) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "post_id": plan.post_id,
        "position_number": plan.post.position_number,
        "title": title,
        "next_review_on": plan.next_review_on,
        "last_reviewed_on": plan.last_reviewed_on,
    }


@router.get(
    "/succession/plans",
    response=list[PlanOut],
    summary="Succession plans you may open (HR/OD: all; otherwise yours and those below you)",
)
def plan_list(request: HttpRequest, org: str | None = None) -> list[dict[str, Any]]:
    actor = actor_for(request)
    organisation = selectors.organisation_for_talent(actor, org)
    plans = list(selectors.plans_visible(actor, organisation))
    titles = dict(
        PostVersion.objects.current_on(dt.date.today())
        .filter(post_id__in=[p.post_id for p in plans])
        .values_list("post_id", "title")
    )
    return [_plan(p, titles.get(p.post_id)) for p in plans]


@router.get(
    "/succession/plans/{plan_id}",
    response=PlanDetailOut,
    summary="One plan with its candidates and their readiness on a date",
)
def plan_detail(request: HttpRequest, plan_id: int, as_of: ApiDate | None = None) -> dict[str, Any]:
    actor = actor_for(request)
    plan = selectors.plan_get(actor, plan_id, via="api")
    on = _date(as_of)
    report = measures.succession_report(organisation=plan.organisation, on=on, post_id=plan.post_id)
    row = next((r for r in report.posts if r.post_id == plan.post_id), None)
    candidates = []
    for c in plan.candidates.select_related("person").prefetch_related("assessments"):
        current = readiness_on(
            assessments=[
                Assessment(a.assessed_on, Readiness(a.readiness), a.pk) for a in c.assessments.all()
            ],
            on=on,
        )
        candidates.append(
            {
                "id": c.pk,
                "person_id": c.person_id,
                "person_name": c.person.full_name,
                "rank": c.rank,
                "added_on": c.added_on,
                "removed_on": c.removed_on,
                "readiness": current.readiness.value if current else None,
                "readiness_assessed_on": current.assessed_on if current else None,
            }
        )
    return {
        **_plan(plan, row.version.title if row else None),
        "exposure_level": row.exposure.level.label if row else None,
        "exposure_reasons": list(row.exposure.reasons) if row else [],
        "ready_now": row.bench.ready_now if row else None,
        "ready_1_2": row.bench.ready_1_2 if row else None,
        "candidates": candidates,
    }


# --- conversations ---------------------------------------------------------------------------------
@router.get(
    "/conversations/summary",
    summary="Counts of talent conversations (HR/OD unsuppressed; executives suppressed)",
)
def conversation_summary(request: HttpRequest, org: str | None = None) -> dict[str, Any]:
    actor = actor_for(request)
    organisation = selectors.organisation_for_talent(actor, org)
    if not (actor.is_hr_admin(organisation.code) or actor.can_view_aggregates(organisation.code)):
        raise PermissionDenied
    today = dt.date.today()
    since = years_from(today, -1)
    counts, notes = measures.conversation_counts(
        organisation=organisation,
        since=since,
        suppress=not actor.sees_unsuppressed(organisation.code),
    )
    return {
        "organisation": organisation.code,
        "since": since.isoformat(),
        "counts": counts,
        "footnotes": notes,
    }
