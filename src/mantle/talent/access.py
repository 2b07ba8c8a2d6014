"""Who may see which talent record. The rules (docs/talent.md, "Privacy"):

* **Talent conversations** — the person themselves and their line-management chain (people whose posts
  report, directly or further down, to a post the manager holds, in an organisation where they hold the
  line-manager role). HR/OD administrators see summary counts only, never the record.
* **9-box placements** — the person's line-management chain, the review's panel and the HR/OD
  administrators of the review's organisation. The person sees their own *locked* placement only when
  the organisation's setting allows it.
* **Succession plans and nominations** — HR/OD administrators of the organisation, the plan's owner
  and the line-management chain above the post; a candidate's own line-management chain sees that
  candidate's nominations.
* Executives, board viewers and analysts see suppressed aggregates only.

Records an actor may not see are answered with 404, the same as records that do not exist.
"""

from __future__ import annotations

import datetime as dt

from mantle.core.access import Actor
from mantle.workforce.models import Assignment, Person, Post
from mantle.workforce.selectors import posts_held_by, posts_reporting_to


def managed_post_ids(actor: Actor, *, on: dt.date) -> set[int]:
    """Posts below the actor's own posts, in organisations where the actor is a line manager."""
    if actor.person_id is None:
        return set()
    org_ids = [actor.org_ids[c] for c in actor.orgs_with("line_manager") if c in actor.org_ids]
    if not org_ids:
        return set()
    own = set(
        Post.objects.filter(
            pk__in=posts_held_by(actor.person_id, on=on), organisation_id__in=org_ids
        ).values_list("pk", flat=True)
    )
    return posts_reporting_to(own, on=on)


def managed_person_ids(actor: Actor, *, on: dt.date) -> set[int]:
    """People in the actor's line-management chain on ``on`` (the actor excluded)."""
    below = managed_post_ids(actor, on=on)
    if not below:
        return set()
    people = set(
        Assignment.objects.current_on(on)
        .filter(post_id__in=below)
        .values_list("person_id", flat=True)
    )
    people.discard(actor.person_id or -1)
    return people


def person_org_codes(person: Person) -> set[str]:
    """Organisations where the person has a staff record (employee number)."""
    return set(person.employee_numbers.values_list("organisation__code", flat=True))


def is_hr_for_person(actor: Actor, person: Person) -> bool:
    return actor.superuser or any(actor.is_hr_admin(code) for code in person_org_codes(person))


def can_see_conversations_of(actor: Actor, person: Person, *, on: dt.date) -> bool:
    """Rule: the person themselves or their line-management chain."""
    if actor.person_id is not None and actor.person_id == person.pk:
        return True
    return person.pk in managed_person_ids(actor, on=on)
