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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from mantle.imports.parsers.extract.records import FTE_SCALE, ROW_COLUMNS, ExtractRows
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
from .bulk import fetch_frame, insert_frame, insert_rows, update_frame

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
    voting: bool | None  # None: not stated in the file, the post keeps its setting
    first_start: dt.date


@dataclass
class _Plan:
    post_specs: dict[str, _PostSpec] = field(default_factory=dict)
    # One row per person (first row in the file): number, names, date of birth, equality
    # codes, and the earliest start of their assignments.
    people: pl.DataFrame = field(default_factory=pl.DataFrame)
    # Distinct (employee_number, body, number, status).
    registrations: pl.DataFrame = field(default_factory=pl.DataFrame)


def _tier_value(value: Any) -> str:
    # Tier, Regulator and status enums are StrEnums: str() is their value, and cheap.
    return str(value)


def rows_frame(rows: Sequence[Any]) -> pl.DataFrame:
    """The checked rows as the parser's column table (``ExtractRows.frame``).

    Rows from ``parse_extract`` already are one; a plain list of ``ExtractRow`` is turned into
    one, so every caller goes through the same column-wise load.
    """
    if isinstance(rows, ExtractRows):
        return rows.frame
    columns: dict[str, list[Any]] = {name: [] for name in ROW_COLUMNS}
    for row in rows:
        registration = row.registration
        values = (
            row.row,
            row.org_code,
            row.employee_number,
            row.assignment_number,
            row.first_name,
            row.last_name,
            row.date_of_birth,
            row.position_number,
            row.position_title,
            "/".join(row.unit_path),
            row.reports_to_position_number,
            row.occupation_code,
            row.job_role,
            row.pay_band,
            int(Decimal(row.assignment_fte).quantize(Decimal("0.00001")).scaleb(5)),
            row.assignment_start_date,
            _tier_value(row.management_tier) if row.management_tier is not None else None,
            row.statutory_clinical_role,
            _tier_value(registration.body) if registration is not None else None,
            registration.number if registration is not None else None,
            _tier_value(registration.status) if registration is not None else None,
            row.sex,
            row.ethnic_category,
            row.disability,
            row.voting,
        )
        for name, value in zip(ROW_COLUMNS, values, strict=True):
            columns[name].append(value)
    return pl.DataFrame(columns, schema=ROW_SCHEMA)


ROW_SCHEMA: dict[str, Any] = {
    **dict.fromkeys(ROW_COLUMNS, pl.String),
    "row": pl.Int64,
    "date_of_birth": pl.Date,
    "assignment_fte": pl.Int64,
    "assignment_start_date": pl.Date,
    "statutory_clinical_role": pl.Boolean,
    "voting": pl.Boolean,
}


def _plan(frame: pl.DataFrame, *, org: Organisation, counts: ImportCounts) -> _Plan:
    """Posts (first row of each position), people (first row of each employee), registrations.

    Rule: a post is described by its first row; a post's and a person's first start is the
    earliest start of their assignments; a tier not set in the extract is inferred by the
    organisation's rules (once per distinct job role, title, occupation code and band).
    """
    rules = tier_rules_for(org)
    plan = _Plan()
    posts = frame.group_by("position_number", maintain_order=True).agg(
        pl.col(
            "position_title",
            "unit_path",
            "reports_to_position_number",
            "occupation_code",
            "job_role",
            "pay_band",
            "management_tier",
            "statutory_clinical_role",
        ).first(),
        pl.col("voting").first() if "voting" in frame.columns else pl.lit(None, pl.Boolean),
        pl.col("assignment_start_date").min().alias("first_start"),
    )
    inferred_cache: dict[tuple[str, str, str, str], tuple[Any, Any]] = {}
    for (
        pos,
        title,
        unit_path,
        reports_to,
        occupation_code,
        job_role,
        pay_band,
        management_tier,
        statutory,
        voting,
        first_start,
    ) in posts.iter_rows():
        if management_tier is not None:
            tier, source, reason = management_tier, "set", "set in the extract"
        else:
            key = (job_role or "", title, occupation_code, pay_band)
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
            title=title,
            unit_path=unit_path,
            reports_to=reports_to or "",
            occupation_code=occupation_code,
            job_role=job_role or "",
            pay_band=pay_band,
            tier=tier,
            tier_source=source,
            tier_reason=reason[:200],
            statutory=bool(statutory),
            voting=voting,
            first_start=first_start,
        )
    plan.people = frame.group_by("employee_number", maintain_order=True).agg(
        pl.col(
            "first_name", "last_name", "date_of_birth", "sex", "ethnic_category", "disability"
        ).first(),
        pl.col("assignment_start_date").min().alias("first_start"),
    )
    plan.registrations = (
        frame.filter(pl.col("registration_body").is_not_null())
        .select(
            "employee_number", "registration_body", "registration_number", "registration_status"
        )
        .unique(maintain_order=True)
    )
    return plan


POST_VERSION_COLUMNS = (
    "post", "organisation", "valid_from", "valid_to", "retracted_at", "title", "unit", "reports_to",
    "occupation_code", "job_role", "pay_band", "tier", "tier_source", "tier_reason",
    "statutory_clinical", "critical", "budgeted_fte", "voting",
)  # fmt: skip


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
    """Turn one validated snapshot into history (see module docstring). Atomic; idempotent.

    Rule: the module docstring's snapshot semantics, worked out column-wise (Polars) against the
    current rows read in bulk; new rows are written with ``COPY`` in batches on PostgreSQL.
    """
    report = progress or (lambda pct, stage: None)
    frame = rows_frame(rows)
    counts = ImportCounts(rows=frame.height)
    latest = latest_snapshot(org)
    refusal = snapshot_refusal(org=org, as_of=as_of, correct=correct, latest=latest)
    if refusal:
        raise ImportRefused(refusal)
    with transaction.atomic():
        if latest is not None and as_of < latest:
            _retract_after(org, as_of=as_of, counts=counts)
        report(5, "Planning posts and people")
        plan = _plan(frame, org=org, counts=counts)

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
            org=org,
            as_of=as_of,
            frame=frame,
            post_ids=post_ids,
            person_ids=person_ids,
            counts=counts,
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
        "voting",
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
        # Voting left blank keeps what the post has (set on the edit page or an earlier file);
        # a new post votes unless the file says otherwise.
        voting = spec.voting if spec.voting is not None else (old[14] if old is not None else True)
        desired = (
            spec.title,
            unit_id,
            reports_to_id,
            spec.occupation_code,
            spec.job_role,
            spec.pay_band,
            tier,
            spec.statutory,
            voting,
        )
        if (
            old is not None
            and (old[2], old[3], old[4], old[5], old[6], old[7], old[8], old[10], old[14])
            == desired
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
                voting,
            )
        )
    _close_versions(PostVersion, to_close, on=as_of)
    insert_rows(PostVersion, POST_VERSION_COLUMNS, new_versions)
    return post_ids


def _now_text() -> str:
    """The time now as the database reads it in a bulk write."""
    now = timezone.now()
    return now.isoformat() if connection.vendor == "postgresql" else now.isoformat(sep=" ")


def _load_people(*, org: Organisation, plan: _Plan, counts: ImportCounts) -> pl.DataFrame:
    """People new to the organisation are created; names and dates of birth are corrected.

    Returns ``employee_number`` → ``person_id`` for every person in the file.
    """
    known_numbers = fetch_frame(
        "SELECT number, person_id FROM workforce_employeenumber WHERE organisation_id = %s",
        [org.pk],
        {"employee_number": pl.String, "person_id": pl.Int64},
    )
    people = plan.people.join(
        known_numbers, on="employee_number", how="left", maintain_order="left"
    )
    missing = people.filter(pl.col("person_id").is_null())
    if missing.height:
        # Allocate ids up front so that people and their employee numbers go in as two bulk inserts.
        first_id = _reserve_ids(Person, missing.height)
        missing = missing.with_columns(
            pl.int_range(first_id, first_id + missing.height, dtype=pl.Int64).alias("person_id")
        )
        insert_frame(
            Person,
            missing.select(
                pl.col("person_id").alias("id"),
                "first_name",
                "last_name",
                "date_of_birth",
                pl.lit(_now_text()).alias("created_at"),
            ),
        )
        insert_frame(
            EmployeeNumber,
            missing.select(
                pl.col("person_id").alias("person"),
                pl.lit(org.pk, pl.Int64).alias("organisation"),
                pl.col("employee_number").alias("number"),
            ),
        )
        people = people.join(
            missing.select("employee_number", pl.col("person_id").alias("new_id")),
            on="employee_number",
            how="left",
            maintain_order="left",
        ).with_columns(pl.coalesce("person_id", "new_id").alias("person_id"))
    # Names and dates of birth are corrections to the person, not history: update when they differ.
    if missing.height < people.height:
        known = fetch_frame(
            "SELECT p.id, p.first_name, p.last_name, p.date_of_birth FROM workforce_person p "
            "JOIN workforce_employeenumber e ON e.person_id = p.id WHERE e.organisation_id = %s",
            [org.pk],
            {
                "person_id": pl.Int64,
                "known_first": pl.String,
                "known_last": pl.String,
                "known_dob": pl.Date,
            },
        )
        changed = people.join(known, on="person_id", how="inner").filter(
            (pl.col("first_name") != pl.col("known_first"))
            | (pl.col("last_name") != pl.col("known_last"))
            | (pl.col("date_of_birth") != pl.col("known_dob"))
        )
        update_frame(
            Person,
            changed.select(
                pl.col("person_id").alias("id"), "first_name", "last_name", "date_of_birth"
            ),
        )
    person_ids = people.select("employee_number", "person_id", "first_start")
    _load_equality(org=org, people=people)
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


def _load_equality(*, org: Organisation, people: pl.DataFrame) -> None:
    """Rule: a person's equality codes are those of their first row; a change replaces them."""
    codes = ("sex", "ethnic_category", "disability")
    wanted = people.filter(pl.any_horizontal(pl.col(codes).is_not_null())).select(
        "person_id", *(pl.col(code).fill_null("") for code in codes)
    )
    if wanted.height == 0:
        return
    existing = fetch_frame(
        "SELECT q.person_id, q.sex, q.ethnic_category, q.disability "
        "FROM workforce_equalityrecord q JOIN workforce_employeenumber e "
        "ON e.person_id = q.person_id WHERE e.organisation_id = %s",
        [org.pk],
        {
            "person_id": pl.Int64,
            "old_sex": pl.String,
            "old_ethnic": pl.String,
            "old_disability": pl.String,
        },
    ).with_columns(pl.col("old_sex", "old_ethnic", "old_disability").fill_null(""))
    compared = wanted.join(existing, on="person_id", how="left", maintain_order="left")
    insert_frame(
        EqualityRecord,
        compared.filter(pl.col("old_sex").is_null()).select(
            pl.col("person_id").alias("person"),
            *codes,
            pl.lit(_now_text()).alias("updated_at"),
        ),
    )
    update_frame(
        EqualityRecord,
        compared.filter(
            pl.col("old_sex").is_not_null()
            & (
                (pl.col("sex") != pl.col("old_sex"))
                | (pl.col("ethnic_category") != pl.col("old_ethnic"))
                | (pl.col("disability") != pl.col("old_disability"))
            )
        ).select(pl.col("person_id").alias("person"), *codes),
        key="person",
    )


def _load_registrations(
    *,
    org: Organisation,
    as_of: dt.date,
    plan: _Plan,
    person_ids: pl.DataFrame,
    counts: ImportCounts,
) -> None:
    """Rule: a new registration starts with the person's first assignment; a changed status
    closes the old version at ``as_of`` and opens a new one from ``as_of``."""
    if plan.registrations.height == 0:
        return
    current = fetch_frame(
        "SELECT r.id, r.person_id, r.body, r.number, r.status FROM workforce_registration r "
        "JOIN workforce_employeenumber e ON e.person_id = r.person_id "
        "WHERE e.organisation_id = %s AND r.valid_to IS NULL AND r.retracted_at IS NULL",
        [org.pk],
        {
            "old_id": pl.Int64,
            "person_id": pl.Int64,
            "registration_body": pl.String,
            "registration_number": pl.String,
            "old_status": pl.String,
        },
    ).unique(subset=["person_id", "registration_body", "registration_number"], keep="last")
    wanted = plan.registrations.join(
        person_ids, on="employee_number", how="left", maintain_order="left"
    ).join(
        current,
        on=["person_id", "registration_body", "registration_number"],
        how="left",
        maintain_order="left",
    )
    changes = wanted.filter(
        pl.col("old_id").is_null() | (pl.col("old_status") != pl.col("registration_status"))
    )
    changed = changes.filter(pl.col("old_id").is_not_null())
    counts.registration_changes += changed.height
    counts.new_registrations += changes.height - changed.height
    _close_versions(Registration, changed.get_column("old_id").to_list(), on=as_of)
    insert_frame(
        Registration,
        changes.select(
            pl.col("person_id").alias("person"),
            pl.col("registration_body").alias("body"),
            pl.col("registration_number").alias("number"),
            pl.col("registration_status").alias("status"),
            pl.when(pl.col("old_id").is_not_null())
            .then(pl.lit(as_of))
            .otherwise(pl.min_horizontal(pl.col("first_start"), pl.lit(as_of)))
            .alias("valid_from"),
            pl.lit(None, pl.Date).alias("valid_to"),
            pl.lit(None, pl.String).alias("retracted_at"),
        ),
    )


def _fte_text(scaled: pl.Expr) -> pl.Expr:
    """An FTE in 1/100,000ths as decimal text with 5 places ("0.50000")."""
    return pl.format(
        "{}.{}", scaled // FTE_SCALE, (scaled % FTE_SCALE).cast(pl.String).str.zfill(5)
    )


def _load_assignments(
    *,
    org: Organisation,
    as_of: dt.date,
    frame: pl.DataFrame,
    post_ids: dict[str, int],
    person_ids: pl.DataFrame,
    counts: ImportCounts,
) -> None:
    """Rule: the module docstring's assignment semantics (new, changed, unchanged, ended)."""
    current = fetch_frame(
        "SELECT id, assignment_number, person_id, post_id, CAST(fte AS DOUBLE PRECISION), "
        "start_date "
        "FROM workforce_assignment WHERE organisation_id = %s AND valid_to IS NULL "
        "AND retracted_at IS NULL",
        [org.pk],
        {
            "old_id": pl.Int64,
            "assignment_number": pl.String,
            "old_person": pl.Int64,
            "old_post": pl.Int64,
            "old_fte": pl.Float64,
            "old_start": pl.Date,
        },
    ).with_columns((pl.col("old_fte") * FTE_SCALE).round(0).cast(pl.Int64).alias("old_fte"))
    posts = pl.DataFrame(
        {"position_number": list(post_ids), "post_id": list(post_ids.values())},
        schema={"position_number": pl.String, "post_id": pl.Int64},
    )
    rows = (
        frame.select(
            "assignment_number",
            "employee_number",
            "position_number",
            "assignment_fte",
            "assignment_start_date",
        )
        .join(
            person_ids.select("employee_number", "person_id"),
            on="employee_number",
            how="left",
            maintain_order="left",
        )
        .join(posts, on="position_number", how="left", maintain_order="left")
        .join(current, on="assignment_number", how="left", maintain_order="left")
    )
    old = pl.col("old_id").is_not_null()
    same = (
        old
        & (pl.col("old_person") == pl.col("person_id"))
        & (pl.col("old_post") == pl.col("post_id"))
        & (pl.col("old_fte") == pl.col("assignment_fte"))
    )
    rows = rows.with_columns(same.fill_null(False).alias("same"))
    counts.unchanged = int(rows.get_column("same").sum())
    changes = rows.filter(~pl.col("same"))
    changed = changes.filter(old)
    counts.changed_assignments = changed.height
    counts.new_assignments = changes.height - changed.height
    ended = current.join(rows.select("assignment_number"), on="assignment_number", how="anti")
    counts.ended_assignments = ended.height
    _close_versions(
        Assignment,
        [*changed.get_column("old_id").to_list(), *ended.get_column("old_id").to_list()],
        on=as_of,
    )
    insert_frame(
        Assignment,
        changes.select(
            pl.lit(org.pk, pl.Int64).alias("organisation"),
            "assignment_number",
            pl.col("person_id").alias("person"),
            pl.col("post_id").alias("post"),
            _fte_text(pl.col("assignment_fte")).alias("fte"),
            pl.when(old)
            .then(pl.col("old_start"))
            .otherwise(pl.col("assignment_start_date"))
            .alias("start_date"),
            pl.lit(False).alias("acting"),
            pl.when(old)
            .then(pl.lit(as_of))
            .otherwise(pl.min_horizontal(pl.col("assignment_start_date"), pl.lit(as_of)))
            .alias("valid_from"),
            pl.lit(None, pl.Date).alias("valid_to"),
            pl.lit(None, pl.String).alias("retracted_at"),
        ),
    )
    people_before = set(current.get_column("old_person").unique().to_list())
    people_now = set(rows.get_column("person_id").unique().to_list())
    counts.starters = len(people_now - people_before)
    counts.leavers = len(people_before - people_now)
    counts.changes = counts.changed_assignments + counts.changed_posts + counts.registration_changes
