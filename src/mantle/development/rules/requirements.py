"""Whether a person meets the qualification requirements of the posts they hold, on a date.

Rules (docs/development.md, "Requirements"):

* A requirement applies to a person on day *d* through any post they hold on *d* that matches its
  scope: the post's tier, the post itself, or the post's job role (compared without regard to case).
  When several posts match, the one held longest counts (its assignment started first).
* It is **met** on *d* when the person holds any of its qualifications with an award date on or
  before *d* and an expiry date (the last valid day) on or after *d*, or no expiry.
  It is **expiring** when met but the best holding's last valid day is within the warning window.
* Otherwise, while *d* is before the end of the grace period (the start of the assignment that
  brought the person in scope plus ``grace_days``), it is **in grace**; after that it is a **gap**.
  An expired holding gives no new grace period: grace is for new appointees only.
* A gap in a *desirable* requirement is reported, but never counts against compliance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

DEFAULT_WARNING_DAYS: Final = 90


class Status(StrEnum):
    MET = "met"
    EXPIRING = "expiring"
    IN_GRACE = "in_grace"
    GAP = "gap"

    @property
    def label(self) -> str:
        return {
            "met": "Met",
            "expiring": "Met, expiring soon",
            "in_grace": "Not yet met (within grace period)",
            "gap": "Not met",
        }[self.value]

    @property
    def compliant(self) -> bool:
        """Met, expiring and in-grace all count as compliant on the day; only a gap does not."""
        return self is not Status.GAP


@dataclass(frozen=True)
class RequirementSpec:
    requirement_id: int
    name: str
    required: bool
    offering_ids: frozenset[int]
    grace_days: int
    tier: str = ""
    post_id: int | None = None
    job_role: str = ""


@dataclass(frozen=True)
class PostHeld:
    post_id: int
    tier: str
    job_role: str
    start_date: dt.date
    title: str = ""
    unit_path: str = ""


@dataclass(frozen=True)
class HoldingFact:
    holding_id: int
    offering_id: int
    awarded_on: dt.date
    expires_on: dt.date | None


@dataclass(frozen=True)
class Evaluation:
    requirement: RequirementSpec
    status: Status
    post: PostHeld
    due_on: dt.date
    holding: HoldingFact | None
    expired: HoldingFact | None
    enrolled: bool

    @property
    def counts_against(self) -> bool:
        """A gap in a required (not desirable) requirement: what compliance figures count."""
        return self.status is Status.GAP and self.requirement.required

    @property
    def reason(self) -> str:
        """The evaluation in words, for the person, their manager and the reminder e-mail."""
        if self.holding is not None:
            until = (
                f", valid to {self.holding.expires_on:%-d %B %Y}"
                if self.holding.expires_on
                else ", does not expire"
            )
            return f"Held since {self.holding.awarded_on:%-d %B %Y}{until}."
        parts = []
        if self.expired is not None and self.expired.expires_on is not None:
            parts.append(f"Expired after {self.expired.expires_on:%-d %B %Y}.")
        else:
            parts.append("Not held.")
        if self.status is Status.IN_GRACE:
            parts.append(f"Due by {self.due_on:%-d %B %Y} (grace period for new appointees).")
        else:
            parts.append(f"Was due by {self.due_on:%-d %B %Y}.")
        if self.enrolled:
            parts.append("Currently enrolled on a programme that leads to it.")
        return " ".join(parts)


def applies(requirement: RequirementSpec, post: PostHeld) -> bool:
    """Rule: a requirement applies through a post matching its one scope (tier, post or job role)."""
    if requirement.tier:
        return post.tier == requirement.tier
    if requirement.post_id is not None:
        return post.post_id == requirement.post_id
    return bool(requirement.job_role) and (
        post.job_role.strip().casefold() == requirement.job_role.strip().casefold()
    )


def valid_on(holding: HoldingFact, day: dt.date) -> bool:
    """Rule: awarded on or before ``day`` and ``day`` no later than the last valid day."""
    return holding.awarded_on <= day and (holding.expires_on is None or day <= holding.expires_on)


def _best(holdings: Iterable[HoldingFact]) -> HoldingFact | None:
    """The holding that stays valid longest (no expiry beats any expiry)."""
    return max(
        holdings, key=lambda h: (h.expires_on is None, h.expires_on or dt.date.min), default=None
    )


def evaluate(
    *,
    requirement: RequirementSpec,
    posts: Sequence[PostHeld],
    holdings: Sequence[HoldingFact],
    enrolled_offering_ids: frozenset[int] = frozenset(),
    on: dt.date,
    warning_days: int = DEFAULT_WARNING_DAYS,
) -> Evaluation | None:
    """Evaluate one requirement for one person on ``on`` (None when it does not apply to them).

    Rules: as in this module's docstring. ``posts`` are the posts held on ``on``; ``holdings`` every
    holding the person has ever had; ``enrolled_offering_ids`` programmes they are enrolled on."""
    matching = [p for p in posts if applies(requirement, p)]
    if not matching:
        return None
    post = min(matching, key=lambda p: (p.start_date, p.post_id))
    due_on = post.start_date + dt.timedelta(days=requirement.grace_days)
    relevant = [h for h in holdings if h.offering_id in requirement.offering_ids]
    current = _best(h for h in relevant if valid_on(h, on))
    enrolled = bool(enrolled_offering_ids & requirement.offering_ids)
    if current is not None:
        expiring = current.expires_on is not None and (current.expires_on - on).days <= warning_days
        return Evaluation(
            requirement,
            Status.EXPIRING if expiring else Status.MET,
            post,
            due_on,
            current,
            None,
            enrolled,
        )
    lapsed = [h for h in relevant if h.expires_on is not None and h.expires_on < on]
    expired = max(lapsed, key=lambda h: h.expires_on or dt.date.min, default=None)
    status = Status.IN_GRACE if on < due_on else Status.GAP
    return Evaluation(requirement, status, post, due_on, None, expired, enrolled)


def evaluate_all(
    *,
    requirements: Sequence[RequirementSpec],
    posts: Sequence[PostHeld],
    holdings: Sequence[HoldingFact],
    enrolled_offering_ids: frozenset[int] = frozenset(),
    on: dt.date,
    warning_days: int = DEFAULT_WARNING_DAYS,
) -> list[Evaluation]:
    """Every requirement that applies to one person on ``on``, evaluated (see ``evaluate``)."""
    results = []
    for requirement in requirements:
        result = evaluate(
            requirement=requirement,
            posts=posts,
            holdings=holdings,
            enrolled_offering_ids=enrolled_offering_ids,
            on=on,
            warning_days=warning_days,
        )
        if result is not None:
            results.append(result)
    return results
