"""The HTTP API: django-ninja under /api/v1/, OpenAPI at /api/v1/openapi.json.

Authentication: the browser session (with CSRF) or a personal API token (``Authorization: Bearer mnt_…``).
Every error is JSON ``{"code": …, "message": …}``; validation errors add ``errors`` with field-level detail.
Each domain app contributes ``router`` from its ``api`` module; routers are mounted at ``/<app label>/``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from mantle.accounts.services import api_token_authenticate
from mantle.core.access import AccessDenied
from mantle.core.ratelimit import ApiRateThrottle
from mantle.core.schemas import ErrorOut


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


def docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Swagger UI needs a signed-in browser; the OpenAPI document also accepts a personal API token (so
    tools can fetch it) and answers 401 JSON, not a redirect, to anyone else."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            user = api_token_authenticate(token.strip()) if scheme.lower() == "bearer" else None
            if user is not None:
                request.user = user
            elif request.path.endswith(".json"):
                return JsonResponse(
                    {
                        "code": "not_authenticated",
                        "message": "Sign in, or send a personal API token as 'Authorization: Bearer <token>'.",
                    },
                    status=401,
                )
            else:
                return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


# Every operation can answer these, through the exception handlers below (not through its response models):
# 401 without credentials, 403 without the role, 404 for a record missing or not visible, 422 for a bad
# parameter or body, 429 over the rate limit; 400 and 409 for requests the domain refuses.
ERROR_STATUSES = {
    "400": "The request cannot be carried out as sent (code `bad_request`).",
    "401": "No session and no valid personal API token (code `not_authenticated`).",
    "403": "Signed in, but not allowed to do this (code `forbidden`).",
    "404": "Not found, or not visible to you: both look the same (code `not_found`).",
    "409": "Conflicts with the record's current state (code `conflict`).",
    "422": "A parameter or field is not valid; `errors` names each one (code `validation_error`).",
    "429": "Too many requests: wait `Retry-After` seconds (code `rate_limited`).",
}


class MantleAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The OpenAPI document, declaring the error answers every operation may give."""
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        if "ErrorOut" not in components:
            error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, definition in error_schema.pop("$defs", {}).items():
                components.setdefault(name, definition)
            components["ErrorOut"] = error_schema
        error_body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for item in schema["paths"].values():
            for operation in item.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_STATUSES.items():
                    if status not in responses and int(status) not in responses:
                        responses[status] = {"description": description, "content": error_body}
                responses["429"]["headers"] = {
                    "Retry-After": {
                        "description": "Seconds to wait before trying again.",
                        "schema": {"type": "integer"},
                    }
                }
        return schema


api = MantleAPI(
    title="Mantle API",
    version="1",
    description=(
        "Read and write Mantle's register, divide measures, capability and talent data. "
        "Every call is scoped to what the calling user may see; aggregates are suppressed "
        "below the disclosure threshold for everyone but HR/OD administrators of that organisation. "
        "Errors are JSON objects with a stable `code` and a human `message`."
    ),
    auth=[TokenAuth(), django_auth],
    docs_decorator=docs_access,
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
        # An app with more than one top-level resource names the others: {prefix: router}.
        for prefix, extra in getattr(module, "EXTRA_ROUTERS", {}).items():
            api.add_router(f"/{prefix}/", extra)


_mount_app_routers()
