"""Every marketplace figure a reader can obtain, for the auditor (``mantle disclosure-audit``).

The fairness page, its CSV and the API's fairness endpoint are one report per organisation and
period (``selectors.fairness_for``): every count of every stage (staff, applied, selected, completed),
characteristic and group, with the never-shown differences (applied but not selected, …) as hidden
figures. The auditor checks them as their own system — the year to ``as_of``, the page's default —
so a combination with the divide's figures on the same date is not part of this check. Rates and
relative likelihoods are released only with the counts they come from. A cohort round's selection
rates are the round's own applicants, whom its coordinator sees by name, and are not published.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mantle.analytics.disclosure import Figure
from mantle.workforce.models import Organisation

from . import selectors


def organisation_figures(*, organisation: Organisation, as_of: dt.date, actor: Any) -> list[Figure]:
    """The fairness report's counts for the year to ``as_of`` as this reader gets them (nothing for
    a reader without access to the organisation's aggregates)."""
    if not actor.can_view_aggregates(organisation.code):
        return []
    report = selectors.fairness_for(
        actor, org=organisation, since=as_of - dt.timedelta(days=365), on=as_of
    )
    return list(report.figures)
