"""Writes to the register. Every change goes through one of these functions (never a view or save()).

Rules enforced here: unit paths form a tree; a post never reports to itself or into a cycle; assignments
respect a person's maximum total FTE; end dates never precede start dates; corrections never destroy
history (old versions are closed or retracted, and the change is audited).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from mantle.core.audit import audit_record

from .models import Assignment, Organisation, Post, PostVersion, Registration, TierRuleRow, Unit
from .rules.registration import registration_number_error
from .rules.tiers import DEFAULT_TIER_RULES, Tier, TierRule

MAX_TOTAL_FTE = Decimal("1.5")


def tier_rules_for(org: Organisation | None = None) -> tuple[TierRule, ...]:
    """The tier inference rules in force: the administrators' table when it has active rows, otherwise
    Mantle's documented defaults (docs/metrics.md, "Management tiers")."""
    rows = list(TierRuleRow.objects.filter(active=True).order_by("priority", "id"))
    if not rows:
        return DEFAULT_TIER_RULES
    return tuple(
        TierRule(
            priority=r.priority,
            tier=Tier(r.tier),
            description=r.description,
            job_role_pattern=r.job_role_pattern,
            title_pattern=r.title_pattern,
            occupation_prefix=r.occupation_prefix,
            min_band=r.min_band,
            max_band=r.max_band,
        )
        for r in rows
    )


def tier_rules_copy_defaults() -> int:
    """Copy the default rules into the editable table (when it is empty) so administrators can edit them."""
    if TierRuleRow.objects.exists():
        return 0
    TierRuleRow.objects.bulk_create(
        TierRuleRow(
            priority=r.priority,
            tier=str(r.tier),
            description=r.description,
            job_role_pattern=r.job_role_pattern,
            title_pattern=r.title_pattern,
            occupation_prefix=r.occupation_prefix,
            min_band=r.min_band,
            max_band=r.max_band,
        )
        for r in DEFAULT_TIER_RULES
    )
    return len(DEFAULT_TIER_RULES)


def unit_ensure_paths(*, org: Organisation, paths: set[str]) -> dict[str, Unit]:
    """Create any missing units (and their ancestors) for '/'-joined paths; return path → Unit.
    Missing units are created one depth at a time in bulk, so parents exist before children."""
    existing = {u.path: u for u in Unit.objects.filter(organisation=org)}
    wanted: set[str] = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        for i in range(1, len(parts) + 1):
            wanted.add("/".join(parts[:i]))
    missing = wanted - set(existing)
    for depth in sorted({p.count("/") + 1 for p in missing}):
        level = sorted(p for p in missing if p.count("/") + 1 == depth)
        created = Unit.objects.bulk_create(
            [
                Unit(
                    organisation=org,
                    parent=existing.get(p.rpartition("/")[0]) if depth > 1 else None,
                    name=p.rpartition("/")[2],
                    path=p,
                    depth=depth,
                )
                for p in level
            ],
            batch_size=2000,
        )
        if created and created[0].pk is None:  # a backend that cannot return ids
            created = list(Unit.objects.filter(organisation=org, path__in=level))
        existing.update({u.path: u for u in created})
    return existing


def post_reporting_cycle(*, post: Post, reports_to: Post | None, on: dt.date) -> list[str] | None:
    """The cycle (as position numbers) that making ``post`` report to ``reports_to`` would create."""
    if reports_to is None:
        return None
    if reports_to.pk == post.pk:
        return [post.position_number, post.position_number]
    chain = [post.position_number, reports_to.position_number]
    current: int | None = reports_to.pk
    seen = {post.pk}
    while current is not None:
        if current in seen:
            return chain
        seen.add(current)
        nxt = (
            PostVersion.objects.current_on(on)
            .filter(post_id=current)
            .values_list("reports_to_id", "reports_to__position_number")
            .first()
        )
        if nxt is None or nxt[0] is None:
            return None
        current = nxt[0]
        chain.append(nxt[1])
    return None


@transaction.atomic
def post_version_change(
    *, actor: Any, post: Post, effective: dt.date, **changes: Any
) -> PostVersion:
    """Change a post's attributes from ``effective`` on: the version in force then is closed and a new
    one opened (history is kept). Refuses a post reporting to itself or into a cycle."""
    current = PostVersion.objects.current_on(effective).filter(post=post).first()
    if current is None:
        raise ValidationError("This post does not exist on that date.")
    if "reports_to" in changes:
        cycle = post_reporting_cycle(post=post, reports_to=changes["reports_to"], on=effective)
        if cycle:
            raise ValidationError(
                {
                    "reports_to": f"A post cannot report to itself or into a loop: {' → '.join(cycle)}."
                }
            )
    if "tier" in changes:
        changes.setdefault("tier_source", PostVersion.TierSource.SET)
        changes.setdefault("tier_reason", "set by an administrator")
    new = PostVersion.objects.get(pk=current.pk)
    new.pk = None
    new.valid_from = effective
    new.valid_to = current.valid_to
    for key, value in changes.items():
        setattr(new, key, value)
    if current.valid_from == effective:
        current.retracted_at = dt.datetime.now(tz=dt.UTC)
        current.save(update_fields=["retracted_at"])
    else:
        current.valid_to = effective
        current.save(update_fields=["valid_to"])
    new.save()
    audit_record(
        actor=actor,
        action="change",
        object_type="post",
        object_id=post.pk,
        object_label=new.title,
        organisation_code=post.organisation.code,
        detail={
            "effective": effective.isoformat(),
            "changes": {k: str(getattr(v, "pk", v)) for k, v in changes.items()},
        },
    )
    return new


@transaction.atomic
def assignment_create(
    *,
    actor: Any,
    organisation: Organisation,
    person_id: int,
    post: Post,
    fte: Decimal,
    start_date: dt.date,
    end_date: dt.date | None = None,
    assignment_number: str = "",
    acting: bool = False,
) -> Assignment:
    """Add an assignment. Refuses end before start, FTE outside (0, 1.5], and a person's total FTE on any
    day of the assignment above the maximum (1.5)."""
    errors: dict[str, str] = {}
    if fte <= 0 or fte > MAX_TOTAL_FTE:
        errors["fte"] = "FTE must be more than 0 and at most 1.5."
    if end_date is not None and end_date < start_date:
        errors["end_date"] = "The end date must be on or after the start date."
    if errors:
        raise ValidationError(errors)
    valid_to = end_date + dt.timedelta(days=1) if end_date else None
    overlapping = Assignment.objects.live().filter(
        person_id=person_id, valid_from__lt=valid_to or dt.date.max
    )
    overlapping = [a for a in overlapping if a.valid_to is None or a.valid_to > start_date]  # type: ignore[assignment]
    if sum((a.fte for a in overlapping), Decimal(0)) + fte > MAX_TOTAL_FTE:
        raise ValidationError(
            {
                "fte": (
                    f"This would take the person's total FTE above {MAX_TOTAL_FTE} while it overlaps their "
                    f"other assignments ({', '.join(a.assignment_number for a in overlapping)})."
                )
            }
        )
    number = assignment_number or f"M{Assignment.objects.count() + 1:07d}"
    assignment = Assignment.objects.create(
        organisation=organisation,
        assignment_number=number,
        person_id=person_id,
        post=post,
        fte=fte,
        start_date=start_date,
        valid_from=start_date,
        valid_to=valid_to,
        acting=acting,
    )
    audit_record(
        actor=actor,
        action="create",
        object_type="assignment",
        object_id=assignment.pk,
        object_label=number,
        organisation_code=organisation.code,
    )
    return assignment


@transaction.atomic
def registration_add(
    *, actor: Any, person_id: int, body: str, number: str, status: str, valid_from: dt.date
) -> Registration:
    """Record a registration (or a change of status) from a date; refuses malformed numbers."""
    error = registration_number_error(body=body, number=number)
    if error:
        raise ValidationError({"number": error})
    current = (
        Registration.objects.current_on(valid_from)
        .filter(person_id=person_id, body=body, number=number)
        .first()
    )
    if current is not None:
        if current.status == status:
            return current
        current.valid_to = valid_from
        current.save(update_fields=["valid_to"])
    reg = Registration.objects.create(
        person_id=person_id, body=body, number=number, status=status, valid_from=valid_from
    )
    audit_record(
        actor=actor,
        action="create",
        object_type="registration",
        object_id=reg.pk,
        object_label=f"{body} {number} {status}",
    )
    return reg


@transaction.atomic
def unit_create(*, actor: Any, organisation: Organisation, name: str, parent: Unit | None) -> Unit:
    """Add a unit under ``parent`` (or at the top). Refuses a '/' in the name and duplicate paths."""
    name = name.strip()
    if not name or "/" in name:
        raise ValidationError({"name": "Enter a unit name without '/' (it separates levels)."})
    path = f"{parent.path}/{name}" if parent else name
    if Unit.objects.filter(organisation=organisation, path=path).exists():
        raise ValidationError({"name": f"There is already a unit “{path}”."})
    unit = Unit.objects.create(
        organisation=organisation, parent=parent, name=name, path=path, depth=path.count("/") + 1
    )
    audit_record(
        actor=actor,
        action="create",
        object_type="unit",
        object_id=unit.pk,
        object_label=path,
        organisation_code=organisation.code,
    )
    return unit


@transaction.atomic
def post_create(
    *,
    actor: Any,
    organisation: Organisation,
    position_number: str,
    effective: dt.date,
    title: str,
    unit: Unit,
    reports_to: Post | None,
    occupation_code: str,
    job_role: str,
    pay_band: str,
    tier: str,
    statutory_clinical: bool,
    critical: bool,
    budgeted_fte: Decimal,
    voting: bool = True,
) -> Post:
    """Add a post to the establishment from ``effective``. Refuses duplicate position numbers and
    unknown occupation codes."""
    from .rules.occupation import classify_occupation_code

    errors: dict[str, str] = {}
    if Post.objects.filter(organisation=organisation, position_number=position_number).exists():
        errors["position_number"] = f"Position number {position_number} is already used."
    if classify_occupation_code(occupation_code) is None:
        errors["occupation_code"] = (
            f"“{occupation_code}” is not an NHS occupation code: three characters, for example "
            "N6A (nurse), G0A (senior manager) or 110 (doctor)."
        )
    if errors:
        raise ValidationError(errors)
    post = Post.objects.create(organisation=organisation, position_number=position_number)
    PostVersion.objects.create(
        post=post,
        organisation=organisation,
        valid_from=effective,
        title=title,
        unit=unit,
        reports_to=reports_to,
        occupation_code=occupation_code.upper(),
        job_role=job_role,
        pay_band=pay_band,
        tier=tier,
        tier_source=PostVersion.TierSource.SET,
        tier_reason="set by an administrator",
        statutory_clinical=statutory_clinical,
        voting=voting,
        critical=critical,
        budgeted_fte=budgeted_fte,
    )
    audit_record(
        actor=actor,
        action="create",
        object_type="post",
        object_id=post.pk,
        object_label=title,
        organisation_code=organisation.code,
    )
    return post


@transaction.atomic
def person_create(
    *,
    actor: Any,
    organisation: Organisation,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date,
    employee_number: str,
) -> Any:
    """Add a person with their employee number in the organisation (unique there)."""
    from .models import EmployeeNumber, Person

    if EmployeeNumber.objects.filter(organisation=organisation, number=employee_number).exists():
        raise ValidationError(
            {"employee_number": f"Employee number {employee_number} is already used."}
        )
    if date_of_birth > dt.date.today() - dt.timedelta(days=365 * 15):
        raise ValidationError({"date_of_birth": "Enter a date of birth at least 15 years ago."})
    person = Person.objects.create(
        first_name=first_name, last_name=last_name, date_of_birth=date_of_birth
    )
    EmployeeNumber.objects.create(person=person, organisation=organisation, number=employee_number)
    audit_record(
        actor=actor,
        action="create",
        object_type="person",
        object_id=person.pk,
        object_label=person.full_name,
        organisation_code=organisation.code,
    )
    return person
