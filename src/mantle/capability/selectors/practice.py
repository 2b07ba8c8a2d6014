"""Management-practice reads.

Rule: an assessment is visible to its lead, panel members linked to an account, anyone who leads the
unit or a unit above it, and those who may see the organisation's aggregates (HR/OD administrators,
executives and board viewers, analysts). Results describe a unit's management, not a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mantle.capability.models import FrameworkVersion, PracticeAssessment
from mantle.core.access import Actor
from mantle.workforce.models import Assignment, Organisation, PostVersion


def led_unit_paths(actor: Actor) -> list[tuple[int, str]]:
    if actor.person_id is None:
        return []
    today = timezone.localdate()
    posts = Assignment.objects.current_on(today).filter(person_id=actor.person_id).values("post_id")
    return list(
        PostVersion.objects.current_on(today)
        .filter(post_id__in=posts)
        .exclude(tier="none")
        .values_list("organisation_id", "unit__path")
    )


def practice_assessments_visible(
    actor: Actor, *, organisation: Organisation | None = None
) -> QuerySet[PracticeAssessment]:
    """Assessments the actor may read (module rule)."""
    base = PracticeAssessment.objects.select_related(
        "unit", "organisation", "framework_version__framework", "lead"
    )
    if organisation is not None:
        base = base.filter(organisation=organisation)
    if actor.superuser or actor.analyst:
        return base
    condition = Q(organisation__code__in=actor.orgs_with("hr_admin", "executive", "chair"))
    user_id = getattr(actor.user, "pk", None)
    if user_id is not None:
        condition |= Q(lead_id=user_id) | Q(panel__user_id=user_id)
    for org_id, path in led_unit_paths(actor):
        condition |= Q(organisation_id=org_id) & (
            Q(unit__path=path) | Q(unit__path__startswith=path + "/")
        )
    return base.filter(condition).distinct()


def practice_assessment_get(actor: Actor, assessment_id: int) -> PracticeAssessment:
    found = practice_assessments_visible(actor).filter(pk=assessment_id).first()
    if found is None:
        raise Http404("No such management-practice assessment.")
    return found


@dataclass(frozen=True)
class UnitRow:
    unit_path: str
    assessment: PracticeAssessment
    previous: PracticeAssessment | None


def practice_units_table(
    actor: Actor, *, organisation: Organisation, framework_version: FrameworkVersion
) -> list[UnitRow]:
    """The latest completed result per unit, with the one before it, for one instrument version.

    Rule: only completed results from the same instrument version are compared (as the engine
    requires), so units and dates in one table are always scored on the same practices.
    """
    completed = (
        practice_assessments_visible(actor, organisation=organisation)
        .filter(framework_version=framework_version, status=PracticeAssessment.Status.COMPLETED)
        .order_by("unit__path", "-assessed_on", "-completed_at")
    )
    rows: list[UnitRow] = []
    seen: dict[int, int] = {}
    for assessment in completed:
        index = seen.get(assessment.unit_id)
        if index is None:
            seen[assessment.unit_id] = len(rows)
            rows.append(UnitRow(assessment.unit.path, assessment, None))
        elif rows[index].previous is None:
            rows[index] = UnitRow(rows[index].unit_path, rows[index].assessment, assessment)
    return rows
