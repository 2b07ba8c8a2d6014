"""The Jinja2 environment: NHS.UK frontend macros, Django URL/static helpers and Mantle's filters.

``ChainableUndefined`` is what the nhsuk-frontend-jinja macros expect (they read nested optional params).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader


def url(name: str, *args: Any, query: dict[str, Any] | None = None, **kwargs: Any) -> str:
    """Reverse a URL name, with an optional query string (empty values dropped)."""
    path = reverse(name, args=args or None, kwargs=kwargs or None)
    if query:
        clean = {k: v for k, v in query.items() if v not in (None, "")}
        if clean:
            path = f"{path}?{urlencode(clean, doseq=True)}"
    return path


def url_exists(name: str) -> bool:
    """Whether a URL name is installed (optional apps may be left out of a deployment)."""
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def fmt_share(value: Any, places: int = 1) -> str:
    """A 0–1 share as a percentage for people to read; '*' stays '*', None is an en dash."""
    if value is None:
        return "–"
    if value == "*":
        return "*"
    return f"{float(value) * 100:.{places}f}%"


def fmt_number(value: Any, places: int = 0) -> str:
    if value is None:
        return "–"
    if value == "*":
        return "*"
    if isinstance(value, int | Decimal) and places == 0:
        return f"{int(value):,}"
    return f"{float(value):,.{places}f}"


PROFESSION_LABELS = {
    "medical": "Medical & dental",
    "nursing_midwifery": "Nursing & midwifery",
    "allied_health": "Allied health",
    "healthcare_science": "Healthcare science",
    "pharmacy": "Pharmacy",
    "other_registered": "Other registered profession",
}


def profession_label(value: str | None) -> str:
    return PROFESSION_LABELS.get(value or "", "–")


def fmt_date(value: dt.date | None, fmt: str = "%-d %B %Y") -> str:
    return value.strftime(fmt) if value else "–"


def _template_dirs() -> list[str]:
    dirs = [str(Path(settings.PACKAGE_DIR) / "templates")]
    for config in apps.get_app_configs():
        candidate = Path(config.path) / "templates"
        if candidate.is_dir() and config.name.startswith("mantle."):
            dirs.append(str(candidate))
    return dirs


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [FileSystemLoader(_template_dirs()), PackageLoader("nhsuk_frontend_jinja")]
    )
    options["undefined"] = ChainableUndefined
    options.setdefault("extensions", [])
    env = Environment(**options)  # noqa: S701 - autoescape is set by Django's backend (True)
    env.globals.update(
        url=url,
        url_exists=url_exists,
        static=static,
        get_messages=get_messages,
        service_name=settings.MANTLE_SERVICE_NAME,
    )
    env.filters.update(
        share=fmt_share, number=fmt_number, date=fmt_date, profession=profession_label
    )
    return env
