"""Management-practice assessment of a unit, scored by a small panel with evidence notes.

Rules: a service or team lead runs it for a unit they lead (they hold a management post in that unit
or above it), or an HR/OD administrator of the organisation does; panel members are recorded by name
and may be linked to an account so they can enter their own scores; the lead may enter any member's
scores (a panel often scores together); completion needs every practice scored by at least one member
and fixes the results, after which nothing changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mantle.capability.engine.management_practice import score_management_practice
from mantle.capability.models import FrameworkVersion, PanelMember, PracticeAssessment
from mantle.core.access import Actor
from mantle.core.audit import audit_record
from mantle.workforce.models import Assignment, PostVersion, Unit

from ._common import acting_user
from .frameworks import framework_version_mark_used

MAX_EVIDENCE = 2000


def leads_unit(actor: Actor, unit: Unit, *, on: dt.date) -> bool:
    """Rule: the actor holds a management post (any tier but "none") in the unit or an ancestor."""
    if actor.person_id is None:
        return False
    posts = Assignment.objects.current_on(on).filter(person_id=actor.person_id).values("post_id")
    paths = (
        PostVersion.objects.current_on(on)
        .filter(post_id__in=posts, organisation_id=unit.organisation_id)
        .exclude(tier="none")
        .values_list("unit__path", flat=True)
    )
    return any(unit.path == path or unit.path.startswith(path + "/") for path in paths)


def may_lead(actor: Actor, unit: Unit) -> bool:
    return actor.is_hr_admin(unit.organisation.code) or leads_unit(
        actor, unit, on=timezone.localdate()
    )


def practice_assessment_create(
    *,
    actor: Actor,
    unit: Unit,
    framework_version: FrameworkVersion,
    assessed_on: dt.date,
    panel: list[tuple[str, str]],
) -> PracticeAssessment:
    """Start a management-practice assessment of a unit with its panel (name, role) pairs.

    Rules: see the module; the framework must be a management-practice instrument offered for use;
    the panel date may not be in the future; at least one panel member.
    """
    if not may_lead(actor, unit):
        raise PermissionDenied("Only the unit's leads or HR/OD administrators can run this.")
    if framework_version.framework.kind != "management_practice" or not framework_version.available:
        raise ValidationError("Choose a management-practice instrument.")
    if assessed_on > timezone.localdate():
        raise ValidationError("The panel date cannot be in the future.")
    members = [(name.strip(), role.strip()) for name, role in panel if name.strip()]
    if not members:
        raise ValidationError("Name at least one panel member.")
    with transaction.atomic():
        framework_version_mark_used(framework_version)
        assessment = PracticeAssessment.objects.create(
            organisation=unit.organisation,
            unit=unit,
            framework_version=framework_version,
            lead=acting_user(actor),
            assessed_on=assessed_on,
        )
        PanelMember.objects.bulk_create(
            PanelMember(assessment=assessment, name=name, role=role) for name, role in members
        )
        audit_record(
            actor=actor.user,
            action="create",
            object_type="practice_assessment",
            object_id=assessment.pk,
            object_label=unit.path,
            organisation_code=unit.organisation.code,
        )
    return assessment


def _is_lead(actor: Actor, assessment: PracticeAssessment) -> bool:
    user_id = getattr(actor.user, "pk", None)
    return (user_id is not None and assessment.lead_id == user_id) or actor.is_hr_admin(
        assessment.organisation.code
    )


def panel_member_add(
    *, actor: Actor, assessment: PracticeAssessment, name: str, role: str = "", user: Any = None
) -> PanelMember:
    """Add a panel member. Rule: the lead (or an administrator), while scoring is in progress."""
    if not _is_lead(actor, assessment):
        raise PermissionDenied("Only the lead can change the panel.")
    if assessment.status != PracticeAssessment.Status.DRAFT:
        raise ValidationError("This assessment is complete.")
    if not name.strip():
        raise ValidationError("Enter the panel member's name.")
    return PanelMember.objects.create(
        assessment=assessment, name=name.strip(), role=role.strip(), user=user
    )


def panel_scores_save(
    *,
    actor: Actor,
    member: PanelMember,
    scores: Mapping[str, int | None],
    evidence: Mapping[str, str],
) -> PanelMember:
    """Record one panel member's scores (1–5 or blank) and evidence notes.

    Rules: the lead, an administrator, or the member themself (when linked to their account);
    only while scoring is in progress; scores must be points on the instrument's scale.
    """
    assessment = member.assessment
    user_id = getattr(actor.user, "pk", None)
    own = user_id is not None and member.user_id == user_id
    if not (own or _is_lead(actor, assessment)):
        raise PermissionDenied("You cannot enter scores for this panel member.")
    if assessment.status != PracticeAssessment.Status.DRAFT:
        raise ValidationError("This assessment is complete.")
    spec = assessment.framework_version.spec()
    allowed = set(spec.scale.values)
    clean_scores: dict[str, int | None] = {}
    clean_evidence: dict[str, str] = {}
    for dimension in spec.dimensions:
        value = scores.get(dimension.key)
        if value is not None and (isinstance(value, bool) or value not in allowed):
            raise ValidationError(f"{dimension.name}: {value!r} is not on the 1–5 scale.")
        clean_scores[dimension.key] = value
        note = (evidence.get(dimension.key) or "").strip()
        if len(note) > MAX_EVIDENCE:
            raise ValidationError(
                f"{dimension.name}: keep the evidence note under {MAX_EVIDENCE} characters."
            )
        if note:
            clean_evidence[dimension.key] = note
    member.scores = clean_scores
    member.evidence = clean_evidence
    member.save(update_fields=["scores", "evidence", "updated_at"])
    return member


def practice_assessment_complete(
    *, actor: Actor, assessment: PracticeAssessment
) -> PracticeAssessment:
    """Complete the assessment and fix its results.

    Rule: every practice needs at least one panel score (so results are comparable across units and
    over time, which the engine allows only for complete results from the same instrument version).
    """
    if not _is_lead(actor, assessment):
        raise PermissionDenied("Only the lead can complete the assessment.")
    if assessment.status != PracticeAssessment.Status.DRAFT:
        raise ValidationError("This assessment is already complete.")
    spec = assessment.framework_version.spec()
    panel = [dict(member.scores) for member in assessment.panel.all()]
    result = score_management_practice(framework=spec, panel=panel)
    if not result.complete:
        names = [spec.dimension_by_key[key].name for key in result.missing]
        raise ValidationError(f"Not yet scored: {', '.join(names)}.")
    assessment.results = {
        "practices": {p.key: p.mean for p in result.practices},
        "areas": {a.key: a.mean for a in result.areas},
        "overall": result.overall,
        "panel_size": result.panel_size,
    }
    assessment.status = PracticeAssessment.Status.COMPLETED
    assessment.completed_at = timezone.now()
    assessment.save(update_fields=["results", "status", "completed_at"])
    audit_record(
        actor=actor.user,
        action="complete",
        object_type="practice_assessment",
        object_id=assessment.pk,
        object_label=assessment.unit.path,
        organisation_code=assessment.organisation.code,
    )
    return assessment
