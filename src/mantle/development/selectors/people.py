"""A person's development record, the catalogue, and who may download a piece of evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404

from mantle.core.access import Actor
from mantle.development.models import Enrolment, Evidence, FpptCycle, Holding, Offering
from mantle.development.rules.fppt import Action, may
from mantle.development.rules.requirements import Evaluation
from mantle.workforce.models import Organisation, Person
from mantle.workforce.selectors import people_visible


def person_org_codes(person_id: int) -> set[str]:
    """The organisations that employ a person (by staff record), by ODS code."""
    return set(
        Person.objects.filter(pk=person_id)
        .values_list("employee_numbers__organisation__code", flat=True)
        .exclude(employee_numbers__organisation__code__isnull=True)
    )


def person_visible(actor: Actor, person_id: int) -> Person:
    """A person whose development record the actor may open, or 404 (same as missing)."""
    person = people_visible(actor).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person, or you do not have access to their record.")
    return person


def organisations_administered(actor: Actor) -> QuerySet[Organisation]:
    """Organisations whose development records the actor administers (HR/OD administrator)."""
    if actor.superuser:
        return Organisation.objects.all().order_by("name")
    return Organisation.objects.filter(code__in=actor.orgs_with("hr_admin")).order_by("name")


def catalogue_visible(actor: Actor, *, include_inactive: bool = False) -> QuerySet[Offering]:
    """Rule: everyone sees the shared catalogue and their own organisations' local entries."""
    codes = set(actor.roles_by_org)
    offerings = Offering.objects.select_related("organisation")
    if not actor.superuser:
        offerings = offerings.filter(Q(organisation__isnull=True) | Q(organisation__code__in=codes))
    if not include_inactive:
        offerings = offerings.filter(active=True)
    return offerings.order_by("name")


@dataclass
class DevelopmentRecord:
    person: Person
    on: dt.date
    holdings: list[Holding] = field(default_factory=list)
    enrolments: list[Enrolment] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    fppt_cycles: list[FpptCycle] = field(default_factory=list)
    may_see_evidence: bool = False
    may_manage: bool = False


def development_record(actor: Actor, *, person: Person, on: dt.date) -> DevelopmentRecord:
    """Everything on a person's development record as at ``on``. The caller has already checked the
    person is visible (``person_visible``). Evidence is listed only for the person and HR/OD
    administrators of an organisation employing them (rule: evidence is more private than holdings).
    """
    from .compliance import evaluations_for_person

    codes = person_org_codes(person.pk)
    manage = actor.superuser or any(actor.is_hr_admin(c) for c in codes)
    record = DevelopmentRecord(
        person=person,
        on=on,
        may_manage=manage,
        may_see_evidence=manage or actor.person_id == person.pk,
    )
    record.holdings = list(
        Holding.objects.filter(person=person)
        .select_related("offering")
        .prefetch_related("evidence")
        .order_by("-awarded_on")
    )
    record.enrolments = list(
        Enrolment.objects.filter(person=person)
        .select_related("offering", "cohort", "organisation")
        .order_by("-applied_on")
    )
    record.evaluations = evaluations_for_person(person=person, on=on)
    if actor.person_id == person.pk:
        record.fppt_cycles = list(
            FpptCycle.objects.filter(person=person).select_related("organisation").order_by("-year")
        )
    return record


def evidence_for_download(actor: Actor, evidence_id: int) -> tuple[Evidence, Path, str]:
    """The evidence row, its file path and the organisation code for the audit trail, when the actor
    may download it; 404 otherwise (never revealing whether it exists).

    Rules: holding evidence — the person and HR/OD administrators of an organisation employing them;
    FPPT check evidence — the member, the chair and the company secretary (``may`` VIEW_EVIDENCE);
    board member reference evidence — the chair, the company secretary and the member."""
    from .fppt import fppt_party

    evidence = (
        Evidence.objects.select_related(
            "holding", "fppt_check__cycle__organisation", "board_reference__organisation"
        )
        .filter(pk=evidence_id)
        .first()
    )
    if evidence is None:
        raise Http404("No such evidence, or you may not see it.")
    allowed = False
    org_code = ""
    if evidence.holding is not None:
        person_id = evidence.holding.person_id
        codes = person_org_codes(person_id)
        org_code = sorted(codes)[0] if codes else ""
        allowed = (
            actor.person_id == person_id
            or actor.superuser
            or any(actor.is_hr_admin(c) for c in codes)
        )
    elif evidence.fppt_check is not None:
        cycle = evidence.fppt_check.cycle
        org_code = cycle.organisation.code
        allowed = may(action=Action.VIEW_EVIDENCE, party=fppt_party(actor, cycle))
    elif evidence.board_reference is not None:
        ref = evidence.board_reference
        org_code = ref.organisation.code
        roles = actor.roles_by_org.get(org_code, set())
        allowed = bool(roles & {"chair", "company_secretary"}) or actor.person_id == ref.person_id
    if not allowed:
        raise Http404("No such evidence, or you may not see it.")
    path = Path(settings.MEDIA_ROOT) / "evidence" / evidence.stored_name
    if not path.is_file():
        raise Http404("The file for this evidence is missing; ask an administrator.")
    return evidence, path, org_code


def people_visible_has(actor: Actor, person_id: int) -> bool:
    """Whether the actor may open this person's record (rule: ``people_visible``)."""
    return people_visible(actor).filter(pk=person_id).exists()


def may_manage_person(actor: Actor, person_id: int) -> bool:
    """HR/OD administrators of an organisation that employs the person (or superusers) manage their
    development record (record and verify holdings, see evidence)."""
    return actor.superuser or any(actor.is_hr_admin(c) for c in person_org_codes(person_id))
