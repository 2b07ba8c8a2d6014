"""Audit services: every read of another person's record and every change goes through here."""

from __future__ import annotations

from typing import Any

from .models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: object = "",
    object_label: str = "",
    organisation_code: str = "",
    detail: dict[str, Any] | None = None,
    via: str = "web",
) -> AuditEvent:
    """Append one audit event. Rule: the log is append-only; callers never update or delete rows."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=user.get_username() if user is not None else "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=object_label[:255],
        organisation_code=organisation_code,
        detail=detail or {},
        via=via,
    )
