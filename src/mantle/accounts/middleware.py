"""Two-step verification is enforced here, once, for every page and the session-authenticated API."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .policy import AUTH_METHOD_SSO, SESSION_AUTH_METHOD, mfa_required_for

# Pages a half-signed-in user may reach: the two-step pages themselves, signing out, assets and health.
ALLOWED_PREFIXES = ("/accounts/mfa/", "/accounts/sign-out/", "/static/", "/healthz", "/status/")


class TwoStepRequiredMiddleware:
    """A user signed in with a local password whose role needs a second factor reaches nothing else until
    they have verified one (or enrolled, if they have none). Single sign-on sessions are left to the identity
    provider's own MFA. Requests carrying a personal API token are not session requests and pass through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            not user.is_authenticated
            or request.path.startswith(ALLOWED_PREFIXES)
            or request.session.get(SESSION_AUTH_METHOD) == AUTH_METHOD_SSO
            or getattr(user, "is_verified", lambda: False)()
            or not mfa_required_for(user)
        ):
            return self.get_response(request)
        from .mfa import confirmed_totp_device

        target = (
            reverse("accounts:two_step_verify")
            if confirmed_totp_device(user) is not None
            else reverse("accounts:two_step_setup")
        )
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "two_step_required",
                    "message": "Complete two-step verification in the browser, or use a personal API token.",
                },
                status=403,
            )
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
