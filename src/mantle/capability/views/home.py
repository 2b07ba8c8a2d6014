"""The leadership home page: what the signed-in person can do, whatever their role."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from mantle.capability import selectors
from mantle.capability.models import Cycle, Nomination
from mantle.core.access import actor_for
from mantle.core.htmx import render_page


def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    requests = [
        n
        for n in selectors.feedback_requests_for(actor)
        if n.status == Nomination.Status.INVITED and n.cycle.accepting_responses()
    ]
    own_cycles = list(selectors.cycles_for_participant(actor))
    admin_orgs = sorted(actor.orgs_with("hr_admin")) if not actor.superuser else []
    return render_page(
        request,
        "capability/leadership_home.html",
        {
            "assessments": list(selectors.self_assessments_of(actor)[:20]),
            "frameworks": list(selectors.frameworks_available(kind="leadership")),
            "cycles": own_cycles,
            "active_cycle": next(
                (
                    c
                    for c in own_cycles
                    if c.status
                    not in (Cycle.Status.RELEASED, Cycle.Status.CANCELLED, Cycle.Status.CLOSED)
                ),
                None,
            ),
            "requests": requests,
            "approvals": list(selectors.cycles_to_approve(actor)),
            "has_person": actor.person_id is not None,
            "admin_orgs": admin_orgs,
            "superuser": actor.superuser,
            "aggregates": actor.can_view_aggregates_anywhere,
            "breadcrumbs": [{"text": "Home", "href": "/"}, {"text": "Leadership", "href": ""}],
        },
    )
