"""Issue 11, attack 7, on talent forms and API bodies that name a person: someone the reader may not
see answers exactly as an id that does not exist (the page walk covers ids in paths)."""

from __future__ import annotations

import pytest
from django.test import Client

from mantle.core.testing.factories import make_person
from mantle.talent import services

from .conftest import AS_OF, Trust

pytestmark = pytest.mark.django_db


def test_proposing_someone_hidden_answers_like_someone_missing(
    client: Client, trust: Trust
) -> None:
    # given a review the line manager takes part in, and a person in another trust
    review = services.review_create(
        actor=trust.actor("hr"),
        organisation=trust.org,
        name="Surgery 2025",
        population_kind="unit",
        population_value="Trust/Surgery",
        as_of=AS_OF,
        panel=[(trust.users["carol"], "chair")],
    )
    stranger = make_person(organisation=trust.other, first_name="Sid", last_name="Stranger")
    client.force_login(trust.users["dina"])
    form = {"performance": 2, "potential": 2, "rationale": "x"}
    # when she proposes them by the page and by the API, and an id that does not exist
    page_hidden = client.post(
        f"/talent/reviews/{review.pk}/propose/", form | {"person": stranger.pk}
    )
    page_missing = client.post(
        f"/talent/reviews/{review.pk}/propose/", form | {"person": 987654321}
    )
    api = f"/api/v1/talent/reviews/{review.pk}/placements"
    api_hidden = client.post(
        api, form | {"person_id": stranger.pk}, content_type="application/json"
    )
    api_missing = client.post(api, form | {"person_id": 987654321}, content_type="application/json")
    # then each pair is the same 404
    assert page_hidden.status_code == page_missing.status_code == 404
    assert api_hidden.status_code == api_missing.status_code == 404
    assert api_hidden.json() == api_missing.json()
