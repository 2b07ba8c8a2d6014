"""Organisation talent settings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from mantle.core.access import AccessDenied, Actor
from mantle.core.audit import audit_record
from mantle.talent.models import TalentSettings
from mantle.talent.rules.retirement import RetirementBasis
from mantle.workforce.models import Organisation

_FIELDS = (
    "retirement_basis",
    "fixed_retirement_age",
    "near_retirement_years",
    "far_retirement_years",
    "readiness_review_months",
    "show_placement_to_person",
)


def talent_settings_for(organisation: Organisation) -> TalentSettings:
    """The organisation's settings, or the documented defaults (unsaved) when none are stored."""
    found = TalentSettings.objects.filter(organisation=organisation).first()
    return found or TalentSettings(organisation=organisation)


@transaction.atomic
def talent_settings_update(
    *, actor: Actor, organisation: Organisation, **changes: Any
) -> TalentSettings:
    """Change an organisation's talent settings. Rule: HR/OD administrators of that organisation only;
    a fixed basis needs an age; the near window cannot exceed the far window."""
    if not actor.is_hr_admin(organisation.code):
        raise AccessDenied("Only HR/OD administrators may change talent settings.")
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise ValueError(f"Unknown settings: {sorted(unknown)}")
    current = talent_settings_for(organisation)
    for key, value in changes.items():
        setattr(current, key, value)
    if current.retirement_basis == RetirementBasis.FIXED and not current.fixed_retirement_age:
        raise ValidationError({"fixed_retirement_age": "Enter the retirement age to use."})
    if current.near_retirement_years > current.far_retirement_years:
        raise ValidationError(
            {"near_retirement_years": "The near window cannot be longer than the far window."}
        )
    current.full_clean()
    current.updated_by = actor.user if actor.user.is_authenticated else None  # type: ignore[assignment]
    current.save()
    audit_record(
        actor=actor.user,
        action="change",
        object_type="talent_settings",
        object_id=current.pk,
        object_label=f"Talent settings {organisation.code}",
        organisation_code=organisation.code,
        detail={k: str(v) for k, v in changes.items()},
    )
    return current
