"""Issue 11, attack 7, on the FPPT "open one record" form: a person or reviewer from another
organisation answers exactly as an id that does not exist."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mantle.core.testing.factories import make_person, make_user

from .conftest import Trust

pytestmark = pytest.mark.django_db


def test_someone_from_another_organisation_answers_like_a_missing_id(
    client: Client, trust: Trust
) -> None:
    # given a board member's colleague in another trust, with an account there
    stranger = make_person(organisation=trust.other, first_name="Sid", last_name="Stranger")
    stranger_user = make_user(username="stranger", roles=[("staff", trust.other)], person=stranger)
    client.force_login(trust.users["secretary"])
    url = f"/development/fppt/open-one/?org={trust.org.code}"
    reviewer = trust.users["chair"].pk

    def post(person: Any, reviewer_id: Any) -> Any:
        return client.post(url, {"person": person, "reviewer": reviewer_id, "org": trust.org.code})

    # when the company secretary names them, and an id that does not exist
    hidden = post(stranger.pk, reviewer)
    missing = post(987654321, reviewer)
    hidden_reviewer = post(trust.people["ned"].pk, stranger_user.pk)
    missing_reviewer = post(trust.people["ned"].pk, 987654321)
    # then every answer is the same 404
    assert hidden.status_code == missing.status_code == 404
    assert hidden_reviewer.status_code == missing_reviewer.status_code == 404
