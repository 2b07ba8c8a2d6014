"""Read the register's history and the organisation's enrolments into the conversion measure's
frames, run it, and apply disclosure control for viewers who are not HR/OD administrators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings
from django.core.cache import cache

from mantle.analytics.disclosure import Family, Protection
from mantle.analytics.disclosure.checked import content_digest, protect_checked
from mantle.development.conversion import (
    ENROLMENT_SCHEMA,
    HORIZONS,
    REGISTRATION_SCHEMA,
    SPELL_SCHEMA,
    TIERS,
    ConversionResult,
    conversion,
    summary_count_columns,
    summary_derived,
)
from mantle.development.models import Enrolment
from mantle.workforce.models import Assignment, Organisation, PostVersion, Registration
from mantle.workforce.rules.registration import profession_for_registration


def _profession(body: str, number: str) -> str:
    try:
        return str(profession_for_registration(body=body, number=number))
    except (ValueError, KeyError):
        return "other_registered"


def register_frames(*, org: Organisation) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Spells and registrations for everyone who has ever held a post in ``org``.

    A spell is an assignment intersected with each version of its post (so a post re-tiered part way
    through an assignment gives two spells). Spells in other organisations are included too, so a
    participant who moves into management elsewhere in the register still counts as moved."""
    # Subqueries rather than lists of ids: an organisation can have tens of thousands of people.
    people = Assignment.objects.live().filter(organisation=org).values("person_id")
    assignments = pl.DataFrame(
        list(
            Assignment.objects.live()
            .filter(person_id__in=people)
            .values_list(
                "person_id", "organisation__code", "post_id", "valid_from", "valid_to", "fte"
            )
        ),
        schema={
            "person_id": pl.Int64,
            "org_code": pl.String,
            "post_id": pl.Int64,
            "a_from": pl.Date,
            "a_to": pl.Date,
            "fte": pl.Float64,
        },
        orient="row",
    )
    versions = pl.DataFrame(
        list(
            PostVersion.objects.live()
            .filter(
                post_id__in=Assignment.objects.live().filter(person_id__in=people).values("post_id")
            )
            .values_list("post_id", "valid_from", "valid_to", "tier", "pay_band", "occupation_code")
        ),
        schema={
            "post_id": pl.Int64,
            "v_from": pl.Date,
            "v_to": pl.Date,
            "tier": pl.String,
            "pay_band": pl.String,
            "occupation_code": pl.String,
        },
        orient="row",
    )
    far = dt.date(9999, 12, 31)
    spells = (
        assignments.join(versions, on="post_id", how="inner")
        .with_columns(
            pl.max_horizontal("a_from", "v_from").alias("valid_from"),
            pl.min_horizontal(pl.col("a_to").fill_null(far), pl.col("v_to").fill_null(far)).alias(
                "end"
            ),
        )
        .filter(pl.col("valid_from") < pl.col("end"))
        .with_columns(
            pl.when(pl.col("end") == far).then(None).otherwise(pl.col("end")).alias("valid_to")
        )
        .select(list(SPELL_SCHEMA))
    )
    regs = [
        {
            "person_id": person_id,
            "valid_from": start,
            "valid_to": end,
            "status": status,
            "profession": _profession(body, number),
        }
        for person_id, body, number, status, start, end in Registration.objects.live()
        .filter(person_id__in=people)
        .values_list("person_id", "body", "number", "status", "valid_from", "valid_to")
    ]
    return (
        spells.cast(SPELL_SCHEMA),  # type: ignore[arg-type]
        pl.DataFrame(regs, schema=REGISTRATION_SCHEMA),
    )


def enrolment_frame(*, org: Organisation) -> pl.DataFrame:
    """The organisation's enrolments with the programme name and cohort label; with no start date
    recorded, the cohort's start is used."""
    rows = []
    for e in Enrolment.objects.filter(organisation=org).select_related("offering", "cohort"):
        started = e.started_on or (e.cohort.starts_on if e.cohort else None)
        rows.append(
            {
                "enrolment_id": e.pk,
                "person_id": e.person_id,
                "offering_id": e.offering_id,
                "programme": e.offering.name,
                "cohort": e.cohort.name if e.cohort else "Individual enrolments",
                "status": e.status,
                "started_on": started,
                "completed_on": e.completed_on,
                "withdrawn_on": e.withdrawn_on,
                "cost": float(e.cost) if e.cost is not None else None,
            }
        )
    return pl.DataFrame(rows, schema=ENROLMENT_SCHEMA)


@dataclass
class ConversionReport:
    org: Organisation
    as_of: dt.date
    suppressed: bool
    threshold: int
    min_moved: int
    horizons: tuple[int, ...]
    summary: list[dict[str, Any]]
    tiers: list[dict[str, Any]]
    result: ConversionResult
    footnotes: list[str] = field(default_factory=list)

    @property
    def any_hidden(self) -> bool:
        return any(v == "*" for row in [*self.summary, *self.tiers] for v in row.values())


def _as_python(table: pl.DataFrame, numeric: list[str], integer: set[str]) -> list[dict[str, Any]]:
    out = []
    for row in table.to_dicts():
        for column in numeric:
            value = row.get(column)
            if value is None or value == "*":
                continue
            row[column] = int(float(value)) if column in integer else float(value)
        out.append(row)
    return out


Cell = tuple[Any, ...]
_SYNTHETIC = 1 << 44
"""Item ids for people counted but not listed in the participants frame (non-clinician
completers, comparison clinicians): far above any enrolment id, one block per cohort and figure."""


def _key(row: dict[str, Any]) -> tuple[Any, Any]:
    return (row["offering_id"], row["cohort"])


def conversion_cells(
    result: ConversionResult, *, horizons: tuple[int, ...]
) -> tuple[dict[Cell, frozenset[int]], set[Cell], Family]:
    """Every count of the conversion outputs (the cohort table and the tier table, page, API and
    CSV) as the set of enrolments (or people) it counts, the cells a reader is shown, and the family
    of their relations (issue 11): completers = clinicians + other completers; clinicians = in
    management before + eligible; a subset and its complement (moved, matched, appointed,
    observed); the tier table's points (observed = in management + not; in management = Σ tiers),
    whose 'before' point counts the same people as the cohort's clinicians and managers before."""
    threshold = int(getattr(settings, "MANTLE_SUPPRESSION_THRESHOLD", 5))
    part = result.participants
    cells: dict[Cell, frozenset[int]] = {}
    shown: set[Cell] = set()
    fam = Family(threshold=threshold)
    block = 0

    def add(cell: Cell, members: Iterable[int], visible: bool = True) -> None:
        frozen = frozenset(members)
        cells[cell] = frozen
        fam.count(cell, len(frozen), shown=visible)
        if visible:
            shown.add(cell)

    def synthetic(n: int) -> range:
        nonlocal block
        block += 1
        start = _SYNTHETIC + (block << 20)
        return range(start, start + max(n, 0))

    def ids(frame: pl.DataFrame) -> set[int]:
        return set(frame.get_column("enrolment_id").to_list())

    def split(
        total: Cell, part_cell: Cell, members_total: set[int], members_part: set[int]
    ) -> None:
        rest = (*total, "minus", part_cell[-1])
        add(rest, members_total - members_part, visible=False)
        fam.relation(total, [part_cell, rest])

    for row in result.summary.to_dicts():
        g = _key(row)
        mine = part.filter(
            (pl.col("offering_id") == row["offering_id"]) & (pl.col("cohort") == row["cohort"])
        )
        clin = ids(mine)
        before = ids(mine.filter(pl.col("in_management")))
        eligible = ids(mine.filter(pl.col("eligible")))
        appointed = ids(
            mine.filter(pl.col("eligible") & pl.col("first_management_on").is_not_null())
        )
        others = set(synthetic(int(row["completers"]) - len(clin)))
        add((g, "completers"), clin | others)
        add((g, "clinicians"), clin)
        add((g, "managers_before"), before)
        add((g, "eligible"), eligible)
        add((g, "appointed"), appointed)
        split((g, "completers"), (g, "clinicians"), clin | others, clin)
        fam.relation((g, "clinicians"), [(g, "managers_before"), (g, "eligible")])
        split((g, "eligible"), (g, "appointed"), eligible, appointed)
        for h in horizons:
            eligible_frame = mine.filter(pl.col("eligible") & pl.col(f"observed_{h}m"))
            observed = ids(eligible_frame)
            moved_frame = eligible_frame.filter(pl.col(f"mgmt_{h}m").fill_null(False))
            moved = ids(moved_frame)
            matched = ids(eligible_frame.filter(pl.col(f"pool_{h}m").is_not_null()))
            moved_matched = moved & matched
            add((g, f"observed_{h}m"), observed)
            add((g, f"moved_{h}m"), moved)
            add((g, f"matched_{h}m"), matched)
            add((g, f"moved_matched_{h}m"), moved_matched)
            add((g, f"comparison_people_{h}m"), synthetic(int(row[f"comparison_people_{h}m"] or 0)))
            split((g, "eligible"), (g, f"observed_{h}m"), eligible, observed)
            split((g, f"observed_{h}m"), (g, f"moved_{h}m"), observed, moved)
            split((g, f"observed_{h}m"), (g, f"matched_{h}m"), observed, matched)
            split((g, f"matched_{h}m"), (g, f"moved_matched_{h}m"), matched, moved_matched)
    for row in result.tiers.to_dicts():
        g = _key(row)
        point = row["point"]
        mine = part.filter(
            (pl.col("offering_id") == row["offering_id"]) & (pl.col("cohort") == row["cohort"])
        )
        if point == "before":
            seen = mine.with_columns(pl.col("tier_before").alias("_tier"))
        else:
            seen = mine.filter(pl.col(f"observed_{point}")).with_columns(
                pl.col(f"tier_{point}").fill_null("none").alias("_tier")
            )
        observed = ids(seen)
        managing = ids(seen.filter(pl.col("_tier").is_not_null() & (pl.col("_tier") != "none")))
        t = (g, "tiers", point)
        add((*t, "observed"), observed)
        add((*t, "in_management"), managing)
        split((*t, "observed"), (*t, "in_management"), observed, managing)
        for tier in TIERS:
            add((*t, tier), ids(seen.filter(pl.col("_tier") == tier)))
        fam.relation((*t, "in_management"), [(*t, tier) for tier in TIERS])
        if point == "before" and (g, "clinicians") in cells:
            fam.relation((g, "clinicians"), [(*t, "observed")])
            fam.relation((g, "managers_before"), [(*t, "in_management")])
    return cells, shown, fam


def conversion_protection(result: ConversionResult, *, horizons: tuple[int, ...]) -> Protection:
    """The one protection pattern of an organisation's conversion figures on a date
    (``conversion_cells``, checked by the auditor's linear programme), cached by content."""
    threshold = int(getattr(settings, "MANTLE_SUPPRESSION_THRESHOLD", 5))
    cells, shown, fam = conversion_cells(result, horizons=horizons)
    key = (
        "mantle:development:conversion-family:"
        f"{content_digest(cells, shown=shown, threshold=threshold)}"
    )
    reasons = cache.get(key)
    if reasons is None:
        protection = protect_checked(fam, cells, threshold=threshold)
        cache.set(key, dict(protection.reasons), 24 * 3600)
        return protection
    return Protection(threshold=threshold, reasons=reasons)


def conversion_for_org(
    *,
    org: Organisation,
    as_of: dt.date,
    suppress: bool,
    horizons: tuple[int, ...] = HORIZONS,
    enrolments: pl.DataFrame | None = None,
) -> ConversionReport:
    """The conversion measure for every programme cohort of ``org`` (rules: ``development.conversion``
    and docs/metrics.md). With ``suppress`` (everyone but the organisation's HR/OD administrators),
    every count is shown through the one protection pattern of the organisation's conversion family
    (``conversion_protection``: both tables, page, API and CSV) and every figure calculated from a
    hidden count is hidden. ``enrolments`` (in ``ENROLMENT_SCHEMA``) replaces the organisation's
    programme enrolments, so other experiences (acting up, secondments) are measured by the same
    method."""
    min_moved = int(getattr(settings, "MANTLE_CONVERSION_MIN_MOVED", 5))
    spells, regs = register_frames(org=org)
    result = conversion(
        enrolments=enrolment_frame(org=org) if enrolments is None else enrolments,
        spells=spells,
        registrations=regs,
        as_of=as_of,
        horizons=horizons,
        min_moved=min_moved,
    )
    threshold = int(getattr(settings, "MANTLE_SUPPRESSION_THRESHOLD", 5))
    counts = summary_count_columns(horizons)
    derived = summary_derived(horizons)
    summary = result.summary
    tiers = result.tiers
    tier_counts = ["observed", "in_management", *TIERS]
    footnotes: list[str] = []
    numeric = [c for c in summary.columns if c not in ("offering_id", "programme", "cohort")]
    summary_rows = _as_python(summary, numeric, set(counts))
    tier_rows = _as_python(tiers, tier_counts, set(tier_counts))
    if suppress and (summary_rows or tier_rows):
        protection = conversion_protection(result, horizons=horizons)
        for row in summary_rows:
            g = _key(row)
            for column in counts:
                row[column] = protection.show((g, column), row[column])
            for column, sources in derived.items():
                if column in row and any(not protection.released((g, c)) for c in sources):
                    row[column] = "*"
        for row in tier_rows:
            t = (_key(row), "tiers", row["point"])
            for column in tier_counts:
                row[column] = protection.show((*t, column), row[column])
        footnotes = protection.footnotes()
    return ConversionReport(
        org=org,
        as_of=as_of,
        suppressed=suppress,
        threshold=threshold,
        min_moved=min_moved,
        horizons=horizons,
        summary=summary_rows,
        tiers=tier_rows,
        result=result,
        footnotes=footnotes,
    )
