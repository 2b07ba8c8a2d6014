"""The rows of a line manager's My team page.

Rules: the people are those in the actor's line-management chain (``talent.access``: posts below
a post the actor holds, in organisations where the actor has the line-manager role); a director
(someone holding a board executive or senior post) sees the whole chain, anyone else their direct
reports only (people whose post reports straight to one of the actor's posts). Every column comes
from its owning app's selector, read for the whole page at once: the number of queries does not
grow with the number of people.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max

from mantle.capability.selectors.cycles import cycles_visible
from mantle.core.access import Actor
from mantle.development.rules.requirements import Status
from mantle.development.selectors.compliance import evaluations_for_people
from mantle.talent.access import managed_person_ids
from mantle.talent.selectors import conversations_visible
from mantle.workforce.models import Assignment, PostVersion, Registration
from mantle.workforce.selectors import posts_held_by

DIRECTOR_TIERS = ("board_executive", "senior")


@dataclass
class TeamMember:
    person_id: int
    name: str
    posts: list[str] = field(default_factory=list)
    fte: Decimal = Decimal(0)
    direct: bool = False
    registrations: list[str] = field(default_factory=list)
    requirements_met: int = 0
    requirements_unmet: int = 0
    requirements_expiring: int = 0
    last_conversation: dt.date | None = None
    feedback_360: str = ""


@dataclass
class Team:
    director: bool
    members: list[TeamMember]


def team_for(actor: Actor, *, on: dt.date) -> Team:
    """The actor's team on ``on`` (see the module docstring for who is in it)."""
    chain = managed_person_ids(actor, on=on)
    if not chain or actor.person_id is None:
        return Team(director=False, members=[])
    own_posts = posts_held_by(actor.person_id, on=on)
    versions = PostVersion.objects.current_on(on)
    director = versions.filter(post_id__in=own_posts, tier__in=DIRECTOR_TIERS).exists()
    direct_posts = set(
        versions.filter(reports_to_id__in=own_posts).values_list("post_id", flat=True)
    )
    assignments = list(
        Assignment.objects.current_on(on)
        .filter(person_id__in=chain)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person_id", "assignment_number")
    )
    members: dict[int, TeamMember] = {}
    for a in assignments:
        member = members.setdefault(
            a.person_id, TeamMember(person_id=a.person_id, name=a.person.full_name)
        )
        member.direct = member.direct or a.post_id in direct_posts
    if not director:
        members = {pk: m for pk, m in members.items() if m.direct}
    ids = set(members)
    titles = dict(
        versions.filter(post_id__in={a.post_id for a in assignments}).values_list(
            "post_id", "title"
        )
    )
    for a in assignments:
        if a.person_id in members:
            members[a.person_id].posts.append(titles.get(a.post_id, ""))
            members[a.person_id].fte += a.fte
    registrations: dict[int, list[str]] = defaultdict(list)
    for person_id, body, status in (
        Registration.objects.current_on(on)
        .filter(person_id__in=ids)
        .values_list("person_id", "body", "status")
    ):
        registrations[person_id].append(f"{body}: {Registration.Status(status).label}")
    for person_id, found in evaluations_for_people(person_ids=ids, on=on).items():
        member = members[person_id]
        member.requirements_met = sum(1 for e in found if e.status.compliant)
        member.requirements_unmet = sum(1 for e in found if not e.status.compliant)
        member.requirements_expiring = sum(1 for e in found if e.status is Status.EXPIRING)
    latest = dict(
        conversations_visible(actor)
        .filter(person_id__in=ids)
        .values("person_id")
        .annotate(last=Max("held_on"))
        .values_list("person_id", "last")
    )
    cycles: dict[int, str] = {}
    for person_id, status in (
        cycles_visible(actor)
        .filter(participant_id__in=ids)
        .order_by("participant_id", "-pk")
        .values_list("participant_id", "status")
    ):
        cycles.setdefault(person_id, status)
    labels = dict(cycles_visible(actor).model.Status.choices)
    for person_id, member in members.items():
        member.registrations = registrations.get(person_id, [])
        member.last_conversation = latest.get(person_id)
        member.feedback_360 = str(labels.get(cycles.get(person_id, ""), ""))
    return Team(director=director, members=list(members.values()))
