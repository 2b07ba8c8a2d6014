"""360° feedback cycles: open, nominate, approve, invite, respond, decline, replace, close, release.

Rules enforced here (each function names its own):
* a participant (or an HR/OD administrator, singly or for a cohort) opens a cycle; the framework, the
  release mode and the limits are fixed when it opens;
* nominations are made by rater group within the cycle's minimum and maximum per group; the line
  manager recorded from the register approves them (an administrator when there is none), and
  approval launches the cycle;
* every e-mail is sent by a background task enqueued with ``transaction.on_commit``, so nothing is
  sent for a change that did not commit;
* responses are accepted only while the cycle is open and before the end of its deadline day; a
  response is sealed (encrypted, no rater, group or time in the clear) until the cycle closes, then
  written with the others in a random order with random keys; a rater's dates are kept to the day; a cycle never reopens, so the report (available
  only once the cycle is frozen) can never be compared before and after one more response.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from mantle.capability import questionnaire, sealing, tasks
from mantle.capability.engine import ALL_OTHERS, Response, validate_responses
from mantle.capability.models import Cohort, Cycle, FrameworkVersion, Nomination, SealedResponse
from mantle.capability.models import Response as ResponseRow
from mantle.capability.selectors.cycles import (
    build_cycle_report,
    cycle_access,
    line_manager_of,
    nomination_warnings_for,
    sealed_rows,
)
from mantle.capability.selectors.snapshots import capability_changed
from mantle.core.access import Actor
from mantle.core.audit import audit_record
from mantle.workforce.models import Organisation, Person

from ._common import acting_user
from .frameworks import framework_version_mark_used

#: Default nomination limits per rater group (minimum, maximum). The line manager is nominated from
#: the register when known; peers need at least 3 so that they can be shown as a group.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "line_manager": (0, 1),
    "peer": (3, 10),
    "direct_report": (0, 10),
    "other": (0, 8),
}
BLOCKING_WARNINGS = ("below_minimum", "above_maximum")
LINK_SALT = "mantle.capability.rater-link"
LINK_SEPARATOR = "."


class RaterLinkInvalid(Exception):
    """An external rater link cannot be used; ``reason`` is unknown, used, expired or closed."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _on_commit(task: Any, *args: Any) -> None:
    # Enqueue only once the surrounding transaction commits: a rolled-back change sends nothing.
    transaction.on_commit(lambda: task.enqueue(*args))


def _end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _person_org(person: Person) -> Organisation | None:
    number = person.employee_numbers.select_related("organisation").first()
    return number.organisation if number else None


def _check_deadline(deadline: dt.date) -> None:
    if deadline <= timezone.localdate():
        raise ValidationError("The deadline must be a date after today.")


# --- opening -----------------------------------------------------------------------------------------
def cycle_open(
    *,
    actor: Actor,
    participant: Person,
    framework_version: FrameworkVersion,
    deadline: dt.date,
    mode: str,
    facilitator: Any = None,
    cohort: Cohort | None = None,
) -> Cycle:
    """Open a 360° cycle for a participant.

    Rules: the participant opens their own, or an HR/OD administrator of the participant's
    organisation opens it; the framework must be a leadership framework offered for assessments;
    the deadline is after today; the mode (developmental or appraisal) is fixed from now on; the
    participant's self-rating and their line manager (from the register) are nominated at once.
    """
    organisation = _person_org(participant)
    if organisation is None:
        raise ValidationError("This person has no employing organisation on the register.")
    own = actor.person_id is not None and actor.person_id == participant.pk
    if not own and not actor.is_hr_admin(organisation.code):
        raise PermissionDenied("You can open a 360° only for yourself.")
    if framework_version.framework.kind != "leadership" or not framework_version.available:
        raise ValidationError("Choose a leadership framework that is offered for assessments.")
    if mode not in Cycle.Mode.values:
        raise ValidationError("Choose developmental or appraisal mode.")
    _check_deadline(deadline)
    today = timezone.localdate()
    manager = line_manager_of(participant, on=today)
    with transaction.atomic():
        framework_version_mark_used(framework_version)
        cycle = Cycle.objects.create(
            organisation=organisation,
            participant=participant,
            framework_version=framework_version,
            cohort=cohort,
            mode=mode,
            deadline=deadline,
            limits={g: list(v) for g, v in DEFAULT_LIMITS.items()},
            line_manager=manager,
            facilitator=facilitator,
            opened_by=acting_user(actor),
        )
        Nomination.objects.create(
            cycle=cycle,
            group="self",
            person=participant,
            name=participant.full_name,
            email=_email_of(participant),
        )
        if manager is not None:
            Nomination.objects.create(
                cycle=cycle,
                group="line_manager",
                person=manager,
                name=manager.full_name,
                email=_email_of(manager),
            )
        audit_record(
            actor=actor.user,
            action="create",
            object_type="feedback_cycle",
            object_id=cycle.pk,
            object_label=participant.full_name,
            organisation_code=organisation.code,
            detail={
                "framework": framework_version.ref,
                "mode": mode,
                "deadline": deadline.isoformat(),
            },
        )
        if not own:
            _on_commit(tasks.send_cycle_opened, cycle.pk)
    return cycle


def cohort_open(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    framework_version: FrameworkVersion,
    deadline: dt.date,
    mode: str,
    participants: Sequence[Person],
    facilitator: Any = None,
) -> Cohort:
    """Open one cycle for each person in a cohort, in one transaction.

    Rules: HR/OD administrators of the organisation only; every participant must be employed by it;
    a person who already has a cycle in progress is skipped (listed in the audit record).
    """
    if not actor.is_hr_admin(organisation.code):
        raise PermissionDenied("Only HR/OD administrators can open 360s for a cohort.")
    if not participants:
        raise ValidationError("Choose at least one participant.")
    with transaction.atomic():
        cohort = Cohort.objects.create(
            organisation=organisation,
            name=name,
            framework_version=framework_version,
            mode=mode,
            deadline=deadline,
            facilitator=facilitator,
            created_by=acting_user(actor),
        )
        skipped = []
        for person in participants:
            if Cycle.objects.filter(
                participant=person,
                status__in=[
                    Cycle.Status.NOMINATING,
                    Cycle.Status.AWAITING_APPROVAL,
                    Cycle.Status.OPEN,
                ],
            ).exists():
                skipped.append(person.pk)
                continue
            if not person.employee_numbers.filter(organisation=organisation).exists():
                raise ValidationError(f"{person.full_name} is not employed by {organisation.name}.")
            cycle_open(
                actor=actor,
                participant=person,
                framework_version=framework_version,
                deadline=deadline,
                mode=mode,
                facilitator=facilitator,
                cohort=cohort,
            )
        audit_record(
            actor=actor.user,
            action="create",
            object_type="feedback_cohort",
            object_id=cohort.pk,
            object_label=name,
            organisation_code=organisation.code,
            detail={"participants": len(participants), "skipped": skipped},
        )
    return cohort


# --- nominations -------------------------------------------------------------------------------------
def _email_of(person: Person) -> str:
    user = person.user
    return user.email if user is not None and user.email else ""


def _may_nominate(actor: Actor, cycle: Cycle) -> None:
    access = cycle_access(actor, cycle)
    if not (access.participant or access.administrator):
        raise PermissionDenied("Only the participant or an administrator can change nominations.")


def _check_room(cycle: Cycle, group: str, *, replacing: Nomination | None = None) -> None:
    limits = cycle.limits.get(group)
    if limits is None:
        raise ValidationError("Choose a rater group.")
    active = sum(1 for n in cycle.nominations.filter(group=group) if n.active and n != replacing)
    if active >= int(limits[1]):
        raise ValidationError(f"No more than {limits[1]} can be nominated in this group.")


def _resolve_rater(cycle: Cycle, *, name: str, email: str) -> tuple[Person | None, str, str]:
    """Match an e-mail address to a signed-in colleague, else treat the rater as external."""
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError("Enter a valid e-mail address.") from error
    user = (
        get_user_model()
        .objects.filter(email__iexact=email, is_active=True)
        .select_related("person")
        .first()
    )
    person = getattr(user, "person", None) if user is not None else None
    if person is not None:
        return person, person.full_name, email
    if not name.strip():
        raise ValidationError("Enter the rater's name.")
    return None, name.strip(), email


def nomination_add(
    *, actor: Actor, cycle: Cycle, group: str, name: str = "", email: str
) -> Nomination:
    """Nominate a rater in a group, by work e-mail address.

    Rules: only before the nominations are approved; never the participant; the same person or
    e-mail address once per cycle; within the group's maximum; an address with a Mantle account
    linked to a staff record is an internal rater, any other address an external rater who will
    answer through a one-time link.
    """
    _may_nominate(actor, cycle)
    if cycle.status != Cycle.Status.NOMINATING:
        raise ValidationError("Nominations can change only before they are sent for approval.")
    if group not in cycle.limits or group == "self":
        raise ValidationError("Choose a rater group.")
    person, resolved_name, clean_email = _resolve_rater(cycle, name=name, email=email)
    _check_unique(cycle, person=person, email=clean_email)
    _check_room(cycle, group)
    nomination = Nomination.objects.create(
        cycle=cycle,
        group=group,
        person=person,
        name=resolved_name,
        email=clean_email,
        external=person is None,
    )
    audit_record(
        actor=actor.user,
        action="create",
        object_type="nomination",
        object_id=nomination.pk,
        object_label=f"{group} for cycle {cycle.pk}",
        organisation_code=cycle.organisation.code,
    )
    return nomination


def _check_unique(cycle: Cycle, *, person: Person | None, email: str) -> None:
    if person is not None and person.pk == cycle.participant_id:
        raise ValidationError("Your own view is your self-rating; nominate other people here.")
    for other in cycle.nominations.all():
        if not other.active:
            continue
        if (person is not None and other.person_id == person.pk) or (
            email and other.email.lower() == email.lower()
        ):
            raise ValidationError(f"{other.name} is already nominated in this cycle.")


def nomination_remove(*, actor: Actor, nomination: Nomination) -> None:
    """Remove a nomination before approval. Rule: the self-rating cannot be removed."""
    cycle = nomination.cycle
    _may_nominate(actor, cycle)
    if cycle.status != Cycle.Status.NOMINATING:
        raise ValidationError("Nominations can change only before they are sent for approval.")
    if nomination.group == "self":
        raise ValidationError("The self-rating is part of every 360°.")
    audit_record(
        actor=actor.user,
        action="delete",
        object_type="nomination",
        object_id=nomination.pk,
        object_label=f"{nomination.group} for cycle {cycle.pk}",
        organisation_code=cycle.organisation.code,
    )
    nomination.delete()


def cycle_submit_for_approval(*, actor: Actor, cycle: Cycle) -> Cycle:
    """Send the nominations to the line manager for approval.

    Rules: nominations must be within every group's minimum and maximum (warnings about anonymity
    are shown but do not block); the line manager is e-mailed after commit, or, with no line manager
    on the register, the organisation's HR/OD administrators approve.
    """
    _may_nominate(actor, cycle)
    if cycle.status != Cycle.Status.NOMINATING:
        raise ValidationError("These nominations have already been sent.")
    blocking = [w.message for w in nomination_warnings_for(cycle) if w.code in BLOCKING_WARNINGS]
    if blocking:
        raise ValidationError(blocking)
    with transaction.atomic():
        cycle.status = Cycle.Status.AWAITING_APPROVAL
        cycle.submitted_at = timezone.now()
        cycle.save(update_fields=["status", "submitted_at"])
        audit_record(
            actor=actor.user,
            action="submit",
            object_type="feedback_cycle",
            object_id=cycle.pk,
            organisation_code=cycle.organisation.code,
        )
        _on_commit(tasks.send_approval_request, cycle.pk)
    return cycle


def cycle_return_nominations(*, actor: Actor, cycle: Cycle, note: str) -> Cycle:
    """The approver sends nominations back with a note. Rule: only the approver, only while waiting."""
    if not cycle_access(actor, cycle).approves:
        raise PermissionDenied("Only the line manager can approve or return these nominations.")
    if cycle.status != Cycle.Status.AWAITING_APPROVAL:
        raise ValidationError("These nominations are not waiting for approval.")
    if not note.strip():
        raise ValidationError("Say what should change.")
    with transaction.atomic():
        cycle.status = Cycle.Status.NOMINATING
        cycle.approval_note = note.strip()
        cycle.save(update_fields=["status", "approval_note"])
        audit_record(
            actor=actor.user,
            action="return",
            object_type="feedback_cycle",
            object_id=cycle.pk,
            organisation_code=cycle.organisation.code,
        )
        _on_commit(tasks.send_nominations_returned, cycle.pk)
    return cycle


def cycle_approve(*, actor: Actor, cycle: Cycle, note: str = "") -> Cycle:
    """Approve the nominations, which launches the cycle and invites every rater (after commit).

    Rules: the cycle's line manager approves, or an HR/OD administrator of the organisation; the
    participant never approves their own nominations, even if they are an administrator; the
    deadline must not have passed.
    """
    access = cycle_access(actor, cycle)
    if access.participant:
        raise PermissionDenied("Someone other than the participant must approve.")
    if not access.approves:
        raise PermissionDenied("Only the line manager can approve these nominations.")
    if cycle.status != Cycle.Status.AWAITING_APPROVAL:
        raise ValidationError("These nominations are not waiting for approval.")
    if cycle.deadline_passed():
        raise ValidationError("The deadline has passed; ask an administrator to set a new one.")
    now = timezone.now()
    with transaction.atomic():
        cycle.status = Cycle.Status.OPEN
        cycle.approved_at = now
        cycle.approved_by = acting_user(actor)
        cycle.launched_at = now
        cycle.approval_note = note.strip()
        cycle.save(
            update_fields=["status", "approved_at", "approved_by", "launched_at", "approval_note"]
        )
        for nomination in cycle.nominations.filter(status=Nomination.Status.NOMINATED):
            _invite(nomination, now=now)
        audit_record(
            actor=actor.user,
            action="approve",
            object_type="feedback_cycle",
            object_id=cycle.pk,
            organisation_code=cycle.organisation.code,
        )
    return cycle


def _invite(nomination: Nomination, *, now: dt.datetime) -> None:
    nomination.status = Nomination.Status.INVITED
    nomination.invited_at = now
    fields = ["status", "invited_at"]
    if nomination.external:
        nomination.link_key = secrets.token_urlsafe(24)
        nomination.link_expires_at = _end_of_day(nomination.cycle.deadline)
        fields += ["link_key", "link_expires_at"]
    nomination.save(update_fields=fields)
    _on_commit(tasks.send_rater_invitation, nomination.pk)


# --- raters ------------------------------------------------------------------------------------------
def rater_link_token(nomination: Nomination) -> str:
    """The token in an external rater's link: the random key plus a signature made with the site's
    secret key. Rule: no link for internal raters (they sign in) or after the link is spent."""
    if not nomination.external or not nomination.link_key:
        raise ValueError("This nomination has no external link.")
    signer = signing.Signer(salt=LINK_SALT, sep=LINK_SEPARATOR)
    return signer.sign(nomination.link_key)


def nomination_for_token(token: str) -> Nomination:
    """The nomination an external link belongs to, if the link can still be used.

    Rules: the signature must match; the link is single-use (spent on submitting or declining);
    it expires at the end of the deadline day; it stops when the cycle closes.
    """
    signer = signing.Signer(salt=LINK_SALT, sep=LINK_SEPARATOR)
    try:
        key = signer.unsign(token)
    except signing.BadSignature as error:
        raise RaterLinkInvalid("unknown") from error
    nomination = (
        Nomination.objects.select_related(
            "cycle__framework_version__framework", "cycle__participant", "cycle__organisation"
        )
        .filter(link_key=key, external=True)
        .first()
    )
    if nomination is None:
        # A spent link has its key cleared, so it looks exactly like a link that never existed,
        # except that we can say so when the signature is genuine.
        raise RaterLinkInvalid("used")
    if nomination.status != Nomination.Status.INVITED:
        raise RaterLinkInvalid("used")
    if nomination.link_expires_at is not None and timezone.now() >= nomination.link_expires_at:
        raise RaterLinkInvalid("expired")
    if not nomination.cycle.accepting_responses():
        raise RaterLinkInvalid("closed")
    return nomination


def nomination_for_rater(actor: Actor, nomination_id: int) -> Nomination:
    """An internal rater's own nomination (any other is a 404)."""
    if actor.person_id is None:
        raise Http404("No such feedback request.")
    found = (
        Nomination.objects.select_related(
            "cycle__framework_version__framework", "cycle__participant", "cycle__organisation"
        )
        .filter(pk=nomination_id, person_id=actor.person_id, external=False)
        .first()
    )
    if found is None:
        raise Http404("No such feedback request.")
    return found


def _check_can_answer(nomination: Nomination) -> None:
    if nomination.status != Nomination.Status.INVITED:
        raise ValidationError("This feedback request is no longer open.")
    if not nomination.cycle.accepting_responses():
        raise ValidationError("This 360° has closed; responses are no longer accepted.")


def rater_save_draft(
    *, nomination: Nomination, answers: questionnaire.Answers, comment: str = ""
) -> Nomination:
    """Save a rater's unfinished answers. Rules: only while invited and the cycle accepts
    responses; sealed like a submission (``selectors.rater_draft`` opens it for the rater), so a
    database copy cannot pair a draft with the response it becomes."""
    _check_can_answer(nomination)
    nomination.draft = {
        "sealed": sealing.seal(
            {"answers": dict(answers), "comment": comment},
            cycle_id=nomination.cycle_id,
            purpose=f"draft:{nomination.pk}",
        )
    }
    nomination.draft_comment = ""
    nomination.save(update_fields=["draft", "draft_comment"])
    return nomination


def rater_submit(
    *, nomination: Nomination, answers: questionnaire.Answers, comment: str = ""
) -> None:
    """Submit a rater's questionnaire.

    Rules: only while invited and before the deadline ends; every statement answered; the answers
    are sealed (encrypted, with no rater, group or time outside the ciphertext) until the cycle
    closes, when ``_unseal_responses`` writes them as responses in a random order; the nomination
    records only the day; the draft is emptied and an external link is spent, so nothing on the
    nomination holds the answers.
    """
    with transaction.atomic():
        locked = (
            Nomination.objects.select_for_update()
            .select_related("cycle__framework_version__framework", "cycle__organisation")
            .get(pk=nomination.pk)
        )
        _check_can_answer(locked)
        spec = locked.cycle.framework_version.spec()
        missing = questionnaire.missing_answers(spec, answers)
        if missing:
            raise ValidationError(missing)
        ratings = questionnaire.engine_ratings(spec, answers)
        comments = (comment.strip(),) if comment.strip() else ()
        validate_responses(
            framework=spec,
            responses=[Response(rater_group=locked.group, ratings=ratings, comments=comments)],
        )
        SealedResponse.objects.create(
            cycle=locked.cycle,
            sealed=sealing.seal(
                {
                    "group": locked.group,
                    "ratings": {k: [v[0], v[1]] for k, v in ratings.items()},
                    "comments": list(comments),
                },
                cycle_id=locked.cycle_id,
            ),
        )
        locked.status = Nomination.Status.SUBMITTED
        locked.responded_on = timezone.localdate()
        locked.draft = {}
        locked.draft_comment = ""
        locked.link_key = None
        locked.save(update_fields=["status", "responded_on", "draft", "draft_comment", "link_key"])
    nomination.refresh_from_db()


def _unseal_responses(cycle: Cycle) -> None:
    """Write every answer of a closing cycle as a response row, unlinkable from its rater.

    Rule: all of the cycle's answers (sealed ones, and any written before sealing existed) are
    deleted and re-inserted together in a random order (``secrets``) with fresh random keys, so the
    table's physical order, its primary keys and the absence of timestamps say nothing about who
    answered when. Runs inside the transaction that closes the cycle.
    """
    rows = [
        {"group": r.group, "ratings": r.ratings, "comments": r.comments}
        for r in ResponseRow.objects.filter(cycle=cycle)
    ]
    rows.extend(sealed_rows(cycle))
    secrets.SystemRandom().shuffle(rows)
    ResponseRow.objects.filter(cycle=cycle).delete()
    SealedResponse.objects.filter(cycle=cycle).delete()
    ResponseRow.objects.bulk_create(
        [
            ResponseRow(
                id=uuid.uuid4(),
                cycle=cycle,
                group=row["group"],
                ratings=row["ratings"],
                comments=row["comments"],
            )
            for row in rows
        ]
    )


def nomination_decline(*, nomination: Nomination, reason: str = "") -> Nomination:
    """A rater declines. Rules: only while invited and open; the link is spent; the participant is
    told (after commit) so they can nominate a replacement in the same group. The self-rating and
    the line manager may decline too (the report then says that group did not respond)."""
    with transaction.atomic():
        locked = (
            Nomination.objects.select_for_update().select_related("cycle").get(pk=nomination.pk)
        )
        _check_can_answer(locked)
        locked.status = Nomination.Status.DECLINED
        locked.responded_on = timezone.localdate()
        locked.decline_reason = reason.strip()[:500]
        locked.draft = {}
        locked.draft_comment = ""
        locked.link_key = None
        locked.save(
            update_fields=[
                "status",
                "responded_on",
                "decline_reason",
                "draft",
                "draft_comment",
                "link_key",
            ]
        )
        audit_record(
            actor=None,
            action="decline",
            object_type="nomination",
            object_id=locked.pk,
            object_label=f"{locked.group} for cycle {locked.cycle_id}",
            via="rater",
        )
        if locked.group != "self":
            _on_commit(tasks.send_decline_notice, locked.pk)
    nomination.refresh_from_db()
    return nomination


def nomination_replace(
    *, actor: Actor, declined: Nomination, name: str = "", email: str
) -> Nomination:
    """Nominate a replacement for a rater who declined, while the cycle is open.

    Rules: the participant or an administrator; same group as the declined rater; the new rater is
    invited at once (the approved set keeps its shape, so no new approval is needed); all the
    nomination rules (uniqueness, maximum) apply.
    """
    cycle = declined.cycle
    _may_nominate(actor, cycle)
    if declined.status != Nomination.Status.DECLINED:
        raise ValidationError("Only a rater who declined can be replaced.")
    if not cycle.accepting_responses():
        raise ValidationError("This 360° is no longer open.")
    person, resolved_name, clean_email = _resolve_rater(cycle, name=name, email=email)
    _check_unique(cycle, person=person, email=clean_email)
    _check_room(cycle, declined.group)
    with transaction.atomic():
        nomination = Nomination.objects.create(
            cycle=cycle,
            group=declined.group,
            person=person,
            name=resolved_name,
            email=clean_email,
            external=person is None,
            replaces=declined,
        )
        _invite(nomination, now=timezone.now())
        audit_record(
            actor=actor.user,
            action="replace",
            object_type="nomination",
            object_id=nomination.pk,
            object_label=f"replaces {declined.pk}",
            organisation_code=cycle.organisation.code,
        )
    return nomination


# --- running and ending ------------------------------------------------------------------------------
def _manages(actor: Actor, cycle: Cycle) -> None:
    if not cycle_access(actor, cycle).manages:
        raise PermissionDenied("Only the facilitator or an HR/OD administrator can do this.")


def cycle_extend_deadline(*, actor: Actor, cycle: Cycle, deadline: dt.date) -> Cycle:
    """Move the deadline later. Rules: facilitator or administrator; only before the cycle is frozen
    (extending after the deadline would reopen a finished cycle and allow a before-and-after
    comparison); the new deadline is later than both today and the old one."""
    _manages(actor, cycle)
    if cycle.frozen() or cycle.status in (Cycle.Status.CANCELLED,):
        raise ValidationError("A closed 360° cannot be reopened.")
    _check_deadline(deadline)
    if deadline <= cycle.deadline:
        raise ValidationError("The new deadline must be later than the current one.")
    with transaction.atomic():
        cycle.deadline = deadline
        cycle.save(update_fields=["deadline"])
        cycle.nominations.filter(external=True, link_key__isnull=False).update(
            link_expires_at=_end_of_day(deadline)
        )
        audit_record(
            actor=actor.user,
            action="update",
            object_type="feedback_cycle",
            object_id=cycle.pk,
            organisation_code=cycle.organisation.code,
            detail={"deadline": deadline.isoformat()},
        )
    return cycle


def cycle_send_reminders(*, actor: Actor, cycle: Cycle) -> None:
    """Remind every invited rater who has not yet answered (after commit).

    Rule: facilitator or administrator; returns nothing, because even the number reminded would
    tell the reader how many in a small group have not answered.
    """
    _manages(actor, cycle)
    if not cycle.accepting_responses():
        raise ValidationError("This 360° is not open.")
    _remind(cycle.nominations.filter(status=Nomination.Status.INVITED))
    audit_record(
        actor=actor.user,
        action="remind",
        object_type="feedback_cycle",
        object_id=cycle.pk,
        organisation_code=cycle.organisation.code,
    )


def _remind(nominations: Iterable[Nomination]) -> int:
    now = timezone.now()
    count = 0
    with transaction.atomic():
        for nomination in nominations:
            nomination.last_reminded_at = now
            nomination.reminders_sent += 1
            nomination.save(update_fields=["last_reminded_at", "reminders_sent"])
            _on_commit(tasks.send_rater_reminder, nomination.pk)
            count += 1
    return count


def reminders_send_due(
    *, now: dt.datetime | None = None, every_days: int = 7, final_days: int = 3
) -> int:
    """Scheduled reminders (``mantle send-360-reminders``, run daily).

    Rule: an invited rater of an open cycle is reminded when a week has passed since the invitation
    or last reminder, and once more when the deadline is ``final_days`` days away or fewer.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = []
    for nomination in Nomination.objects.filter(
        status=Nomination.Status.INVITED,
        cycle__status=Cycle.Status.OPEN,
        cycle__deadline__gte=today,
    ).select_related("cycle"):
        last = nomination.last_reminded_at or nomination.invited_at
        if last is None:
            continue
        quiet = now - last
        near_end = (nomination.cycle.deadline - today).days <= final_days
        if quiet >= dt.timedelta(days=every_days) or (near_end and quiet >= dt.timedelta(days=2)):
            due.append(nomination)
    return _remind(due)


def cycle_close(*, actor: Actor, cycle: Cycle) -> Cycle:
    """Close a cycle early. Rules: facilitator or administrator; only an open cycle; from now on no
    response is accepted and every external link stops working. A cycle never reopens."""
    _manages(actor, cycle)
    if cycle.status != Cycle.Status.OPEN:
        raise ValidationError("Only an open 360° can be closed.")
    with transaction.atomic():
        _freeze(cycle)
        audit_record(
            actor=actor.user,
            action="close",
            object_type="feedback_cycle",
            object_id=cycle.pk,
            organisation_code=cycle.organisation.code,
        )
    return cycle


def _freeze(cycle: Cycle) -> None:
    cycle.status = Cycle.Status.CLOSED
    cycle.closed_at = timezone.now()
    cycle.save(update_fields=["status", "closed_at"])
    capability_changed(org_code=cycle.organisation.code)  # coverage counts closed cycles
    cycle.nominations.filter(link_key__isnull=False).update(link_key=None)
    _unseal_responses(cycle)


def cycles_close_due(*, now: dt.datetime | None = None) -> int:
    """Record as closed every open cycle whose deadline day has ended (run daily).

    Rule: a cycle past its deadline already accepts nothing and counts as frozen; this only writes
    the status down and spends the links.
    """
    today = timezone.localdate(now or timezone.now())
    closed = 0
    for cycle in Cycle.objects.filter(status=Cycle.Status.OPEN, deadline__lt=today):
        with transaction.atomic():
            _freeze(cycle)
            audit_record(
                actor=None,
                action="close",
                object_type="feedback_cycle",
                object_id=cycle.pk,
                organisation_code="",
                via="schedule",
                detail={"reason": "deadline passed"},
            )
        closed += 1
    return closed


def cycle_release(*, actor: Actor, cycle: Cycle) -> Cycle:
    """Release the report to the participant.

    Rules: facilitator or administrator; only a frozen cycle (closed or past its deadline), so the
    report can never change afterwards; the participant is e-mailed after commit (in appraisal
    mode the participant brings the report to the appraisal; no one else reads it); the "all others" means from the anonymised report are kept for the
    organisation's suppressed heatmaps.
    """
    _manages(actor, cycle)
    if cycle.status == Cycle.Status.OPEN and cycle.frozen():
        with transaction.atomic():
            _freeze(cycle)
    if cycle.status != Cycle.Status.CLOSED:
        raise ValidationError("Only a closed 360° can be released.")
    report = build_cycle_report(cycle)
    scores: dict[str, float | None] = {}
    for dimension in report.dimensions:
        cell = dimension.performance.get(ALL_OTHERS)
        # Kept only where the pool is large enough to be anonymous on its own.
        if cell is not None and cell.n is not None and cell.n >= report.threshold:
            scores[dimension.key] = cell.mean
        else:
            scores[dimension.key] = None
    with transaction.atomic():
        cycle.status = Cycle.Status.RELEASED
        cycle.released_at = timezone.now()
        cycle.released_by = acting_user(actor)
        cycle.others_scores = scores
        cycle.save(update_fields=["status", "released_at", "released_by", "others_scores"])
        capability_changed(org_code=cycle.organisation.code)  # the 360° heatmap uses it
        audit_record(
            actor=actor.user,
            action="release",
            object_type="feedback_cycle",
            object_id=cycle.pk,
            organisation_code=cycle.organisation.code,
            detail={"mode": cycle.mode},
        )
        _on_commit(tasks.send_report_released, cycle.pk)
    return cycle


def cycle_facilitator_accept(*, actor: Actor, cycle: Cycle) -> Cycle:
    """The participant accepts the facilitator named on their cycle.

    Rules: only the participant; only when a facilitator is named and the cycle is not cancelled.
    Acceptance is what lets the facilitator read the report from the close (to prepare the
    debrief); a facilitator who is an HR/OD administrator of the organisation, or who opened the
    cycle or its cohort, still reads nothing (``selectors.may_read_report``).
    """
    if not cycle_access(actor, cycle).participant:
        raise PermissionDenied("Only the participant can accept their facilitator.")
    if cycle.facilitator_id is None:
        raise ValidationError("No facilitator is named on this 360°.")
    if cycle.status == Cycle.Status.CANCELLED:
        raise ValidationError("This 360° was cancelled.")
    if cycle.facilitator_accepted_at is not None:
        return cycle
    with transaction.atomic():
        cycle.facilitator_accepted_at = timezone.now()
        cycle.save(update_fields=["facilitator_accepted_at"])
        audit_record(
            actor=actor.user,
            action="accept",
            object_type="feedback_cycle",
            object_id=cycle.pk,
            organisation_code=cycle.organisation.code,
            detail={"facilitator": cycle.facilitator_id},
        )
    return cycle


def cycle_cancel(*, actor: Actor, cycle: Cycle) -> Cycle:
    """Cancel a cycle that has not been released. Rules: participant (before launch) or
    administrator; responses already given are deleted, since no report will ever use them."""
    access = cycle_access(actor, cycle)
    allowed = access.administrator or (
        access.participant
        and cycle.status in (Cycle.Status.NOMINATING, Cycle.Status.AWAITING_APPROVAL)
    )
    if not allowed:
        raise PermissionDenied("You cannot cancel this 360°.")
    if cycle.status in (Cycle.Status.RELEASED, Cycle.Status.CANCELLED):
        raise ValidationError("This 360° can no longer be cancelled.")
    with transaction.atomic():
        cycle.responses.all().delete()
        cycle.sealed_responses.all().delete()
        cycle.nominations.filter(link_key__isnull=False).update(link_key=None)
        cycle.status = Cycle.Status.CANCELLED
        cycle.closed_at = timezone.now()
        cycle.save(update_fields=["status", "closed_at"])
        capability_changed(org_code=cycle.organisation.code)  # coverage counts closed cycles
        audit_record(
            actor=actor.user,
            action="cancel",
            object_type="feedback_cycle",
            object_id=cycle.pk,
            organisation_code=cycle.organisation.code,
        )
    return cycle


def group_counts(cycle: Cycle) -> dict[str, int]:
    """Active nominations per group (for forms that show the limits)."""
    return dict(Counter(n.group for n in cycle.nominations.all() if n.active))
