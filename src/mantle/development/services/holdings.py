"""Holdings (what a person holds, with evidence) and enrolments (places on programmes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from mantle.core.access import AccessDenied, Actor
from mantle.core.audit import audit_record
from mantle.development.models import Cohort, Enrolment, Holding, Offering
from mantle.development.rules.enrolment import expiry_for, move_error
from mantle.development.selectors.people import person_org_codes
from mantle.workforce.models import Organisation, Person

from ._access import acting_user, may_manage_person, require_hr_admin, require_self_or_admin
from .evidence import evidence_delete, evidence_store


def _org_label(person_id: int) -> str:
    codes = sorted(person_org_codes(person_id))
    return codes[0] if codes else ""


@transaction.atomic
def holding_add(
    *,
    actor: Actor,
    person: Person,
    offering: Offering,
    awarded_on: dt.date,
    expires_on: dt.date | None = None,
    reference: str = "",
    evidence: UploadedFile | None = None,
    enrolment: Enrolment | None = None,
    today: dt.date | None = None,
) -> Holding:
    """Record a holding. Rules: the person themself or their HR/OD administrator; the award date is
    not in the future; the expiry (last valid day) is not before the award and, when not given,
    follows from the entry's validity period; evidence is checked and stored safely. A holding an
    administrator records is verified at once; one a person records waits for verification."""
    require_self_or_admin(actor, person.pk)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if awarded_on > today:
        errors["awarded_on"] = "The award date cannot be in the future."
    if expires_on is None:
        expires_on = expiry_for(awarded_on=awarded_on, validity_months=offering.validity_months)
    if expires_on is not None and expires_on < awarded_on:
        errors["expires_on"] = "The expiry date cannot be before the award date."
    if errors:
        raise ValidationError(errors)
    admin = may_manage_person(actor, person.pk)
    holding = Holding.objects.create(
        person=person,
        offering=offering,
        awarded_on=awarded_on,
        expires_on=expires_on,
        reference=reference,
        enrolment=enrolment,
        recorded_by=acting_user(actor),
        verified_by=acting_user(actor) if admin else None,
        verified_at=timezone.now() if admin else None,
    )
    org = _org_label(person.pk)
    audit_record(
        actor=actor.user,
        action="create",
        object_type="holding",
        object_id=holding.pk,
        object_label=f"{person.full_name}: {offering.name}",
        organisation_code=org,
    )
    if evidence is not None:
        evidence_store(actor=actor.user, upload=evidence, holding=holding, organisation_code=org)
    return holding


@transaction.atomic
def holding_verify(*, actor: Actor, holding: Holding) -> Holding:
    """Mark a holding as checked against its evidence. Rule: HR/OD administrators only, and never
    their own holding."""
    if not may_manage_person(actor, holding.person_id) or actor.person_id == holding.person_id:
        raise AccessDenied("Only an HR/OD administrator can verify someone else's holding.")
    holding.verified_by = acting_user(actor)
    holding.verified_at = timezone.now()
    holding.save(update_fields=["verified_by", "verified_at"])
    audit_record(
        actor=actor.user,
        action="verify",
        object_type="holding",
        object_id=holding.pk,
        object_label=str(holding),
        organisation_code=_org_label(holding.person_id),
    )
    return holding


@transaction.atomic
def holding_evidence_add(*, actor: Actor, holding: Holding, upload: UploadedFile) -> None:
    """Add evidence to an existing holding (the person or their HR/OD administrator)."""
    require_self_or_admin(actor, holding.person_id)
    evidence_store(
        actor=actor.user,
        upload=upload,
        holding=holding,
        organisation_code=_org_label(holding.person_id),
    )


@transaction.atomic
def holding_delete(*, actor: Actor, holding: Holding) -> None:
    """Remove a holding and its evidence. Rule: HR/OD administrators may remove any; a person only
    their own unverified ones (a verified holding is part of the record)."""
    admin = may_manage_person(actor, holding.person_id)
    own = actor.person_id == holding.person_id and holding.verified_at is None
    if not (admin or own):
        raise AccessDenied("This holding has been verified; ask your HR/OD administrator.")
    org = _org_label(holding.person_id)
    for evidence in list(holding.evidence.all()):
        evidence_delete(actor=actor.user, evidence=evidence, organisation_code=org)
    audit_record(
        actor=actor.user,
        action="delete",
        object_type="holding",
        object_id=holding.pk,
        object_label=str(holding),
        organisation_code=org,
    )
    holding.delete()


def _check_member(organisation: Organisation, person_id: int) -> None:
    if organisation.code not in person_org_codes(person_id):
        raise ValidationError({"person": "This person is not employed by the organisation."})


@transaction.atomic
def enrolment_create(
    *,
    actor: Actor,
    organisation: Organisation,
    person: Person,
    offering: Offering,
    applied_on: dt.date,
    status: str = Enrolment.Status.APPLIED,
    cohort: Cohort | None = None,
    started_on: dt.date | None = None,
    cost: Decimal | None = None,
    funding_source: str = "",
) -> Enrolment:
    """Enrol someone (HR/OD administrators of the organisation). Rules: the person is employed by it;
    the cohort, if any, is of the same programme and organisation; a new enrolment is applied or
    enrolled (with a start date); one open place per person per programme."""
    require_hr_admin(actor, organisation.code)
    _check_member(organisation, person.pk)
    if cohort is not None and (
        cohort.offering_id != offering.pk or cohort.organisation_id != organisation.pk
    ):
        raise ValidationError({"cohort": "The cohort is for another programme or organisation."})
    if status not in (Enrolment.Status.APPLIED, Enrolment.Status.ENROLLED):
        raise ValidationError({"status": "A new enrolment is either applied or enrolled."})
    if status == Enrolment.Status.ENROLLED:
        started_on = started_on or (cohort.starts_on if cohort else applied_on)
    if cost is not None and cost < 0:
        raise ValidationError({"cost": "The cost cannot be negative."})
    if Enrolment.objects.filter(
        person=person, offering=offering, status__in=["applied", "enrolled"]
    ).exists():
        raise ValidationError(
            {"person": "This person already has an open place on this programme."}
        )
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                organisation=organisation,
                person=person,
                offering=offering,
                cohort=cohort,
                status=status,
                applied_on=applied_on,
                started_on=started_on,
                cost=cost if cost is not None else offering.cost,
                funding_source=funding_source,
                created_by=acting_user(actor),
            )
    except IntegrityError as error:
        raise ValidationError({"person": "This person already has an open place."}) from error
    audit_record(
        actor=actor.user,
        action="create",
        object_type="enrolment",
        object_id=enrolment.pk,
        object_label=f"{person.full_name}: {offering.name}",
        organisation_code=organisation.code,
    )
    return enrolment


@dataclass
class BulkEnrolmentResult:
    created: list[Enrolment] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


@transaction.atomic
def enrolments_bulk_create(
    *,
    actor: Actor,
    organisation: Organisation,
    offering: Offering,
    person_ids: list[int],
    applied_on: dt.date,
    status: str = Enrolment.Status.ENROLLED,
    cohort: Cohort | None = None,
    cost: Decimal | None = None,
    funding_source: str = "",
) -> BulkEnrolmentResult:
    """Enrol many people at once (HR/OD administrators). Rules: as ``enrolment_create`` for each
    person; anyone who cannot be enrolled is skipped with the reason, the rest are enrolled."""
    require_hr_admin(actor, organisation.code)
    result = BulkEnrolmentResult()
    people = Person.objects.in_bulk(person_ids)
    for person_id in dict.fromkeys(person_ids):
        person = people.get(person_id)
        if person is None:
            result.skipped.append((person_id, "No such person."))
            continue
        try:
            with transaction.atomic():
                result.created.append(
                    enrolment_create(
                        actor=actor,
                        organisation=organisation,
                        person=person,
                        offering=offering,
                        applied_on=applied_on,
                        status=status,
                        cohort=cohort,
                        cost=cost,
                        funding_source=funding_source,
                    )
                )
        except ValidationError as error:
            result.skipped.append((person_id, " ".join(error.messages)))
    return result


@transaction.atomic
def enrolment_apply(*, actor: Actor, offering: Offering, applied_on: dt.date) -> Enrolment:
    """A member of staff applies for a programme themself. Rule: they must be linked to a staff
    record; the application is recorded against the organisation that employs them (the first, by
    ODS code, if several), for its HR/OD administrators to decide."""
    if actor.person_id is None:
        raise AccessDenied("Your account is not linked to a staff record.")
    codes = sorted(person_org_codes(actor.person_id))
    if not codes:
        raise AccessDenied("You are not employed by an organisation in Mantle.")
    organisation = Organisation.objects.get(code=codes[0])
    if offering.organisation_id not in (None, organisation.pk):
        raise ValidationError({"offering": "This programme is not offered by your organisation."})
    if Enrolment.objects.filter(
        person_id=actor.person_id, offering=offering, status__in=["applied", "enrolled"]
    ).exists():
        raise ValidationError({"offering": "You already have an open place on this programme."})
    enrolment = Enrolment.objects.create(
        organisation=organisation,
        person_id=actor.person_id,
        offering=offering,
        status=Enrolment.Status.APPLIED,
        applied_on=applied_on,
        cost=offering.cost,
        created_by=acting_user(actor),
    )
    audit_record(
        actor=actor.user,
        action="create",
        object_type="enrolment",
        object_id=enrolment.pk,
        object_label=f"application: {offering.name}",
        organisation_code=organisation.code,
    )
    return enrolment


@transaction.atomic
def enrolment_set_status(
    *, actor: Actor, enrolment: Enrolment, status: str, on: dt.date, cost: Decimal | None = None
) -> Enrolment:
    """Move an enrolment on (HR/OD administrators). Rules: ``rules.enrolment.MOVES``; the date of
    the move is recorded (start, completion or withdrawal) and is not before the application;
    completing records a holding for the person from the completion date."""
    require_hr_admin(actor, enrolment.organisation.code)
    error = move_error(current=enrolment.status, new=status)
    if error:
        raise ValidationError({"status": error})
    if on < enrolment.applied_on or (enrolment.started_on and on < enrolment.started_on):
        raise ValidationError({"on": "The date is before the enrolment began."})
    previous = enrolment.status
    enrolment.status = status
    if status == Enrolment.Status.ENROLLED:
        enrolment.started_on = on
    elif status == Enrolment.Status.COMPLETED:
        enrolment.completed_on = on
    elif status == Enrolment.Status.WITHDRAWN:
        enrolment.withdrawn_on = on
    if cost is not None:
        enrolment.cost = cost
    enrolment.save()
    audit_record(
        actor=actor.user,
        action="change",
        object_type="enrolment",
        object_id=enrolment.pk,
        object_label=f"{previous} → {status}",
        organisation_code=enrolment.organisation.code,
    )
    if status == Enrolment.Status.COMPLETED:
        offering = enrolment.offering
        Holding.objects.create(
            person_id=enrolment.person_id,
            offering=offering,
            awarded_on=on,
            expires_on=expiry_for(awarded_on=on, validity_months=offering.validity_months),
            enrolment=enrolment,
            recorded_by=acting_user(actor),
            verified_by=acting_user(actor),
            verified_at=timezone.now(),
        )
    return enrolment
