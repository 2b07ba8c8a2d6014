"""Every talent figure a reader can obtain, as the auditor's figures (``mantle disclosure-audit``).

Each figure is the set of people it counts and whether this reader sees it (``*`` = not): the
9-box grids of both stages and the equality views of every review of the organisation; the
succession dashboard of every unit at every depth (bench strength, exposure, the clinical pipeline
and the projection; page, partial, API and CSV are the same figures), in the date's system so that
the auditor links its people with the divide's; and the talent pools' counts. The auditor
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
    out: list[Figure] = succession_figures(organisation=organisation, as_of=as_of, exact=exact)
    out += pool_figures(organisation=organisation, exact=exact)
    for review in TalentReview.objects.filter(organisation=organisation, as_of__lte=as_of):
        people = measures.review_people(review)
        figures = measures.review_figures(review, exact_grid=exact)
        out += review_audit_figures(
            people=people, figures=figures, system=f"talent review {review.pk}", name=review.name
        )
    return out


def succession_figures(*, organisation: Any, as_of: dt.date, exact: bool) -> list[Figure]:
    """The succession family's cells as figures (released = what this reader is shown)."""
    from mantle.talent import measures
    from mantle.talent.succession_family import family_cells, succession_family

    report = measures.succession_report(organisation=organisation, on=as_of)
    if exact:
        cells, shown, _, _ = family_cells(report)
        return [
            Figure(
                name=f"succession {' '.join(map(str, c))}",
                people=m,
                released=c in shown,
                system=as_of.isoformat(),
            )
            for c, m in cells.items()
        ]
    return succession_family(report).audit_figures(system=as_of.isoformat(), name="succession")


def pool_figures(*, organisation: Any, exact: bool) -> list[Figure]:
    """Each active pool's members, clinician members and pending nominations (today's), as shown
    on the succession dashboard."""
    import datetime as dt

    from mantle.talent import measures
    from mantle.talent.models import PoolMembership
    from mantle.talent.population import clinical_facts_of

    rows = measures.pool_summaries(organisation=organisation)
    shown, _ = (rows, []) if exact else measures.suppress_pool_summaries(rows)
    members: dict[tuple[int, str], set[int]] = {}
    for pool_id, person_id, status in PoolMembership.objects.filter(
        pool__organisation=organisation, pool__is_active=True, status__in=["member", "nominated"]
    ).values_list("pool_id", "person_id", "status"):
        kind = "members" if status == "member" else "pending"
        members.setdefault((pool_id, kind), set()).add(person_id)
    everyone = {p for (_, kind), ps in members.items() if kind == "members" for p in ps}
    facts = clinical_facts_of(organisation=organisation, on=dt.date.today(), person_ids=everyone)
    out: list[Figure] = []
    for row in shown:
        pool = row["id"]
        in_pool = members.get((pool, "members"), set())
        clinicians = {p for p in in_pool if facts.get(p) and facts[p].is_clinician}
        for column, people in (
            ("members", in_pool),
            ("clinician_members", clinicians),
            ("other_members", in_pool - clinicians),
            ("pending", members.get((pool, "pending"), set())),
        ):
            out.append(
                Figure(
                    name=f"pool {pool} {column}",
                    people=frozenset(people),
                    released=column != "other_members" and row.get(column) != "*",
                    system="talent pools",
                )
            )
    return out
