"""Local password sign-in, which a deployment can switch off once single sign-on works."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class LocalPasswordBackend(ModelBackend):
    """Django's password check, refused outright when ``MANTLE_LOCAL_SIGN_IN`` is off.

    It still loads the signed-in user for every session (``get_user``), whichever way they signed in."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not settings.MANTLE_LOCAL_SIGN_IN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
