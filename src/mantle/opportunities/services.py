"""Writes for the marketplace. Every change goes through one of these functions (keyword-only,
``<entity>_<verb>``): they check who may act, apply the state machines (``rules.states``), write the
audit log, and enqueue e-mail after the transaction commits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mantle.core.access import AccessDenied, Actor
from mantle.core.audit import audit_record
from mantle.workforce.models import Organisation, Person, Tier
from mantle.workforce.rules.bands import PAY_BANDS
from mantle.workforce.rules.occupation import STAFF_GROUPS

from . import selectors, tasks
from .models import (
    AllocationRound,
    Application,
    ApplicationEvent,
    MarketplaceProfile,
    Opportunity,
)
from .rules.states import MoveError, application_next, opportunity_next

MAX_STATEMENT = 2000
RATINGS = {
    "developing": "Developing",
    "demonstrated": "Demonstrated",
    "strength": "A strength",
}
"""How an owner rates the person against each dimension the opportunity develops."""


def _after_commit(task: Any, *args: Any) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))


def _user(actor: Actor) -> Any:
    return actor.user if actor.user.is_authenticated else None


def _audit(actor: Actor, action: str, kind: str, obj: Any, label: str, org: str) -> None:
    audit_record(
        actor=actor.user,
        action=action,
        object_type=kind,
        object_id=obj.pk,
        object_label=label,
        organisation_code=org,
    )


# --- opportunities --------------------------------------------------------------------------------
def _check_fields(
    *,
    organisation: Organisation,
    owner: Person,
    sponsor: Any,
    poster: Any,
    time_unit: str,
    time_amount: Decimal,
    starts_on: dt.date,
    ends_on: dt.date,
    closes_on: dt.date,
    places: int,
    staff_groups: list[str],
    bands: list[str],
    tiers: list[str],
    dimensions: list[str],
    kind: str,
) -> None:
    errors: dict[str, str] = {}
    if kind not in Opportunity.Kind.values:
        errors["kind"] = (
            f"Unknown kind {kind!r}; choose one of {', '.join(Opportunity.Kind.values)}."
        )
    if organisation.code not in selectors.member_org_codes_of_person(owner.pk):
        errors["owner"] = "The owner must work for the organisation."
    if sponsor is None or sponsor.pk not in {u.pk for u in selectors.sponsors_for(organisation)}:
        errors["sponsor"] = (
            "The sponsor must be a line manager, executive, chair or HR/OD administrator of the "
            "organisation."
        )
    elif poster is not None and sponsor.pk == poster.pk:
        errors["sponsor"] = "Someone else must sponsor what you post."
    if time_unit == Opportunity.TimeUnit.FTE:
        if not Decimal("0") < time_amount <= Decimal("1"):
            errors["time_amount"] = (
                "An FTE fraction is more than 0 and at most 1 (for example 0.2)."
            )
    elif not Decimal("0") < time_amount <= Decimal("37.5"):
        errors["time_amount"] = "Hours a week are more than 0 and at most 37.5."
    if ends_on < starts_on:
        errors["ends_on"] = "The end date cannot be before the start date."
    if closes_on > starts_on:
        errors["closes_on"] = "Applications must close on or before the start date."
    if places < 1:
        errors["places"] = "There must be at least one place."
    bad = [g for g in staff_groups if g not in STAFF_GROUPS]
    if bad:
        errors["eligible_staff_groups"] = f"Unknown staff group(s): {', '.join(bad)}."
    bad = [b for b in bands if b not in PAY_BANDS]
    if bad:
        errors["eligible_bands"] = f"Unknown pay band(s): {', '.join(bad)}."
    bad = [t for t in tiers if t not in Tier.values]
    if bad:
        errors["eligible_tiers"] = f"Unknown tier(s): {', '.join(bad)}."
    labels = selectors.dimension_labels()
    bad = [d for d in dimensions if d not in labels]
    if bad:
        errors["dimensions"] = f"Unknown framework dimension(s): {', '.join(bad)}."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def opportunity_save(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    kind: str,
    description: str,
    owner: Person | None,
    sponsor: Any,
    time_unit: str,
    time_amount: Decimal,
    starts_on: dt.date,
    ends_on: dt.date,
    closes_on: dt.date,
    places: int = 1,
    eligible_staff_groups: list[str] | None = None,
    eligible_bands: list[str] | None = None,
    eligible_tiers: list[str] | None = None,
    dimensions: list[str] | None = None,
    round: AllocationRound | None = None,
    opportunity: Opportunity | None = None,
) -> Opportunity:
    """Post (as a draft) or change an opportunity. Rules: anyone working for the organisation may
    post; the owner (default: the poster) works there; the sponsor is one of its line managers,
    executives, chair or HR/OD administrators and not the poster; applications close on or before the
    start; eligibility lists hold known staff groups, bands and tiers (empty: open to all); dimensions
    are known framework dimensions; a round belongs to the same organisation. Only drafts and declined
    opportunities are changed (an open one is closed or cancelled instead)."""
    if opportunity is not None:
        organisation = opportunity.organisation
        if not _may_edit(actor, opportunity):
            raise AccessDenied("Only whoever posted or owns the opportunity may change it.")
        if opportunity.status not in (Opportunity.Status.DRAFT, Opportunity.Status.DECLINED):
            raise ValidationError(
                {"status": "Only a draft or a declined opportunity can be changed."}
            )
    elif organisation.code not in selectors.member_org_codes(actor) and not actor.superuser:
        raise AccessDenied("You can post opportunities only in your own organisation.")
    if owner is None:
        if actor.person_id is None:
            raise ValidationError({"owner": "Choose the owner: your account has no staff record."})
        owner = Person.objects.get(pk=actor.person_id)
    if round is not None and round.organisation_id != organisation.pk:
        raise ValidationError({"round": "The round belongs to another organisation."})
    staff_groups = sorted(set(eligible_staff_groups or []))
    bands = sorted(set(eligible_bands or []))
    tiers = sorted(set(eligible_tiers or []))
    dims = sorted(set(dimensions or []))
    _check_fields(
        organisation=organisation,
        owner=owner,
        sponsor=sponsor,
        poster=opportunity.posted_by if opportunity else _user(actor),
        time_unit=time_unit,
        time_amount=time_amount,
        starts_on=starts_on,
        ends_on=ends_on,
        closes_on=closes_on,
        places=places,
        staff_groups=staff_groups,
        bands=bands,
        tiers=tiers,
        dimensions=dims,
        kind=kind,
    )
    if not title.strip() or not description.strip():
        raise ValidationError({"title": "Give the opportunity a title and a description."})
    opp = opportunity or Opportunity(organisation=organisation, posted_by=_user(actor))
    opp.title, opp.kind, opp.description = title.strip(), kind, description.strip()
    opp.owner, opp.sponsor = owner, sponsor
    opp.time_unit, opp.time_amount = time_unit, time_amount
    opp.starts_on, opp.ends_on, opp.closes_on, opp.places = starts_on, ends_on, closes_on, places
    opp.eligible_staff_groups, opp.eligible_bands, opp.eligible_tiers = staff_groups, bands, tiers
    opp.dimensions, opp.round = dims, round
    opp.save()
    _audit(
        actor,
        "create" if opportunity is None else "change",
        "opportunity",
        opp,
        opp.title,
        organisation.code,
    )
    return opp


def _may_edit(actor: Actor, opp: Opportunity) -> bool:
    return (
        actor.superuser
        or (actor.user.is_authenticated and opp.posted_by_id == actor.user.pk)
        or (actor.person_id is not None and opp.owner_id == actor.person_id)
        or actor.is_hr_admin(opp.organisation.code)
    )


def _move_opportunity(actor: Actor, opp: Opportunity, action: str, note: str = "") -> Opportunity:
    try:
        opp.status = opportunity_next(action=action, current=opp.status)
    except MoveError as error:
        raise ValidationError({"status": str(error)}) from error
    opp.save(update_fields=["status", "sponsor_note", "sponsor_decided_at", "updated_at"])
    _audit(actor, "change", "opportunity", opp, f"{action}: {opp.title}", opp.organisation.code)
    return opp


@transaction.atomic
def opportunity_submit(*, actor: Actor, opportunity: Opportunity) -> Opportunity:
    """Send a draft (or a declined opportunity, changed) to its sponsor. Rule: whoever may edit it."""
    if not _may_edit(actor, opportunity):
        raise AccessDenied("Only whoever posted or owns the opportunity may submit it.")
    opportunity.sponsor_note, opportunity.sponsor_decided_at = "", None
    _move_opportunity(actor, opportunity, "submit")
    _after_commit(tasks.send_sponsor_request, opportunity.pk)
    return opportunity


@transaction.atomic
def opportunity_decide(
    *, actor: Actor, opportunity: Opportunity, approve: bool, note: str = ""
) -> Opportunity:
    """The sponsor approves (it opens for applications) or declines (a reason is required). Rule: only
    the named sponsor decides, and an approval needs the closing date still to come."""
    if not (actor.user.is_authenticated and opportunity.sponsor_id == actor.user.pk):
        raise AccessDenied("Only the opportunity's sponsor may approve or decline it.")
    if not approve and not note.strip():
        raise ValidationError({"note": "Give the reason for not approving it."})
    if approve and opportunity.closes_on < timezone.localdate():
        raise ValidationError({"note": "The closing date has passed: ask the owner to change it."})
    opportunity.sponsor_note = note.strip()
    opportunity.sponsor_decided_at = timezone.now()
    _move_opportunity(actor, opportunity, "approve" if approve else "decline", note)
    _after_commit(tasks.send_sponsor_decision, opportunity.pk)
    return opportunity


@transaction.atomic
def opportunity_set_open(*, actor: Actor, opportunity: Opportunity, action: str) -> Opportunity:
    """Close, reopen or cancel. Rule: whoever posted or owns it, or the organisation's HR/OD;
    cancelling withdraws every live application."""
    if action not in ("close", "reopen", "cancel"):
        raise ValidationError({"action": "Choose close, reopen or cancel."})
    if not _may_edit(actor, opportunity):
        raise AccessDenied("Only whoever posted or owns the opportunity may do this.")
    _move_opportunity(actor, opportunity, action)
    if action == "cancel":
        for app in opportunity.applications.filter(
            status__in=["submitted", "released", "selected"]
        ):
            _move_application(actor, app, "withdraw", "The opportunity was cancelled.")
            _after_commit(tasks.send_application_update, app.pk)
    return opportunity


# --- applications ---------------------------------------------------------------------------------
def _move_application(actor: Actor, app: Application, action: str, note: str = "") -> None:
    before = app.status
    try:
        app.status = application_next(action=action, current=app.status)
    except MoveError as error:
        raise ValidationError({"status": str(error)}) from error
    app.save()
    ApplicationEvent.objects.create(
        application=app, from_status=before, to_status=app.status, actor=_user(actor), note=note
    )
    _audit(
        actor,
        "change",
        "opportunity_application",
        app,
        f"{before} → {app.status}",
        app.opportunity.organisation.code,
    )


@transaction.atomic
def application_submit(
    *, actor: Actor, opportunity: Opportunity, statement: str, on: dt.date | None = None
) -> Application:
    """Apply with a short statement. Rules: the opportunity is open and its closing date has not
    passed; the applicant is eligible (``rules.eligibility``); one live application per person per
    opportunity; the statement is 1–2,000 characters. The line manager who will release the time is
    taken from the register now (none: the organisation's HR/OD releases it)."""
    from mantle.capability.selectors.cycles import line_manager_of

    on = on or timezone.localdate()
    if actor.person_id is None:
        raise AccessDenied("Your account is not linked to a staff record.")
    if opportunity.status != Opportunity.Status.OPEN or opportunity.closes_on < on:
        raise ValidationError({"opportunity": "This opportunity is not taking applications."})
    ok, reason = selectors.eligibility_for(opportunity, actor.person_id, on=on)
    if not ok:
        raise ValidationError({"opportunity": reason})
    text = statement.strip()
    if not text:
        raise ValidationError({"statement": "Write a short statement: why you, and why now."})
    if len(text) > MAX_STATEMENT:
        raise ValidationError(
            {
                "statement": f"Keep the statement to {MAX_STATEMENT:,} characters (it has {len(text):,})."
            }
        )
    if (
        opportunity.applications.filter(person_id=actor.person_id)
        .exclude(status="withdrawn")
        .exists()
    ):
        raise ValidationError({"opportunity": "You have already applied for this opportunity."})
    person = Person.objects.get(pk=actor.person_id)
    manager = line_manager_of(person, on=on)
    try:
        with transaction.atomic():
            app = Application.objects.create(
                opportunity=opportunity,
                person=person,
                statement=text,
                line_manager=manager,
                fit=selectors.fit_for(opportunity, person.pk).score,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"opportunity": "You have already applied for this opportunity."}
        ) from error
    ApplicationEvent.objects.create(
        application=app, from_status="", to_status=app.status, actor=_user(actor)
    )
    _audit(
        actor,
        "create",
        "opportunity_application",
        app,
        opportunity.title,
        opportunity.organisation.code,
    )
    _after_commit(tasks.send_release_request, app.pk)
    return app


def _may_release(actor: Actor, app: Application) -> bool:
    if actor.superuser:
        return True
    if actor.person_id is not None and app.line_manager_id == actor.person_id:
        return True
    return app.line_manager_id is None and actor.is_hr_admin(app.opportunity.organisation.code)


@transaction.atomic
def application_release(
    *, actor: Actor, application: Application, release: bool, note: str
) -> Application:
    """The line manager releases the applicant's time (a note on backfill is required) or does not
    (a reason is required). Rule: only the line manager recorded on the application, or HR/OD when
    the register shows none; the applicant cannot release themself."""
    if actor.person_id is not None and application.person_id == actor.person_id:
        raise AccessDenied("You cannot release your own time.")
    if not _may_release(actor, application):
        raise AccessDenied("Only the applicant's line manager may release their time.")
    text = note.strip()
    if release and not text:
        raise ValidationError({"note": "Say how the time will be covered (backfill)."})
    if not release and not text:
        raise ValidationError({"note": "Give the reason for not releasing the time."})
    if release:
        application.backfill_note = text
    else:
        application.release_reason = text
    application.released_by = _user(actor)
    application.released_at = timezone.now()
    _move_application(actor, application, "release" if release else "refuse_release", text)
    _after_commit(tasks.send_application_update, application.pk)
    if release:
        _after_commit(tasks.send_new_application, application.pk)
    return application


def _may_decide(actor: Actor, opp: Opportunity) -> bool:
    return (
        actor.superuser
        or (actor.person_id is not None and opp.owner_id == actor.person_id)
        or actor.is_hr_admin(opp.organisation.code)
    )


@transaction.atomic
def application_decide(
    *, actor: Actor, application: Application, select: bool, reason: str = ""
) -> Application:
    """The owner selects a released applicant, or does not (the reason is required: each person is
    told why). Rules: only the owner (or HR/OD); nobody is selected before release; never more people
    selected than places."""
    opp = Opportunity.objects.select_for_update().get(pk=application.opportunity_id)
    if not _may_decide(actor, opp):
        raise AccessDenied("Only the opportunity's owner selects.")
    text = reason.strip()
    if not select and not text:
        raise ValidationError({"reason": "Tell the applicant why they were not selected."})
    if select:
        if application.status == Application.Status.SUBMITTED:
            raise ValidationError({"status": "Their line manager has not released their time yet."})
        taken = opp.applications.filter(status__in=["selected", "completed"]).count()
        if taken >= opp.places:
            raise ValidationError({"status": f"All {opp.places} place(s) are already filled."})
    application.decision_reason = text or f"Selected by the owner for {opp.title}."
    application.decided_by = _user(actor)
    application.decided_at = timezone.now()
    _move_application(actor, application, "select" if select else "reject", text)
    _after_commit(tasks.send_application_update, application.pk)
    return application


@transaction.atomic
def application_withdraw(*, actor: Actor, application: Application) -> Application:
    """The applicant withdraws (before completion). Rule: only the applicant."""
    if actor.person_id is None or application.person_id != actor.person_id:
        raise AccessDenied("Only the applicant may withdraw their application.")
    _move_application(actor, application, "withdraw")
    return application


@transaction.atomic
def application_complete(
    *,
    actor: Actor,
    application: Application,
    completed_on: dt.date,
    feedback: str,
    ratings: dict[str, str],
) -> Application:
    """The owner confirms completion with short feedback, rating the person against each dimension
    the opportunity develops. Rules: only the owner (or HR/OD); the person was selected; completion
    is not before the start; feedback is required and ratings use ``RATINGS`` for the opportunity's
    own dimensions only. The experience is written to the person's development record through the
    development app (a completed place on the organisation's entry for this opportunity, developing
    its dimensions)."""
    from mantle.development.services.experience import experience_record

    opp = application.opportunity
    if not _may_decide(actor, opp):
        raise AccessDenied("Only the opportunity's owner confirms completion.")
    if completed_on < opp.starts_on:
        raise ValidationError(
            {"completed_on": "Completion cannot be before the opportunity starts."}
        )
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "Completion cannot be in the future."})
    if not feedback.strip():
        raise ValidationError({"feedback": "Give short feedback against the framework."})
    unknown = [k for k in ratings if k not in opp.dimensions]
    bad = [v for v in ratings.values() if v not in RATINGS]
    if unknown or bad:
        raise ValidationError(
            {
                "ratings": f"Rate only this opportunity's dimensions, as one of: {', '.join(RATINGS)}."
            }
        )
    application.completed_on = completed_on
    application.feedback = feedback.strip()
    application.feedback_ratings = dict(ratings)
    _move_application(actor, application, "complete", feedback.strip())
    enrolment = experience_record(
        recorded_by=actor.user,
        organisation=opp.organisation,
        person=application.person,
        code=f"opportunity-{opp.pk}",
        name=f"{opp.get_kind_display()}: {opp.title}",
        provider=f"{opp.organisation.name} leadership opportunities",
        dimensions=list(opp.dimensions),
        applied_on=min(application.submitted_at.date(), opp.starts_on),
        started_on=opp.starts_on,
        completed_on=completed_on,
    )
    application.enrolment = enrolment
    application.save(update_fields=["enrolment", "updated_at"])
    _after_commit(tasks.send_application_update, application.pk)
    return application


# --- profile and rounds ---------------------------------------------------------------------------
@transaction.atomic
def profile_save(
    *, actor: Actor, hours_available: Decimal | None, share_360: bool
) -> MarketplaceProfile:
    """A person's own preferences. Rule: only for themself; hours are 0–37.5 a week."""
    if actor.person_id is None:
        raise AccessDenied("Your account is not linked to a staff record.")
    if hours_available is not None and not Decimal("0") <= hours_available <= Decimal("37.5"):
        raise ValidationError({"hours_available": "Hours a week are between 0 and 37.5."})
    profile, _ = MarketplaceProfile.objects.get_or_create(person_id=actor.person_id)
    profile.hours_available, profile.share_360 = hours_available, share_360
    profile.save()
    return profile


@transaction.atomic
def round_create(
    *, actor: Actor, organisation: Organisation, name: str, ratio: Decimal
) -> AllocationRound:
    """A cohort round. Rule: anyone working for the organisation may coordinate one; the ratio is
    more than 0 and at most 1."""
    if organisation.code not in selectors.member_org_codes(actor) and not actor.superuser:
        raise AccessDenied("You can create rounds only in your own organisation.")
    if not name.strip():
        raise ValidationError({"name": "Name the round."})
    if not Decimal("0") < ratio <= Decimal("1"):
        raise ValidationError(
            {"ratio": "The ratio is more than 0 and at most 1 (for example 0.8)."}
        )
    r = AllocationRound.objects.create(
        organisation=organisation, name=name.strip(), coordinator=_user(actor), ratio=ratio
    )
    _audit(actor, "create", "allocation_round", r, r.name, organisation.code)
    return r


def _may_coordinate(actor: Actor, r: AllocationRound) -> bool:
    return (
        actor.superuser
        or (actor.user.is_authenticated and r.coordinator_id == actor.user.pk)
        or actor.is_hr_admin(r.organisation.code)
    )


def round_allocate(
    *, actor: Actor, round: AllocationRound, ratio: Decimal | None, fairness: bool = True
) -> Any:
    """Work out the optimal allocation of the round (``analytics.allocation``) without changing
    anything. Rule: the coordinator or HR/OD."""
    if not _may_coordinate(actor, round):
        raise AccessDenied("Only the round's coordinator may allocate it.")
    return selectors.round_allocation(round, ratio=float(ratio) if fairness and ratio else None)


@transaction.atomic
def round_apply(*, actor: Actor, round: AllocationRound, ratio: Decimal | None) -> Any:
    """Apply the optimal allocation: placed applicants are selected, the others not selected, each
    with the sentence that says why. Rules: the coordinator or HR/OD; the round is still open; an
    allocation that cannot meet the fairness bounds is not applied."""
    if not _may_coordinate(actor, round):
        raise AccessDenied("Only the round's coordinator may allocate it.")
    if round.status != AllocationRound.Status.OPEN:
        raise ValidationError({"round": "This round's allocation has already been applied."})
    result = selectors.round_allocation(round, ratio=float(ratio) if ratio else None)
    if not result.feasible:
        raise ValidationError({"ratio": result.message})
    apps = Application.objects.filter(
        opportunity__round=round, status=Application.Status.RELEASED
    ).select_related("opportunity", "opportunity__organisation")
    for app in apps:
        placed = result.placements.get(app.person_id) == app.opportunity_id
        app.decision_reason = result.explanations.get(app.person_id, "")
        if placed:
            pass
        elif app.person_id in result.placements:
            app.decision_reason = (
                "Placed in another opportunity of this round. " + app.decision_reason
            )
        app.decided_by, app.decided_at = _user(actor), timezone.now()
        _move_application(actor, app, "select" if placed else "reject", "Optimal allocation")
        _after_commit(tasks.send_application_update, app.pk)
    round.status = AllocationRound.Status.APPLIED
    round.ratio = ratio if ratio is not None else round.ratio
    round.applied_at = timezone.now()
    round.result = {
        "message": result.message,
        "placements": {str(k): v for k, v in result.placements.items()},
        "ratio": result.ratio,
    }
    round.save()
    _audit(
        actor, "change", "allocation_round", round, "allocation applied", round.organisation.code
    )
    return result
