"""Text with NUL characters is refused at the API's door: 422 naming the parameter, never a database error.

PostgreSQL cannot store NUL (0x00) in text, and psycopg refuses such a value with an exception deep inside a
query; checking once here, before any view, covers every body field, query parameter and path segment.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse, JsonResponse

NUL = "\x00"
MESSAGE = "Must not contain NUL (0x00) characters."


def nul_fields(value: Any, loc: str = "") -> list[str]:
    """Dotted names of every string (or key) inside a decoded JSON value that contains NUL."""
    if isinstance(value, str):
        return [loc] if NUL in value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            name = f"{loc}.{key}" if loc else str(key)
            found += [name] if NUL in str(key) else nul_fields(item, name)
        return found
    if isinstance(value, list):
        return [f for i, item in enumerate(value) for f in nul_fields(item, f"{loc}.{i}")]
    return []


class ApiNulGuardMiddleware:
    """For /api/ requests: 422 ``validation_error`` listing each field, parameter or path with NUL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        fields = ["path"] if NUL in request.path else []
        query = request.META.get("QUERY_STRING", "")
        fields += [
            f"query.{key}"
            for key, value in parse_qsl(query, keep_blank_values=True)
            if NUL in key or NUL in value
        ]
        if request.content_type == "application/json" and request.body:
            with contextlib.suppress(ValueError):  # not JSON: the API itself answers that
                fields += nul_fields(json.loads(request.body))
        if not fields:
            return self.get_response(request)
        return JsonResponse(
            {
                "code": "validation_error",
                "message": "Some values are not valid.",
                "errors": [{"field": f, "message": MESSAGE, "type": "string_nul"} for f in fields],
            },
            status=422,
        )
