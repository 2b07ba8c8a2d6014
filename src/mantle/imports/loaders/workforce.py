"""Load a validated workforce snapshot into effective-dated history.

Snapshot semantics (docs/data-formats.md): the file is the organisation's whole workforce on ``as_of``.
* an assignment not seen before starts on its ``assignment_start_date``;
* an assignment seen before but absent now ends the day before ``as_of`` (``valid_to = as_of``);
* a changed attribute (post, FTE; a post's title, unit, tier, …; a registration's status) closes the old
  version at ``as_of`` and opens a new one from ``as_of``;
* posts are never ended by absence (a vacant post is still in the establishment);
* loading the same file twice changes nothing; loading a snapshot older than the latest one is refused
  unless ``correct`` is given, in which case later versions are retracted (kept, marked) and audited.

Everything happens in one transaction: an error or a kill leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from mantle.workforce.models import (
    Assignment,
    EmployeeNumber,
    EqualityRecord,
    Organisation,
    Person,
    Post,
    PostVersion,
    Registration,
    Unit,
)
from mantle.workforce.rules.tiers import Tier, infer_tier
from mantle.workforce.services import tier_rules_for, unit_ensure_paths

from ..models import ImportRun
from .bulk import fetch_rows, insert_rows

Progress = Callable[[int, str], None]
BOARD_AND_SENIOR = {Tier.BOARD_NON_EXECUTIVE, Tier.BOARD_EXECUTIVE, Tier.SENIOR}


class ImportRefused(Exception):
    """The import would silently rewrite history (an older snapshot) and ``correct`` was not given."""


@dataclass
class ImportCounts:
    rows: int = 0
    starters: int = 0
    leavers: int = 0
    changes: int = 0
    unchanged: int = 0
    new_posts: int = 0
    changed_posts: int = 0
    new_assignments: int = 0
    ended_assignments: int = 0
    changed_assignments: int = 0
    registration_changes: int = 0
    new_registrations: int = 0
    retracted_versions: int = 0
    inferred_tiers: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(slots=True)
class _PostSpec:
    title: str
    unit_path: str
    reports_to: str
    occupation_code: str
    job_role: str
    pay_band: str
    tier: str
    tier_source: str
    tier_reason: str
    statutory: bool
    first_start: dt.date


@dataclass
class _Plan:
    post_specs: dict[str, _PostSpec] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)  # employee_number -> first row
    person_first_start: dict[str, dt.date] = field(default_factory=dict)
    registrations: dict[str, set[tuple[str, str, str]]] = field(
        default_factory=lambda: defaultdict(set)
    )


def _tier_value(value: Any) -> str:
    # Tier, Regulator and status enums are StrEnums: str() is their value, and cheap.
    return str(value)


def snapshot_refusal(
    *, org: Organisation, as_of: dt.date, correct: bool, latest: dt.date | None
) -> str | None:
    """Why this snapshot may not be imported (None when it may). Rule: a snapshot older than the
    latest imported one would silently rewrite history, so it needs ``correct`` (audited)."""
    if latest is None or as_of >= latest or correct:
        return None
    return (
        f"{org.code} already has a snapshot for {latest.isoformat()}, later than "
        f"{as_of.isoformat()}. Importing an older snapshot would rewrite history. If this file "
        "corrects a mistake, import it again as a correction (--correct, or the correction box on "
        "the upload page); the correction is audited."
    )


def latest_snapshot(org: Organisation) -> dt.date | None:
    """The most recent successfully imported snapshot date for an organisation."""
    return ImportRun.objects.filter(organisation=org, status=ImportRun.Status.SUCCEEDED).aggregate(
        m=Max("as_of")
    )["m"]


def _plan(rows: Sequence[Any], *, org: Organisation, counts: ImportCounts) -> _Plan:
    rules = tier_rules_for(org)
    plan = _Plan()
    # Many posts share a job role, title, code and band: infer each combination once.
    inferred_cache: dict[tuple[str, str, str, str], tuple[Any, Any]] = {}
    for row in rows:
        pos = row.position_number
        if pos not in plan.post_specs:
            unit_path = "/".join(row.unit_path)
            if row.management_tier is not None:
                tier, source, reason = _tier_value(row.management_tier), "set", "set in the extract"
            else:
                key = (row.job_role or "", row.position_title, row.occupation_code, row.pay_band)
                if key not in inferred_cache:
                    inferred_cache[key] = infer_tier(
                        rules=rules,
                        job_role=key[0],
                        title=key[1],
                        occupation_code=key[2],
                        pay_band=key[3],
                    )
                inferred, rule = inferred_cache[key]
                tier, source = _tier_value(inferred), "inferred"
                reason = rule.description if rule is not None else "no rule matched"
                counts.inferred_tiers += 1
            plan.post_specs[pos] = _PostSpec(
                title=row.position_title,
                unit_path=unit_path,
                reports_to=row.reports_to_position_number or "",
                occupation_code=row.occupation_code,
                job_role=row.job_role or "",
                pay_band=row.pay_band,
                tier=tier,
                tier_source=source,
                tier_reason=reason[:200],
                statutory=bool(row.statutory_clinical_role),
                first_start=row.assignment_start_date,
            )
        else:
            spec = plan.post_specs[pos]
            spec.first_start = min(spec.first_start, row.assignment_start_date)
        emp = row.employee_number
        if emp not in plan.people:
            plan.people[emp] = row
            plan.person_first_start[emp] = row.assignment_start_date
        else:
            plan.person_first_start[emp] = min(
                plan.person_first_start[emp], row.assignment_start_date
            )
        if row.registration is not None:
            body, number, status = row.registration
            plan.registrations[emp].add((_tier_value(body), number, _tier_value(status)))
    return plan


POST_VERSION_COLUMNS = (
    "post", "organisation", "valid_from", "valid_to", "retracted_at", "title", "unit", "reports_to",
    "occupation_code", "job_role", "pay_band", "tier", "tier_source", "tier_reason",
    "statutory_clinical", "critical", "budgeted_fte",
)  # fmt: skip


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _close_versions(model: Any, ids: Iterable[int], *, on: dt.date) -> None:
    id_list = list(ids)
    for start in range(0, len(id_list), 5000):
        model.objects.filter(pk__in=id_list[start : start + 5000]).update(valid_to=on)


def _retract_after(org: Organisation, *, as_of: dt.date, counts: ImportCounts) -> None:
    """For a correction: versions that began after ``as_of`` are retracted (kept, marked), and versions
    that ended after it are re-opened, so that the corrected snapshot becomes the latest truth."""
    now = timezone.now()
    post_ids = Post.objects.filter(organisation=org).values("pk")
    person_ids = EmployeeNumber.objects.filter(organisation=org).values("person_id")
    for qs in (
        PostVersion.objects.filter(post_id__in=post_ids),
        Assignment.objects.filter(organisation=org),
        Registration.objects.filter(person_id__in=person_ids),
    ):
        counts.retracted_versions += qs.live().filter(valid_from__gt=as_of).update(retracted_at=now)
        qs.live().filter(valid_to__gt=as_of).update(valid_to=None)


def workforce_import(
    *,
    org: Organisation,
    as_of: dt.date,
    rows: Sequence[Any],
    correct: bool = False,
    progress: Progress | None = None,
) -> ImportCounts:
    """Turn one validated snapshot into history (see module docstring). Atomic; idempotent."""
    report = progress or (lambda pct, stage: None)
    counts = ImportCounts(rows=len(rows))
    latest = latest_snapshot(org)
    refusal = snapshot_refusal(org=org, as_of=as_of, correct=correct, latest=latest)
    if refusal:
        raise ImportRefused(refusal)
    with transaction.atomic():
        if latest is not None and as_of < latest:
            _retract_after(org, as_of=as_of, counts=counts)
        report(5, "Planning posts and people")
        plan = _plan(rows, org=org, counts=counts)

        report(10, "Units")
        units = unit_ensure_paths(org=org, paths={s.unit_path for s in plan.post_specs.values()})

        report(20, "Posts")
        post_ids = _load_posts(org=org, as_of=as_of, plan=plan, units=units, counts=counts)

        report(40, "People")
        person_ids = _load_people(org=org, plan=plan, counts=counts)

        report(55, "Registrations")
        _load_registrations(org=org, as_of=as_of, plan=plan, person_ids=person_ids, counts=counts)

        report(65, "Assignments")
        _load_assignments(
            org=org, as_of=as_of, rows=rows, post_ids=post_ids, person_ids=person_ids, counts=counts
        )
        report(95, "Finishing")
        if counts.new_assignments + counts.new_posts > ANALYZE_AFTER_ROWS:
            _analyze()
    return counts


ANALYZE_AFTER_ROWS = 10_000


def _analyze() -> None:
    """Refresh PostgreSQL's table statistics after a large load. Without it the planner still
    believes the tables are empty and the next import's joins take minutes instead of seconds."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (
            Assignment,
            PostVersion,
            Post,
            Person,
            EmployeeNumber,
            Registration,
            EqualityRecord,
            Unit,
        ):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def _load_posts(
    *, org: Organisation, as_of: dt.date, plan: _Plan, units: dict[str, Unit], counts: ImportCounts
) -> dict[str, int]:
    post_ids: dict[str, int] = dict(
        Post.objects.filter(organisation=org).values_list("position_number", "pk")
    )
    missing = [p for p in plan.post_specs if p not in post_ids]
    if missing:
        first_id = _reserve_ids(Post, len(missing))
        now = timezone.now()
        insert_rows(
            Post,
            ("id", "organisation", "position_number", "created_at"),
            ((first_id + i, org.pk, p, now) for i, p in enumerate(missing)),
        )
        post_ids.update({p: first_id + i for i, p in enumerate(missing)})
    counts.new_posts = len(missing)
    fields = (
        "id",
        "post_id",
        "title",
        "unit_id",
        "reports_to_id",
        "occupation_code",
        "job_role",
        "pay_band",
        "tier",
        "tier_source",
        "statutory_clinical",
        "critical",
        "budgeted_fte",
        "tier_reason",
    )
    current: dict[int, tuple[Any, ...]] = {
        row[1]: row
        for row in PostVersion.objects.live()
        .filter(organisation=org, valid_to__isnull=True)
        .values_list(*fields)
    }
    to_close: list[int] = []
    new_versions: list[tuple[Any, ...]] = []
    for pos, spec in plan.post_specs.items():
        pid = post_ids[pos]
        reports_to_id = post_ids.get(spec.reports_to) if spec.reports_to else None
        unit_id = units[spec.unit_path].pk
        old = current.get(pid)
        tier = spec.tier
        tier_source = spec.tier_source
        tier_reason = spec.tier_reason
        if (
            old is not None
            and spec.tier_source == "inferred"
            and old[9] == "set"
            and old[8] != "none"
        ):
            # The organisation set this post's tier in Mantle (or an earlier extract); an inferred
            # value must never overwrite the organisation's own setting.
            tier, tier_source, tier_reason = old[8], "set", old[13]
        desired = (
            spec.title,
            unit_id,
            reports_to_id,
            spec.occupation_code,
            spec.job_role,
            spec.pay_band,
            tier,
            spec.statutory,
        )
        if (
            old is not None
            and (old[2], old[3], old[4], old[5], old[6], old[7], old[8], old[10]) == desired
        ):
            continue
        critical = old[11] if old is not None else tier in BOARD_AND_SENIOR
        start = as_of if old is not None else min(spec.first_start, as_of)
        if old is not None:
            if old[0] and start <= as_of:
                to_close.append(old[0])
            counts.changed_posts += 1
        new_versions.append(
            (
                pid,
                org.pk,
                start,
                None,
                None,
                spec.title,
                unit_id,
                reports_to_id,
                spec.occupation_code,
                spec.job_role,
                spec.pay_band,
                tier,
                tier_source,
                tier_reason,
                spec.statutory,
                critical,
                old[12] if old is not None else Decimal("1"),
            )
        )
    _close_versions(PostVersion, to_close, on=as_of)
    insert_rows(PostVersion, POST_VERSION_COLUMNS, new_versions)
    return post_ids


def _load_people(*, org: Organisation, plan: _Plan, counts: ImportCounts) -> dict[str, int]:
    person_ids: dict[str, int] = dict(
        EmployeeNumber.objects.filter(organisation=org).values_list("number", "person_id")
    )
    missing = [emp for emp in plan.people if emp not in person_ids]
    if missing:
        # Allocate ids up front so that people and their employee numbers go in as two bulk inserts.
        first_id = _reserve_ids(Person, len(missing))
        now = timezone.now()
        person_ids.update({emp: first_id + offset for offset, emp in enumerate(missing)})
        insert_rows(
            Person,
            ("id", "first_name", "last_name", "date_of_birth", "created_at"),
            (
                (
                    person_ids[e],
                    plan.people[e].first_name,
                    plan.people[e].last_name,
                    plan.people[e].date_of_birth,
                    now,
                )
                for e in missing
            ),
        )
        insert_rows(
            EmployeeNumber,
            ("person", "organisation", "number"),
            ((person_ids[e], org.pk, e) for e in missing),
        )
    # Names and dates of birth are corrections to the person, not history: update when they differ.
    existing = set(plan.people) - set(missing)
    if existing:
        known = {
            pk: (f, la, _as_date(d))
            for pk, f, la, d in fetch_rows(
                "SELECT p.id, p.first_name, p.last_name, p.date_of_birth FROM workforce_person p "
                "JOIN workforce_employeenumber e ON e.person_id = p.id WHERE e.organisation_id = %s",
                [org.pk],
            )
        }
        changed = []
        for emp in existing:
            row = plan.people[emp]
            pk = person_ids[emp]
            if known.get(pk) != (row.first_name, row.last_name, row.date_of_birth):
                changed.append(
                    Person(
                        pk=pk,
                        first_name=row.first_name,
                        last_name=row.last_name,
                        date_of_birth=row.date_of_birth,
                    )
                )
        if changed:
            Person.objects.bulk_update(
                changed, ["first_name", "last_name", "date_of_birth"], batch_size=2000
            )
    _load_equality(org=org, plan=plan, person_ids=person_ids)
    return person_ids


def _reserve_ids(model: Any, n: int) -> int:
    """Reserve ``n`` consecutive primary keys and return the first (we hold the transaction)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            seq = cursor.fetchone()[0]
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            current_max = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s, true)", [seq, current_max + n])
            return int(current_max) + 1
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0]) + 1


def _load_equality(*, org: Organisation, plan: _Plan, person_ids: dict[str, int]) -> None:
    wanted = {
        person_ids[emp]: (row.sex or "", row.ethnic_category or "", row.disability or "")
        for emp, row in plan.people.items()
        if row.sex or row.ethnic_category or row.disability
    }
    if not wanted:
        return
    existing = {
        pid: (s, e, d)
        for pid, s, e, d in fetch_rows(
            "SELECT q.person_id, q.sex, q.ethnic_category, q.disability "
            "FROM workforce_equalityrecord q JOIN workforce_employeenumber e "
            "ON e.person_id = q.person_id WHERE e.organisation_id = %s",
            [org.pk],
        )
    }
    now = timezone.now()
    insert_rows(
        EqualityRecord,
        ("person", "sex", "ethnic_category", "disability", "updated_at"),
        ((pid, *v, now) for pid, v in wanted.items() if pid not in existing),
    )
    for pid, (s, e, d) in wanted.items():
        if pid in existing and existing[pid] != (s, e, d):
            EqualityRecord.objects.filter(person_id=pid).update(
                sex=s, ethnic_category=e, disability=d
            )


def _load_registrations(
    *,
    org: Organisation,
    as_of: dt.date,
    plan: _Plan,
    person_ids: dict[str, int],
    counts: ImportCounts,
) -> None:
    current: dict[tuple[int, str, str], tuple[int, str]] = {}
    for pk, person_id, body, number, status in fetch_rows(
        "SELECT r.id, r.person_id, r.body, r.number, r.status FROM workforce_registration r "
        "JOIN workforce_employeenumber e ON e.person_id = r.person_id "
        "WHERE e.organisation_id = %s AND r.valid_to IS NULL AND r.retracted_at IS NULL",
        [org.pk],
    ):
        current[(person_id, body, number)] = (pk, status)
    to_close: list[int] = []
    create: list[tuple[Any, ...]] = []
    for emp, regs in plan.registrations.items():
        pid = person_ids[emp]
        for body, number, status in regs:
            old = current.get((pid, body, number))
            if old is not None and old[1] == status:
                continue
            if old is not None:
                to_close.append(old[0])
                start = as_of
                counts.registration_changes += 1
            else:
                start = min(plan.person_first_start[emp], as_of)
                counts.new_registrations += 1
            create.append((pid, body, number, status, start, None, None))
    _close_versions(Registration, to_close, on=as_of)
    insert_rows(
        Registration,
        ("person", "body", "number", "status", "valid_from", "valid_to", "retracted_at"),
        create,
    )


def _load_assignments(
    *,
    org: Organisation,
    as_of: dt.date,
    rows: Sequence[Any],
    post_ids: dict[str, int],
    person_ids: dict[str, int],
    counts: ImportCounts,
) -> None:
    current: dict[str, tuple[int, int, int, Decimal, dt.date]] = {}
    # A plain cursor, not the ORM: on a re-import this reads every current assignment.
    for pk, number, person_id, post_id, fte, start in fetch_rows(
        "SELECT id, assignment_number, person_id, post_id, fte, start_date "
        "FROM workforce_assignment WHERE organisation_id = %s AND valid_to IS NULL "
        "AND retracted_at IS NULL",
        [org.pk],
    ):
        current[number] = (pk, person_id, post_id, Decimal(str(fte)), _as_date(start))
    people_before = {v[1] for v in current.values()}
    people_now: set[int] = set()
    seen: set[str] = set()
    to_close: list[int] = []
    create: list[tuple[Any, ...]] = []
    for row in rows:
        number = row.assignment_number
        seen.add(number)
        person_id = person_ids[row.employee_number]
        post_id = post_ids[row.position_number]
        people_now.add(person_id)
        fte = Decimal(str(row.assignment_fte)).quantize(Decimal("0.00001"))
        old = current.get(number)
        if old is not None and (old[1], old[2], old[3]) == (person_id, post_id, fte):
            counts.unchanged += 1
            continue
        if old is not None:
            to_close.append(old[0])
            counts.changed_assignments += 1
            start = as_of
        else:
            counts.new_assignments += 1
            start = min(row.assignment_start_date, as_of)
        first_start = row.assignment_start_date if old is None else old[4]
        create.append(
            (org.pk, number, person_id, post_id, fte, first_start, False, start, None, None)
        )
    ended = [v[0] for k, v in current.items() if k not in seen]
    counts.ended_assignments = len(ended)
    _close_versions(Assignment, to_close + ended, on=as_of)
    insert_rows(
        Assignment,
        (
            "organisation",
            "assignment_number",
            "person",
            "post",
            "fte",
            "start_date",
            "acting",
            "valid_from",
            "valid_to",
            "retracted_at",
        ),
        create,
    )
    counts.starters = len(people_now - people_before)
    counts.leavers = len(people_before - people_now)
    counts.changes = counts.changed_assignments + counts.changed_posts + counts.registration_changes
