"""FPPT reads: board members, a cycle (audited), and the board view for the chair and the company
secretary. Rules: ``mantle.development.rules.fppt`` (who may see what) and ``rules.tenure``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mantle.core.access import Actor
from mantle.core.audit import audit_record
from mantle.development.models import BoardMemberReference, FpptCycle
from mantle.development.rules.fppt import Action, CycleStatus, Party, attestation_flags, may
from mantle.development.rules.retention import retain_until
from mantle.development.rules.tenure import Interval, financial_year, merge_tenures
from mantle.workforce.models import Assignment, Organisation, Person, PostVersion

BOARD_TIERS = ("board_executive", "board_non_executive")
REFERENCE_WINDOW_DAYS = 92
"""A reference recorded within about three months of the appointment or leaving date counts."""


def fppt_party(actor: Actor, cycle: FpptCycle) -> Party:
    """The actor's standing towards one cycle (roles in its organisation, member, reviewer)."""
    user_id = getattr(actor.user, "pk", None)
    return Party(
        roles=frozenset(actor.roles_by_org.get(cycle.organisation.code, set())),
        is_member=actor.person_id is not None and actor.person_id == cycle.person_id,
        is_reviewer=user_id is not None and user_id == cycle.reviewer_id,
        superuser=actor.superuser,
    )


def is_fppt_officer(actor: Actor, org_code: str) -> bool:
    """Chair or company secretary of the organisation (who run the FPPT process)."""
    return bool(actor.roles_by_org.get(org_code, set()) & {"chair", "company_secretary"})


def fppt_cycle_get(actor: Actor, cycle_id: int, *, via: str = "web") -> FpptCycle:
    """One FPPT cycle, or 404 for anyone but the member, the chair, the company secretary, the
    assigned reviewer and superusers. Rule: every view of another person's FPPT record is audited."""
    cycle = (
        FpptCycle.objects.select_related("organisation", "person", "reviewer")
        .filter(pk=cycle_id)
        .first()
    )
    if cycle is None:
        raise Http404("No such FPPT record, or you may not see it.")
    party = fppt_party(actor, cycle)
    if not may(action=Action.VIEW, party=party):
        raise Http404("No such FPPT record, or you may not see it.")
    if not party.is_member:
        audit_record(
            actor=actor.user,
            action="view",
            object_type="fppt_cycle",
            object_id=cycle.pk,
            object_label=f"{cycle.person.full_name} {cycle.year_label}",
            organisation_code=cycle.organisation.code,
            via=via,
        )
    return cycle


@dataclass(frozen=True)
class BoardMember:
    person: Person
    title: str
    tier: str
    since: dt.date


def board_members(*, org: Organisation, on: dt.date) -> list[BoardMember]:
    """Everyone holding a board-tier post (executive or non-executive) in ``org`` on ``on``."""
    versions = {
        v.post_id: v
        for v in PostVersion.objects.current_on(on).filter(organisation=org, tier__in=BOARD_TIERS)
    }
    members: dict[int, BoardMember] = {}
    for a in (
        Assignment.objects.current_on(on)
        .filter(post_id__in=versions)
        .select_related("person")
        .order_by("start_date")
    ):
        v = versions[a.post_id]
        if a.person_id not in members:
            members[a.person_id] = BoardMember(
                person=a.person, title=v.title, tier=v.tier, since=a.start_date
            )
    return sorted(members.values(), key=lambda m: (m.tier, m.person.last_name))


def board_tenures(*, org: Organisation) -> dict[int, list[Interval]]:
    """Person id → their board tenures in ``org`` (rule: ``rules.tenure.merge_tenures``)."""
    board_versions = list(
        PostVersion.objects.live()
        .filter(organisation=org, tier__in=BOARD_TIERS)
        .values_list("post_id", "valid_from", "valid_to")
    )
    by_post: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for post_id, start, end in board_versions:
        by_post[post_id].append((start, end))
    spells: dict[int, list[Interval]] = defaultdict(list)
    for person_id, post_id, a_from, a_to in (
        Assignment.objects.live()
        .filter(post_id__in=by_post)
        .values_list("person_id", "post_id", "valid_from", "valid_to")
    ):
        for v_from, v_to in by_post[post_id]:
            start = max(a_from, v_from)
            ends = [e for e in (a_to, v_to) if e is not None]
            end = min(ends) if ends else None
            if end is None or start < end:
                spells[person_id].append((start, end))
    return {person_id: merge_tenures(s) for person_id, s in spells.items()}


@dataclass
class ReferenceDue:
    person: Person
    kind: str
    event_on: dt.date
    reference: BoardMemberReference | None

    @property
    def done(self) -> bool:
        return self.reference is not None and self.reference.completed_on is not None


@dataclass
class MemberRow:
    member: BoardMember
    cycle: FpptCycle | None
    retain_until: dt.date
    on_board_since: dt.date
    """Start of the current board tenure (a move between board posts does not restart it)."""
    flags: list[str] = field(default_factory=list)
    """What the chair should look at in the self-attestation (``rules.fppt.attestation_flags``)."""


@dataclass
class BoardView:
    org: Organisation
    year: int
    on: dt.date
    members: list[MemberRow] = field(default_factory=list)
    references: list[ReferenceDue] = field(default_factory=list)
    other_cycles: list[FpptCycle] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        statuses = [row.cycle.status if row.cycle else "none" for row in self.members]
        return {
            "members": len(self.members),
            "not_opened": statuses.count("none"),
            **{s.value: statuses.count(s.value) for s in CycleStatus},
            "references_outstanding": sum(1 for r in self.references if not r.done),
        }


def _match_reference(
    refs: list[BoardMemberReference], *, kind: str, on: dt.date
) -> BoardMemberReference | None:
    close = [
        r for r in refs if r.kind == kind and abs((r.event_on - on).days) <= REFERENCE_WINDOW_DAYS
    ]
    return min(close, key=lambda r: abs((r.event_on - on).days), default=None)


def _lcf_domains() -> list[tuple[str, str]]:
    from mantle.capability.frameworks.loader import shipped_frameworks

    for framework in shipped_frameworks():
        if framework.key == "lcf":
            return [(d.key, d.name) for d in framework.dimensions]
    return []


def board_view(actor: Actor, *, org: Organisation, year: int, on: dt.date) -> BoardView:
    """The FPPT board view for one financial year: every current board member with their cycle,
    retention date, and the board member references due for appointments and leavers in the year.
    Rule: only the chair and the company secretary (and superusers) may see it; it is audited."""
    if not (actor.superuser or is_fppt_officer(actor, org.code)):
        raise PermissionDenied("Only the chair and the company secretary see the FPPT board view.")
    view = BoardView(org=org, year=year, on=on)
    cycles = {
        c.person_id: c
        for c in FpptCycle.objects.filter(organisation=org, year=year).select_related("reviewer")
    }
    members = board_members(org=org, on=on)
    tenures = board_tenures(org=org)
    domains = _lcf_domains()
    for m in members:
        current = [
            start
            for start, end in tenures.get(m.person.pk, [])
            if start <= on and (end is None or end > on)
        ]
        cycle = cycles.get(m.person.pk)
        view.members.append(
            MemberRow(
                member=m,
                cycle=cycle,
                retain_until=retain_until(date_of_birth=m.person.date_of_birth),
                on_board_since=current[0] if current else m.since,
                flags=attestation_flags(
                    attested=cycle.attested_at is not None,
                    declarations=cycle.declarations or {},
                    lcf_ratings=cycle.lcf_ratings or {},
                    domains=domains,
                )
                if cycle is not None
                else [],
            )
        )
    member_ids = {m.person.pk for m in members}
    view.other_cycles = [c for pid, c in cycles.items() if pid not in member_ids]
    start, end = financial_year(year)
    refs: dict[int, list[BoardMemberReference]] = defaultdict(list)
    for ref in BoardMemberReference.objects.filter(organisation=org):
        refs[ref.person_id].append(ref)
    people = Person.objects.in_bulk(list(tenures))
    for person_id, spans in tenures.items():
        for t_start, t_end in spans:
            if start <= t_start < end:
                view.references.append(
                    ReferenceDue(
                        people[person_id],
                        "appointment",
                        t_start,
                        _match_reference(refs[person_id], kind="appointment", on=t_start),
                    )
                )
            if t_end is not None and start <= t_end - dt.timedelta(days=1) < end:
                left = t_end - dt.timedelta(days=1)
                view.references.append(
                    ReferenceDue(
                        people[person_id],
                        "leaving",
                        left,
                        _match_reference(refs[person_id], kind="leaving", on=left),
                    )
                )
    view.references.sort(key=lambda r: r.event_on)
    audit_record(
        actor=actor.user,
        action="view",
        object_type="fppt_board",
        object_label=f"FPPT board view {year}",
        organisation_code=org.code,
    )
    return view
