"""Read the register's history and the organisation's enrolments into the conversion measure's
frames, run it, and apply disclosure control for viewers who are not HR/OD administrators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.conf import settings

from mantle.analytics.suppression import suppress_table
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


def conversion_for_org(
    *,
    org: Organisation,
    as_of: dt.date,
    suppress: bool,
    horizons: tuple[int, ...] = HORIZONS,
    enrolments: pl.DataFrame | None = None,
) -> ConversionReport:
    """The conversion measure for every programme cohort of ``org`` (rules: ``development.conversion``
    and docs/metrics.md). With ``suppress``, counts of 1–4 people and every figure calculated from
    them are hidden, with secondary suppression inside each additive group. ``enrolments`` (in
    ``ENROLMENT_SCHEMA``) replaces the organisation's programme enrolments, so other experiences
    (acting up, secondments) are measured by the same method."""
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
    if suppress and not summary.is_empty():
        summary = suppress_table(
            summary,
            count_columns=counts,
            derived=derived,
            threshold=threshold,
            complements=[
                ("clinicians", "completers"),
                ("managers_before", "clinicians"),
                ("eligible", "clinicians"),
            ]
            + [(f"moved_{h}m", f"observed_{h}m") for h in horizons],
            additive_groups=[("clinicians", ["managers_before", "eligible"])],
        ).table
    if suppress and not tiers.is_empty():
        tiers = suppress_table(
            tiers,
            count_columns=tier_counts,
            derived={},
            threshold=threshold,
            complements=[("in_management", "observed")],
            additive_groups=[("in_management", list(TIERS))],
        ).table
    numeric = [c for c in summary.columns if c not in ("offering_id", "programme", "cohort")]
    return ConversionReport(
        org=org,
        as_of=as_of,
        suppressed=suppress,
        threshold=threshold,
        min_moved=min_moved,
        horizons=horizons,
        summary=_as_python(summary, numeric, set(counts)),
        tiers=_as_python(tiers, tier_counts, set(tier_counts)),
        result=result,
    )
