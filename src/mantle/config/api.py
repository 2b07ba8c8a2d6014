"""The HTTP API: django-ninja under /api/v1/, OpenAPI at /api/v1/openapi.json.

Authentication: the browser session (with CSRF) or a personal API token (``Authorization: Bearer mnt_…``).
Every error is JSON ``{"code": …, "message": …}``; validation errors add ``errors`` with field-level detail.
Each domain app contributes ``router`` from its ``api`` module; routers are mounted at ``/<app label>/``.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from mantle.accounts.services import api_token_authenticate
from mantle.core.access import AccessDenied
from mantle.core.ratelimit import ApiRateThrottle


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Mantle API",
    version="1",
    description=(
        "Read and write Mantle's register, divide measures, capability and talent data. "
        "Every call is scoped to what the calling user may see; aggregates are suppressed "
        "below the disclosure threshold for everyone but HR/OD administrators of that organisation. "
        "Errors are JSON objects with a stable `code` and a human `message`."
    ),
    auth=[TokenAuth(), django_auth],
    docs_decorator=login_required,
    throttle=[ApiRateThrottle()],
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for err in exc.errors:
        loc = [str(part) for part in err.get("loc", []) if part not in ("body", "payload")]
        errors.append(
            {
                "field": ".".join(loc),
                "message": err.get("msg", "Invalid value."),
                "type": err.get("type", ""),
            }
        )
    return _error(request, 422, "validation_error", "Some values are not valid.", errors=errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request,
        401,
        "not_authenticated",
        "Sign in, or send a personal API token as 'Authorization: Bearer <token>'.",
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", str(exc) or "Not found, or not visible to you.")


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", str(exc) or "You do not have access to this.")


@api.exception_handler(AccessDenied)
def on_access_denied(request: HttpRequest, exc: AccessDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", str(exc) or "You do not have access to this.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {
        400: "bad_request",
        401: "not_authenticated",
        403: "forbidden",
        404: "not_found",
        409: "conflict",
        422: "validation_error",
        429: "rate_limited",
    }
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("mantle."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.api":
                continue
            raise
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(f"/{getattr(module, 'PREFIX', config.label)}/", router)


_mount_app_routers()
