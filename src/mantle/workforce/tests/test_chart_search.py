"""Issue 11: the org-chart search matches holders' names only for readers who may see names.

A reader who may not see names (executive, analyst, line manager) must find nothing by a person's
name that they would not find by post title, job role or position number: otherwise searching a name
shows which post (and unit) that person holds, and joins a suppressed figure to a person.
"""

from __future__ import annotations

from typing import Any

import pytest

from mantle.core.tests.conftest import Trust, trust  # noqa: F401 - the shared small trust

pytestmark = pytest.mark.django_db

TITLES = ("Chief Executive", "Ward Manager", "Staff Nurse")
NAMES = ("Nia", "Nia Nurse", "nurse nia", "Mo Manager", "Cora", "Cora Chief", "Chief")


def _posts_found(client: Any, q: str) -> tuple[int, set[str]]:
    response = client.get("/register/RXA/chart/", {"q": q})
    page = response.content.decode()
    return response.status_code, {title for title in TITLES if f">{title}<" in page}


def _by_title(q: str) -> set[str]:
    return {title for title in TITLES if q.lower() in title.lower()}


@pytest.mark.parametrize("role", ["exec", "analyst", "manager"])
def test_a_name_search_finds_nothing_a_title_search_would_not(
    client: Any,
    trust: Trust,  # noqa: F811
    role: str,
) -> None:
    # given a reader who may not see holders' names
    client.force_login(trust.users[role])
    status, _ = _posts_found(client, "")
    for q in NAMES:
        # when they search the chart for a person's name
        got_status, found = _posts_found(client, q)
        # then the answer is what the words would find in titles alone (nothing for a name)
        assert got_status == status
        if status == 200:
            assert found == _by_title(q), (role, q, found)
            page = client.get("/register/RXA/chart/", {"q": q}).content.decode()
            assert ">Nia Nurse<" not in page


def test_hr_still_finds_people_by_name(client: Any, trust: Trust) -> None:  # noqa: F811
    client.force_login(trust.users["hr"])
    status, found = _posts_found(client, "Nia Nurse")
    assert status == 200 and found == {"Staff Nurse"}
    page = client.get("/register/RXA/chart/", {"q": "Nia Nurse"}).content.decode()
    assert ">Nia Nurse<" in page
