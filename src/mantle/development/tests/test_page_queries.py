"""Query budgets for the development pages people open most (issue 12): a page reads the database a
fixed number of times whatever the size of the team or organisation, so an N+1 cannot come back.

The team compliance page once evaluated each member of a line manager's team with six queries of its
own (8,440 queries, 8 s, for a divisional director of the demo trust)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mantle.core.access import build_actor
from mantle.core.testing.factories import make_assignment, make_person, make_post
from mantle.development import selectors, services
from mantle.development.models import Offering

pytestmark = pytest.mark.django_db

ON = "2024-03-01"


def _add_nurses(trust: Any, count: int, start: int) -> list[Any]:
    """``count`` more staff nurses reporting to Wendy's ward manager post."""
    people = []
    for i in range(start, start + count):
        post = make_post(
            organisation=trust.org,
            title="Staff Nurse",
            job_role="Staff Nurse",
            unit=trust.posts["nurse1"].versions.get().unit,
            reports_to=trust.posts["ward"],
        )
        person = make_person(organisation=trust.org, first_name="Team", last_name=f"Member{i:03d}")
        make_assignment(person=person, post=post, start=dt.date(2020, 1, 1))
        people.append(person)
    return people


@pytest.fixture
def nurse_requirement(trust: Any) -> Any:
    certificate = Offering.objects.create(
        code="care-cert",
        name="Care Certificate",
        provider="Skills for Care",
        kind="qualification",
        category="award",
    )
    return services.requirement_save(
        actor=build_actor(trust.users["hr"]),
        organisation=trust.org,
        name="Care Certificate",
        offerings=[certificate],
        job_role="staff nurse",
    )


def test_team_compliance_page_reads_a_fixed_number_of_times(
    client: Any, trust: Any, nurse_requirement: Any, django_assert_max_num_queries: Any
):
    # given Wendy's team of 2 nurses with a requirement they have not met
    _add_nurses(trust, 2, start=0)
    client.force_login(trust.users["manager"])
    url = f"/development/compliance/?as_of={ON}"
    with CaptureQueriesContext(connection) as small:
        first = client.get(url)
    assert first.status_code == 200

    # when her team grows to 14
    _add_nurses(trust, 12, start=2)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)

    # then every member is listed, read with the same number of queries as for two
    body = page.content.decode()
    assert body.count("Member0") == 14
    assert len(large) == len(small)
    with django_assert_max_num_queries(20):
        client.get(url)


def test_batched_evaluation_agrees_with_one_person_at_a_time(trust: Any, nurse_requirement: Any):
    # given nurses and a ward manager with requirements in force
    team = [*_add_nurses(trust, 3, start=0), trust.people["ward"], trust.people["ceo"]]
    on = dt.date(2024, 3, 1)

    # when they are evaluated together and one by one
    together = selectors.evaluations_for_people(person_ids=[p.pk for p in team], on=on)

    # then each person's evaluations are the same either way (people with none are left out)
    for person in team:
        alone = selectors.evaluations_for_person(person=person, on=on)
        assert together.get(person.pk, []) == alone
    assert together[team[0].pk][0].status.value == "gap"
    assert trust.people["ceo"].pk not in together


@pytest.mark.parametrize("username", ["hr", "viewer"])
def test_organisation_compliance_page_and_api_read_a_fixed_number_of_times(
    client: Any, trust: Any, nurse_requirement: Any, username: str
):
    # given 2 nurses with a requirement, then 14
    _add_nurses(trust, 2, start=0)
    client.force_login(trust.users[username])
    page_url = f"/development/compliance/?org=RXA&as_of={ON}"
    api_url = f"/api/v1/development/organisations/RXA/compliance?as_of={ON}"
    client.get(page_url), client.get(api_url)  # warm caches and the disclosure pattern
    with CaptureQueriesContext(connection) as small_page:
        assert client.get(page_url).status_code == 200
    with CaptureQueriesContext(connection) as small_api:
        assert client.get(api_url).status_code == 200
    _add_nurses(trust, 12, start=2)
    client.get(page_url)
    with CaptureQueriesContext(connection) as large_page:
        assert client.get(page_url).status_code == 200
    with CaptureQueriesContext(connection) as large_api:
        assert client.get(api_url).status_code == 200

    # then seven times the people cost no more queries, on the page or through the API
    assert len(large_page) == len(small_page)
    assert len(large_api) == len(small_api)
