"""Organisation capability heatmaps and assessment coverage, read from the database into Polars.

Rules:
* organisation aggregates only, for those who may see the organisation's aggregates (HR/OD
  administrators, executives and board viewers, analysts); anyone else gets PermissionDenied;
* the organisation's HR/OD administrators see exact figures (people and means), as for the divide
  (issue 11; docs/decisions/0009, point 5 as amended); every other reader gets the disclosure
  layer's release: one decision over every unit at every depth, every staff group and tier, and the
  previous month-end (``engine.release``), means to one decimal place, people as bands;
* decisions are cached snapshots refreshed by the writes that change them (``snapshots``);
* figures are as at a month-end: the last one on or before the chosen day, so that two adjacent
  days cannot be subtracted to isolate one new assessment;
* people are those in post in the organisation on the chosen day, each placed by their main
  assignment (largest FTE, then earliest start); staff group comes from the post's occupation code;
* capability: each person's latest completed self-assessment (or released 360° "all others"
  figures) against the chosen framework in the 24 months to the chosen day;
* coverage: share of those people with a completed self-assessment or a closed 360° (any
  leadership framework) in the 24 months to the chosen day.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import CharField, F, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from mantle.capability.engine.heatmap import (
    Breakdown,
    coverage_decision,
    heatmap_decision,
    months_before,
)
from mantle.capability.engine.snapshot import CoverageSnapshot, HeatmapSnapshot
from mantle.capability.models import Cycle, FrameworkVersion, SelfAssessment
from mantle.core.access import Actor
from mantle.workforce.models import Assignment, EmployeeNumber, Organisation, PostVersion, Tier
from mantle.workforce.rules.occupation import classify_occupation_code

from .snapshots import cached_snapshot, data_version, snapshot_key

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
    #: True for the organisation's HR/OD administrators: exact people and means, nothing hidden.
    exact: bool = False

    @property
    def suppressed_any(self) -> bool:
        return any(c[2] for row in self.cells.values() for c in row.values())


def _threshold() -> int:
    return int(settings.MANTLE_SUPPRESSION_THRESHOLD)


def _check(actor: Actor, organisation: Organisation) -> None:
    if not actor.can_view_aggregates(organisation.code):
        raise PermissionDenied("Organisation capability figures are for HR/OD and board viewers.")


def _raw(queryset: Any) -> list[tuple[Any, ...]]:
    """Run a queryset's SQL without Django's per-row converters.

    Why: at 100,000 rows, decoding JSON and converting time zones one row at a time takes seconds;
    Polars does the same work on whole columns in milliseconds (see ``_days`` and ``_scores``).
    """
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _days(values: list[Any]) -> pl.Series:
    """Timestamps as the local calendar day: text from SQLite (see ``_moment``), datetimes from
    PostgreSQL; stored times are UTC."""
    if not values:
        return pl.Series("completed_on", [], dtype=pl.Date)
    if isinstance(values[0], str):
        moments = pl.Series(values).str.to_datetime(
            "%Y-%m-%d %H:%M:%S%.f", time_zone="UTC", time_unit="us"
        )
    else:
        moments = pl.Series(values)
        if getattr(moments.dtype, "time_zone", None) is None:
            moments = moments.dt.replace_time_zone("UTC")
        moments = moments.dt.convert_time_zone("UTC")
    zone = str(settings.TIME_ZONE)
    return moments.dt.convert_time_zone(zone).dt.date().alias("completed_on")


def _scores(values: list[Any], keys: list[str]) -> pl.DataFrame:
    """Score JSON (text, or already decoded by the driver) as one Float64 column per dimension.

    Parsed as newline-delimited JSON in one call, which Polars reads in parallel.
    """
    if not values:
        return pl.DataFrame(schema=dict.fromkeys(keys, pl.Float64))
    texts = [v if isinstance(v, str) else json.dumps(v) for v in values]
    lines = "\n".join(text if text.strip() else "{}" for text in texts).encode("utf-8")
    return pl.read_ndjson(io.BytesIO(lines), schema=dict.fromkeys(keys, pl.Float64))


def _moment(field: str) -> Any:
    """A timestamp column for ``_raw``. On SQLite it is read as text, because the driver's
    per-row datetime converter is the slowest step there; PostgreSQL's driver is fast as it is."""
    if connection.vendor == "sqlite":
        return Cast(field, output_field=CharField())
    return F(field)


def _staff_of(organisation: Organisation) -> Any:
    return Subquery(EmployeeNumber.objects.filter(organisation=organisation).values("person_id"))


def month_end(on: dt.date) -> dt.date:
    """The last month-end on or before ``on`` (``on`` itself when it is one)."""
    if (on + dt.timedelta(days=1)).day == 1:
        return on
    return on.replace(day=1) - dt.timedelta(days=1)


def _window(on: dt.date, months: int) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(months_before(on, months), dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))
    return start, end


def people_frame(organisation: Organisation, *, on: dt.date) -> pl.DataFrame:
    """One row per person in post on ``on``: person_id, staff_group, tier, unit_path, org_code."""
    main = pl.DataFrame(
        _raw(
            Assignment.objects.current_on(on)
            .filter(organisation=organisation)
            .order_by("person_id", "-fte", "start_date", "pk")
            .values_list("person_id", "post_id")
        ),
        schema={"person_id": pl.Int64, "post_id": pl.Int64},
        orient="row",
    ).unique(subset="person_id", keep="first", maintain_order=True)
    versions = pl.DataFrame(
        _raw(
            PostVersion.objects.current_on(on)
            .filter(organisation=organisation)
            .values_list("post_id", "tier", "occupation_code", "unit__path")
        ),
        schema={
            "post_id": pl.Int64,
            "tier": pl.String,
            "occupation_code": pl.String,
            "unit_path": pl.String,
        },
        orient="row",
    ).unique(subset="post_id", keep="first")
    groups: dict[str, str] = {}
    for code in versions["occupation_code"].drop_nulls().unique().to_list():
        found = classify_occupation_code(code) if code else None
        groups[code] = found.staff_group if found is not None else NOT_RECORDED
    return (
        main.join(versions, on="post_id", how="left")
        .with_columns(
            staff_group=pl.col("occupation_code")
            .replace_strict(groups, default=NOT_RECORDED, return_dtype=pl.String)
            .fill_null(NOT_RECORDED),
            tier=pl.col("tier")
            .replace_strict(_TIER_LABELS, default=NOT_RECORDED, return_dtype=pl.String)
            .fill_null(NOT_RECORDED),
            unit_path=pl.col("unit_path").fill_null(NOT_RECORDED),
            org_code=pl.lit(organisation.code),
        )
        .select(["person_id", "staff_group", "tier", "unit_path", "org_code"])
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
    start, end = _window(on, months)
    rows: Any
    if source == "self":
        rows = SelfAssessment.objects.filter(
            framework_version=framework_version,
            status=SelfAssessment.Status.COMPLETED,
            completed_at__gte=start,
            completed_at__lt=end,
            person_id__in=_staff_of(organisation),
        ).values_list("person_id", _moment("completed_at"), "scores", "pk")
    else:
        rows = Cycle.objects.filter(
            framework_version=framework_version,
            status=Cycle.Status.RELEASED,
            closed_at__gte=start,
            closed_at__lt=end,
            organisation=organisation,
        ).values_list("participant_id", _moment("closed_at"), "others_scores", "pk")
    raw = _raw(rows)
    ids = pl.Series("person_id", [r[0] for r in raw], dtype=pl.Int64)
    days = _days([r[1] for r in raw])
    scores = _scores([r[2] for r in raw], keys)
    records = pl.Series("record_id", [f"{source}:{r[3]}" for r in raw], dtype=pl.String)
    return pl.concat([pl.DataFrame([ids, days, records]), scores], how="horizontal")


def coverage_assessments(organisation: Organisation, *, on: dt.date) -> pl.DataFrame:
    """Completed self-assessments (any framework) and closed 360° cycles of the organisation's
    staff in the 24 months to ``on``: person_id, completed_on, kind ("self" or "360")."""
    start, end = _window(on, COVERAGE_MONTHS)
    own = _raw(
        SelfAssessment.objects.filter(
            status=SelfAssessment.Status.COMPLETED,
            completed_at__gte=start,
            completed_at__lt=end,
            person_id__in=_staff_of(organisation),
        ).values_list("person_id", _moment("completed_at"))
    )
    feedback = _raw(
        Cycle.objects.filter(
            organisation=organisation,
            status__in=[Cycle.Status.CLOSED, Cycle.Status.RELEASED],
            closed_at__gte=start,
            closed_at__lt=end,
        ).values_list("participant_id", _moment("closed_at"))
    )
    rows = own + feedback
    return pl.DataFrame(
        [
            pl.Series("person_id", [r[0] for r in rows], dtype=pl.Int64),
            _days([r[1] for r in rows]),
            pl.Series("kind", ["self"] * len(own) + ["360"] * len(feedback), dtype=pl.String),
        ]
    )


def previous_month_end(on: dt.date) -> dt.date:
    """The month-end before the month-end ``on``."""
    return on.replace(day=1) - dt.timedelta(days=1)


def heatmap_snapshot_get(
    *,
    organisation: Organisation,
    framework_version: FrameworkVersion,
    source: Source,
    on: dt.date,
    protect: bool,
) -> HeatmapSnapshot:
    """Every heatmap figure of the organisation at the month-end ``on`` (cached: see
    ``selectors.snapshots``). Protected snapshots are decided together with the previous
    month-end's figures (``engine.release``: a reader can ask for both and difference them)."""
    on = month_end(on)
    key = snapshot_key(
        "heatmap",
        organisation,
        on,
        protect=protect,
        version=data_version(organisation),
        framework_version=framework_version,
        source=source,
    )

    def compute() -> HeatmapSnapshot:
        keys = [d.key for d in framework_version.spec().dimensions]

        def joined(day: dt.date) -> pl.DataFrame:
            return assessment_frame(
                framework_version=framework_version,
                source=source,
                organisation=organisation,
                on=day,
            ).join(people_frame(organisation, on=day), on="person_id", how="inner")

        before = previous_month_end(on)
        return heatmap_decision(
            joined(on),
            dimensions=keys,
            threshold=_threshold(),
            previous=joined(before) if protect else None,
            protect=protect,
        )

    return cached_snapshot(key, compute)


def coverage_snapshot_get(
    *,
    organisation: Organisation,
    on: dt.date,
    protect: bool,
    people: pl.DataFrame | None = None,
) -> CoverageSnapshot:
    """Every coverage figure of the organisation at the month-end on or before ``on`` (cached).
    ``people``: the people in post on ``on``, already read (used only when ``on`` is itself the
    month-end and the snapshot must be computed)."""
    given = people if people is not None and month_end(on) == on else None
    on = month_end(on)
    key = snapshot_key(
        "coverage", organisation, on, protect=protect, version=data_version(organisation)
    )

    def compute() -> CoverageSnapshot:
        return coverage_decision(
            given if given is not None else people_frame(organisation, on=on),
            coverage_assessments(organisation, on=on),
            as_of=on,
            months=COVERAGE_MONTHS,
            threshold=_threshold(),
            protect=protect,
        )

    return cached_snapshot(key, compute)


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
    """Mean capability by dimension × staff group, tier or unit as at the month-end on or before
    ``on``: exact for the organisation's HR/OD administrators, otherwise protected with every other
    figure of that month-end and the previous one (see module rules)."""
    _check(actor, organisation)
    on = month_end(on or timezone.localdate())
    spec = framework_version.spec()
    exact = actor.sees_unsuppressed(organisation.code)
    snapshot = heatmap_snapshot_get(
        organisation=organisation,
        framework_version=framework_version,
        source=source,
        on=on,
        protect=not exact,
    )
    frame = snapshot.table(by=by, unit_depth=unit_depth if by == "unit" else None, exact=exact)
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
        threshold=snapshot.threshold,
        dimensions=[(d.key, d.name) for d in spec.dimensions],
        groups=sorted(cells),
        cells=cells,
        frame=frame,
        exact=exact,
    )


def coverage_table(
    actor: Actor,
    *,
    organisation: Organisation,
    by: Breakdown = "staff_group",
    on: dt.date | None = None,
    unit_depth: int | None = None,
    people: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Share of staff with a self or 360° assessment in the 24 months to the month-end on or before
    ``on``: exact for the organisation's HR/OD administrators, otherwise protected across every
    unit depth, staff group and tier (see module rules). ``people``: the people in post on ``on``
    if the caller has read them (``people_frame``), to read them once."""
    _check(actor, organisation)
    on = on or timezone.localdate()
    exact = actor.sees_unsuppressed(organisation.code)
    snapshot = coverage_snapshot_get(
        organisation=organisation, on=on, protect=not exact, people=people
    )
    return snapshot.table(by=by, unit_depth=unit_depth if by == "unit" else None, exact=exact)


def snapshots_warm(*, organisation: Organisation, on: dt.date | None = None) -> int:
    """Compute (and cache) the snapshots the organisation page opens with: the current month-end,
    the Healthcare Leadership Model (else the first leadership framework), self-assessments, both
    protected and exact, and coverage. Returns how many snapshots that is."""
    from .frameworks import framework_versions

    on = month_end(on or timezone.localdate())
    versions = list(framework_versions(kind="leadership"))
    version = next(
        (v for v in versions if v.framework.key == "hlm"), versions[0] if versions else None
    )
    done = 0
    for protect in (True, False):
        if version is not None:
            heatmap_snapshot_get(
                organisation=organisation,
                framework_version=version,
                source="self",
                on=on,
                protect=protect,
            )
            done += 1
        coverage_snapshot_get(organisation=organisation, on=on, protect=protect)
        done += 1
    return done
