"""Helpers shared by the development views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest
from django.utils import timezone

from mantle.core.dates import date_parameter
from mantle.workforce.models import Organisation

HOME = {"text": "Development", "href": "/development/"}


def as_of(request: HttpRequest, name: str = "as_of") -> dt.date:
    """The page's date parameter (today when absent); a bad value is a 400 naming it."""
    return date_parameter(request, name, timezone.localdate())


def pick_org(request: HttpRequest, codes: Iterable[str]) -> Organisation:
    """The organisation chosen with ``?org=`` among ``codes`` (the first when none is chosen);
    PermissionDenied when the actor has none, 404 when the chosen one is not among them."""
    allowed = sorted(set(codes))
    if not allowed:
        raise PermissionDenied("You do not have a role that uses this page.")
    code = (request.GET.get("org") or request.POST.get("org") or allowed[0]).upper()
    if code not in allowed:
        raise Http404("No such organisation, or you do not have access to it.")
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise Http404("No such organisation.")
    return org


def add_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        for message in error.messages:
            form.add_error(None, message)
