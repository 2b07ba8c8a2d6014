"""Background tasks of the divide: compute the disclosure families a reader is about to ask for.

Rule (docs/decisions/0011): every divide figure is a slice of one audited family per organisation and
date, computed once and cached. Computing a family takes seconds on a large trust, so after an import
the worker computes the dashboard's default dates ahead of the first reader instead of making that
reader wait. The imports app runs this through ``MANTLE_AFTER_IMPORT_TASKS`` (it never imports the
divide app, so dependencies stay one-way).
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from mantle.core.dates import years_from
from mantle.workforce.models import Organisation


def dashboard_default_dates(on: dt.date) -> list[dt.date]:
    """The dates the divide dashboard reads when opened without parameters: the twelve month-ends
    of its trend (the last is ``on``), the month end before them (the first month's turnover) and
    the comparison date a year earlier."""
    from .services import month_ends
    from .turnover import month_end_before

    ends = month_ends(end=on, months=12)
    return sorted({month_end_before(ends[0]), *ends, years_from(on, -1)})


@task()
def families_warm_after_import(org_code: str) -> int:
    """Compute and cache the organisation's families for the dashboard's default dates (today's).
    Returns how many distinct families there were; 0 when the organisation no longer exists."""
    from .family import families_warm

    org = Organisation.objects.filter(code=org_code).first()
    if org is None:
        return 0
    return families_warm(org=org, dates=dashboard_default_dates(dt.date.today()))
