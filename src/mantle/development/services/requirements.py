"""Role requirements and the reminders sent about them.

Reminders (rule, docs/development.md): a person is e-mailed when a holding's last valid day is within
90 days, and again within 30; when a required qualification's grace period ends within 30 days; and
once a month while a required qualification is not met. Each reminder is recorded with a key, so
running the job twice in a day (or a month) never sends it twice; the e-mail is queued only after the
transaction commits, so a rolled-back run sends nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction

from mantle.core.access import Actor
from mantle.core.audit import audit_record
from mantle.development.models import Holding, Offering, Reminder, Requirement
from mantle.development.rules.requirements import Status
from mantle.development.selectors.compliance import evaluations_for_org
from mantle.workforce.models import Assignment, Organisation, Person, Post
from mantle.workforce.rules.tiers import Tier

from ._access import require_hr_admin

EXPIRY_WINDOWS = (30, 90)
DUE_WINDOW_DAYS = 30


@transaction.atomic
def requirement_save(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    offerings: list[Offering],
    strength: str = Requirement.Strength.REQUIRED,
    tier: str = "",
    post: Post | None = None,
    job_role: str = "",
    grace_days: int = 365,
    requirement: Requirement | None = None,
) -> Requirement:
    """Create or change a requirement (HR/OD administrators). Rules: exactly one scope (a tier other
    than 'none', one of the organisation's posts, or a job role); at least one qualification that
    meets it, from the shared catalogue or the organisation's own; a grace period of 0–1,095 days."""
    require_hr_admin(actor, organisation.code)
    errors: dict[str, str] = {}
    scopes = [bool(tier), post is not None, bool(job_role.strip())]
    if sum(scopes) != 1:
        errors["tier"] = "Choose exactly one of a tier, a post or a job role."
    if tier and tier not in {t.value for t in Tier if t.value != "none"}:
        errors["tier"] = "Choose a management tier."
    if post is not None and post.organisation_id != organisation.pk:
        errors["post"] = "The post belongs to another organisation."
    if not offerings:
        errors["offerings"] = "Choose at least one qualification or programme that meets it."
    if any(o.organisation_id not in (None, organisation.pk) for o in offerings):
        errors["offerings"] = "A qualification belongs to another organisation's catalogue."
    if not 0 <= grace_days <= 1095:
        errors["grace_days"] = "The grace period is between 0 and 1,095 days (three years)."
    if errors:
        raise ValidationError(errors)
    req = requirement or Requirement(organisation=organisation)
    if req.organisation_id != organisation.pk:
        raise ValidationError({"name": "The requirement belongs to another organisation."})
    req.name, req.strength, req.tier, req.post = name, strength, tier, post
    req.job_role, req.grace_days = job_role.strip(), grace_days
    req.save()
    req.offerings.set(offerings)
    audit_record(
        actor=actor.user,
        action="create" if requirement is None else "change",
        object_type="requirement",
        object_id=req.pk,
        object_label=req.name,
        organisation_code=organisation.code,
    )
    return req


@transaction.atomic
def requirement_deactivate(*, actor: Actor, requirement: Requirement) -> None:
    """Stop applying a requirement (kept for the record; HR/OD administrators)."""
    require_hr_admin(actor, requirement.organisation.code)
    requirement.active = False
    requirement.save(update_fields=["active"])
    audit_record(
        actor=actor.user,
        action="change",
        object_type="requirement",
        object_id=requirement.pk,
        object_label=f"deactivated {requirement.name}",
        organisation_code=requirement.organisation.code,
    )


@dataclass(frozen=True)
class DueReminder:
    person_id: int
    kind: str
    key: str
    line: str


def reminders_due(*, organisation: Organisation, on: dt.date) -> list[DueReminder]:
    """Every reminder due on ``on`` for people holding a post in ``organisation`` (rules: module
    docstring), whether or not it has been sent before."""
    people = set(
        Assignment.objects.current_on(on)
        .filter(organisation=organisation)
        .values_list("person_id", flat=True)
    )
    due: list[DueReminder] = []
    for h in Holding.objects.filter(
        person_id__in=people, expires_on__isnull=False, awarded_on__lte=on, expires_on__gte=on
    ).select_related("offering"):
        assert h.expires_on is not None
        left = (h.expires_on - on).days
        window = next((w for w in EXPIRY_WINDOWS if left <= w), None)
        if window is None:
            continue
        due.append(
            DueReminder(
                h.person_id,
                Reminder.Kind.EXPIRY,
                f"holding:{h.pk}:{h.expires_on}:{window}",
                f"Your {h.offering.name} is valid until {h.expires_on:%-d %B %Y} ({left} days).",
            )
        )
    for person_id, evaluations in evaluations_for_org(org=organisation, on=on).items():
        for e in evaluations:
            if not e.requirement.required:
                continue
            rid = e.requirement.requirement_id
            if e.status is Status.GAP:
                due.append(
                    DueReminder(
                        person_id,
                        Reminder.Kind.UNMET,
                        f"requirement:{rid}:gap:{on:%Y-%m}",
                        f"{e.requirement.name} (for {e.post.title}) is not met. {e.reason}",
                    )
                )
            elif e.status is Status.IN_GRACE and (e.due_on - on).days <= DUE_WINDOW_DAYS:
                due.append(
                    DueReminder(
                        person_id,
                        Reminder.Kind.UNMET,
                        f"requirement:{rid}:due:{e.due_on}",
                        f"{e.requirement.name} (for {e.post.title}) is due by {e.due_on:%-d %B %Y}.",
                    )
                )
    return due


@transaction.atomic
def reminders_send(*, actor: Actor | None, organisation: Organisation, on: dt.date) -> int:
    """Record the reminders due that have not been sent before and queue one e-mail per person,
    after commit. People with no e-mail address are skipped (the reminder stays unrecorded, so it is
    sent once they have one). Returns how many people will be e-mailed."""
    from mantle.development.tasks import send_reminder_email

    due = reminders_due(organisation=organisation, on=on)
    emails = dict(
        Person.objects.filter(pk__in={d.person_id for d in due}, user__isnull=False)
        .exclude(user__email="")
        .values_list("pk", "user__email")
    )
    existing = set(
        Reminder.objects.filter(person_id__in=emails).values_list("person_id", "kind", "key")
    )
    new: list[Reminder] = []
    for d in due:
        if d.person_id not in emails or (d.person_id, d.kind, d.key) in existing:
            continue
        existing.add((d.person_id, d.kind, d.key))
        subject = (
            "A qualification is about to expire"
            if d.kind == Reminder.Kind.EXPIRY
            else "A development requirement needs your attention"
        )
        new.append(
            Reminder(
                person_id=d.person_id,
                kind=d.kind,
                key=d.key,
                email=emails[d.person_id],
                subject=subject,
                body=d.line,
                created_on=on,
            )
        )
    Reminder.objects.bulk_create(new)
    by_person: dict[int, list[int]] = {}
    for r in Reminder.objects.filter(
        created_on=on, sent_at__isnull=True, person_id__in={r.person_id for r in new}
    ):
        by_person.setdefault(r.person_id, []).append(r.pk)
    for ids in by_person.values():
        transaction.on_commit(partial(send_reminder_email.enqueue, ids))
    audit_record(
        actor=actor.user if actor else None,
        action="remind",
        object_type="reminders",
        object_label=f"{len(new)} reminders to {len(by_person)} people",
        organisation_code=organisation.code,
        via="web" if actor else "task",
    )
    return len(by_person)
