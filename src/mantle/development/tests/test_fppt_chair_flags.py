"""Issue 13 item 13: the chair's board view flags low board-framework self-ratings and missing
attestations, instead of showing only a status."""

from __future__ import annotations

from typing import Any

import pytest

from mantle.development import services
from mantle.development.rules.fppt import DECLARATIONS, attestation_flags

from .test_fppt import YEAR, actor, cycles  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

DOMAINS = [("a", "Compassionate leadership"), ("b", "Strategy"), ("c", "Governance")]


def test_rules_flag_low_ratings_unconfirmed_declarations_and_no_attestation() -> None:
    everything = dict.fromkeys(DECLARATIONS, True)
    assert (
        attestation_flags(
            attested=True,
            declarations=everything,
            lcf_ratings=dict.fromkeys("abc", "frequently"),
            domains=DOMAINS,
        )
        == []
    )
    low = attestation_flags(
        attested=True,
        declarations=everything,
        lcf_ratings={"a": "rarely_or_never", "b": "rarely_or_never", "c": "almost_always"},
        domains=DOMAINS,
    )
    assert low == [
        "Rated themself “Rarely or never” on 2 of 3 framework domains: Compassionate "
        "leadership, Strategy."
    ]
    unconfirmed = attestation_flags(
        attested=True,
        declarations={**everything, "good_character": False},
        lcf_ratings=dict.fromkeys("abc", "frequently"),
        domains=DOMAINS,
    )
    assert unconfirmed[0].startswith("1 declaration(s) not confirmed: I am of good character")
    assert attestation_flags(attested=False, declarations={}, lcf_ratings={}, domains=DOMAINS) == [
        "No self-attestation yet."
    ]


def test_the_chair_sees_a_member_who_rates_themself_rarely_or_never(
    client: Any,
    trust: Any,
    cycles: Any,  # noqa: F811
) -> None:
    # Given the medical director rating themself "Rarely or never" on every framework domain
    domains = services.lcf_domains()
    services.fppt_attest(
        actor=actor(trust, "md"),
        cycle=cycles["Mo"],
        declarations=dict.fromkeys(DECLARATIONS, True),
        lcf_ratings={key: "rarely_or_never" for key, _ in domains},
    )

    # When the chair opens the board view
    client.force_login(trust.users["chair"])
    page = client.get(f"/development/fppt/?org=RXA&year={YEAR}").content.decode()

    # Then the member is flagged, and members yet to attest are flagged too
    assert f"Rarely or never” on {len(domains)} of {len(domains)} framework domains" in page
    assert "No self-attestation yet." in page
