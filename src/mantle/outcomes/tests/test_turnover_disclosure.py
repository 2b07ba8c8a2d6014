"""Turnover per unit survives the disclosure auditor: every figure a reader gets (released turnover
counts, and the divide's headcounts on the start date) leaves every hidden count a range of at least
3 people."""

from __future__ import annotations

import datetime as dt

import pytest

from mantle.analytics.disclosure import Figure, audit
from mantle.core.testing.factories import UnitFactory, make_assignment, make_person, make_post
from mantle.divide.family import families
from mantle.outcomes.selectors import TURNOVER, turnover_long, year_before
from mantle.workforce.models import Organisation

pytestmark = pytest.mark.django_db
END = dt.date(2026, 12, 31)
WARDS = {  # unit path: (people in post a year before, of whom left)
    "Medicine/Ward A": (12, 5),
    "Medicine/Ward B": (3, 1),
    "Medicine/Ward C": (9, 4),
    "Surgery/Theatres": (14, 6),
    "Surgery/Ward D": (6, 2),
}


def test_released_turnover_never_pins_a_small_group() -> None:
    org = Organisation.objects.create(code="RXT", name="Turnover Trust", org_type="acute")
    for top in ("Medicine", "Surgery"):
        UnitFactory(organisation=org, name=top, path=top, depth=1)
    start_people: dict[str, set[int]] = {}
    gone: set[int] = set()
    for path, (count, leaving) in WARDS.items():
        unit = UnitFactory(organisation=org, name=path.split("/")[1], path=path, depth=2)
        for i in range(count):
            person = make_person(organisation=org)
            post = make_post(organisation=org, unit=unit, title=f"Nurse {i}")
            left = i < leaving
            make_assignment(
                person=person,
                post=post,
                start=dt.date(2020, 1, 1),
                end=dt.date(2026, 6, 30) if left else None,
            )
            start_people.setdefault(path, set()).add(person.pk)
            if left:
                gone.add(person.pk)
    members = dict(start_people)
    for top in ("Medicine", "Surgery"):
        members[top] = set().union(*(p for k, p in start_people.items() if k.startswith(top + "/")))
    members[""] = set().union(*start_people.values())

    shown = turnover_long(org=org, dates=[END], suppress=True, units=True)
    exact = turnover_long(org=org, dates=[END], suppress=False, units=True)
    released = set(shown["unit_path"].to_list())
    assert {r["measure"] for r in exact.iter_rows(named=True)} == {TURNOVER}
    assert exact.height == len(members) and 0 < len(released) < len(members)
    assert "Medicine/Ward B" not in released  # 1 leaver of 3

    divide = families(org=org, dates=[year_before(END)])[year_before(END)]
    figures = []
    for node, people in members.items():
        figures += [
            Figure(f"start {node}", frozenset(people), node in released),
            Figure(f"leavers {node}", frozenset(people & gone), node in released),
            Figure(
                f"divide headcount {node}",
                frozenset(people),
                "workforce__headcount" not in divide.hidden_in(node),
            ),
        ]
    report = audit(figures, threshold=5)
    assert report["violations"] == [], report["violations"]
