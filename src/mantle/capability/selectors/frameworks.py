"""Framework reads. Frameworks are public reference data: every signed-in user may read them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from mantle.capability.models import FrameworkVersion


def framework_versions(*, kind: str | None = None) -> QuerySet[FrameworkVersion]:
    """Every stored version (including ones no longer offered), newest first within a framework."""
    versions = FrameworkVersion.objects.select_related("framework").order_by(
        "framework__name", "-created_at"
    )
    if kind:
        versions = versions.filter(framework__kind=kind)
    return versions


def frameworks_available(*, kind: str) -> QuerySet[FrameworkVersion]:
    """Versions offered for new assessments of a kind. Rule: only ``available`` versions."""
    return framework_versions(kind=kind).filter(available=True)


def framework_version_get(*, key: str, version: str) -> FrameworkVersion:
    found = (
        FrameworkVersion.objects.select_related("framework")
        .filter(framework__key=key, version=version)
        .first()
    )
    if found is None:
        raise Http404("No such framework version.")
    return found
