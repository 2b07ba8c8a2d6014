"""Catalogue entries (qualifications and programmes) and cohorts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from mantle.core.access import AccessDenied, Actor
from mantle.core.audit import audit_record
from mantle.development.models import Cohort, Offering
from mantle.workforce.models import Organisation

from ._access import require_hr_admin


def framework_dimensions() -> dict[str, str]:
    """Every dimension a catalogue entry may say it develops, as ``framework:dimension`` → label,
    read from the frameworks Mantle ships (HLM, the board LCF, the CLCF, management practice)."""
    from mantle.capability.frameworks.loader import shipped_frameworks

    out: dict[str, str] = {}
    for framework in shipped_frameworks():
        for dimension in framework.dimensions:
            out[f"{framework.key}:{dimension.key}"] = f"{framework.name}: {dimension.name}"
    return out


def _check_dimensions(keys: list[str]) -> list[str]:
    known = framework_dimensions()
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValidationError(
            {"dimensions": f"Unknown framework dimension(s): {', '.join(unknown)}."}
        )
    return sorted(set(keys))


@transaction.atomic
def offering_save(
    *,
    actor: Actor,
    organisation: Organisation | None,
    name: str,
    provider: str,
    kind: str,
    category: str,
    level: str = "",
    duration_months: int | None = None,
    cost: Decimal | None = None,
    validity_months: int | None = None,
    dimensions: list[str] | None = None,
    active: bool = True,
    offering: Offering | None = None,
    code: str = "",
) -> Offering:
    """Create or update a catalogue entry. Rules: shared (national) entries are edited only by
    superusers, local ones by their organisation's HR/OD administrators; an entry never changes
    organisation; dimensions must be known framework dimensions; cost and durations are not negative."""
    target_org = offering.organisation if offering is not None else organisation
    if target_org is None:
        if not actor.superuser:
            raise AccessDenied("Only a system administrator can change the shared catalogue.")
    else:
        require_hr_admin(actor, target_org.code)
    if cost is not None and cost < 0:
        raise ValidationError({"cost": "The cost cannot be negative."})
    entry = offering or Offering(organisation=organisation)
    if offering is None:
        base = slugify(code or f"{(organisation.code + '-') if organisation else ''}{name}")[:50]
        candidate, n = base, 1
        while Offering.objects.filter(code=candidate).exists():
            n += 1
            candidate = f"{base}-{n}"
        entry.code = candidate
    entry.name, entry.provider, entry.kind, entry.category = name, provider, kind, category
    entry.level, entry.duration_months, entry.cost = level, duration_months, cost
    entry.validity_months = validity_months
    entry.dimensions = _check_dimensions(dimensions or [])
    entry.active = active
    entry.full_clean(exclude=["organisation"])
    entry.save()
    audit_record(
        actor=actor.user,
        action="create" if offering is None else "change",
        object_type="offering",
        object_id=entry.pk,
        object_label=entry.name,
        organisation_code=target_org.code if target_org else "",
    )
    return entry


@transaction.atomic
def cohort_create(
    *,
    actor: Actor,
    organisation: Organisation,
    offering: Offering,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
) -> Cohort:
    """A new cohort of a programme in an organisation (HR/OD administrators). Rule: it ends on or
    after it starts, and names are unique per organisation and programme."""
    require_hr_admin(actor, organisation.code)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "A cohort cannot end before it starts."})
    if Cohort.objects.filter(organisation=organisation, offering=offering, name=name).exists():
        raise ValidationError({"name": "This programme already has a cohort with that name."})
    cohort = Cohort.objects.create(
        organisation=organisation,
        offering=offering,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit_record(
        actor=actor.user,
        action="create",
        object_type="cohort",
        object_id=cohort.pk,
        object_label=str(cohort),
        organisation_code=organisation.code,
    )
    return cohort
