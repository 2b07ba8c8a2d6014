"""Every talent figure a reader can obtain, as the auditor's figures (``mantle disclosure-audit``).

Each figure is the set of people it counts and whether this reader sees it (``*`` = not): the
9-box grids of both stages and the equality views of every review of the organisation. The auditor
(``mantle.analytics.disclosure.audit``) then solves for the feasible range of every small count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from mantle.analytics.disclosure import Figure
from mantle.analytics.suppression import SUPPRESSED
from mantle.talent.disclosure import STAGES, TOP_ROW, PlacedPerson, ReviewFigures
from mantle.talent.rules.equality import CHARACTERISTICS, group_of

_GROUPS = ("reference", "focus", "unknown")


def review_audit_figures(
    *, people: Sequence[PlacedPerson], figures: ReviewFigures, system: str, name: str
) -> list[Figure]:
    """The figures of one review's results page (and its API and CSV), with what is released."""
    everyone = frozenset(p.person_id for p in people)
    out: list[Figure] = []

    def add(label: str, members: Iterable[int], value: Any) -> None:
        out.append(
            Figure(
                name=f"{name} {label}",
                people=frozenset(members),
                released=value != SUPPRESSED,
                system=system,
            )
        )

    for s in STAGES:
        grid = figures.grid[s]
        add(f"{s} total", everyone, grid["total"])
        for b in range(1, 10):
            add(f"{s} box {b}", (p.person_id for p in people if p.boxes[s] == b), grid[f"box_{b}"])
        top = {p.person_id for p in people if p.boxes[s] in TOP_ROW}
        for row, ch in zip(figures.equality[s], CHARACTERISTICS, strict=True):
            add(f"{s} {ch.key} total_placed", top, row["total_placed"])
            for g in _GROUPS:
                members = {p.person_id for p in people if group_of(ch.key, p.outcome) == g}
                add(f"{ch.key} {g}_people ({s} table)", members, row[f"{g}_people"])
                add(f"{s} {ch.key} {g}_placed", members & top, row[f"{g}_placed"])
    return out


def organisation_figures(*, organisation: Any, as_of: dt.date, actor: Any) -> list[Figure]:
    """Every talent review figure of ``organisation`` that ``actor`` can obtain (reviews dated on
    or before ``as_of``), one system per review."""
    from mantle.talent import measures
    from mantle.talent.models import TalentReview

    exact = bool(actor.sees_unsuppressed(organisation.code))
    out: list[Figure] = []
    for review in TalentReview.objects.filter(organisation=organisation, as_of__lte=as_of):
        people = measures.review_people(review)
        figures = measures.review_figures(review, exact_grid=exact)
        out += review_audit_figures(
            people=people, figures=figures, system=f"talent review {review.pk}", name=review.name
        )
    return out
