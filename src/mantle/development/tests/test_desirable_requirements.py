"""Issue 13 item 18: a desirable requirement that is not met is not shown as a red "Not met"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mantle.core.access import build_actor
from mantle.development import services
from mantle.development.models import Offering, Requirement

pytestmark = pytest.mark.django_db


def test_an_unmet_desirable_requirement_is_grey_and_says_desirable(trust: Any) -> None:
    # Given Wendy the ward manager, without either award: one required, one desirable
    hr = build_actor(trust.users["hr"])
    for code, strength in (("ilm-3", "required"), ("ilm-5", "desirable")):
        offering = Offering.objects.create(
            code=code, name=f"Award {code}", provider="ILM", kind="qualification", category="award"
        )
        services.requirement_save(
            actor=hr,
            organisation=trust.org,
            name=f"{strength.title()} award",
            offerings=[offering],
            strength=Requirement.Strength(strength),
            job_role="ward manager",
            grace_days=0,
        )

    # When she opens her development record
    client = Client()
    client.force_login(trust.users["manager"])
    page = client.get("/development/").content.decode()

    # Then the required one is a red gap and the desirable one a grey "not held (desirable)"
    assert page.count("nhsuk-tag--red") == 1
    assert "Not held (desirable)" in page
