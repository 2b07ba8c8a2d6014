"""Fairness monitoring: hand-checked rates and relative likelihoods, disclosure control checked by
the auditor, and the page's scoping."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mantle.analytics.disclosure import Figure, audit
from mantle.opportunities.fairness import PersonFacts, fairness_report


def _people(n_men: int, n_women: int) -> list[PersonFacts]:
    out = []
    for i in range(n_men + n_women):
        out.append(
            PersonFacts(
                person_id=i,
                band="Band 5" if i % 2 else "Band 6",
                profession="nursing_midwifery",
                clinician="focus",
                sex="reference" if i < n_men else "focus",
                ethnicity="reference",
                disability="unknown",
            )
        )
    return out


def _row(report: Any, key: str, group: str) -> dict[str, Any]:
    table = next(t for t in report.tables if t.key == key)
    return next(r for r in table.rows if r["group"] == group)


def test_wres_relative_likelihood_by_hand() -> None:
    # 40 men, 60 women; 20 men and 15 women apply; 10 men and 5 women are selected.
    people = _people(40, 60)
    applied = set(range(20)) | set(range(40, 55))
    selected = set(range(10)) | set(range(40, 45))
    report = fairness_report(
        people=people, applied=applied, selected=selected, completed=set(), threshold=5, exact=True
    )
    men, women = _row(report, "sex", "reference"), _row(report, "sex", "focus")
    assert (men["staff"], men["applied"], men["selected"]) == (40, 20, 10)
    assert men["application_rate"] == pytest.approx(0.5)
    assert women["application_rate"] == pytest.approx(0.25)
    # men's rate ÷ women's rate: 0.5 ÷ 0.25 = 2.00 (women half as likely to apply)
    assert women["application_rate_rl"] == pytest.approx(2.0)
    # selection: men 10/20 = 0.5, women 5/15 = 1/3 → 1.5
    assert women["selection_rate_rl"] == pytest.approx(1.5)
    assert men["application_rate_rl"] is None
    # band: everyone else ÷ the band. Band 6 (even ids): 50 staff
    band6 = _row(report, "band", "Band 6")
    assert band6["staff"] == 50
    assert report.totals == {"staff": 100, "applied": 35, "selected": 15, "completed": 0}


def test_small_groups_are_hidden_and_rates_with_them() -> None:
    people = _people(40, 60)
    applied = set(range(20)) | {40, 41}
    report = fairness_report(
        people=people, applied=applied, selected={0, 40}, completed=set(), threshold=5, exact=False
    )
    women = _row(report, "sex", "focus")
    assert women["applied"] == "*"
    assert women["application_rate"] == "*" and women["application_rate_rl"] == "*"
    assert report.footnotes


@settings(max_examples=12, deadline=None)
@given(
    seed=st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), min_size=30, max_size=60),
    sexes=st.lists(st.sampled_from(["reference", "focus", "unknown"]), min_size=60, max_size=60),
)
def test_no_protected_count_can_be_pinned_down(
    seed: list[tuple[bool, bool, bool]], sexes: list[str]
) -> None:
    people = [
        PersonFacts(
            i,
            "Band 5" if i % 3 else "Band 7",
            "pharmacy" if i % 7 == 0 else "none",
            "focus" if i % 2 else "reference",
            sexes[i],
            "reference",
            "focus" if i % 5 == 0 else "reference",
        )
        for i in range(len(seed))
    ]
    applied = {i for i, (a, _s, _c) in enumerate(seed) if a}
    selected = {i for i, (a, s, _c) in enumerate(seed) if a and s}
    completed = {i for i, (a, s, c) in enumerate(seed) if a and s and c}
    report = fairness_report(
        people=people,
        applied=applied,
        selected=selected,
        completed=completed,
        threshold=5,
        exact=False,
    )
    stage_sets = {
        "staff": {p.person_id for p in people},
        "applied": applied,
        "selected": selected,
        "completed": completed,
    }
    figures = [
        Figure(
            name=("all", s),
            people=frozenset(stage_sets[s]),
            released=report.totals[s] != "*",
            system="",
        )
        for s in stage_sets
    ]
    for table in report.tables:
        for row in table.rows:
            members = {p.person_id for p in people if getattr(p, table.key) == row["group"]}
            for s in stage_sets:
                figures.append(
                    Figure(
                        name=str((table.key, row["group"], s)),
                        people=frozenset(members & stage_sets[s]),
                        released=row[s] != "*",
                        system="",
                    )
                )
    assert audit(figures, threshold=5, integer=False)["violations"] == []


@pytest.mark.django_db
def test_the_auditor_checks_the_fairness_page(trust: Any) -> None:
    from django.utils import timezone

    from mantle.divide.disclosure_audit import disclosure_audit
    from mantle.opportunities import services

    from .conftest import make_opportunity

    opp = make_opportunity(trust, places=2)
    for nurse in trust.nurses:
        services.application_submit(actor=nurse.actor, opportunity=opp, statement="Me")
    for role in ("executive", "analyst"):
        summary = disclosure_audit(
            org=trust.org,
            as_of=timezone.localdate(),
            role=role,
            threshold=5,
            only={"opportunities"},
        )
        assert summary["violations"] == [] and summary["protected_cells"] > 0
