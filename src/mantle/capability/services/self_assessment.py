"""Self-assessment: anyone rates their own leadership behaviours, saves, resumes and completes.

Rules: only the person themself takes or changes their self-assessment (no one may fill it in for
them); one draft per person per framework version at a time (starting again resumes it); a completed
assessment is final and kept as history; completing fixes the per-dimension scores.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from mantle.capability import questionnaire
from mantle.capability.engine import Response, self_assessment
from mantle.capability.models import FrameworkVersion, SelfAssessment
from mantle.capability.selectors.snapshots import capability_changed_for_person
from mantle.core.access import Actor
from mantle.core.audit import audit_record

from .frameworks import framework_version_mark_used


def _own(actor: Actor, assessment: SelfAssessment) -> None:
    if actor.person_id is None or assessment.person_id != actor.person_id:
        # Someone else's self-assessment is never revealed to exist.
        raise Http404("No such self-assessment.")


def self_assessment_start(*, actor: Actor, framework_version: FrameworkVersion) -> SelfAssessment:
    """Start (or resume) the actor's own self-assessment against a leadership framework version.

    Rules: needs a staff record linked to the account; the framework must be a leadership framework
    offered for new assessments; an existing draft for the same version is resumed, not duplicated.
    """
    if actor.person_id is None:
        raise PermissionDenied("Your account is not linked to a staff record.")
    if framework_version.framework.kind != "leadership" or not framework_version.available:
        raise ValidationError("Choose a leadership framework that is offered for assessments.")
    with transaction.atomic():
        draft = (
            SelfAssessment.objects.select_for_update()
            .filter(
                person_id=actor.person_id,
                framework_version=framework_version,
                status=SelfAssessment.Status.DRAFT,
            )
            .first()
        )
        if draft is not None:
            return draft
        framework_version_mark_used(framework_version)
        assessment = SelfAssessment.objects.create(
            person_id=actor.person_id,
            framework_version=framework_version,
            ratings=questionnaire.empty_answers(),
        )
        audit_record(
            actor=actor.user,
            action="create",
            object_type="self_assessment",
            object_id=assessment.pk,
            object_label=framework_version.ref,
        )
    return assessment


def self_assessment_save(
    *,
    actor: Actor,
    assessment: SelfAssessment,
    answers: questionnaire.Answers,
    reflection: str | None = None,
) -> SelfAssessment:
    """Save answers to a draft (partial answers are fine; they replace what was saved).

    Rule: only the owner, and only while it is a draft.
    """
    _own(actor, assessment)
    if assessment.status != SelfAssessment.Status.DRAFT:
        raise ValidationError("This self-assessment is complete and can no longer be changed.")
    assessment.ratings = dict(answers)
    update = ["ratings", "updated_at"]
    if reflection is not None:
        assessment.reflection = reflection
        update.append("reflection")
    assessment.save(update_fields=update)
    return assessment


def self_assessment_complete(*, actor: Actor, assessment: SelfAssessment) -> SelfAssessment:
    """Complete a draft: every statement must be answered; the dimension scores are then fixed.

    Rule: the scores are the engine's self-assessment means (not-applicable answers left out), kept
    on the row so history and organisation heatmaps never re-score against a changed framework.
    """
    _own(actor, assessment)
    if assessment.status != SelfAssessment.Status.DRAFT:
        raise ValidationError("This self-assessment is already complete.")
    spec = assessment.framework_version.spec()
    answers = questionnaire.coerce_answers(assessment.ratings)
    missing = questionnaire.missing_answers(spec, answers)
    if missing:
        raise ValidationError(missing)
    result = self_assessment(
        framework=spec,
        response=Response(rater_group="self", ratings=questionnaire.engine_ratings(spec, answers)),
    )
    assessment.scores = {level.dimension_key: level.mean for level in result.levels}
    assessment.status = SelfAssessment.Status.COMPLETED
    assessment.completed_at = timezone.now()
    assessment.save(update_fields=["scores", "status", "completed_at", "updated_at"])
    # Organisation heatmaps and coverage count it: their cached snapshots are stale now.
    capability_changed_for_person(person_id=assessment.person_id)
    audit_record(
        actor=actor.user,
        action="complete",
        object_type="self_assessment",
        object_id=assessment.pk,
        object_label=assessment.framework_version.ref,
    )
    return assessment


def self_assessment_discard(*, actor: Actor, assessment: SelfAssessment) -> None:
    """Delete an unfinished draft. Rule: completed assessments are history and are never deleted."""
    _own(actor, assessment)
    if assessment.status != SelfAssessment.Status.DRAFT:
        raise ValidationError("Completed self-assessments are kept as your history.")
    audit_record(
        actor=actor.user,
        action="delete",
        object_type="self_assessment",
        object_id=assessment.pk,
        object_label=assessment.framework_version.ref,
    )
    assessment.delete()
