"""Helpers shared by the talent services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from mantle.core.access import Actor
from mantle.core.audit import audit_record


def user_of(actor: Actor) -> Any:
    """The actor's user for a foreign key, or None for an anonymous/system actor."""
    return actor.user if getattr(actor.user, "is_authenticated", False) else None


def today() -> dt.date:
    return dt.date.today()


def require_text(value: str, *, field: str, message: str) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise ValidationError({field: message})
    return cleaned


def audit(
    actor: Actor,
    action: str,
    obj: Any,
    *,
    org_code: str,
    label: str = "",
    detail: dict[str, Any] | None = None,
    via: str = "web",
) -> None:
    """Append one audit event for a talent record (object type = the model's name)."""
    audit_record(
        actor=user_of(actor),
        action=action,
        object_type=f"talent.{type(obj).__name__.lower()}",
        object_id=obj.pk,
        object_label=label or str(obj),
        organisation_code=org_code,
        detail=detail or {},
        via=via,
    )
