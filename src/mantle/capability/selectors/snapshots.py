"""Snapshots of the organisation heatmap and coverage decisions, cached and refreshed by the writes
that change them (issue 12).

Rule: a snapshot (``engine.snapshot``) is one organisation's figures for one month-end (and, for
the heatmap, one framework version and source), decided once over every group; every page, API
response and CSV of that month-end is a slice of it. Deciding takes seconds on a large trust and
is asked often, so it is cached under a key that carries:

* the register's version for the organisation (row counts, highest ids and ended or retracted rows
  of its assignments, post versions and units): any import or correction changes it;
* the capability version: the organisation's completed self-assessments and closed or released
  360° cycles (count, highest id, latest completion, close and release times) and a counter that
  every capability write which changes a figure bumps (``capability_changed``: completing a
  self-assessment, closing or releasing a cycle);
* the threshold and the engine's version.

So a write never serves an old figure: the next read computes a fresh snapshot (and
``snapshots_warm`` computes it ahead of the first reader after the demo load).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Final, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q

from mantle.capability.models import Cycle, FrameworkVersion, SelfAssessment
from mantle.workforce.models import Assignment, EmployeeNumber, Organisation, PostVersion, Unit

CACHE_SECONDS: Final = 24 * 3600
#: Bump when a snapshot's meaning or shape changes, so old cached ones are never read.
SNAPSHOT_VERSION: Final = "s2"
_COUNTER: Final = "mantle:capability:changed:{code}"

T = TypeVar("T")


def capability_changed(*, org_code: str) -> None:
    """Invalidate the organisation's cached capability snapshots (called by every write that
    changes a heatmap or coverage figure)."""
    key = _COUNTER.format(code=org_code)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)
    if getattr(settings, "MANTLE_CAPABILITY_WARM_AFTER_WRITE", False):
        from mantle.capability.tasks import capability_snapshots_warm

        # Refresh the page's snapshots in the worker once the write has committed.
        transaction.on_commit(lambda: capability_snapshots_warm.enqueue(org_code))


def capability_changed_for_person(*, person_id: int) -> None:
    """``capability_changed`` for every organisation the person is on the staff of."""
    for code in EmployeeNumber.objects.filter(person_id=person_id).values_list(
        "organisation__code", flat=True
    ):
        capability_changed(org_code=code)


def _register_version(org: Organisation) -> str:
    parts = []
    for model in (Assignment, PostVersion):
        found = model.objects.filter(organisation=org).aggregate(
            n=Count("id"), m=Max("id"), r=Count("retracted_at"), e=Count("valid_to")
        )
        parts.append(f"{found['n']}.{found['m']}.{found['r']}.{found['e']}")
    units = Unit.objects.filter(organisation=org).aggregate(n=Count("id"), m=Max("id"))
    parts.append(f"{units['n']}.{units['m']}")
    return "-".join(parts)


def _capability_version(org: Organisation) -> str:
    own = SelfAssessment.objects.filter(
        status=SelfAssessment.Status.COMPLETED,
        person_id__in=EmployeeNumber.objects.filter(organisation=org).values("person_id"),
    ).aggregate(n=Count("id"), m=Max("id"), t=Max("completed_at"))
    cycles = Cycle.objects.filter(organisation=org).aggregate(
        n=Count("id", filter=Q(status__in=[Cycle.Status.CLOSED, Cycle.Status.RELEASED])),
        r=Count("id", filter=Q(status=Cycle.Status.RELEASED)),
        m=Max("id"),
        c=Max("closed_at"),
        t=Max("released_at"),
    )
    bumped = cache.get(_COUNTER.format(code=org.code), 0)
    return (
        f"{bumped}-{own['n']}.{own['m']}.{own['t']}"
        f"-{cycles['n']}.{cycles['r']}.{cycles['m']}.{cycles['c']}.{cycles['t']}"
    )


def data_version(org: Organisation) -> str:
    """What every snapshot key of the organisation carries (module rule)."""
    return f"{_register_version(org)}~{_capability_version(org)}"


def _cached(key: str, compute: Callable[[], T]) -> T:
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def snapshot_key(
    kind: str,
    org: Organisation,
    on: dt.date,
    *,
    protect: bool,
    version: str,
    framework_version: FrameworkVersion | None = None,
    source: str = "",
) -> str:
    threshold = int(settings.MANTLE_SUPPRESSION_THRESHOLD)
    framework = framework_version.pk if framework_version is not None else ""
    mode = "protected" if protect else "exact"
    digest = hashlib.sha256(version.encode()).hexdigest()[:32]
    return (
        f"mantle:capability:{kind}:{SNAPSHOT_VERSION}:{org.code}:{framework}:{source}:"
        f"{on.isoformat()}:{threshold}:{mode}:{digest}"
    )


def cached_snapshot(key: str, compute: Callable[[], T]) -> T:
    """The snapshot under ``key`` (``snapshot_key``), computed and stored on a miss."""
    return _cached(key, compute)
