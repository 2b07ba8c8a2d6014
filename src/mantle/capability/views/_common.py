"""Helpers shared by capability views: turning service errors into messages, dates from requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from mantle.core.dates import date_parameter


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def attempt(request: HttpRequest, action: Callable[[], Any], *, success: str = "") -> bool:
    """Run a service call; a ValidationError becomes an error message. True when it succeeded."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    if success:
        messages.success(request, success)
    return True


def as_of(request: HttpRequest) -> dt.date:
    """The page's ``as_of`` (today when absent); a bad value is a 400 naming it."""
    return date_parameter(request, "as_of", timezone.localdate())


HOME_CRUMB = {"text": "Leadership", "href": "/leadership/"}
