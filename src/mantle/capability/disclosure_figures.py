"""Every capability figure a reader can obtain, for the auditor (``mantle disclosure-audit``).

The heatmap (by unit at every depth, staff group, tier, organisation; every leadership framework;
self-assessments and 360° "all others") and coverage pages, API and CSV downloads are all slices of
one decision per organisation, framework, source and month-end (``engine.release``), the same for
every reader who may see organisation aggregates (HR/OD included: docs/decisions/0009). So the
figures are that decision's groups: the people assessed in each group (a count published only as a
band, so never released exactly), each group's mean (a statistic over those people) and the
coverage counts (staff, assessed, not assessed; also published only as bands). People
are the register's person ids, in the month-end's system shared with the divide's figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.conf import settings

from mantle.analytics.disclosure import Figure
from mantle.capability.engine.heatmap import (
    COVERAGE_KINDS,
    coverage_release,
    latest_per_person,
    months_before,
)
from mantle.capability.engine.release import decide
from mantle.capability.selectors.frameworks import framework_versions
from mantle.capability.selectors.heatmap import (
    COVERAGE_MONTHS,
    assessment_frame,
    coverage_assessments,
    month_end,
    people_frame,
)
from mantle.workforce.models import Organisation


def organisation_figures(*, organisation: Organisation, as_of: dt.date, actor: Any) -> list[Figure]:
    """Capability heatmap and coverage figures as at the month-end on or before ``as_of`` (none
    for a reader without access to the organisation's aggregates)."""
    if not actor.can_view_aggregates(organisation.code):
        return []
    on = month_end(as_of)
    threshold = int(settings.MANTLE_SUPPRESSION_THRESHOLD)
    system = on.isoformat()
    label = f"capability {organisation.code} {system}"
    people = people_frame(organisation, on=on)
    figures: list[Figure] = []
    done = coverage_assessments(organisation, on=on)
    assessed = set(
        done.filter(
            pl.col("kind").is_in(COVERAGE_KINDS)
            & pl.col("completed_on").is_between(months_before(on, COVERAGE_MONTHS), on)
        )["person_id"].to_list()
    )
    members, _, _ = coverage_release(people, assessed, threshold=threshold)
    for key, m in members.items():
        for measure, ids in (("staff", m), ("covered", m & assessed), ("uncovered", m - assessed)):
            figures.append(
                Figure(
                    name=f"{label} coverage {key[0]} {key[1]} {measure}",
                    people=frozenset(ids),
                    # Published as a band (and a share to the nearest 10%), never exactly.
                    released=False,
                    system=system,
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
            latest = latest_per_person(frame, keys)
            release = decide(latest, dimensions=keys, threshold=threshold)
            seen: set[frozenset[int]] = set()
            for dimension in keys:
                scored = frozenset(
                    latest.filter(pl.col(dimension).is_not_null())["person_id"].to_list()
                )
                if scored in seen:
                    continue
                seen.add(scored)
                where = f"{label} heatmap {version.framework.key}@{version.version} {source}"
                for key, m in release.members.items():
                    cell = release.cell(key, dimension)
                    ids = frozenset(m & scored)
                    # The number of people is published only as a band: not an exact count.
                    figures.append(
                        Figure(
                            name=f"{where} {key[0]} {key[1]} {dimension} people",
                            people=ids,
                            released=False,
                            system=system,
                        )
                    )
                    figures.append(
                        Figure(
                            name=f"{where} {key[0]} {key[1]} {dimension} mean",
                            people=ids,
                            released=cell.mean is not None,
                            system=f"{system} {version.pk} {source}",
                            kind="statistic",
                        )
                    )
    return figures
