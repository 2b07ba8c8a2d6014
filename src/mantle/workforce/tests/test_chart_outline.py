"""Issue 12: a large organisation's org chart is an outline of units with their post and vacancy
counts, each unit's posts listed when it is opened, so the page costs the same whatever the size of
the trust (every post of a 15,000-post trust rendered in seconds)."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mantle.core.testing.factories import UnitFactory, make_assignment, make_person, make_post
from mantle.core.tests.conftest import Trust, trust  # noqa: F401 - the shared small trust
from mantle.workforce import selectors
from mantle.workforce.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(trust: Trust, monkeypatch: Any) -> Trust:  # noqa: F811
    """The small trust with a Surgery unit (two filled posts, one vacant) under Medicine, and the
    outline threshold lowered so it counts as large."""
    surgery = cast(
        Unit,
        UnitFactory(
            organisation=trust.org,
            name="Surgery",
            path="Medicine/Surgery",
            parent=trust.nurse_post.versions.get().unit,
            depth=2,
        ),
    )
    for first in ("Sue", "Sid"):
        post = make_post(organisation=trust.org, title="Theatre Nurse", unit=surgery)
        make_assignment(
            person=make_person(organisation=trust.org, first_name=first, last_name="Surgeon"),
            post=post,
        )
    make_post(organisation=trust.org, title="Theatre Manager", unit=surgery)
    monkeypatch.setattr(selectors, "CHART_FULL_LIMIT", 2)
    return trust


def test_a_large_chart_is_an_outline_until_a_unit_is_opened(client: Any, large: Trust) -> None:
    client.force_login(large.users["hr"])

    # when HR opens the chart, units carry their counts and a link to their posts, but no posts
    page = client.get("/register/RXA/chart/").content.decode()
    assert "(6 posts, 1 vacant)" in page and "(3 posts, 1 vacant)" in page
    assert "Show the 3 posts in Surgery" in page and "Show the 3 posts in Medicine" in page
    assert "Theatre Nurse" not in page and "Nia Nurse" not in page

    # when Surgery is opened, its posts and holders are listed, and Medicine's own are not
    opened = client.get("/register/RXA/chart/", {"unit": "Medicine/Surgery"}).content.decode()
    assert opened.count(">Theatre Nurse<") == 2 and "Sue Surgeon" in opened
    assert "Theatre Manager" in opened and "Vacant" in opened
    assert "Nia Nurse" not in opened and "Show the 3 posts in Medicine" in opened


def test_executives_see_an_opened_unit_without_names(client: Any, large: Trust) -> None:
    client.force_login(large.users["exec"])
    opened = client.get("/register/RXA/chart/", {"unit": "Medicine/Surgery"}).content.decode()
    assert ">Theatre Nurse<" in opened and "filled (1)" in opened
    assert "Sue Surgeon" not in opened


def test_the_outline_reads_the_same_number_of_times_whatever_its_size(
    client: Any, large: Trust
) -> None:
    client.force_login(large.users["hr"])
    with CaptureQueriesContext(connection) as small:
        client.get("/register/RXA/chart/")
    unit = large.nurse_post.versions.get().unit
    for i in range(10):
        make_assignment(
            person=make_person(organisation=large.org, first_name="New", last_name=f"Starter{i}"),
            post=make_post(organisation=large.org, title="Healthcare Assistant", unit=unit),
        )
    with CaptureQueriesContext(connection) as bigger:
        page = client.get("/register/RXA/chart/").content.decode()
    assert "(16 posts, 1 vacant)" in page
    assert len(bigger) == len(small)


def test_a_search_still_lists_every_match(client: Any, large: Trust) -> None:
    client.force_login(large.users["hr"])
    page = client.get("/register/RXA/chart/", {"q": "Theatre"}).content.decode()
    assert page.count(">Theatre Nurse<") == 2 and "Theatre Manager" in page
