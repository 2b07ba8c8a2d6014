"""Self-assessment reads. Rule: a self-assessment is visible to the person only — not their line
manager and not HR (it is a private development tool; organisation views use suppressed aggregates)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from mantle.capability.models import SelfAssessment
from mantle.core.access import Actor


def self_assessments_of(actor: Actor) -> QuerySet[SelfAssessment]:
    """The actor's own self-assessments, newest first."""
    if actor.person_id is None:
        return SelfAssessment.objects.none()
    return (
        SelfAssessment.objects.filter(person_id=actor.person_id)
        .select_related("framework_version__framework")
        .order_by("-started_at")
    )


def self_assessment_get(actor: Actor, assessment_id: int) -> SelfAssessment:
    """One of the actor's own self-assessments; anyone else's is a 404."""
    found = self_assessments_of(actor).filter(pk=assessment_id).first()
    if found is None:
        raise Http404("No such self-assessment.")
    return found


def self_assessment_history(actor: Actor, assessment: SelfAssessment) -> list[SelfAssessment]:
    """The actor's completed assessments against the same framework, oldest first (for trends)."""
    return list(
        self_assessments_of(actor)
        .filter(
            framework_version__framework_id=assessment.framework_version.framework_id,
            status=SelfAssessment.Status.COMPLETED,
        )
        .order_by("completed_at")
    )
