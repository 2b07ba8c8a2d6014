"""Every talent figure a reader can obtain, as the auditor's figures (``mantle disclosure-audit``).

Each figure is the set of people it counts and whether this reader sees it (``*`` = not): the
9-box grids of both stages and the equality views of every review of the organisation. The auditor
(``mantle.analytics.disclosure.audit``) then solves for the feasible range of every small count.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mantle.analytics.disclosure import Figure
from mantle.talent.disclosure import review_audit_figures

_GROUPS = ("reference", "focus", "unknown")


def organisation_figures(*, organisation: Any, as_of: dt.date, actor: Any) -> list[Figure]:
    """Every talent review figure of ``organisation`` that ``actor`` can obtain (reviews dated on
    or before ``as_of``), one system per review."""
    from mantle.talent import measures
    from mantle.talent.models import TalentReview

    if not actor.can_view_aggregates(organisation.code):
        # Review results are for aggregate viewers and the review's panel (not a role).
        return []
    exact = bool(actor.sees_unsuppressed(organisation.code))
    out: list[Figure] = []
    for review in TalentReview.objects.filter(organisation=organisation, as_of__lte=as_of):
        people = measures.review_people(review)
        figures = measures.review_figures(review, exact_grid=exact)
        out += review_audit_figures(
            people=people, figures=figures, system=f"talent review {review.pk}", name=review.name
        )
    return out
