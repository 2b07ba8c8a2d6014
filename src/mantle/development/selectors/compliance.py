"""Requirement status for a person or a whole organisation on a date, and the gap report.

Rules: requirement evaluation is ``mantle.development.rules.requirements`` (grace periods, expiry);
the gap report counts person–requirement pairs. HR/OD administrators see every pair by name and
exact counts; other aggregate viewers see counts only, through the disclosure layer (issue 11): the
organisation's row, the rows by requirement and the rows by unit are one family (``compliance_cells``)
protected together and checked by the auditor's linear programme, so no table, row or column
combination recovers a count of 1–4 pairs (rates calculated from a hidden count are hidden too).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.db.models.functions import Lower, Trim

from mantle.analytics.disclosure import Family, Protection
from mantle.analytics.disclosure.checked import content_digest, protect_checked
from mantle.development.models import Enrolment, Holding, Requirement
from mantle.development.rules.requirements import (
    Evaluation,
    HoldingFact,
    PostHeld,
    RequirementSpec,
    Status,
    evaluate_all,
)
from mantle.workforce.models import Assignment, Organisation, Person, PostVersion

COUNT_COLUMNS = ["applicable", "met", "expiring", "in_grace", "gap"]
"""Per scope: required person–requirement pairs, split by status (they add up to ``applicable``)."""


def _specs(org_ids: Iterable[int]) -> dict[int, list[RequirementSpec]]:
    specs: dict[int, list[RequirementSpec]] = defaultdict(list)
    for req in Requirement.objects.filter(
        organisation_id__in=org_ids, active=True
    ).prefetch_related("offerings"):
        specs[req.organisation_id].append(
            RequirementSpec(
                requirement_id=req.pk,
                name=req.name,
                required=req.strength == "required",
                offering_ids=frozenset(o.pk for o in req.offerings.all()),
                grace_days=req.grace_days,
                tier=req.tier,
                post_id=req.post_id,
                job_role=req.job_role,
            )
        )
    return specs


def _in_scope(specs: Iterable[RequirementSpec]) -> Q:
    """Post versions a requirement can apply to (``rules.requirements.applies``, in SQL): its tier,
    the post itself, or its job role (trimmed, any case)."""
    specs = list(specs)
    tiers = {s.tier for s in specs if s.tier}
    posts = {s.post_id for s in specs if not s.tier and s.post_id}
    roles = {
        s.job_role.strip().lower() for s in specs if not s.tier and not s.post_id and s.job_role
    }
    scope = Q(pk__in=[])
    if tiers:
        scope |= Q(tier__in=tiers)
    if posts:
        scope |= Q(post_id__in=posts)
    if roles:
        scope |= Q(job_role_key__in=roles)
    return scope


def _posts_held(
    *,
    on: dt.date,
    org: Organisation | None = None,
    person_ids: Iterable[int] | None = None,
    specs: Iterable[RequirementSpec] | None = None,
) -> dict[tuple[int, int], list[PostHeld]]:
    """(organisation id, person id) → posts held on ``on``, each with its version's attributes.
    With ``org`` and ``specs``, only posts a requirement can apply to are read (the versions
    first, then their holders: a few hundred rows instead of every assignment of the trust)."""
    assignments = Assignment.objects.current_on(on)
    if org is not None and specs is not None:
        in_scope = (
            PostVersion.objects.current_on(on)
            .filter(organisation=org)
            .annotate(job_role_key=Lower(Trim("job_role")))
            .filter(_in_scope(specs))
        )
        versions = {v.post_id: v for v in in_scope.select_related("unit")}
        assignments = assignments.filter(organisation=org, post_id__in=list(versions))
        rows = list(
            assignments.values_list("organisation_id", "person_id", "post_id", "start_date")
        )
    else:
        if org is not None:
            assignments = assignments.filter(organisation=org)
        if person_ids is not None:
            assignments = assignments.filter(person_id__in=list(person_ids))
        rows = list(
            assignments.values_list("organisation_id", "person_id", "post_id", "start_date")
        )
        versions = {
            v.post_id: v
            for v in PostVersion.objects.current_on(on)
            .filter(post_id__in={r[2] for r in rows})
            .select_related("unit")
        }
    held: dict[tuple[int, int], list[PostHeld]] = defaultdict(list)
    for org_id, person_id, post_id, start in rows:
        version = versions.get(post_id)
        if version is None:
            continue
        held[(org_id, person_id)].append(
            PostHeld(
                post_id=post_id,
                tier=version.tier,
                job_role=version.job_role,
                start_date=start,
                title=version.title,
                unit_path=version.unit.path,
            )
        )
    return held


def _facts(person_ids: set[int]) -> tuple[dict[int, list[HoldingFact]], dict[int, frozenset[int]]]:
    holdings: dict[int, list[HoldingFact]] = defaultdict(list)
    for h in Holding.objects.filter(person_id__in=person_ids).values(
        "pk", "person_id", "offering_id", "awarded_on", "expires_on"
    ):
        holdings[h["person_id"]].append(
            HoldingFact(h["pk"], h["offering_id"], h["awarded_on"], h["expires_on"])
        )
    enrolled: dict[int, set[int]] = defaultdict(set)
    for person_id, offering_id in Enrolment.objects.filter(
        person_id__in=person_ids, status__in=["applied", "enrolled"]
    ).values_list("person_id", "offering_id"):
        enrolled[person_id].add(offering_id)
    return holdings, {k: frozenset(v) for k, v in enrolled.items()}


def evaluations_for_people(
    *, person_ids: Iterable[int], on: dt.date
) -> dict[int, list[Evaluation]]:
    """Person id → every requirement that applies to them on ``on`` through the posts they hold, in
    every organisation that employs them (rules: ``rules.requirements``); people with none are left
    out. Batched: a handful of queries whatever the number of people (a line manager's division)."""
    ids = set(person_ids)
    if not ids:
        return {}
    held = _posts_held(on=on, person_ids=ids)
    specs = _specs({org_id for org_id, _ in held})
    holdings, enrolled = _facts({person_id for _, person_id in held})
    results: dict[int, list[Evaluation]] = defaultdict(list)
    for (org_id, person_id), posts in held.items():
        results[person_id] += evaluate_all(
            requirements=specs.get(org_id, []),
            posts=posts,
            holdings=holdings.get(person_id, []),
            enrolled_offering_ids=enrolled.get(person_id, frozenset()),
            on=on,
        )
    return {
        person_id: sorted(found, key=lambda e: (e.status is not Status.GAP, e.requirement.name))
        for person_id, found in results.items()
        if found
    }


def evaluations_for_person(*, person: Person, on: dt.date) -> list[Evaluation]:
    """Every requirement that applies to ``person`` on ``on`` through the posts they hold, in every
    organisation that employs them (rules: ``rules.requirements``)."""
    return evaluations_for_people(person_ids=[person.pk], on=on).get(person.pk, [])


def evaluations_for_org(
    *, org: Organisation, on: dt.date, person_ids: Iterable[int] | None = None
) -> dict[int, list[Evaluation]]:
    """Person id → evaluations, for everyone holding a post in ``org`` on ``on`` (optionally only
    ``person_ids``). Batched: a handful of queries whatever the size of the organisation."""
    specs = _specs([org.pk]).get(org.pk, [])
    if not specs:
        return {}
    if person_ids is None:
        held = _posts_held(on=on, org=org, specs=specs)
    else:
        held = _posts_held(on=on, org=org, person_ids=person_ids)
    people = {person_id for _, person_id in held}
    holdings, enrolled = _facts(people)
    out: dict[int, list[Evaluation]] = {}
    for (_, person_id), posts in held.items():
        results = evaluate_all(
            requirements=specs,
            posts=posts,
            holdings=holdings.get(person_id, []),
            enrolled_offering_ids=enrolled.get(person_id, frozenset()),
            on=on,
        )
        if results:
            out[person_id] = results
    return out


@dataclass(frozen=True)
class GapRow:
    """One person–requirement pair for the gap report."""

    person_id: int
    person_name: str
    post_id: int
    post_title: str
    unit_path: str
    requirement: str
    required: bool
    status: Status
    due_on: dt.date
    expires_on: dt.date | None
    reason: str


@dataclass
class ComplianceReport:
    org: Organisation
    on: dt.date
    suppressed: bool
    threshold: int
    organisation: dict[str, Any] = field(default_factory=dict)
    by_requirement: list[dict[str, Any]] = field(default_factory=list)
    by_unit: list[dict[str, Any]] = field(default_factory=list)
    by_post: list[dict[str, Any]] = field(default_factory=list)
    rows: list[GapRow] = field(default_factory=list)
    desirable_gaps: int | str = 0
    footnotes: list[str] = field(default_factory=list)

    @property
    def any_hidden(self) -> bool:
        tables = [[self.organisation], self.by_requirement, self.by_unit]
        return any(v == "*" for table in tables for row in table for v in row.values())


def _tally(rows: list[GapRow], key: str | None) -> pl.DataFrame:
    required = [r for r in rows if r.required]
    frame = pl.DataFrame(
        {
            "key": [getattr(r, key) if key else "" for r in required],
            "status": [str(r.status) for r in required],
        },
        schema={"key": pl.String, "status": pl.String},
    )
    counts = frame.group_by("key").agg(
        pl.len().alias("applicable"),
        *(
            (pl.col("status") == s).sum().alias(name)
            for name, s in (
                ("met", "met"),
                ("expiring", "expiring"),
                ("in_grace", "in_grace"),
                ("gap", "gap"),
            )
        ),
    )
    counts = counts.with_columns(pl.col(c).cast(pl.Int64) for c in COUNT_COLUMNS)
    return counts.with_columns(
        pl.when(pl.col("applicable") > 0)
        .then(1 - pl.col("gap") / pl.col("applicable"))
        .alias("compliance_rate")
    ).sort("key")


def _exact(frame: pl.DataFrame) -> list[dict[str, Any]]:
    out = []
    for row in frame.to_dicts():
        clean: dict[str, Any] = {"key": row["key"]}
        for column in COUNT_COLUMNS:
            clean[column] = int(row[column])
        rate = row["compliance_rate"]
        clean["compliance_rate"] = None if rate is None else float(rate)
        out.append(clean)
    return out


STATUS_COLUMNS = ("met", "expiring", "in_grace", "gap")


def unit_key(path: str, depth: int) -> str:
    return "/".join(path.split("/")[:depth])


def compliance_cells(
    rows: list[GapRow], *, unit_depth: int
) -> tuple[dict[tuple[Any, ...], frozenset[int]], Family]:
    """Every count the compliance outputs release (organisation, by requirement, by unit), each as
    the set of person–requirement pairs it counts (pairs numbered in ``rows`` order), and the
    family of their relations: in every row the statuses add up to the required pairs; the
    requirements' rows and the units' rows each add up to the organisation's."""
    threshold = int(getattr(settings, "MANTLE_SUPPRESSION_THRESHOLD", 5))
    cells: dict[tuple[Any, ...], set[int]] = {}
    required = [(i, r) for i, r in enumerate(rows) if r.required]
    tables = {
        "org": lambda r: "",
        "req": lambda r: r.requirement,
        "unit": lambda r: unit_key(r.unit_path, unit_depth),
    }
    for table, key_of in tables.items():
        for i, r in required:
            key = key_of(r)
            cells.setdefault((table, key, "applicable"), set()).add(i)
            cells.setdefault((table, key, str(r.status)), set())
            cells[(table, key, str(r.status))].add(i)
    if not required:
        cells[("org", "", "applicable")] = set()
    for table, key, _ in list(cells):
        for column in STATUS_COLUMNS:
            cells.setdefault((table, key, column), set())
    cells[("desirable_gaps",)] = {
        i for i, r in enumerate(rows) if not r.required and r.status is Status.GAP
    }
    frozen = {c: frozenset(m) for c, m in cells.items()}
    fam = Family(threshold=threshold)
    for cell, members in frozen.items():
        fam.count(cell, len(members))
    keys: dict[str, list[str]] = {}
    for table, key, column in (c for c in frozen if len(c) == 3):
        if column == "applicable":
            keys.setdefault(table, []).append(key)
            fam.relation((table, key, "applicable"), [(table, key, s) for s in STATUS_COLUMNS])
            fam.derived(
                (table, key, "compliance_rate"), [(table, key, "applicable"), (table, key, "gap")]
            )
    for table in ("req", "unit"):
        for column in COUNT_COLUMNS:
            if keys.get(table):
                fam.relation(("org", "", column), [(table, k, column) for k in keys[table]])
    return frozen, fam


def compliance_protection(rows: list[GapRow], *, unit_depth: int) -> Protection:
    """The one protection pattern of an organisation's compliance figures on a date (rule:
    ``compliance_cells``, checked by the auditor's linear programme), cached by content."""
    threshold = int(getattr(settings, "MANTLE_SUPPRESSION_THRESHOLD", 5))
    cells, fam = compliance_cells(rows, unit_depth=unit_depth)
    key = (
        "mantle:development:compliance-family:"
        f"{content_digest(cells, shown=cells, threshold=threshold)}"
    )
    reasons = cache.get(key)
    if reasons is None:
        protection = protect_checked(fam, cells, threshold=threshold)
        cache.set(key, dict(protection.reasons), 24 * 3600)
        return protection
    return Protection(threshold=threshold, reasons=reasons)


def _apply(table: str, rows: list[dict[str, Any]], protection: Protection) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        key = row["key"]
        shown = {c: protection.show((table, key, c), row[c]) for c in COUNT_COLUMNS}
        shown["compliance_rate"] = protection.show(
            (table, key, "compliance_rate"), row["compliance_rate"]
        )
        out.append({"key": key, **shown})
    return out


def compliance_rows(*, org: Organisation, on: dt.date, names: bool) -> list[GapRow]:
    """Every person–requirement pair of ``org`` on ``on``, gaps first, in a fixed order (the
    disclosure family numbers the pairs in this order). Names are read only when ``names``."""
    evaluations = evaluations_for_org(org=org, on=on)
    full = (
        {
            p.pk: p.full_name
            for p in Person.objects.filter(pk__in=list(evaluations)).only("first_name", "last_name")
        }
        if names
        else {}
    )
    rows = [
        GapRow(
            person_id=person_id,
            person_name=full.get(person_id, ""),
            post_id=e.post.post_id,
            post_title=e.post.title,
            unit_path=e.post.unit_path,
            requirement=e.requirement.name,
            required=e.requirement.required,
            status=e.status,
            due_on=e.due_on,
            expires_on=(e.holding.expires_on if e.holding else None),
            reason=e.reason,
        )
        for person_id, evals in evaluations.items()
        for e in evals
    ]
    rows.sort(
        key=lambda r: (
            r.status is not Status.GAP,
            r.unit_path,
            r.person_name,
            r.person_id,
            r.requirement,
            r.post_id,
        )
    )
    return rows


def compliance_report(
    *,
    org: Organisation,
    on: dt.date,
    suppress: bool,
    include_people: bool,
    unit_depth: int = 2,
) -> ComplianceReport:
    """The organisation's compliance with its required qualifications on ``on``: totals, by
    requirement, by unit (subtree to ``unit_depth`` levels) and, when ``include_people``, every
    person–requirement pair (the gap report). Rule: only *required* pairs count towards compliance;
    desirable gaps are counted apart. ``suppress`` applies disclosure control (module docstring)."""
    rows = compliance_rows(org=org, on=on, names=include_people)
    threshold = int(getattr(settings, "MANTLE_SUPPRESSION_THRESHOLD", 5))
    report = ComplianceReport(org=org, on=on, suppressed=suppress, threshold=threshold)
    total = _tally(rows, None)
    if total.is_empty():
        total = pl.DataFrame(
            {"key": [""], **{c: [0] for c in COUNT_COLUMNS}, "compliance_rate": [None]},
            schema={
                "key": pl.String,
                **dict.fromkeys(COUNT_COLUMNS, pl.Int64),
                "compliance_rate": pl.Float64,
            },
        )
    report.organisation = _exact(total)[0]
    report.by_requirement = _exact(_tally(rows, "requirement"))
    unit_rows = [replace(r, unit_path=unit_key(r.unit_path, unit_depth)) for r in rows]
    report.by_unit = _exact(_tally(unit_rows, "unit_path"))
    desirable = sum(1 for r in rows if not r.required and r.status is Status.GAP)
    report.desirable_gaps = desirable
    if suppress:
        protection = compliance_protection(rows, unit_depth=unit_depth)
        report.organisation = _apply("org", [report.organisation], protection)[0]
        report.by_requirement = _apply("req", report.by_requirement, protection)
        report.by_unit = _apply("unit", report.by_unit, protection)
        report.desirable_gaps = protection.show(("desirable_gaps",), desirable)
        report.footnotes = protection.footnotes()
    if include_people:
        # Per post only for those who may see people: a post usually has one holder.
        report.rows = rows
        post_rows = [
            GapRow(**{**r.__dict__, "post_title": f"{r.post_title} — {r.unit_path}"}) for r in rows
        ]
        report.by_post = [
            row
            for row in _exact(_tally(post_rows, "post_title"))
            if row["gap"] or row["in_grace"] or row["expiring"]
        ]
    return report


def people_with_gaps_in(*, person_ids: Iterable[int], on: dt.date) -> list[GapRow]:
    """Gap-report rows for a set of people (a line manager's team), every organisation they are in."""
    rows: list[GapRow] = []
    people = {p.pk: p for p in Person.objects.filter(pk__in=list(person_ids))}
    evaluations = evaluations_for_people(person_ids=people, on=on)
    for person in people.values():
        for e in evaluations.get(person.pk, []):
            rows.append(
                GapRow(
                    person_id=person.pk,
                    person_name=person.full_name,
                    post_id=e.post.post_id,
                    post_title=e.post.title,
                    unit_path=e.post.unit_path,
                    requirement=e.requirement.name,
                    required=e.requirement.required,
                    status=e.status,
                    due_on=e.due_on,
                    expires_on=(e.holding.expires_on if e.holding else None),
                    reason=e.reason,
                )
            )
    return sorted(rows, key=lambda r: (r.status is not Status.GAP, r.person_name, r.requirement))
