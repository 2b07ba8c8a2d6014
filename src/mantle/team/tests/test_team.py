"""My team: who is in it, what each row says, and a query count that does not grow with the team."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mantle.core.audit import AuditEvent
from mantle.core.testing.factories import make_assignment, make_person, make_post, make_user
from mantle.team.selectors import team_for

from .conftest import Trust

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_director_sees_direct_and_indirect_reports_with_their_posts(trust: Trust) -> None:
    # given Carol, the chief executive (a director and line manager)
    # when she opens My team
    team = team_for(trust.actor("carol"), on=dt.date.today())
    # then everyone in her line is there, marked direct or indirect
    line = {m.name: m.direct for m in team.members}
    assert team.director
    assert line == {
        "Mo Medic": True,
        "Fran Finance": True,
        "Dina Director": False,
        "Sam Surgeon": False,
        "Nia Nurse": False,
    }
    mo = next(m for m in team.members if m.name == "Mo Medic")
    assert mo.posts == ["Medical Director"] and mo.registrations == ["GMC: Registered"]


def test_a_manager_who_is_not_a_director_sees_direct_reports_only(trust: Trust) -> None:
    # given Nia (ward sister, first-line tier) who line-manages a nurse, who manages a student
    nia = trust.people["nia"]
    staff_post = make_post(
        organisation=trust.org, title="Staff Nurse", tier="none", reports_to=trust.posts["sister"]
    )
    student_post = make_post(
        organisation=trust.org, title="Student Nurse", tier="none", reports_to=staff_post
    )
    nurse = make_person(organisation=trust.org, first_name="Ola", last_name="Nurse")
    student = make_person(organisation=trust.org, first_name="Pia", last_name="Student")
    make_assignment(person=nurse, post=staff_post, start=dt.date(2020, 1, 1))
    make_assignment(person=student, post=student_post, start=dt.date(2020, 1, 1))
    user = make_user(username="nia", roles=[("line_manager", trust.org)], person=nia)
    # when she opens My team
    response = _client(user).get("/team/")
    # then only her direct report is listed, and the read is audited
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ola Nurse" in page and "Pia Student" not in page
    assert AuditEvent.objects.filter(object_type="team", action="view").count() == 1


def test_staff_without_the_line_manager_role_are_refused(trust: Trust) -> None:
    assert _client(trust.users["sam"]).get("/team/").status_code == 403


def test_the_page_reads_the_same_number_of_queries_for_a_bigger_team(trust: Trust) -> None:
    # given Carol's page measured once
    client = _client(trust.users["carol"])
    client.get("/team/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/team/").status_code == 200
    # when ten more people join the line below the clinical director
    for i in range(10):
        post = make_post(
            organisation=trust.org, title=f"Surgeon {i}", tier="none", reports_to=trust.posts["cd"]
        )
        person = make_person(organisation=trust.org, first_name=f"New{i}", last_name="Person")
        make_assignment(person=person, post=post, start=dt.date(2020, 1, 1))
    with CaptureQueriesContext(connection) as big:
        page = client.get("/team/").content.decode()
    # then the page lists them with the same number of queries
    assert "New9 Person" in page
    assert len(big.captured_queries) == len(small.captured_queries)
