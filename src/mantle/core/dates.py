"""Dates people expect: "a year ago" from 29 February is 28 February, and a date parameter is a
real date in a documented range (``parse_date_parameter``, ``date_parameter`` for pages, ``ApiDate``
for the API), or a clear error naming the parameter."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from typing import Annotated, Final

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from pydantic import PlainValidator, ValidationInfo, WithJsonSchema


def years_from(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (or earlier); 29 February becomes 28 February in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# Dates people may ask about ("as of", "since", report dates): from the founding of the NHS to the
# end of the century. Outside this range a date is a typo or a probe, and arithmetic on it (a year
# before 0001-01-31) would fail, so it is refused with a message naming the parameter.
EARLIEST: Final = dt.date(1948, 7, 5)
LATEST: Final = dt.date(2099, 12, 31)
DATE_RULE: Final = (
    f"a real date written YYYY-MM-DD, from {EARLIEST.isoformat()} to {LATEST.isoformat()}"
)
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateParameterError(BadRequest, ValueError):
    """A date parameter that is not a real date in the accepted range; names the parameter."""

    def __init__(self, name: str, raw: object) -> None:
        self.name = name
        self.raw = raw
        self.message = f"{name} must be {DATE_RULE}, not {str(raw)[:40]!r}"
        super().__init__(self.message)


def parse_date_parameter(raw: object, *, name: str) -> dt.date:
    """The date a parameter names, or DateParameterError.

    Rule: a ``datetime.date`` or a string ``YYYY-MM-DD`` (surrounding spaces ignored) that is a real
    calendar date between EARLIEST and LATEST; numbers (``0`` is not 1970-01-01), other layouts
    (``20240101``, ``2024-W01``) and impossible dates (``2024-02-30``) are refused.
    """
    if isinstance(raw, dt.datetime):
        raise DateParameterError(name, raw)
    if isinstance(raw, dt.date):
        day = raw
    elif isinstance(raw, str) and _ISO_DATE.fullmatch(raw.strip()):
        try:
            day = dt.date.fromisoformat(raw.strip())
        except ValueError:
            raise DateParameterError(name, raw) from None
    else:
        raise DateParameterError(name, raw)
    if not EARLIEST <= day <= LATEST:
        raise DateParameterError(name, raw)
    return day


def date_parameter(request: HttpRequest, name: str, default: dt.date) -> dt.date:
    """A page's date query parameter: ``default`` when absent or blank, else
    ``parse_date_parameter`` (a bad value is a 400 page naming the parameter, never a silent default)."""
    raw = request.GET.get(name, "")
    if not raw.strip():
        return default
    return parse_date_parameter(raw, name=name)


def _api_date(value: object, info: ValidationInfo) -> dt.date:
    try:
        return parse_date_parameter(value, name=info.field_name or "date")
    except DateParameterError as exc:
        raise ValueError(exc.message) from None


# An API date parameter: the same rule as pages; a bad value is a 422 naming the parameter.
ApiDate = Annotated[
    dt.date,
    PlainValidator(_api_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "description": f"{DATE_RULE[0].upper()}{DATE_RULE[1:]}.",
        }
    ),
]


def cli_date(raw: str) -> dt.date:
    """An ``argparse`` type for command-line dates: the same rule, a usage error when broken."""
    try:
        return parse_date_parameter(raw, name="date")
    except DateParameterError:
        raise argparse.ArgumentTypeError(f"must be {DATE_RULE}, not {raw!r}") from None


def validate_date_in_range(value: dt.date) -> None:
    """A form field validator: the date is within EARLIEST–LATEST (the same rule as parameters).
    Not for dates of birth, which can be earlier."""
    from django.core.exceptions import ValidationError

    if not EARLIEST <= value <= LATEST:
        raise ValidationError(
            f"Enter a date from {EARLIEST:%-d %B %Y} to {LATEST:%-d %B %Y}.", code="date_range"
        )
