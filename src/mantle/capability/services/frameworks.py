"""Loading shipped frameworks into the database, and administrators' new versions.

Rules: a framework version is identified by (framework key, version); loading is idempotent (the same
JSON twice changes nothing); a version that has been used is never changed — its JSON differing from
the shipped file is an error that asks for a new version number; an unused version may be refreshed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mantle.capability.frameworks import (
    FrameworkDataError,
    FrameworkSpec,
    parse_crosswalk,
    parse_framework,
    shipped_crosswalks,
    shipped_frameworks,
)
from mantle.capability.models import Crosswalk, Framework, FrameworkVersion
from mantle.capability.models.frameworks import definition_checksum
from mantle.core.access import Actor
from mantle.core.audit import audit_record

from ._common import acting_user


class FrameworkInUse(Exception):
    """A used framework version would have changed; publish a new version instead."""


@dataclass
class LoadSummary:
    created: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    crosswalks_created: list[str] = field(default_factory=list)
    crosswalks_unchanged: list[str] = field(default_factory=list)


def _definition_of(spec: FrameworkSpec) -> Any:
    """The JSON the loader validated, re-read from the shipped file (kept exactly as written)."""
    from importlib import resources

    text = resources.files("mantle.capability.frameworks").joinpath(spec.source).read_text("utf-8")
    return json.loads(text)


@transaction.atomic
def frameworks_load_shipped(*, actor: Actor | None = None) -> LoadSummary:
    """Load every framework and crosswalk shipped with Mantle.

    Rule: idempotent; a used version whose shipped JSON changed raises FrameworkInUse (nothing is
    written), because a result must always be readable against the statements its raters saw.
    """
    summary = LoadSummary()
    for spec in shipped_frameworks():
        definition = _definition_of(spec)
        _store_version(spec=spec, definition=definition, summary=summary)
    for crosswalk in shipped_crosswalks():
        from importlib import resources

        raw = json.loads(
            resources.files("mantle.capability.frameworks")
            .joinpath("crosswalks", crosswalk.origin)
            .read_text("utf-8")
        )
        source = FrameworkVersion.objects.get(
            framework__key=crosswalk.source.framework, version=crosswalk.source.version
        )
        target = FrameworkVersion.objects.get(
            framework__key=crosswalk.target.framework, version=crosswalk.target.version
        )
        checksum = definition_checksum(raw)
        existing = Crosswalk.objects.filter(key=crosswalk.key).first()
        if existing is not None and existing.checksum == checksum:
            summary.crosswalks_unchanged.append(crosswalk.key)
            continue
        Crosswalk.objects.update_or_create(
            key=crosswalk.key,
            defaults={
                "name": crosswalk.name,
                "source": source,
                "target": target,
                "definition": raw,
                "checksum": checksum,
            },
        )
        summary.crosswalks_created.append(crosswalk.key)
    if summary.created or summary.refreshed or summary.crosswalks_created:
        audit_record(
            actor=actor.user if actor else None,
            action="load",
            object_type="framework",
            object_label="shipped frameworks",
            detail={
                "created": summary.created,
                "refreshed": summary.refreshed,
                "crosswalks": summary.crosswalks_created,
            },
            via="command" if actor is None else "web",
        )
    return summary


def _store_version(*, spec: FrameworkSpec, definition: Any, summary: LoadSummary) -> None:
    framework, _ = Framework.objects.update_or_create(
        key=spec.key, defaults={"name": spec.name, "kind": spec.kind}
    )
    checksum = definition_checksum(definition)
    existing = FrameworkVersion.objects.filter(framework=framework, version=spec.version).first()
    if existing is None:
        FrameworkVersion.objects.create(
            framework=framework,
            version=spec.version,
            definition=definition,
            checksum=checksum,
            origin=FrameworkVersion.Origin.SHIPPED,
        )
        summary.created.append(spec.ref)
    elif existing.checksum == checksum:
        summary.unchanged.append(spec.ref)
    elif existing.in_use:
        raise FrameworkInUse(
            f"{spec.ref} has been used since {existing.first_used_at:%d %B %Y}, so it cannot change; "
            "give the edited framework a new version number."
        )
    else:
        existing.definition = definition
        existing.checksum = checksum
        existing.save(update_fields=["definition", "checksum"])
        summary.refreshed.append(spec.ref)


def framework_version_create(
    *, actor: Actor, based_on: FrameworkVersion, definition_text: str
) -> FrameworkVersion:
    """Publish an administrator's edited framework as a new version.

    Rules: system administrators only (frameworks are shared by every organisation); the JSON must
    pass every framework validation rule; it must keep the framework key of the version it is based
    on and carry a version number not used before. The old version is left exactly as it was.
    """
    if not actor.superuser:
        raise PermissionDenied("Only system administrators can publish framework versions.")
    try:
        data = json.loads(definition_text)
    except json.JSONDecodeError as error:
        raise ValidationError(f"Not valid JSON: {error.msg} (line {error.lineno}).") from error
    try:
        spec = parse_framework(data=data, source="new version")
    except FrameworkDataError as error:
        raise ValidationError(f"{error.location}: {error.problem}") from error
    framework = based_on.framework
    if spec.key != framework.key:
        raise ValidationError(f"The key must stay '{framework.key}'.")
    if spec.kind != framework.kind:
        raise ValidationError("A new version cannot change the kind of framework.")
    if FrameworkVersion.objects.filter(framework=framework, version=spec.version).exists():
        raise ValidationError(
            f"Version {spec.version} already exists; choose a new version number."
        )
    with transaction.atomic():
        version = FrameworkVersion.objects.create(
            framework=framework,
            version=spec.version,
            definition=data,
            checksum=definition_checksum(data),
            origin=FrameworkVersion.Origin.ADMINISTRATOR,
            based_on=based_on,
            created_by=acting_user(actor),
        )
        audit_record(
            actor=actor.user,
            action="create",
            object_type="framework_version",
            object_id=version.pk,
            object_label=version.ref,
            detail={"based_on": based_on.ref},
        )
    return version


def framework_version_set_available(
    *, actor: Actor, version: FrameworkVersion, available: bool
) -> FrameworkVersion:
    """Offer or stop offering a version for new assessments (results already made stay readable).

    Rule: system administrators only.
    """
    if not actor.superuser:
        raise PermissionDenied("Only system administrators can change framework availability.")
    version.available = available
    version.save(update_fields=["available"])
    audit_record(
        actor=actor.user,
        action="update",
        object_type="framework_version",
        object_id=version.pk,
        object_label=version.ref,
        detail={"available": available},
    )
    return version


def framework_version_mark_used(version: FrameworkVersion) -> None:
    """Freeze a version the first time anything uses it. Rule: a used version never changes."""
    if version.first_used_at is None:
        FrameworkVersion.objects.filter(pk=version.pk, first_used_at__isnull=True).update(
            first_used_at=timezone.now()
        )
        version.refresh_from_db(fields=["first_used_at"])


def crosswalk_check(crosswalk: Crosswalk) -> None:
    """Re-validate a stored crosswalk against its two stored framework versions.

    Rule: a crosswalk may link only keys that exist in the exact versions it names.
    """
    parse_crosswalk(
        data=crosswalk.definition,
        source=crosswalk.key,
        frameworks=[crosswalk.source.spec(), crosswalk.target.spec()],
    )
