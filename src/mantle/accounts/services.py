"""Account services: memberships and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.utils import timezone

from mantle.core.audit import audit_record

from .models import ApiToken, Membership

TOKEN_PREFIX = "mnt_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token. Rule: the raw token is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API token", prefix=raw[:10], token_hash=hash_token(raw)
    )
    audit_record(
        actor=user,
        action="create",
        object_type="api_token",
        object_id=token.pk,
        object_label=token.name,
    )
    return token, raw


def api_token_revoke(*, user: Any, token: ApiToken) -> ApiToken:
    """Revoke a token. Rule: users revoke only their own tokens (callers pass a token they selected)."""
    if token.user_id != user.pk:
        raise PermissionError("You can only revoke your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=user,
            action="change",
            object_type="api_token",
            object_id=token.pk,
            object_label=token.name,
            detail={"revoked": True},
        )
    return token


def api_token_authenticate(raw: str) -> Any:
    """The user behind an active token, or None. Updates last-used time at most once a minute."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def membership_grant(*, user: Any, organisation_id: int | None, role: str) -> Membership:
    """Give a user a role in an organisation (or, for analysts, across all organisations)."""
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation_id=organisation_id, role=role
    )
    return membership
