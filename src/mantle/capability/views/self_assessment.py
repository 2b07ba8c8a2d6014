"""Self-assessment pages: start or resume, answer (save as you go), complete, see the result."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from mantle.capability import questionnaire, selectors, services
from mantle.capability.engine import display_score
from mantle.capability.models import FrameworkVersion, SelfAssessment
from mantle.core.access import actor_for
from mantle.core.htmx import render_page

from ._common import HOME_CRUMB, error_text


@require_POST
def self_assessment_start(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    version = (
        selectors.frameworks_available(kind="leadership")
        .filter(pk=request.POST.get("framework_version") or 0)
        .first()
    )
    if version is None:
        raise Http404("No such framework.")
    try:
        assessment = services.self_assessment_start(actor=actor, framework_version=version)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("capability:home")
    return redirect("capability:self_assessment_edit", assessment_id=assessment.pk)


def self_assessment_edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = actor_for(request)
    assessment = selectors.self_assessment_get(actor, assessment_id)
    if assessment.status == SelfAssessment.Status.COMPLETED:
        return redirect("capability:self_assessment_result", assessment_id=assessment.pk)
    spec = assessment.framework_version.spec()
    errors: list[str] = []
    answers = questionnaire.coerce_answers(assessment.ratings)
    reflection = assessment.reflection
    if request.method == "POST":
        reflection = request.POST.get("reflection", "")
        try:
            answers = questionnaire.parse_answers(spec, request.POST)
            services.self_assessment_save(
                actor=actor, assessment=assessment, answers=answers, reflection=reflection
            )
            if "complete" in request.POST:
                services.self_assessment_complete(actor=actor, assessment=assessment)
                messages.success(request, "Your self-assessment is complete.")
                return redirect("capability:self_assessment_result", assessment_id=assessment.pk)
            messages.success(request, "Your answers are saved. You can come back to finish.")
            return redirect("capability:self_assessment_edit", assessment_id=assessment.pk)
        except (questionnaire.AnswerError, ValidationError) as error:
            errors = error.messages if isinstance(error, ValidationError) else [str(error)]
    done, total = questionnaire.answered_count(spec, answers)
    return render_page(
        request,
        "capability/self_assessment_form.html",
        {
            "assessment": assessment,
            "spec": spec,
            "sections": questionnaire.sections(spec, answers),
            "options": questionnaire.options(spec),
            "importance_options": questionnaire.importance_options(spec),
            "errors": errors,
            "done": done,
            "total": total,
            "reflection": reflection,
            "breadcrumbs": [HOME_CRUMB, {"text": "Self-assessment", "href": ""}],
        },
        status=400 if errors else 200,
    )


@require_POST
def self_assessment_discard(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = actor_for(request)
    assessment = selectors.self_assessment_get(actor, assessment_id)
    try:
        services.self_assessment_discard(actor=actor, assessment=assessment)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "The unfinished self-assessment was deleted.")
    return redirect("capability:home")


def self_assessment_result(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = actor_for(request)
    assessment = selectors.self_assessment_get(actor, assessment_id)
    if assessment.status != SelfAssessment.Status.COMPLETED:
        return redirect("capability:self_assessment_edit", assessment_id=assessment.pk)
    spec = assessment.framework_version.spec()
    history = selectors.self_assessment_history(actor, assessment)
    # History is comparable dimension by dimension only within one framework version.
    same_version = [h for h in history if h.framework_version_id == assessment.framework_version_id]
    rows = []
    for dimension in spec.dimensions:
        mean = assessment.scores.get(dimension.key)
        rows.append(
            {
                "key": dimension.key,
                "name": dimension.name,
                "mean": mean,
                "label": spec.scale.nearest_point(mean).label if mean is not None else None,
                "history": [h.scores.get(dimension.key) for h in same_version],
            }
        )
    return render_page(
        request,
        "capability/self_assessment_result.html",
        {
            "assessment": assessment,
            "spec": spec,
            "rows": rows,
            "history": same_version,
            "other_versions": [
                h for h in history if h.framework_version_id != assessment.framework_version_id
            ],
            "fmt": display_score,
            "chart": {
                "dates": [
                    h.completed_at.date().isoformat() for h in same_version if h.completed_at
                ],
                "series": [{"label": r["name"], "values": r["history"]} for r in rows],
                "min": spec.scale.minimum,
                "max": spec.scale.maximum,
            },
            "breadcrumbs": [HOME_CRUMB, {"text": "Self-assessment result", "href": ""}],
        },
    )


def framework_choices() -> list[FrameworkVersion]:
    return list(selectors.frameworks_available(kind="leadership"))
