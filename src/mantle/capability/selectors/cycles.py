"""360° reads, each scoped to what the acting user may see.

Rules:
* a cycle is visible to its participant, the line manager recorded on it, its facilitator and the HR/OD
  administrators of its organisation; to anyone else it does not exist (404);
* while a cycle runs, everyone sees response counts only, with anonymous groups banded below the
  threshold; no one sees which nominee has responded (a response shows as "invited");
* the report exists only once the cycle is frozen (closed or past its deadline); only two people
  ever read it: the participant once it is released, and the named facilitator from the close (to
  prepare the debrief) if the participant has accepted them and they are not acting as an HR/OD
  administrator for the cycle (an administrator of its organisation, or whoever opened the cycle or
  its cohort). Administrators, line managers and everyone else never read report contents, in any
  mode, so closing a cycle early opens nothing to them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404

from mantle.capability import sealing
from mantle.capability.engine import (
    NominationWarning,
    ProgressReport,
    Report360,
    Response,
    build_report,
    nomination_warnings,
    progress_counts,
)
from mantle.capability.models import Cycle, Nomination, SealedResponse
from mantle.core.access import Actor
from mantle.workforce.models import Assignment, Person, PostVersion


def threshold() -> int:
    return int(settings.MANTLE_360_ANONYMITY_THRESHOLD)


# --- register ----------------------------------------------------------------------------------------
def line_manager_of(person: Person, *, on: dt.date) -> Person | None:
    """The person's line manager on ``on``: the holder of the post their main post reports to.

    Rule: the main post is the current assignment with the largest FTE (ties: earliest start); its
    post version's ``reports_to`` post is followed; among several holders of that post, the one with
    the largest FTE. None when the post reports nowhere or the manager's post is vacant.
    """
    assignments = list(
        Assignment.objects.current_on(on).filter(person=person).order_by("-fte", "start_date", "pk")
    )
    for assignment in assignments:
        version = PostVersion.objects.current_on(on).filter(post_id=assignment.post_id).first()
        if version is None or version.reports_to_id is None:
            continue
        holder = (
            Assignment.objects.current_on(on)
            .filter(post_id=version.reports_to_id)
            .exclude(person=person)
            .select_related("person")
            .order_by("-fte", "start_date", "pk")
            .first()
        )
        if holder is not None:
            return holder.person
    return None


# --- access ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CycleAccess:
    participant: bool
    line_manager: bool
    facilitator: bool
    administrator: bool
    #: The facilitator may read the report: accepted by the participant and not acting as an
    #: HR/OD administrator for this cycle.
    trusted_facilitator: bool = False

    @property
    def any(self) -> bool:
        return self.participant or self.line_manager or self.facilitator or self.administrator

    @property
    def manages(self) -> bool:
        """May close, release, extend and remind: the facilitator or an HR/OD administrator."""
        return self.facilitator or self.administrator

    @property
    def approves(self) -> bool:
        """May approve nominations: the line manager, or an administrator when there is none."""
        return self.line_manager or self.administrator


def cycle_access(actor: Actor, cycle: Cycle) -> CycleAccess:
    user_id = getattr(actor.user, "pk", None)
    facilitator = user_id is not None and cycle.facilitator_id == user_id
    administrator = actor.is_hr_admin(cycle.organisation.code)
    return CycleAccess(
        participant=actor.person_id is not None and cycle.participant_id == actor.person_id,
        line_manager=actor.person_id is not None and cycle.line_manager_id == actor.person_id,
        facilitator=facilitator,
        administrator=administrator,
        trusted_facilitator=facilitator
        and not administrator
        and cycle.facilitator_accepted_at is not None
        and not _opened_by(cycle, user_id),
    )


def _opened_by(cycle: Cycle, user_id: Any) -> bool:
    """Whoever opened the cycle or its cohort for someone else acted as its administrator."""
    if cycle.opened_by_id == user_id and cycle.participant.user_id != user_id:
        return True
    cohort = cycle.cohort
    return cohort is not None and cohort.created_by_id == user_id


def cycles_visible(actor: Actor) -> QuerySet[Cycle]:
    condition = Q(pk__in=[])
    if actor.person_id is not None:
        condition |= Q(participant_id=actor.person_id) | Q(line_manager_id=actor.person_id)
    if getattr(actor.user, "pk", None) is not None:
        condition |= Q(facilitator_id=actor.user.pk)
    if actor.superuser:
        condition = Q()
    else:
        hr_orgs = actor.orgs_with("hr_admin")
        if hr_orgs:
            condition |= Q(organisation__code__in=hr_orgs)
    return Cycle.objects.filter(condition).select_related(
        "organisation",
        "participant",
        "framework_version__framework",
        "line_manager",
        "facilitator",
        "cohort",
    )


def cycle_get(actor: Actor, cycle_id: int) -> Cycle:
    """One cycle the actor may see, or 404 (the same answer whether it exists or not)."""
    found = cycles_visible(actor).filter(pk=cycle_id).first()
    if found is None:
        raise Http404("No such 360° cycle.")
    return found


def cycles_for_participant(actor: Actor) -> QuerySet[Cycle]:
    if actor.person_id is None:
        return Cycle.objects.none()
    return cycles_visible(actor).filter(participant_id=actor.person_id).order_by("-created_at")


def cycles_to_approve(actor: Actor) -> QuerySet[Cycle]:
    """Cycles waiting for the actor's approval as line manager (administrators see theirs too)."""
    waiting = cycles_visible(actor).filter(status=Cycle.Status.AWAITING_APPROVAL)
    mine = Q(line_manager_id=actor.person_id) if actor.person_id is not None else Q(pk__in=[])
    if actor.superuser:
        return waiting.filter(mine | Q(line_manager__isnull=True))
    hr = actor.orgs_with("hr_admin")
    return waiting.filter(mine | Q(line_manager__isnull=True, organisation__code__in=hr))


def cycles_for_admin(actor: Actor, *, organisation_code: str) -> QuerySet[Cycle]:
    """All cycles of an organisation for its HR/OD administrators; facilitators see their own."""
    if actor.is_hr_admin(organisation_code):
        return cycles_visible(actor).filter(organisation__code=organisation_code)
    user_id = getattr(actor.user, "pk", None)
    return cycles_visible(actor).filter(
        organisation__code=organisation_code, facilitator_id=user_id
    )


def feedback_requests_for(actor: Actor) -> QuerySet[Nomination]:
    """Questionnaires the actor has been asked to complete (not their own self-rating)."""
    if actor.person_id is None:
        return Nomination.objects.none()
    return (
        Nomination.objects.filter(person_id=actor.person_id)
        .exclude(group="self")
        .select_related("cycle__participant", "cycle__framework_version__framework")
        .order_by("cycle__deadline")
    )


def rater_draft(nomination: Nomination) -> tuple[dict[str, Any], str]:
    """A rater's saved draft (answers, comment), opened for the rater's own form only.

    Rule: drafts are sealed on the nomination; one saved before sealing existed is read as is."""
    draft = nomination.draft or {}
    if "sealed" in draft:
        opened = sealing.unseal(
            draft["sealed"], cycle_id=nomination.cycle_id, purpose=f"draft:{nomination.pk}"
        )
        return dict(opened.get("answers") or {}), str(opened.get("comment") or "")
    return dict(draft), nomination.draft_comment


# --- progress and warnings ---------------------------------------------------------------------------
def public_status(nomination: Nomination) -> str:
    """A nominee's status as anyone but the nominee may see it: responding is never revealed."""
    if nomination.status == Nomination.Status.SUBMITTED:
        return Nomination.Status.INVITED.label
    return nomination.get_status_display()


def cycle_progress(cycle: Cycle) -> ProgressReport:
    """Response counts by group (engine banding); the same for every role that may see the cycle.

    Counted from the nominations marked as responded, since answers are sealed until the close."""
    responded = Counter(
        cycle.nominations.filter(status=Nomination.Status.SUBMITTED).values_list("group", flat=True)
    )
    nominated = Counter(n.group for n in cycle.nominations.all() if n.active)
    return progress_counts(dict(responded), dict(nominated), threshold=threshold())


def nomination_warnings_for(cycle: Cycle) -> tuple[NominationWarning, ...]:
    """Warnings about the current nominations (limits, and groups that cannot stay anonymous)."""
    nominated = Counter(n.group for n in cycle.nominations.all() if n.active)
    nominated.pop("self", None)
    limits = cycle.limits or {}
    return nomination_warnings(
        dict(nominated),
        threshold=threshold(),
        min_per_group={g: int(v[0]) for g, v in limits.items()},
        max_per_group={g: int(v[1]) for g, v in limits.items()},
    )


# --- report --------------------------------------------------------------------------------------------
def may_read_report(access: CycleAccess, cycle: Cycle) -> bool:
    """The report rule in the module docstring (frozen is checked again by the engine): the
    participant once released; an accepted facilitator who is not acting as an administrator once
    frozen; no one else, ever."""
    if cycle.status == Cycle.Status.CANCELLED or not cycle.frozen():
        return False
    if access.trusted_facilitator:
        return True
    return access.participant and cycle.status == Cycle.Status.RELEASED


def cycle_report(actor: Actor, cycle: Cycle) -> Report360:
    """The anonymised report for a reader allowed by the module rules; 404 for anyone else.

    Rule: built only by ``engine.build_report`` from a frozen cycle's responses, which hold no rater
    identity; the comment order is keyed by the cycle's secret, not by arrival.
    """
    if not may_read_report(cycle_access(actor, cycle), cycle):
        raise Http404("This report is not available to you.")
    return build_cycle_report(cycle)


def sealed_rows(cycle: Cycle) -> list[dict[str, Any]]:
    """The cycle's sealed answers, opened (``group``, ``ratings``, ``comments``), in no set order.

    Rule: for a cycle's close (services) and for the report of a cycle frozen by its deadline
    before the daily close has written its responses; never shown one by one."""
    return [
        sealing.unseal(row.sealed, cycle_id=cycle.pk)
        for row in SealedResponse.objects.filter(cycle=cycle)
    ]


def build_cycle_report(cycle: Cycle) -> Report360:
    """The anonymised report, without an access check: for services (release) and tasks only."""
    spec = cycle.framework_version.spec()
    rows = [
        {"group": r.group, "ratings": r.ratings, "comments": r.comments}
        for r in cycle.responses.all()
    ]
    if cycle.frozen():
        rows.extend(sealed_rows(cycle))
    responses = [
        Response(
            rater_group=row["group"],
            ratings={key: (value[0], value[1]) for key, value in row["ratings"].items()},
            comments=tuple(row["comments"]),
        )
        for row in rows
    ]
    return build_report(
        framework=spec,
        responses=responses,
        released=cycle.frozen(),
        comment_secret=bytes.fromhex(cycle.comment_secret),
        threshold=threshold(),
    )
