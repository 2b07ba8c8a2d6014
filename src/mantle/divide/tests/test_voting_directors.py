"""Issue 13 item 6: the board line counts the chief executive and *voting* executive directors
(divide-metrics); a non-voting executive director (here a chief operating officer) is measured
with senior management. Also item 4 end to end: a clinician director whose other post is
administrative is not a hybrid."""

from __future__ import annotations

import datetime as dt

import pytest

from mantle.core.testing.factories import (
    OrganisationFactory,
    UnitFactory,
    make_assignment,
    make_person,
    make_post,
    make_registration,
)
from mantle.divide import services
from mantle.workforce.models import PostVersion

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 3, 31)


def test_a_non_voting_executive_director_is_not_on_the_board_line() -> None:
    # Given a chief executive, a voting medical director and a non-voting chief operating officer
    org = OrganisationFactory(code="RXV", name="Vale NHS Trust")
    board = UnitFactory(organisation=org, name="Board", path="Board")
    ceo = make_post(
        organisation=org,
        title="Chief Executive",
        tier="board_executive",
        unit=board,
        occupation_code="G0A",
    )
    md = make_post(
        organisation=org,
        title="Medical Director",
        tier="board_executive",
        unit=board,
        occupation_code="201",
        statutory_clinical=True,
    )
    coo = make_post(
        organisation=org,
        title="Chief Operating Officer",
        tier="board_executive",
        unit=board,
        occupation_code="G0A",
    )
    PostVersion.objects.filter(post=coo).update(voting=False)
    doctor = make_person(organisation=org, first_name="Mo", last_name="Doctor")
    make_registration(person=doctor, body="GMC", number="1234567", start=dt.date(2000, 1, 1))
    for post, name in ((ceo, "Cy"), (coo, "Oz")):
        make_assignment(person=make_person(organisation=org, first_name=name), post=post)
    make_assignment(person=doctor, post=md)

    # When the divide is measured
    report = services.divide_report(org=org, on=ON, suppress=False)

    # Then the board executive line has two posts and holders (the COO is senior management)
    executive = report["tiers"]["board_executive"]
    assert (executive["posts"], executive["holders"], executive["clinician_holders"]) == (2, 2, 1)
    assert executive["clinician_share"] == 0.5
    assert report["tiers"]["senior"]["holders"] == 1
    assert report["aggregates"]["board"]["holders"] == 2
    assert report["aggregates"]["senior_management"]["holders"] == 3


def test_an_administrative_second_post_does_not_make_a_director_hybrid() -> None:
    # Given two clinical directors (doctors): one also a consultant, one also in a clerical post
    org = OrganisationFactory(code="RXH", name="Hybrid NHS Trust")
    unit = UnitFactory(organisation=org, name="Medicine", path="Medicine")
    people = []
    for i, second_code in enumerate(("201", "G2A")):
        director = make_post(
            organisation=org,
            title="Clinical Director",
            tier="senior",
            unit=unit,
            occupation_code="201",
        )
        second = make_post(
            organisation=org, title="Second post", unit=unit, occupation_code=second_code
        )
        person = make_person(organisation=org, first_name=f"D{i}")
        make_registration(person=person, body="GMC", number=f"123456{i}", start=dt.date(2000, 1, 1))
        make_assignment(person=person, post=director, fte=0.2)
        make_assignment(person=person, post=second, fte=0.8)
        people.append(person)

    # When measured
    senior = services.divide_report(org=org, on=ON, suppress=False)["tiers"]["senior"]

    # Then only the consultant is a hybrid
    assert (senior["clinician_holders"], senior["hybrid_holders"]) == (2, 1)


def test_the_demo_marks_people_and_strategy_directors_non_voting() -> None:
    from mantle.demo.services import demo_board_voting_set

    org = OrganisationFactory(code="RXD", name="Demo NHS Trust")
    board = UnitFactory(organisation=org, name="Board", path="Board")
    roles = ("Chief Executive", "Director of People", "Director of Strategy", "Finance Director")
    posts = {
        role: make_post(
            organisation=org, title=role, job_role=role, tier="board_executive", unit=board
        )
        for role in roles
    }
    assert demo_board_voting_set(org=org) == 2
    voting = dict(PostVersion.objects.filter(organisation=org).values_list("post_id", "voting"))
    assert [voting[posts[r].pk] for r in roles] == [True, False, False, True]
