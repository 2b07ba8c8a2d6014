"""Rater pages: colleagues answer signed in; external raters answer through a one-time link; the
participant gives their self-rating on the same form. Nothing here ever shows another rater's
answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mantle.capability import questionnaire, selectors, services
from mantle.capability.models import Nomination
from mantle.core.access import actor_for
from mantle.core.htmx import render_page

from ._common import HOME_CRUMB

LINK_PROBLEMS = {
    "unknown": "This link is not valid. Check that you copied the whole link from the e-mail.",
    "used": "This link has already been used: the questionnaire was submitted or declined.",
    "expired": "This link has expired because the deadline for feedback has passed.",
    "closed": "This 360° has closed, so no more feedback can be given.",
}


def _handle(request: HttpRequest, nomination: Nomination, *, public: bool) -> HttpResponse | None:
    """Process a POST (save, submit or decline). Returns a response, or None to show the form."""
    spec = nomination.cycle.framework_version.spec()
    comment = request.POST.get("comment", "")
    done_template = "capability/rater_done.html"
    if "decline" in request.POST:
        services.nomination_decline(nomination=nomination, reason=request.POST.get("reason", ""))
        return render(
            request, done_template, {"declined": True, "public": public, "is_self": False}
        )
    answers = questionnaire.parse_answers(spec, request.POST)
    if "submit" in request.POST:
        services.rater_submit(nomination=nomination, answers=answers, comment=comment)
        return render(
            request,
            done_template,
            {"declined": False, "public": public, "is_self": nomination.group == "self"},
        )
    services.rater_save_draft(nomination=nomination, answers=answers, comment=comment)
    messages.success(
        request, "Your answers are saved. You can come back to finish before the deadline."
    )
    return None


def _form(
    request: HttpRequest,
    nomination: Nomination,
    *,
    public: bool,
    errors: list[str],
    answers: questionnaire.Answers | None = None,
    comment: str | None = None,
    status: int = 200,
) -> HttpResponse:
    spec = nomination.cycle.framework_version.spec()
    saved_answers, saved_comment = selectors.rater_draft(nomination)
    if answers is None:
        answers = questionnaire.coerce_answers(saved_answers)
    done, total = questionnaire.answered_count(spec, answers)
    crumbs = [] if public else [HOME_CRUMB, {"text": "Give feedback", "href": ""}]
    return render_page(
        request,
        "capability/rater_form.html",
        {
            "nomination": nomination,
            "cycle": nomination.cycle,
            "spec": spec,
            "sections": questionnaire.sections(spec, answers),
            "options": questionnaire.options(spec),
            "importance_options": questionnaire.importance_options(spec),
            "errors": errors,
            "comment": saved_comment if comment is None else comment,
            "done": done,
            "total": total,
            "public": public,
            "is_self": nomination.group == "self",
            "breadcrumbs": crumbs,
        },
        status=status,
    )


def _respond(request: HttpRequest, nomination: Nomination, *, public: bool) -> HttpResponse:
    if request.method == "POST":
        try:
            result = _handle(request, nomination, public=public)
        except (questionnaire.AnswerError, ValidationError) as error:
            errors = error.messages if isinstance(error, ValidationError) else [str(error)]
            spec = nomination.cycle.framework_version.spec()
            try:
                answers = questionnaire.parse_answers(spec, request.POST)
            except questionnaire.AnswerError:
                answers = questionnaire.coerce_answers(selectors.rater_draft(nomination)[0])
            return _form(
                request,
                nomination,
                public=public,
                errors=errors,
                answers=answers,
                comment=request.POST.get("comment", ""),
                status=400,
            )
        if result is not None:
            return result
        return redirect(request.path)
    return _form(request, nomination, public=public, errors=[])


def rater_form(request: HttpRequest, nomination_id: int) -> HttpResponse:
    """A colleague's questionnaire (signed in; only the nominee can open it)."""
    actor = actor_for(request)
    nomination = services.nomination_for_rater(actor, nomination_id)
    if nomination.group == "self":
        return redirect("capability:self_rating", cycle_id=nomination.cycle_id)
    if nomination.status != Nomination.Status.INVITED or not nomination.cycle.accepting_responses():
        return render(
            request,
            "capability/rater_closed.html",
            {
                "nomination": nomination,
                "breadcrumbs": [HOME_CRUMB, {"text": "Give feedback", "href": ""}],
            },
        )
    return _respond(request, nomination, public=False)


def self_rating(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The participant's own rating inside their 360°."""
    actor = actor_for(request)
    cycle = selectors.cycle_get(actor, cycle_id)
    if not selectors.cycle_access(actor, cycle).participant:
        raise Http404("No such self-rating.")
    nomination = cycle.nominations.filter(group="self").first()
    if nomination is None:
        raise Http404("No such self-rating.")
    if nomination.status != Nomination.Status.INVITED or not cycle.accepting_responses():
        return render(
            request,
            "capability/rater_closed.html",
            {
                "nomination": nomination,
                "breadcrumbs": [HOME_CRUMB, {"text": "Self-rating", "href": ""}],
            },
        )
    return _respond(request, nomination, public=False)


def public_rater_form(request: HttpRequest, token: str) -> HttpResponse:
    """An external rater's questionnaire, reached by the one-time link in their e-mail."""
    try:
        nomination = services.nomination_for_token(token)
    except services.RaterLinkInvalid as problem:
        return render(
            request,
            "capability/rater_link_invalid.html",
            {"message": LINK_PROBLEMS[problem.reason]},
            status=410 if problem.reason != "unknown" else 404,
        )
    return _respond(request, nomination, public=True)
