"""FPPT actions: open a year's cycles, attest, record checks, review, return, sign off, submit;
record board member references; and destroy records once they are past retention.

Rules: ``mantle.development.rules.fppt`` (state machine and who may act), enforced here for every
path (web, API, command); every action is recorded on the cycle's history and in the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from mantle.core.access import AccessDenied, Actor
from mantle.core.audit import audit_record
from mantle.development.models import (
    BoardMemberReference,
    Evidence,
    FpptCheck,
    FpptCycle,
    FpptTransition,
)
from mantle.development.rules.fppt import (
    CHECK_LABELS,
    Action,
    CheckOutcome,
    CycleStatus,
    Party,
    TransitionError,
    attestation_problems,
    may,
    next_status,
    sign_off_blockers,
)
from mantle.development.rules.retention import may_destroy
from mantle.development.selectors.fppt import board_members, board_tenures, fppt_party
from mantle.workforce.models import Organisation, Person

from ._access import acting_user
from .evidence import evidence_delete, evidence_store


def lcf_domains() -> list[tuple[str, str]]:
    """The board Leadership Competency Framework's domains (key, name), from the shipped framework."""
    from mantle.capability.frameworks.loader import shipped_frameworks

    for framework in shipped_frameworks():
        if framework.key == "lcf":
            return [(d.key, d.name) for d in framework.dimensions]
    raise LookupError("The board Leadership Competency Framework (lcf) is not installed.")


def _officer_party(actor: Actor, organisation: Organisation) -> Party:
    return Party(
        roles=frozenset(actor.roles_by_org.get(organisation.code, set())), superuser=actor.superuser
    )


def _require(action: Action, party: Party, status: CycleStatus | None = None) -> None:
    if not may(action=action, party=party, status=status):
        raise AccessDenied("You may not do this to this FPPT record.")


def _move(*, actor: Actor, cycle: FpptCycle, action: Action, note: str = "") -> None:
    """Apply a state change (already permitted), record it in the history and the audit log."""
    try:
        new = next_status(action=action, status=CycleStatus(cycle.status))
    except TransitionError as error:
        raise ValidationError(str(error)) from error
    FpptTransition.objects.create(
        cycle=cycle,
        action=str(action),
        from_status=cycle.status,
        to_status=str(new),
        actor=acting_user(actor),
        note=note,
    )
    audit_record(
        actor=actor.user,
        action=str(action),
        object_type="fppt_cycle",
        object_id=cycle.pk,
        object_label=f"{cycle.person.full_name} {cycle.year_label}",
        organisation_code=cycle.organisation.code,
        detail={"from": cycle.status, "to": str(new)},
    )
    cycle.status = str(new)


def _validate_reviewer(organisation: Organisation, reviewer: Any, person: Person) -> None:
    if reviewer is None:
        raise ValidationError({"reviewer": "Choose who reviews as line manager."})
    if person.user_id is not None and reviewer.pk == person.user_id:
        raise ValidationError({"reviewer": "A board member cannot review their own FPPT."})
    if not reviewer.memberships.filter(organisation=organisation).exists():
        raise ValidationError({"reviewer": "The reviewer must have a role in this organisation."})


@transaction.atomic
def fppt_cycle_open(
    *,
    actor: Actor,
    organisation: Organisation,
    person: Person,
    year: int,
    reviewer: Any,
    on: dt.date | None = None,
) -> FpptCycle:
    """Open a board member's FPPT cycle for a year, with the full checks checklist pending. Rules:
    chair or company secretary; the person holds a board post on ``on``; one cycle per member per
    year; the reviewer has a role in the organisation and is not the member."""
    _require(Action.OPEN, _officer_party(actor, organisation))
    on = on or timezone.localdate()
    member = next(
        (m for m in board_members(org=organisation, on=on) if m.person.pk == person.pk), None
    )
    if member is None:
        raise ValidationError({"person": "This person does not hold a board post."})
    if FpptCycle.objects.filter(organisation=organisation, person=person, year=year).exists():
        raise ValidationError({"person": "This member already has an FPPT record for that year."})
    _validate_reviewer(organisation, reviewer, person)
    cycle = FpptCycle.objects.create(
        organisation=organisation,
        person=person,
        year=year,
        role_title=member.title,
        tier=member.tier,
        reviewer=reviewer,
        opened_by=acting_user(actor),
    )
    FpptCheck.objects.bulk_create(FpptCheck(cycle=cycle, item=item) for item in CHECK_LABELS)
    FpptTransition.objects.create(
        cycle=cycle,
        action=str(Action.OPEN),
        from_status="",
        to_status=cycle.status,
        actor=acting_user(actor),
    )
    audit_record(
        actor=actor.user,
        action="create",
        object_type="fppt_cycle",
        object_id=cycle.pk,
        object_label=f"{person.full_name} {cycle.year_label}",
        organisation_code=organisation.code,
    )
    return cycle


def default_reviewer(
    *, organisation: Organisation, member_tier: str, member: Person, on: dt.date
) -> Any:
    """The usual line manager for the FPPT review: for executive directors the chief executive (the
    board executive whose title or job role says so); for non-executives and the chief executive, a
    user with the chair role. None when nobody suitable has an account."""
    user_model = get_user_model()
    if member_tier == "board_executive":
        for m in board_members(org=organisation, on=on):
            if (
                m.tier == "board_executive"
                and m.person.pk != member.pk
                and "chief executive" in m.title.lower()
                and m.person.user_id
            ):
                return user_model.objects.get(pk=m.person.user_id)
    chairs = (
        user_model.objects.filter(memberships__organisation=organisation, memberships__role="chair")
        .exclude(pk=member.user_id or 0)
        .order_by("pk")
    )
    return chairs.first()


@dataclass
class OpenResult:
    opened: list[FpptCycle] = field(default_factory=list)
    skipped: list[tuple[Person, str]] = field(default_factory=list)


@transaction.atomic
def fppt_cycles_open_for_year(
    *, actor: Actor, organisation: Organisation, year: int, on: dt.date | None = None
) -> OpenResult:
    """Open the year's cycle for every current board member who has none, each with their usual
    reviewer (``default_reviewer``). Members with no possible reviewer are skipped with a reason."""
    _require(Action.OPEN, _officer_party(actor, organisation))
    on = on or timezone.localdate()
    result = OpenResult()
    have = set(
        FpptCycle.objects.filter(organisation=organisation, year=year).values_list(
            "person_id", flat=True
        )
    )
    for member in board_members(org=organisation, on=on):
        if member.person.pk in have:
            continue
        reviewer = default_reviewer(
            organisation=organisation, member_tier=member.tier, member=member.person, on=on
        )
        if reviewer is None:
            result.skipped.append(
                (member.person, "No chief executive or chair has an account to review this member.")
            )
            continue
        result.opened.append(
            fppt_cycle_open(
                actor=actor,
                organisation=organisation,
                person=member.person,
                year=year,
                reviewer=reviewer,
                on=on,
            )
        )
    return result


@transaction.atomic
def fppt_attest(
    *,
    actor: Actor,
    cycle: FpptCycle,
    declarations: dict[str, bool],
    lcf_ratings: dict[str, str],
    notes: str = "",
) -> FpptCycle:
    """The member's self-attestation. Rules: only the member, only while awaiting attestation;
    every declaration confirmed and every LCF domain rated."""
    _require(Action.ATTEST, fppt_party(actor, cycle), CycleStatus(cycle.status))
    domains = [key for key, _ in lcf_domains()]
    problems = attestation_problems(
        declarations=declarations, lcf_ratings=lcf_ratings, lcf_domains=domains
    )
    if problems:
        raise ValidationError(problems)
    cycle.declarations = {k: bool(v) for k, v in declarations.items()}
    cycle.lcf_ratings = {k: lcf_ratings[k] for k in domains}
    cycle.attestation_notes = notes
    cycle.attested_at = timezone.now()
    _move(actor=actor, cycle=cycle, action=Action.ATTEST)
    cycle.save()
    return cycle


@transaction.atomic
@transaction.atomic
def fppt_checks_record(
    *, actor: Actor, cycle: FpptCycle, entries: list[dict[str, Any]]
) -> list[FpptCheck]:
    """Record several checks at once (the checklist on one page): each entry by
    ``fppt_check_record``'s rules, all or none; an error names the check's own field
    (``outcome_<item>``, ``checked_on_<item>``)."""
    recorded = []
    for entry in entries:
        try:
            recorded.append(fppt_check_record(actor=actor, cycle=cycle, **entry))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise ValidationError(
                    {
                        (
                            f"{name}_{entry['item']}"
                            if name in ("outcome", "checked_on", "notes")
                            else NON_FIELD_ERRORS
                        ): messages
                        for name, messages in error.message_dict.items()
                    }
                ) from error
            raise
    return recorded


def fppt_check_record(
    *,
    actor: Actor,
    cycle: FpptCycle,
    item: str,
    outcome: str,
    checked_on: dt.date,
    notes: str = "",
    evidence: UploadedFile | None = None,
) -> FpptCheck:
    """Record one check's outcome, date and checker (with optional evidence). Rules: chair or
    company secretary, not on their own cycle, before sign-off; the date is not in the future."""
    _require(Action.RECORD_CHECK, fppt_party(actor, cycle), CycleStatus(cycle.status))
    if outcome not in {o.value for o in CheckOutcome} or outcome == CheckOutcome.PENDING:
        raise ValidationError({"outcome": "Choose the outcome of the check."})
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": "The date of the check cannot be in the future."})
    check = FpptCheck.objects.filter(cycle=cycle, item=item).first()
    if check is None:
        raise ValidationError({"item": "No such check on this record."})
    check.outcome, check.checked_on, check.notes = outcome, checked_on, notes
    check.checked_by = acting_user(actor)
    check.save()
    audit_record(
        actor=actor.user,
        action="check",
        object_type="fppt_cycle",
        object_id=cycle.pk,
        object_label=f"{CHECK_LABELS.get(item, item)}: {outcome}",
        organisation_code=cycle.organisation.code,
    )
    if evidence is not None:
        evidence_store(
            actor=actor.user,
            upload=evidence,
            fppt_check=check,
            organisation_code=cycle.organisation.code,
        )
    return check


@transaction.atomic
def fppt_review(*, actor: Actor, cycle: FpptCycle, comment: str = "") -> FpptCycle:
    """The line manager's review of the attestation (the assigned reviewer, not the member)."""
    _require(Action.REVIEW, fppt_party(actor, cycle), CycleStatus(cycle.status))
    cycle.reviewed_at = timezone.now()
    cycle.review_comment = comment
    _move(actor=actor, cycle=cycle, action=Action.REVIEW, note=comment)
    cycle.save()
    return cycle


@transaction.atomic
def fppt_return(*, actor: Actor, cycle: FpptCycle, reason: str) -> FpptCycle:
    """Send a cycle back to the member to attest again, with a reason (the reviewer before review,
    a chair before sign-off). Rule: the earlier review is cleared; the history keeps it."""
    _require(Action.RETURN, fppt_party(actor, cycle), CycleStatus(cycle.status))
    if not reason.strip():
        raise ValidationError({"reason": "Say why the record is being returned."})
    cycle.attested_at = None
    cycle.reviewed_at = None
    _move(actor=actor, cycle=cycle, action=Action.RETURN, note=reason)
    cycle.save()
    return cycle


@transaction.atomic
def fppt_sign_off(
    *, actor: Actor, cycle: FpptCycle, conclusion: str, comment: str = ""
) -> FpptCycle:
    """The chair's sign-off with the conclusion. Rules: a chair who is not the member; after review;
    every check has an outcome; a concern needs the conclusion explained (``sign_off_blockers``)."""
    _require(Action.SIGN_OFF, fppt_party(actor, cycle), CycleStatus(cycle.status))
    outcomes = dict(cycle.checks.values_list("item", "outcome"))
    problems = sign_off_blockers(outcomes=outcomes, conclusion=conclusion, comment=comment)
    if problems:
        raise ValidationError(problems)
    cycle.conclusion, cycle.sign_off_comment = conclusion, comment
    cycle.signed_off_by = acting_user(actor)
    cycle.signed_off_at = timezone.now()
    _move(actor=actor, cycle=cycle, action=Action.SIGN_OFF, note=comment)
    cycle.save()
    return cycle


@transaction.atomic
def fppt_submit(*, actor: Actor, organisation: Organisation, year: int) -> list[FpptCycle]:
    """Mark every signed-off cycle of the year as included in the annual submission to the NHS
    England regional director (chair or company secretary). Returns the cycles submitted."""
    _require(Action.SUBMIT, _officer_party(actor, organisation), CycleStatus.SIGNED_OFF)
    submitted = []
    for cycle in FpptCycle.objects.filter(
        organisation=organisation, year=year, status=CycleStatus.SIGNED_OFF
    ).select_related("person", "organisation"):
        cycle.submitted_by = acting_user(actor)
        cycle.submitted_at = timezone.now()
        _move(actor=actor, cycle=cycle, action=Action.SUBMIT)
        cycle.save()
        submitted.append(cycle)
    return submitted


@transaction.atomic
def board_reference_record(
    *,
    actor: Actor,
    organisation: Organisation,
    person: Person,
    kind: str,
    event_on: dt.date,
    other_organisation: str = "",
    requested_on: dt.date | None = None,
    completed_on: dt.date | None = None,
    notes: str = "",
    evidence: UploadedFile | None = None,
) -> BoardMemberReference:
    """Record (or update) a board member reference on appointment or on leaving. Rules: chair or
    company secretary; the person has sat on this organisation's board; completion is not before the
    request and not in the future."""
    _require(Action.RECORD_REFERENCE, _officer_party(actor, organisation))
    if kind not in BoardMemberReference.Kind.values:
        raise ValidationError({"kind": "Choose appointment or leaving."})
    if person.pk not in board_tenures(org=organisation):
        raise ValidationError({"person": "This person has not held a board post here."})
    if completed_on and requested_on and completed_on < requested_on:
        raise ValidationError({"completed_on": "Completion cannot be before the request."})
    if completed_on and completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The completion date cannot be in the future."})
    ref, created = BoardMemberReference.objects.update_or_create(
        organisation=organisation,
        person=person,
        kind=kind,
        event_on=event_on,
        defaults={
            "other_organisation": other_organisation,
            "requested_on": requested_on,
            "completed_on": completed_on,
            "notes": notes,
            "recorded_by": acting_user(actor),
        },
    )
    audit_record(
        actor=actor.user,
        action="create" if created else "change",
        object_type="board_reference",
        object_id=ref.pk,
        object_label=f"{person.full_name} {kind} {event_on}",
        organisation_code=organisation.code,
    )
    if evidence is not None:
        evidence_store(
            actor=actor.user,
            upload=evidence,
            board_reference=ref,
            organisation_code=organisation.code,
        )
    return ref


@dataclass
class PurgeResult:
    people: list[int] = field(default_factory=list)
    cycles: int = 0
    references: int = 0
    evidence: int = 0


@transaction.atomic
def fppt_records_purge(*, actor: Actor, organisation: Organisation, on: dt.date) -> PurgeResult:
    """Destroy the FPPT records (cycles, checks, history, references, evidence files) of people whose
    75th birthday has passed on ``on`` and who no longer sit on the board. Rules: retention until the
    75th birthday (``rules.retention``), never earlier; company secretary (or superuser) only."""
    if not (
        actor.superuser or "company_secretary" in actor.roles_by_org.get(organisation.code, set())
    ):
        raise AccessDenied("Only the company secretary can destroy FPPT records.")
    current = {m.person.pk for m in board_members(org=organisation, on=on)}
    person_ids = set(
        FpptCycle.objects.filter(organisation=organisation).values_list("person_id", flat=True)
    )
    person_ids |= set(
        BoardMemberReference.objects.filter(organisation=organisation).values_list(
            "person_id", flat=True
        )
    )
    result = PurgeResult()
    for person in Person.objects.filter(pk__in=person_ids - current):
        if not may_destroy(date_of_birth=person.date_of_birth, on=on):
            continue
        result.people.append(person.pk)
        evidence = Evidence.objects.filter(
            fppt_check__cycle__organisation=organisation, fppt_check__cycle__person=person
        ) | Evidence.objects.filter(
            board_reference__organisation=organisation, board_reference__person=person
        )
        for item in list(evidence):
            evidence_delete(actor=actor.user, evidence=item, organisation_code=organisation.code)
            result.evidence += 1
        cycles = FpptCycle.objects.filter(organisation=organisation, person=person)
        FpptTransition.objects.filter(cycle__in=cycles).delete()
        FpptCheck.objects.filter(cycle__in=cycles).delete()
        result.cycles += cycles.count()
        cycles.delete()
        refs = BoardMemberReference.objects.filter(organisation=organisation, person=person)
        result.references += refs.count()
        refs.delete()
        audit_record(
            actor=actor.user,
            action="destroy",
            object_type="fppt_records",
            object_id=person.pk,
            object_label="FPPT records past retention",
            organisation_code=organisation.code,
        )
    return result
