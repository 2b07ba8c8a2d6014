"""``mantle disclosure-audit``: every figure a role can obtain, attacked with a linear programme.

Figure enumerators: any installed app may add a module ``<app>/disclosure_figures.py`` with a
function ``organisation_figures(*, organisation, as_of, actor) -> list[Figure]`` returning every
figure that ``actor`` can obtain about the organisation as at ``as_of`` (released or hidden: hidden
figures are what the auditor protects), with ``Figure.system`` naming the set of people the
figures describe (``as_of.isoformat()`` for register-wide figures, so that figures of different
apps about the same date share unknowns). Nothing else needs registering: the auditor imports every
such module it finds (``enumerators``).

Rule (issue 11, docs/decisions/0011): the audit covers two adjacent month-ends (the last month end
on or before ``as_of`` and the one before it); a violation is a protected figure whose feasible
range is narrower than 3 people.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any

from django.apps import apps

from mantle.analytics.disclosure import Figure, audit
from mantle.core.access import Actor
from mantle.workforce.models import Organisation

Enumerator = Callable[..., list[Figure]]

ROLES = ("executive", "chair", "analyst", "hr_admin", "line_manager", "staff")


def enumerators() -> dict[str, Enumerator]:
    """App label → its ``organisation_figures`` (every installed app with the module)."""
    found: dict[str, Enumerator] = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.disclosure_figures")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.disclosure_figures":
                raise
            continue
        function = getattr(module, "organisation_figures", None)
        if callable(function):
            found[config.label] = function
    return found


def actor_with_role(*, org: Organisation, role: str) -> Actor:
    """A reader holding exactly ``role`` in the organisation (analysts are national)."""
    from django.contrib.auth.models import AnonymousUser

    actor = Actor(user=AnonymousUser())
    if role == "analyst":
        actor.analyst = True
    else:
        actor.roles_by_org[org.code] = {role}
        actor.org_ids[org.code] = org.pk
    return actor


def adjacent_month_ends(as_of: dt.date) -> list[dt.date]:
    """The last month end on or before ``as_of``, and the one before it."""
    next_day = as_of + dt.timedelta(days=1)
    last = as_of if next_day.month != as_of.month else as_of.replace(day=1) - dt.timedelta(days=1)
    return [last.replace(day=1) - dt.timedelta(days=1), last]


def disclosure_audit(
    *,
    org: Organisation,
    as_of: dt.date,
    role: str,
    threshold: int,
    only: set[str] | None = None,
) -> dict[str, Any]:
    """Enumerate every figure ``role`` can obtain on two adjacent month-ends and attack them
    (module rule); ``only`` limits it to some apps' enumerators. Returns the auditor's JSON
    summary with what was audited."""
    actor = actor_with_role(org=org, role=role)
    dates = adjacent_month_ends(as_of)
    figures: list[Figure] = []
    sources: dict[str, int] = {}
    for label, enumerate_figures in sorted(enumerators().items()):
        if only is not None and label not in only:
            continue
        count = 0
        for day in dates:
            found = enumerate_figures(organisation=org, as_of=day, actor=actor)
            figures.extend(found)
            count += len(found)
        sources[label] = count
    summary = audit(figures, threshold=threshold)
    return {
        "organisation": org.code,
        "role": role,
        "dates": [d.isoformat() for d in dates],
        "figures_by_app": sources,
        **summary,
    }
