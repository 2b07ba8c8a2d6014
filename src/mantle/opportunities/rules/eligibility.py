"""Who may apply (docs/opportunities.md, "Eligibility").

An opportunity lists the staff groups, pay bands and management tiers it is open to; an empty list
means "any". A person is eligible when *one* of their current posts in the organisation matches every
non-empty list (a nurse on band 6 in a second, band 7 post may apply for a band 7 opportunity).
Someone with no current post in the organisation is not eligible. With every list empty the
opportunity is open to all staff of the organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PostFacts:
    staff_group: str
    pay_band: str
    tier: str


@dataclass(frozen=True)
class Criteria:
    staff_groups: tuple[str, ...] = ()
    bands: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()

    @property
    def open_to_all(self) -> bool:
        return not (self.staff_groups or self.bands or self.tiers)


def _matches(criteria: Criteria, post: PostFacts) -> bool:
    return (
        (not criteria.staff_groups or post.staff_group in criteria.staff_groups)
        and (not criteria.bands or post.pay_band in criteria.bands)
        and (not criteria.tiers or post.tier in criteria.tiers)
    )


def eligibility(criteria: Criteria, posts: Sequence[PostFacts]) -> tuple[bool, str]:
    """(eligible, the reason in a sentence)."""
    if not posts:
        return False, "You hold no current post in this organisation."
    if criteria.open_to_all:
        return True, "Open to all staff."
    if any(_matches(criteria, p) for p in posts):
        return True, "Your post meets the eligibility."
    wanted = []
    if criteria.staff_groups:
        wanted.append("staff group " + " or ".join(criteria.staff_groups))
    if criteria.bands:
        wanted.append("band " + " or ".join(criteria.bands))
    if criteria.tiers:
        wanted.append("tier " + " or ".join(t.replace("_", " ") for t in criteria.tiers))
    return False, "Open only to posts in " + ", ".join(wanted) + "."
