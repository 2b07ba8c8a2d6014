"""Every divide figure a reader can obtain, for the auditor (``mantle disclosure-audit``).

The divide's outputs (API with any ``unit=``, dashboard headline, tier × profession table, unit
drill-down at every depth, trend, comparison, CSV downloads and ``mantle divide``) are all slices
of one family per organisation and date, so the figures a reader can obtain on a date are exactly
that family's released cells: every people count of every node. The never-shown groups (people
attached directly to a unit, holders who are not clinicians, …) are listed as hidden figures so
that they are protected too. Shares, ratios and FTE are released only with the counts they are
computed from, so they add no unknown a reader could not already form; posts are the
establishment, not people.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from mantle.analytics.disclosure import Figure
from mantle.analytics.disclosure.divide import family_figures, memberships
from mantle.workforce.models import Organisation

from .family import family
from .frames import frames_on, load_history


def organisation_figures(*, organisation: Organisation, as_of: dt.date, actor: Any) -> list[Figure]:
    """The divide family on ``as_of`` as this reader gets it (all released for the
    organisation's HR/OD administrators; nothing for a reader without access to aggregates)."""
    if not actor.can_view_aggregates(organisation.code):
        return []
    fam = family(org=organisation, on=as_of)
    holdings, _ = frames_on(load_history(start=as_of, end=as_of, org_id=organisation.pk), as_of)
    system = as_of.isoformat()
    members = memberships(holdings=holdings.with_columns(pl.lit(system).alias("org_code"))).drop(
        "system"
    )
    hidden = {} if actor.sees_unsuppressed(organisation.code) else fam.hidden
    return family_figures(
        nodes=sorted(fam.flat),
        members=members,
        hidden=hidden,
        system=system,
        name=f"divide {organisation.code} {system}",
    )
