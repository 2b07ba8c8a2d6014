"""Query budgets for the talent pages people open most (issue 12), and the narrowed clinician lookup
they rely on: a review's equality figures read only the reviewed people's rows of the register (the
whole organisation's was 3.9 s on the demo trust), and agree with reading the whole organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mantle.core.testing.factories import make_assignment, make_person, make_post
from mantle.talent import services
from mantle.talent.access import managed_person_ids
from mantle.talent.population import clinical_facts, clinical_facts_of

from .conftest import AS_OF, Trust

pytestmark = pytest.mark.django_db


def test_clinical_facts_for_some_people_agree_with_the_whole_organisation(trust: Trust) -> None:
    # given the trust's clinicians and non-clinicians
    everyone = clinical_facts(organisation=trust.org, on=AS_OF)
    some = {trust.people[k].pk for k in ("mo", "fran", "nia")}

    # when only some of them are asked for
    narrowed = clinical_facts_of(organisation=trust.org, on=AS_OF, person_ids=some)

    # then those people's facts are the same, and nobody else is read
    assert set(narrowed) == some
    assert all(narrowed[pk] == everyone[pk] for pk in some)
    assert narrowed[trust.people["mo"].pk].is_clinician
    assert not narrowed[trust.people["fran"].pk].is_clinician
    assert clinical_facts_of(organisation=trust.org, on=AS_OF, person_ids=set()) == {}


def _review_with(trust: Trust, extra: int) -> Any:
    """A review of the Surgery population with ``extra`` more nurses placed in it."""
    unit = trust.posts["sister"].versions.get().unit
    people = [trust.people["nia"]]
    for i in range(extra):
        post = make_post(
            organisation=trust.org, title="Staff Nurse", unit=unit, reports_to=trust.posts["cd"]
        )
        person = make_person(organisation=trust.org, first_name="Extra", last_name=f"Nurse{i}")
        make_assignment(person=person, post=post, start=dt.date(2020, 1, 1))
        people.append(person)
    review = services.review_create(
        actor=trust.actor("hr"),
        organisation=trust.org,
        name=f"Surgery {extra}",
        population_kind="unit",
        population_value="Trust/Surgery",
        as_of=AS_OF,
        panel=[(trust.users["carol"], "chair")],
    )
    for person in people:
        services.placement_propose(
            actor=trust.actor("dina"),
            review=review,
            person=person,
            performance=2,
            potential=3,
            rationale="Ready for more",
        )
    return review


def test_review_results_page_reads_a_fixed_number_of_times(
    client: Client, trust: Trust, django_assert_max_num_queries: Any
) -> None:
    # given a review with one placement and another with twelve
    small = _review_with(trust, 0)
    large = _review_with(trust, 11)
    client.force_login(trust.users["hr"])
    client.get(f"/talent/reviews/{small.pk}/results/")  # warm start-up caches

    # when HR opens each review's results
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/talent/reviews/{small.pk}/results/").status_code == 200
    with CaptureQueriesContext(connection) as twelve:
        assert client.get(f"/talent/reviews/{large.pk}/results/").status_code == 200

    # then the larger review costs no more queries
    assert len(twelve) == len(one)
    with django_assert_max_num_queries(25):
        client.get(f"/talent/reviews/{large.pk}/results/")


def test_a_large_team_is_listed_a_page_at_a_time(client: Client, trust: Trust) -> None:
    # given Dina manages the Surgery chain and 55 more nurses
    unit = trust.posts["sister"].versions.get().unit
    for i in range(55):
        post = make_post(
            organisation=trust.org, title="Staff Nurse", unit=unit, reports_to=trust.posts["cd"]
        )
        person = make_person(organisation=trust.org, first_name="Team", last_name=f"Nurse{i:02d}")
        make_assignment(person=person, post=post, start=dt.date(2020, 1, 1))
    client.force_login(trust.users["dina"])

    # when she opens her talent conversations, then the next page
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get("/talent/conversations/").content.decode()
    with CaptureQueriesContext(connection) as second_queries:
        second = client.get("/talent/conversations/?page=2").content.decode()

    # then 50 people are on the first page, the rest on the second, each read the same way
    listed = first.count("Record a conversation<span") + second.count("Record a conversation<span")
    assert first.count("Record a conversation<span") == 50
    assert listed == len(managed_person_ids(trust.actor("dina"), on=dt.date.today())) >= 55
    assert "page 1 of 2" in first and 'href="?page=2"' in first
    assert "Nurse54" in second and "Nurse54" not in first
    assert len(second_queries) == len(first_queries)
