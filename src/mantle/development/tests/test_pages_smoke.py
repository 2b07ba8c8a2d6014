"""Every development page answers for the roles that use it (a quick guard against broken templates)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    ("nurse", "/development/"),
    ("nurse", "/development/catalogue/"),
    ("nurse", "/development/holdings/new/"),
    ("hr", "/development/"),
    ("hr", "/development/catalogue/new/?org=RXA"),
    ("hr", "/development/enrolments/?org=RXA"),
    ("hr", "/development/requirements/?org=RXA"),
    ("hr", "/development/compliance/?org=RXA"),
    ("hr", "/development/conversion/?org=RXA"),
    ("viewer", "/development/compliance/?org=RXA"),
    ("viewer", "/development/conversion/?org=RXA"),
    ("manager", "/development/compliance/"),
    ("chair", "/development/fppt/?org=RXA"),
    ("secretary", "/development/fppt/?org=RXA"),
    ("secretary", "/development/fppt/references/new/?org=RXA"),
]


@pytest.mark.parametrize(("who", "path"), PAGES)
def test_page_renders_for_its_role(client: Any, trust: Any, who: str, path: str) -> None:
    # given a signed-in user with the role the page is for
    client.force_login(trust.users[who])

    # when they open it
    response = client.get(path)

    # then it renders with one h1
    assert response.status_code == 200, response.content[:2000]
    assert response.content.decode().count("<h1") == 1
