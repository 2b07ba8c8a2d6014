"""Sign-in is required everywhere except the sign-in pages, static files, health check and rater links."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

PUBLIC_PREFIXES = (
    "/accounts/sign-in",
    "/accounts/password-reset",
    "/accounts/reset/",
    "/healthz",
    "/status/",
    "/static/",
    "/feedback/r/",  # external 360 raters with a one-time link
    "/favicon.ico",
)


class LoginRequiredMiddleware:
    """Redirect anonymous browser requests to sign-in; the API answers 401 JSON itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if (
            request.user.is_authenticated
            or path.startswith(PUBLIC_PREFIXES)
            or path.startswith("/api/")
        ):
            return self.get_response(request)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse(settings.LOGIN_URL)
            return response
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"code": "not_authenticated", "message": "Sign in."}, status=401)
        return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.get_full_path()}")
