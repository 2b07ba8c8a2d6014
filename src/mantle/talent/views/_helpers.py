"""Small helpers shared by the talent views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from mantle.core.access import AccessDenied
from mantle.core.dates import parse_date_parameter


def as_of(request: HttpRequest, key: str = "as_of") -> dt.date:
    """The page's date parameter (today when absent), from the query or the posted form; a bad
    value is a 400 naming it."""
    raw = request.GET.get(key, "") or request.POST.get(key, "")
    if not raw.strip():
        return dt.date.today()
    return parse_date_parameter(raw, name=key)


def error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@contextmanager
def service_call(request: HttpRequest, success: str = "") -> Iterator[None]:
    """Run a service: a validation problem becomes an error message for the user; a refused action
    becomes 403."""
    try:
        yield
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    else:
        if success:
            messages.success(request, success)


def form_errors_to_messages(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def crumbs(*items: tuple[str, str]) -> list[dict[str, str]]:
    return [{"text": text, "href": href} for text, href in (("Home", "/"), *items)]
