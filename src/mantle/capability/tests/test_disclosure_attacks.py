"""Issue 11, attack 1, as an attacker: the capability heatmap by unit at depth 3 minus depth 4 (and
every other table the API gives) must not recover one person's self-assessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from mantle.analytics.disclosure.means import MeanGroup, recoverable_sets
from mantle.capability import services
from mantle.capability.models import SelfAssessment
from mantle.core.testing.factories import OrganisationFactory, UnitFactory, make_user

from .conftest import add_member, full_answers

pytestmark = pytest.mark.django_db


def _assess(member: Any, version: Any, value: int) -> None:
    actor = member.actor
    assessment = services.self_assessment_start(actor=actor, framework_version=version)
    services.self_assessment_save(
        actor=actor, assessment=assessment, answers=full_answers(version.spec(), value=value)
    )
    services.self_assessment_complete(actor=actor, assessment=assessment)
    SelfAssessment.objects.filter(pk=assessment.pk).update(
        completed_at=timezone.now() - dt.timedelta(days=70)
    )


@pytest.fixture
def maternity(frameworks: dict[str, Any]) -> dict[str, Any]:
    """Trust/Women/Maternity with one midwife attached directly to Maternity (scored 1) and four
    teams of six (scored 4); a second division of twelve so the trust has other people."""
    org: Any = OrganisationFactory(code="RMA", name="Maternity Attack Trust")
    trust = UnitFactory(organisation=org, name="Trust", path="Trust")
    women = UnitFactory(organisation=org, name="Women", path="Trust/Women", parent=trust, depth=2)
    mat: Any = UnitFactory(
        organisation=org, name="Maternity", path="Trust/Women/Maternity", parent=women, depth=3
    )
    other: Any = UnitFactory(
        organisation=org, name="Medicine", path="Trust/Medicine", parent=trust, depth=2
    )
    hlm = frameworks["hlm"]
    people: dict[str, list[int]] = {"direct": [], "teams": [], "other": []}
    lone = add_member(org=org, unit=mat, username="lonemidwife", title="Midwife")
    _assess(lone, hlm, 1)
    people["direct"].append(lone.person.pk)
    for t in range(4):
        team: Any = UnitFactory(
            organisation=org,
            name=f"Team {t}",
            path=f"Trust/Women/Maternity/Team {t}",
            parent=mat,
            depth=4,
        )
        for i in range(6):
            m = add_member(org=org, unit=team, username=f"mw{t}_{i}", title="Midwife")
            _assess(m, hlm, 4)
            people["teams"].append(m.person.pk)
    for i in range(12):
        m = add_member(
            org=org, unit=other, username=f"doc{i}", title="Doctor", occupation_code="HAA"
        )
        _assess(m, hlm, 3)
        people["other"].append(m.person.pk)
    return {"org": org, "people": people, "lone": lone}


def _get(client: Client, query: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/capability/organisations/RMA/heatmap?{query}")
    assert response.status_code == 200
    return list(response.json())


def test_depth_three_minus_depth_four_recovers_nothing(
    client: Client, maternity: dict[str, Any]
) -> None:
    # Given an executive, who sees protected aggregates
    client.force_login(make_user(username="boardexec", roles=[("executive", maternity["org"])]))
    # When they take Maternity at depth 3 and its rows at depth 4 (the attack)
    depth3 = _get(client, "by=unit&source=self&depth=3")
    depth4 = _get(client, "by=unit&source=self&depth=4")
    dimension = depth3[0]["dimension"]
    mat3 = next(
        r for r in depth3 if r["group"] == "Trust/Women/Maternity" and r["dimension"] == dimension
    )
    children = [
        r
        for r in depth4
        if r["group"].startswith("Trust/Women/Maternity/") and r["dimension"] == dimension
    ]
    own = next(
        r for r in depth4 if r["group"] == "Trust/Women/Maternity" and r["dimension"] == dimension
    )
    # Then the lone midwife's own row is hidden...
    assert own["mean"] is None and own["people"] == "*"
    # ...the subtraction cannot be done: Maternity's total or a team is hidden as well...
    figures = [mat3, *children]
    assert any(r["mean"] is None for r in figures)
    # ...and no exact number of people is published to multiply the means by
    assert all(r["people"] in ("*", "0") or "–" in r["people"] for r in figures)


def test_no_table_of_the_heatmap_api_pins_down_one_person(
    client: Client, maternity: dict[str, Any]
) -> None:
    # Given an analyst who downloads every table the API offers for the trust
    client.force_login(make_user(username="analyst1", roles=[("analyst", None)]))
    people = maternity["people"]
    teams = people["teams"]
    every = {
        "Trust": set(people["direct"]) | set(teams) | set(people["other"]),
        "Trust/Medicine": set(people["other"]),
        "Trust/Women": set(people["direct"]) | set(teams),
        "Trust/Women/Maternity": set(people["direct"]) | set(teams),
        **{f"Trust/Women/Maternity/Team {t}": set(teams[6 * t : 6 * t + 6]) for t in range(4)},
    }
    direct = {"Trust/Women/Maternity": set(people["direct"])}
    released: list[MeanGroup] = []
    for depth in (1, 2, 3, 4, 5):
        for row in _get(client, f"by=unit&source=self&depth={depth}"):
            if row["mean"] is None or row["dimension"] != "inspiring_shared_purpose":
                continue
            level = row["group"].count("/") + 1
            group = every[row["group"]] if level == depth else direct.get(row["group"])
            group = every[row["group"]] if group is None else group
            released.append(MeanGroup(key=(depth, row["group"]), members=frozenset(group)))
    assert released, "the test must see some figures"
    # When the attacker solves the linear system of every released group sum
    lone = frozenset(people["direct"])
    # Then the lone midwife's score is not determined, nor any team of fewer than five
    assert recoverable_sets(released, [lone]) == []
