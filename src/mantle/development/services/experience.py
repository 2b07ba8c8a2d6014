"""Leadership experiences taken up elsewhere in Mantle (the opportunities marketplace, issue 18),
written to the development record as completed programme places."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mantle.core.audit import audit_record
from mantle.development.models import Enrolment, Holding, Offering
from mantle.development.selectors.people import person_org_codes
from mantle.workforce.models import Organisation, Person

from .catalogue import _check_dimensions


@transaction.atomic
def experience_record(
    *,
    recorded_by: Any,
    organisation: Organisation,
    person: Person,
    code: str,
    name: str,
    provider: str,
    dimensions: list[str],
    applied_on: dt.date,
    started_on: dt.date,
    completed_on: dt.date,
) -> Enrolment:
    """Record a completed experience on the person's development record. Rules: the caller has
    already checked that ``recorded_by`` may confirm the completion (for an opportunity, its owner);
    the person is employed by the organisation; the experience is the organisation's local programme
    entry ``code`` (created once, category "other", with the framework dimensions it develops, which
    must be known); completion is not before the start; the completed place gives a holding from the
    completion date, as completing any programme does, so the conversion measure and the record see
    it like every other programme."""
    if organisation.code not in person_org_codes(person.pk):
        raise ValidationError({"person": "This person is not employed by the organisation."})
    if completed_on < started_on or started_on < applied_on:
        raise ValidationError({"completed_on": "The experience cannot end before it starts."})
    offering, _ = Offering.objects.get_or_create(
        code=code,
        defaults={
            "name": name[:200],
            "provider": provider[:200],
            "kind": Offering.Kind.PROGRAMME,
            "category": Offering.Category.OTHER,
            "organisation": organisation,
            "dimensions": _check_dimensions(dimensions),
        },
    )
    if offering.organisation_id != organisation.pk:
        raise ValidationError({"code": "This catalogue code belongs to another organisation."})
    user = recorded_by if getattr(recorded_by, "is_authenticated", False) else None
    enrolment = Enrolment.objects.create(
        organisation=organisation,
        person=person,
        offering=offering,
        status=Enrolment.Status.COMPLETED,
        applied_on=applied_on,
        started_on=started_on,
        completed_on=completed_on,
        created_by=user,
    )
    Holding.objects.create(
        person=person,
        offering=offering,
        awarded_on=completed_on,
        enrolment=enrolment,
        recorded_by=user,
        verified_by=user,
        verified_at=timezone.now(),
    )
    audit_record(
        actor=recorded_by,
        action="create",
        object_type="enrolment",
        object_id=enrolment.pk,
        object_label=f"{person.full_name}: {offering.name} (experience completed)",
        organisation_code=organisation.code,
    )
    return enrolment
