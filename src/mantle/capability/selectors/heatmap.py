"""Organisation capability heatmaps and assessment coverage, read from the database into Polars.

Rules:
* organisation aggregates only, for those who may see the organisation's aggregates (HR/OD
  administrators, executives and board viewers, analysts); anyone else gets PermissionDenied;
* every cell is suppressed below ``MANTLE_SUPPRESSION_THRESHOLD`` people for every reader, HR/OD
  administrators included — capability scores are appraisal-like personal data, so no one gets
  unsuppressed figures (docs/decisions/capability-heatmap-suppression.md);
* people are those in post in the organisation on the chosen day, each placed by their main
  assignment (largest FTE, then earliest start); staff group comes from the post's occupation code;
* capability: each person's latest completed self-assessment (or released 360° "all others"
  figures) against the chosen framework in the 24 months to the chosen day;
* coverage: share of those people with a completed self-assessment or a closed 360° (any
  leadership framework) in the 24 months to the chosen day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from mantle.capability.engine.heatmap import Breakdown, coverage, dimension_heatmap, months_before
from mantle.capability.models import Cycle, FrameworkVersion, SelfAssessment
from mantle.core.access import Actor
from mantle.workforce.models import Assignment, Organisation, PostVersion, Tier
from mantle.workforce.rules.occupation import classify_occupation_code

Source = Literal["self", "360"]
NOT_RECORDED = "Not recorded"
COVERAGE_MONTHS = 24
_TIER_LABELS = dict(Tier.choices)


@dataclass(frozen=True)
class HeatmapResult:
    framework_version: FrameworkVersion
    by: Breakdown
    source: Source
    on: dt.date
    threshold: int
    dimensions: list[tuple[str, str]]
    groups: list[str]
    #: group → dimension key → (mean or None, n display, suppression or None)
    cells: dict[str, dict[str, tuple[float | None, str, str | None]]]
    frame: pl.DataFrame

    @property
    def suppressed_any(self) -> bool:
        return any(c[2] for row in self.cells.values() for c in row.values())


def _threshold() -> int:
    return int(settings.MANTLE_SUPPRESSION_THRESHOLD)


def _check(actor: Actor, organisation: Organisation) -> None:
    if not actor.can_view_aggregates(organisation.code):
        raise PermissionDenied("Organisation capability figures are for HR/OD and board viewers.")


def people_frame(organisation: Organisation, *, on: dt.date) -> pl.DataFrame:
    """One row per person in post on ``on``: person_id, staff_group, tier, unit_path, org_code."""
    assignments = (
        Assignment.objects.current_on(on)
        .filter(organisation=organisation)
        .order_by("person_id", "-fte", "start_date", "pk")
        .values_list("person_id", "post_id")
    )
    main: dict[int, int] = {}
    for person_id, post_id in assignments:
        main.setdefault(person_id, post_id)
    versions = {
        post_id: (tier, code, path)
        for post_id, tier, code, path in PostVersion.objects.current_on(on)
        .filter(organisation=organisation)
        .values_list("post_id", "tier", "occupation_code", "unit__path")
    }
    groups: dict[str, str] = {}
    rows: dict[str, list[object]] = {
        k: [] for k in ("person_id", "staff_group", "tier", "unit_path", "org_code")
    }
    for person_id, post_id in main.items():
        tier, code, path = versions.get(post_id, (None, "", None))
        if code not in groups:
            found = classify_occupation_code(code) if code else None
            groups[code] = found.staff_group if found is not None else NOT_RECORDED
        rows["person_id"].append(person_id)
        rows["staff_group"].append(groups[code])
        rows["tier"].append(_TIER_LABELS.get(tier, NOT_RECORDED) if tier else NOT_RECORDED)
        rows["unit_path"].append(path or NOT_RECORDED)
        rows["org_code"].append(organisation.code)
    return pl.DataFrame(
        rows,
        schema={
            "person_id": pl.Int64,
            "staff_group": pl.String,
            "tier": pl.String,
            "unit_path": pl.String,
            "org_code": pl.String,
        },
    )


def assessment_frame(
    *,
    framework_version: FrameworkVersion,
    source: Source,
    organisation: Organisation,
    on: dt.date,
    months: int = COVERAGE_MONTHS,
) -> pl.DataFrame:
    """Completed assessments in the window by the organisation's staff: person_id, completed_on and
    one column per dimension (a person may appear more than once; the engine keeps the latest)."""
    keys = [d.key for d in framework_version.spec().dimensions]
    start = timezone.make_aware(dt.datetime.combine(months_before(on, months), dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))
    rows: Any
    if source == "self":
        rows = SelfAssessment.objects.filter(
            framework_version=framework_version,
            status=SelfAssessment.Status.COMPLETED,
            completed_at__gte=start,
            completed_at__lt=end,
            person__employee_numbers__organisation=organisation,
        ).values_list("person_id", "completed_at", "scores")
    else:
        rows = Cycle.objects.filter(
            framework_version=framework_version,
            status=Cycle.Status.RELEASED,
            closed_at__gte=start,
            closed_at__lt=end,
            organisation=organisation,
        ).values_list("participant_id", "closed_at", "others_scores")
    ids: list[int] = []
    days: list[dt.date] = []
    columns: dict[str, list[float | None]] = {key: [] for key in keys}
    for person_id, when, scores in rows.iterator(chunk_size=5000):
        ids.append(person_id)
        days.append(timezone.localdate(when))
        for key in keys:
            value = scores.get(key) if scores else None
            columns[key].append(float(value) if value is not None else None)
    return pl.DataFrame(
        {"person_id": ids, "completed_on": days, **columns},
        schema={"person_id": pl.Int64, "completed_on": pl.Date, **dict.fromkeys(keys, pl.Float64)},
    )


def capability_heatmap(
    actor: Actor,
    *,
    organisation: Organisation,
    framework_version: FrameworkVersion,
    by: Breakdown = "staff_group",
    source: Source = "self",
    on: dt.date | None = None,
    unit_depth: int | None = None,
) -> HeatmapResult:
    """Mean capability by dimension × staff group, tier or unit, suppressed (see module rules)."""
    _check(actor, organisation)
    on = on or timezone.localdate()
    spec = framework_version.spec()
    people = people_frame(organisation, on=on)
    assessments = assessment_frame(
        framework_version=framework_version,
        source=source,
        organisation=organisation,
        on=on,
    )
    joined = assessments.join(people, on="person_id", how="inner")
    keys = [d.key for d in spec.dimensions]
    threshold = _threshold()
    frame = dimension_heatmap(
        joined,
        dimensions=keys,
        by=by,
        threshold=threshold,
        unit_depth=unit_depth if by == "unit" else None,
    )
    cells: dict[str, dict[str, tuple[float | None, str, str | None]]] = {}
    for row in frame.iter_rows(named=True):
        cells.setdefault(row["group"], {})[row["dimension"]] = (
            row["mean"],
            row["n_display"],
            row["suppression"],
        )
    return HeatmapResult(
        framework_version=framework_version,
        by=by,
        source=source,
        on=on,
        threshold=threshold,
        dimensions=[(d.key, d.name) for d in spec.dimensions],
        groups=sorted(cells),
        cells=cells,
        frame=frame,
    )


def coverage_table(
    actor: Actor,
    *,
    organisation: Organisation,
    by: Breakdown = "staff_group",
    on: dt.date | None = None,
    unit_depth: int | None = None,
) -> pl.DataFrame:
    """Share of staff with a self or 360° assessment in the last 24 months, suppressed."""
    _check(actor, organisation)
    on = on or timezone.localdate()
    people = people_frame(organisation, on=on)
    start = timezone.make_aware(
        dt.datetime.combine(months_before(on, COVERAGE_MONTHS), dt.time.min)
    )
    end = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))
    ids: list[int] = []
    days: list[dt.date] = []
    kinds: list[str] = []
    for person_id, when in (
        SelfAssessment.objects.filter(
            status=SelfAssessment.Status.COMPLETED,
            completed_at__gte=start,
            completed_at__lt=end,
            person__employee_numbers__organisation=organisation,
        )
        .values_list("person_id", "completed_at")
        .iterator(chunk_size=5000)
    ):
        ids.append(person_id)
        days.append(timezone.localdate(when))
        kinds.append("self")
    for person_id, when in Cycle.objects.filter(
        organisation=organisation,
        status__in=[Cycle.Status.CLOSED, Cycle.Status.RELEASED],
        closed_at__gte=start,
        closed_at__lt=end,
    ).values_list("participant_id", "closed_at"):
        ids.append(person_id)
        days.append(timezone.localdate(when))
        kinds.append("360")
    assessments = pl.DataFrame(
        {"person_id": ids, "completed_on": days, "kind": kinds},
        schema={"person_id": pl.Int64, "completed_on": pl.Date, "kind": pl.String},
    )
    return coverage(
        people,
        assessments,
        as_of=on,
        by=by,
        months=COVERAGE_MONTHS,
        threshold=_threshold(),
        unit_depth=unit_depth if by == "unit" else None,
    )
