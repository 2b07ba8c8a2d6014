"""Reads of the register, always scoped by the acting user and always "as at" a date.

Every selector that returns personal records takes the ``Actor`` and returns only what that actor may see
(rule: staff see themselves; line managers their reporting chain; HR/OD administrators their organisation;
executives and analysts no personal records but their own).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from mantle.core.access import Actor

from .models import Assignment, Organisation, Person, Post, PostVersion, Registration, Unit
from .rules.occupation import classify_occupation_code
from .rules.registration import profession_for_registration


def today() -> dt.date:
    return dt.date.today()


# --- organisations -----------------------------------------------------------------------------------
def organisations_for_register(actor: Actor) -> QuerySet[Organisation]:
    """Organisations whose establishment the actor may browse."""
    codes = actor.organisation_codes_with_register_access()
    return Organisation.objects.filter(code__in=codes).order_by("name")


def organisation_get(actor: Actor, code: str) -> Organisation:
    """One organisation, or 404 when it does not exist or the actor has no register access to it."""
    org = Organisation.objects.filter(code=code.upper()).first()
    if org is None or org.code not in actor.organisation_codes_with_register_access():
        raise Http404("No such organisation, or you do not have access to it.")
    return org


# --- reporting lines -----------------------------------------------------------------------------------
def posts_reporting_to(post_ids: set[int], *, on: dt.date) -> set[int]:
    """Every post that reports, directly or further down, to any of ``post_ids`` on ``on``."""
    edges: dict[int, list[int]] = defaultdict(list)
    if not post_ids:
        return set()
    org_ids = set(Post.objects.filter(pk__in=post_ids).values_list("organisation_id", flat=True))
    for post_id, reports_to in (
        PostVersion.objects.current_on(on)
        .filter(organisation_id__in=org_ids, reports_to__isnull=False)
        .values_list("post_id", "reports_to_id")
    ):
        edges[reports_to].append(post_id)
    seen: set[int] = set()
    frontier = list(post_ids)
    while frontier:
        nxt = []
        for pid in frontier:
            for child in edges.get(pid, []):
                if child not in seen and child not in post_ids:
                    seen.add(child)
                    nxt.append(child)
        frontier = nxt
    return seen


def posts_held_by(person_id: int, *, on: dt.date) -> set[int]:
    return set(
        Assignment.objects.current_on(on)
        .filter(person_id=person_id)
        .values_list("post_id", flat=True)
    )


# --- people ------------------------------------------------------------------------------------------
def people_visible(actor: Actor, *, on: dt.date | None = None) -> QuerySet[Person]:
    """The people whose records the actor may open, as at ``on`` (default today)."""
    on = on or today()
    if actor.superuser:
        return Person.objects.all()
    condition = Q(pk=actor.person_id) if actor.person_id else Q(pk__in=[])
    hr_orgs = actor.orgs_with("hr_admin")
    if hr_orgs:
        condition |= Q(employee_numbers__organisation__code__in=hr_orgs)
    if actor.person_id and actor.orgs_with("line_manager"):
        managed_orgs = [actor.org_ids[c] for c in actor.orgs_with("line_manager")]
        own_posts = set(
            Post.objects.filter(
                pk__in=posts_held_by(actor.person_id, on=on), organisation_id__in=managed_orgs
            ).values_list("pk", flat=True)
        )
        below = posts_reporting_to(own_posts, on=on)
        if below:
            people = Assignment.objects.current_on(on).filter(post_id__in=below).values("person_id")
            condition |= Q(pk__in=people)
    return Person.objects.filter(condition).distinct()


def person_get(actor: Actor, person_id: int) -> Person:
    """One person, or 404 — the same answer whether the record is missing or not visible."""
    person = people_visible(actor).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person, or you do not have access to their record.")
    return person


# --- clinician derivation --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClinicianStatus:
    clinician: bool
    inferred: bool
    clinical_background: bool
    profession: str | None
    basis: str


def clinician_status(person: Person, *, on: dt.date) -> ClinicianStatus:
    """Rule (docs/metrics.md): clinician on ``on`` = a registration current and 'registered' on that date;
    failing any recorded registration, a professionally-qualified-clinical occupation code on that date
    (flagged inferred). Clinical background = clinician or previously registered."""
    regs = list(Registration.objects.live().filter(person=person, valid_from__lte=on))
    current = [r for r in regs if r.valid_to is None or r.valid_to > on]
    registered = [r for r in current if r.status == Registration.Status.REGISTERED]
    if registered:
        reg = registered[0]
        return ClinicianStatus(
            True,
            False,
            True,
            str(profession_for_registration(body=reg.body, number=reg.number)),
            f"{reg.body} {reg.number} registered",
        )
    previously = [r for r in regs if r.status == Registration.Status.REGISTERED or r in current]
    if previously:
        reg = previously[-1]
        return ClinicianStatus(
            False,
            False,
            True,
            str(profession_for_registration(body=reg.body, number=reg.number)),
            f"{reg.body} {reg.number} no longer registered",
        )
    if not regs:
        codes = (
            PostVersion.objects.current_on(on)
            .filter(post__assignments__in=Assignment.objects.current_on(on).filter(person=person))
            .values_list("occupation_code", flat=True)
        )
        for code in codes:
            cls = classify_occupation_code(code)
            if cls is not None and cls.professionally_qualified_clinical:
                return ClinicianStatus(
                    True,
                    True,
                    True,
                    str(cls.profession) if cls.profession else None,
                    f"inferred from occupation code {code}",
                )
    return ClinicianStatus(False, False, False, None, "no registration recorded")


# --- person profile ------------------------------------------------------------------------------------
@dataclass
class HoldingRow:
    assignment: Assignment
    post_version: PostVersion | None


@dataclass
class PersonProfile:
    person: Person
    on: dt.date
    status: ClinicianStatus
    current: list[HoldingRow] = field(default_factory=list)
    history: list[HoldingRow] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    employee_numbers: list[tuple[str, str]] = field(default_factory=list)


def person_profile(person: Person, *, on: dt.date) -> PersonProfile:
    """Everything on a person's record, with each assignment shown against its post as it was then."""
    assignments = list(
        Assignment.objects.live()
        .filter(person=person)
        .select_related("post", "organisation")
        .order_by("-valid_from")
    )
    post_ids = {a.post_id for a in assignments}
    versions: dict[int, list[PostVersion]] = defaultdict(list)
    for v in PostVersion.objects.live().filter(post_id__in=post_ids).select_related("unit"):
        versions[v.post_id].append(v)

    def version_on(post_id: int, day: dt.date) -> PostVersion | None:
        for v in versions.get(post_id, []):
            if v.valid_from <= day and (v.valid_to is None or v.valid_to > day):
                return v
        candidates = versions.get(post_id, [])
        return candidates[-1] if candidates else None

    profile = PersonProfile(person=person, on=on, status=clinician_status(person, on=on))
    for a in assignments:
        is_current = a.valid_from <= on and (a.valid_to is None or a.valid_to > on)
        row = HoldingRow(a, version_on(a.post_id, on if is_current else a.valid_from))
        (profile.current if is_current else profile.history).append(row)
    profile.registrations = list(
        Registration.objects.live().filter(person=person).order_by("body", "-valid_from")
    )
    profile.employee_numbers = list(
        person.employee_numbers.select_related("organisation").values_list(
            "organisation__code", "number"
        )
    )
    return profile


# --- establishment --------------------------------------------------------------------------------------
@dataclass
class ChartPost:
    version: PostVersion
    holders: list[tuple[Person, Assignment]]

    @property
    def vacant(self) -> bool:
        return not self.holders


@dataclass
class ChartUnit:
    unit: Unit
    posts: list[ChartPost] = field(default_factory=list)
    children: list[ChartUnit] = field(default_factory=list)
    post_count: int = 0
    vacant_count: int = 0
    own_posts: int = 0
    """Posts in this unit itself (not below it); in an outline, listed only when the unit is opened."""
    open: bool = False


CHART_FULL_LIMIT = 400
"""An org chart with more posts than this is shown as an outline (``org_chart_outline``): rendering
every post of a 15,000-post trust took seconds, so each unit's posts are listed when it is opened."""


def org_chart_size(org: Organisation, *, on: dt.date) -> int:
    """How many posts the organisation's org chart has on ``on``."""
    return PostVersion.objects.current_on(on).filter(organisation=org).count()


def org_chart_outline(org: Organisation, *, on: dt.date, open_unit: str = "") -> list[ChartUnit]:
    """The org chart as an outline: every unit with its post and vacancy counts (read as two lists
    of ids, not as post records), and the posts and holders of ``open_unit`` alone, whose ancestors
    are marked open."""
    own: Counter[int] = Counter()
    own_vacant: Counter[int] = Counter()
    filled = set(
        Assignment.objects.current_on(on).filter(organisation=org).values_list("post_id", flat=True)
    )
    for unit_id, post_id in (
        PostVersion.objects.current_on(on)
        .filter(organisation=org)
        .values_list("unit_id", "post_id")
        .iterator(chunk_size=10_000)
    ):
        own[unit_id] += 1
        if post_id not in filled:
            own_vacant[unit_id] += 1
    units = {u.pk: ChartUnit(unit=u) for u in Unit.objects.filter(organisation=org)}
    opened = next((n for n in units.values() if open_unit and n.unit.path == open_unit), None)
    if opened is not None:
        versions = list(
            PostVersion.objects.current_on(on)
            .filter(organisation=org, unit=opened.unit)
            .select_related("unit", "post")
        )
        holders: dict[int, list[tuple[Person, Assignment]]] = defaultdict(list)
        for a in (
            Assignment.objects.current_on(on)
            .filter(organisation=org, post_id__in=[v.post_id for v in versions])
            .select_related("person")
        ):
            holders[a.post_id].append((a.person, a))
        opened.posts = sorted(
            (ChartPost(version=v, holders=holders.get(v.post_id, [])) for v in versions),
            key=lambda cp: (cp.version.tier == "none", cp.version.title),
        )
        node: ChartUnit | None = opened
        while node is not None:
            node.open = True
            node = units.get(node.unit.parent_id) if node.unit.parent_id else None
    roots: list[ChartUnit] = []
    for n in sorted(units.values(), key=lambda n: n.unit.path):
        n.own_posts = own[n.unit.pk]
        parent = units.get(n.unit.parent_id) if n.unit.parent_id else None
        (parent.children if parent else roots).append(n)

    return _rolled_up(roots, lambda n: (own[n.unit.pk], own_vacant[n.unit.pk]))


def _rolled_up(
    roots: list[ChartUnit], own_counts: Callable[[ChartUnit], tuple[int, int]]
) -> list[ChartUnit]:
    """Each unit's post and vacancy counts including its sub-units; units with no post anywhere
    below them are left out (the chart and its outline show the same tree)."""

    def total(node: ChartUnit) -> tuple[int, int]:
        posts, vacant = own_counts(node)
        for child in node.children:
            cp, cv = total(child)
            posts += cp
            vacant += cv
        node.post_count, node.vacant_count = posts, vacant
        return posts, vacant

    for root in roots:
        total(root)

    def prune(nodes: list[ChartUnit]) -> list[ChartUnit]:
        kept = [n for n in nodes if n.post_count]
        for node in kept:
            node.children = prune(node.children)
        return kept

    return prune(roots)


def org_chart(
    org: Organisation,
    *,
    on: dt.date,
    q: str = "",
    unit_path: str = "",
    match_names: bool = False,
) -> list[ChartUnit]:
    """The post-based org chart on ``on``: units as a tree, each with its posts and their holders.
    Vacant posts are included. ``q`` filters posts by title, job role or position number; holders'
    names are matched only with ``match_names`` (for readers who may see names: the organisation's
    HR/OD administrators), since a search that finds a post by a name the page hides tells the
    reader where that person works."""
    versions = (
        PostVersion.objects.current_on(on).filter(organisation=org).select_related("unit", "post")
    )
    if unit_path:
        versions = versions.filter(
            Q(unit__path=unit_path) | Q(unit__path__startswith=unit_path + "/")
        )
    holders: dict[int, list[tuple[Person, Assignment]]] = defaultdict(list)
    for a in Assignment.objects.current_on(on).filter(organisation=org).select_related("person"):
        holders[a.post_id].append((a.person, a))
    if q:
        needle = q.lower()
        versions = [  # type: ignore[assignment]
            v
            for v in versions
            if needle in v.title.lower()
            or needle in v.job_role.lower()
            or needle in v.post.position_number.lower()
            or (
                match_names
                and any(needle in p.full_name.lower() for p, _ in holders.get(v.post_id, []))
            )
        ]
    units = {u.pk: ChartUnit(unit=u) for u in Unit.objects.filter(organisation=org)}
    for v in versions:
        units[v.unit_id].posts.append(ChartPost(version=v, holders=holders.get(v.post_id, [])))
    roots: list[ChartUnit] = []
    for node in sorted(units.values(), key=lambda n: n.unit.path):
        node.posts.sort(key=lambda cp: (cp.version.tier == "none", cp.version.title))
        parent = units.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)

    return _rolled_up(roots, lambda n: (len(n.posts), sum(1 for p in n.posts if p.vacant)))


def post_get(org: Organisation, post_id: int) -> Post:
    post = Post.objects.filter(organisation=org, pk=post_id).first()
    if post is None:
        raise Http404("No such post.")
    return post


def post_history(post: Post) -> tuple[list[PostVersion], list[Assignment]]:
    """A post's versions and everyone who has held it, newest first."""
    versions = list(post.versions.live().select_related("unit").order_by("-valid_from"))
    holders = list(
        Assignment.objects.live().filter(post=post).select_related("person").order_by("-valid_from")
    )
    return versions, holders
