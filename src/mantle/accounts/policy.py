"""Who must use two-step verification and who may hold personal API tokens (both settings-driven)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from .models import Membership

SESSION_AUTH_METHOD = "mantle_auth_method"
AUTH_METHOD_SSO = "sso"
AUTH_METHOD_PASSWORD = "password"


def _holds_any(user: Any, roles: list[str]) -> bool:
    if not getattr(user, "is_authenticated", False) or not roles:
        return False
    if "superuser" in roles and user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=roles).exists()


def mfa_required_for(user: Any) -> bool:
    """Rule: holders of a role in ``MANTLE_MFA_REQUIRED_ROLES`` (``superuser`` for superusers) need a second
    factor when they sign in with a local password."""
    return _holds_any(user, list(settings.MANTLE_MFA_REQUIRED_ROLES))


def api_tokens_allowed_for(user: Any) -> bool:
    """Rule: personal API tokens are for roles that use the API (``MANTLE_API_TOKEN_ROLES``); a porter's
    account is never offered one, and a token stops working when its holder no longer has such a role."""
    return bool(getattr(user, "is_active", False)) and _holds_any(
        user, list(settings.MANTLE_API_TOKEN_ROLES)
    )
