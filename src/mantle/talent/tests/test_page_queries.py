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


def _critical_posts_with_plans(trust: Trust, count: int, start: int) -> None:
    """``count`` more critical senior posts in Surgery, each held, with a plan and two nominations
    (one ready now, one ready in 1–2 years)."""
    unit = trust.posts["sister"].versions.get().unit
    hr = trust.actor("hr")
    for i in range(start, start + count):
        post = make_post(
            organisation=trust.org,
            title=f"Lead {i}",
            unit=unit,
            tier="senior",
            critical=True,
            reports_to=trust.posts["cd"],
        )
        holder = make_person(organisation=trust.org, first_name="Lead", last_name=f"Holder{i}")
        make_assignment(person=holder, post=post, start=dt.date(2020, 1, 1))
        plan = services.plan_create(actor=hr, post=post, next_review_on=dt.date(2027, 1, 1))
        for k, readiness in enumerate(("ready_now", "ready_1_2_years")):
            person = make_person(
                organisation=trust.org, first_name="Next", last_name=f"Successor{i}x{k}"
            )
            make_assignment(
                person=person,
                post=make_post(organisation=trust.org, unit=unit, reports_to=post),
                start=dt.date(2020, 1, 1),
            )
            services.candidate_add(
                actor=hr,
                plan=plan,
                person=person,
                readiness=readiness,
                added_on=dt.date(2025, 1, 1),
            )


@pytest.mark.parametrize("username", ["hr", "exec"])
def test_succession_dashboard_reads_a_fixed_number_of_times(
    client: Client, trust: Trust, username: str, django_assert_max_num_queries: Any
) -> None:
    # given two critical posts with plans, then twelve
    _critical_posts_with_plans(trust, 2, start=0)
    client.force_login(trust.users[username])
    url = f"/talent/succession/?org=RXX&as_of={AS_OF.isoformat()}"
    client.get(url)  # warm start-up caches and the disclosure pattern
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _critical_posts_with_plans(trust, 10, start=2)
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)

    # then the page with six times the posts and nominations reads the database as often
    assert page.status_code == 200 and "Bench strength by unit" in page.content.decode()
    assert len(large) == len(small)
    with django_assert_max_num_queries(40):
        client.get(url, HTTP_HX_REQUEST="true")


def test_plan_page_searches_instead_of_listing_everyone(client: Client, trust: Trust) -> None:
    # given a plan in a trust that grows by 30 people
    _critical_posts_with_plans(trust, 1, start=0)
    from mantle.talent.models import SuccessionPlan

    plan = SuccessionPlan.objects.get(post__versions__title="Lead 0")
    client.force_login(trust.users["hr"])
    url = f"/talent/succession/plans/{plan.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        before = client.get(url).content.decode()
    for i in range(30):
        make_person(organisation=trust.org, first_name="Grown", last_name=f"Staff{i:02d}")
    with CaptureQueriesContext(connection) as large:
        after = client.get(url).content.decode()

    # then nobody is listed until a search, and the page reads the database as often
    assert "Staff00" not in after and 'name="person"' not in before
    assert len(large) == len(small)
    # when HR searches (without JavaScript: the form's GET), then matches are offered as choices
    found = client.get(url, {"q": "grown staff0"}).content.decode()
    assert found.count('name="person"') == 10 and "Grown Staff09" in found
    # and an htmx search answers with the results alone
    partial = client.get(url, {"q": "Staff29"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Grown Staff29" in partial and "<h1" not in partial
    # and nominating someone from another organisation is refused with a clear message
    response = client.post(
        f"/talent/succession/plans/{plan.pk}/candidates/",
        {"person": trust.people["sam"].pk + 10_000, "readiness": "ready_now", "rank": 1},
        follow=True,
    )
    assert "Choose a person employed by this organisation" in response.content.decode()
