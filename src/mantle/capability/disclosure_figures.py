"""Every capability figure a reader can obtain, for the auditor (``mantle disclosure-audit``).

The heatmap (by unit at every depth, staff group, tier, organisation; every leadership framework;
self-assessments and 360° "all others") and coverage pages, API and CSV downloads are all slices of
one snapshot per organisation, month-end (and framework and source), ``selectors.snapshots``; the
figures are that snapshot's groups, released as the reader gets them:

* the organisation's HR/OD administrators get every figure exactly (they may; the auditor is not
  asked to pass for them);
* everyone else: each heatmap group's mean is a statistic over its *records* (one person's one
  assessment, the same unknown at both month-ends, so the two adjacent month-ends the auditor
  attacks form one system and a person joining or leaving is protected); the number of people
  behind a shown mean is a count released as a band (5–9, 10–19, …); coverage staff and assessed
  counts are released as bands and the share as a range (±5 percentage points) when shown. Counts
  are about the register's person ids, in the month-end's system shared with the divide's figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from mantle.analytics.disclosure import Figure
from mantle.capability.engine.heatmap import latest_per_person
from mantle.capability.engine.release import build_groups, n_band_range
from mantle.capability.engine.snapshot import SHARE_DECIMALS
from mantle.capability.selectors.frameworks import framework_versions
from mantle.capability.selectors.heatmap import (
    assessment_frame,
    coverage_snapshot_get,
    heatmap_snapshot_get,
    month_end,
    people_frame,
)
from mantle.workforce.models import Organisation

_HALF_STEP = 0.5 * 10.0**-SHARE_DECIMALS


def _band(n: int, *, exact: bool, threshold: int) -> tuple[float | None, float | None]:
    if exact or n == 0:
        return None, None
    low, high = n_band_range(n, threshold=threshold)
    return float(low), high


def _record_number(record: str) -> int:
    """An assessment's record id ("self:12", "360:7") as an integer unknown."""
    source, pk = record.split(":", 1)
    return int(pk) * 2 + (1 if source == "360" else 0)


def organisation_figures(*, organisation: Organisation, as_of: dt.date, actor: Any) -> list[Figure]:
    """Capability heatmap and coverage figures as at the month-end on or before ``as_of`` (none
    for a reader without access to the organisation's aggregates)."""
    if not actor.can_view_aggregates(organisation.code):
        return []
    exact = actor.sees_unsuppressed(organisation.code)
    on = month_end(as_of)
    system = on.isoformat()
    label = f"capability {organisation.code} {system}"
    people = people_frame(organisation, on=on)
    figures: list[Figure] = []
    coverage = coverage_snapshot_get(organisation=organisation, on=on, protect=not exact)
    threshold = coverage.threshold
    members, _, _ = build_groups(
        people.with_columns(
            pl.col(c).cast(pl.String).fill_null("Not recorded")
            for c in ("unit_path", "staff_group", "tier")
        )
    )
    for key, m in members.items():
        n, covered, staff_ok, covered_ok, share_ok, _, _ = coverage.cells[key]
        assessed = m & coverage.assessed
        for measure, ids, ok in (
            ("staff", m, staff_ok),
            ("covered", assessed, covered_ok),
        ):
            low, high = _band(len(ids), exact=exact, threshold=threshold)
            figures.append(
                Figure(
                    name=f"{label} coverage {key[0]} {key[1]} {measure}",
                    people=frozenset(ids),
                    released=exact or ok,
                    system=system,
                    low=low,
                    high=high,
                )
            )
        figures.append(
            Figure(
                name=f"{label} coverage {key[0]} {key[1]} uncovered",
                people=frozenset(m - assessed),
                released=exact,
                system=system,
            )
        )
        if share_ok and n and not exact:
            share = round(covered / n, SHARE_DECIMALS)
            figures.append(
                Figure(
                    name=f"{label} coverage {key[0]} {key[1]} share",
                    people=assessed,
                    released=True,
                    system=system,
                    kind="share",
                    low=max(0.0, share - _HALF_STEP),
                    high=min(1.0, share + _HALF_STEP),
                    of=frozenset(m),
                )
            )
    for version in framework_versions(kind="leadership"):
        keys = [d.key for d in version.spec().dimensions]
        for source in ("self", "360"):
            frame = assessment_frame(
                framework_version=version, source=source, organisation=organisation, on=on
            ).join(people, on="person_id", how="inner")
            if frame.is_empty():
                continue
            snapshot = heatmap_snapshot_get(
                organisation=organisation,
                framework_version=version,
                source=source,
                on=on,
                protect=not exact,
            )
            latest = latest_per_person(frame, keys)
            groups, _, _ = build_groups(latest)
            record = dict(
                zip(
                    latest["person_id"].to_list(),
                    [_record_number(r) for r in latest["record_id"].to_list()],
                    strict=True,
                )
            )
            seen: set[frozenset[int]] = set()
            for index, dimension in enumerate(keys):
                scored = frozenset(
                    latest.filter(pl.col(dimension).is_not_null())["person_id"].to_list()
                )
                if scored in seen:
                    continue
                seen.add(scored)
                where = f"{label} heatmap {version.framework.key}@{version.version} {source}"
                means_system = (
                    f"capability means {organisation.code} {version.pk} {source} {dimension}"
                )
                for key, m in groups.items():
                    ids = frozenset(m & scored)
                    n, _, reason = snapshot.cells[key][index]
                    shown = exact or (n > 0 and reason is None)
                    low, high = _band(len(ids), exact=exact, threshold=threshold)
                    figures.append(
                        Figure(
                            name=f"{where} {key[0]} {key[1]} {dimension} people",
                            people=ids,
                            released=shown,
                            system=system,
                            low=low,
                            high=high,
                        )
                    )
                    figures.append(
                        Figure(
                            name=f"{where} {key[0]} {key[1]} {dimension} mean {system}",
                            people=frozenset(record[p] for p in ids),
                            released=shown,
                            system=means_system,
                            kind="statistic",
                        )
                    )
    return figures
