"""Issue 13 item 18: the divide table explains posts and holders next to the figures (why a tier
can have far more holders than posts)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mantle.core.tests.conftest import trust  # noqa: F401 (the shared small-trust fixture)


@pytest.mark.django_db
def test_the_tier_table_says_what_posts_and_holders_are(trust: Any) -> None:  # noqa: F811
    client = Client()
    client.force_login(trust.users["exec"])
    page = client.get("/divide/?org=RXA").content.decode()
    note = page.split('id="tier-table-note"')[1].split("</p>")[0]
    assert "can be held by several people at once" in note
    assert 'aria-describedby="tier-table-note"' in page


@pytest.mark.django_db
def test_a_units_headline_says_which_workforce_the_gap_compares_with(trust: Any) -> None:  # noqa: F811
    client = Client()
    client.force_login(trust.users["exec"])
    page = client.get("/divide/?org=RXA&unit=Medicine").content.decode()
    assert "Alpha Hospitals NHS Trust's whole workforce are clinicians" in page
    assert "Against Medicine's own workforce" in page
    whole = client.get("/divide/?org=RXA").content.decode()
    assert "own workforce" not in whole
    assert "against Alpha Hospitals NHS Trust's whole workforce)</th>" in whole
