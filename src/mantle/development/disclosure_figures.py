"""Every development figure a reader can obtain, as the auditor's figures (``mantle
disclosure-audit``): the compliance tables (organisation, by requirement, by unit; page, API, CSV)
and the conversion tables (cohorts and tiers; page, API, CSV) of the organisation on a date.

Each figure is the set of items it counts — person–requirement pairs for compliance, enrolments
(and, for people not listed, stand-in ids) for conversion — and whether this reader sees it. Both
are counted in their own system per date: their items are not the divide's people.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mantle.analytics.disclosure import Figure


def organisation_figures(*, organisation: Any, as_of: dt.date, actor: Any) -> list[Figure]:
    """Every compliance and conversion figure of ``organisation`` on ``as_of`` that ``actor`` can
    obtain (aggregate viewers only: a line manager's team page lists their own team by name)."""
    from mantle.development.selectors.compliance import (
        compliance_cells,
        compliance_protection,
        compliance_rows,
    )
    from mantle.development.selectors.conversion import conversion_for_org, conversion_protection

    if not actor.can_view_aggregates(organisation.code):
        return []
    exact = bool(actor.sees_unsuppressed(organisation.code))
    out: list[Figure] = []
    rows = compliance_rows(org=organisation, on=as_of, names=False)
    cells, _ = compliance_cells(rows, unit_depth=2)
    protection = None if exact else compliance_protection(rows, unit_depth=2)
    system = f"development compliance {as_of.isoformat()}"
    for cell, members in cells.items():
        out.append(
            Figure(
                name=f"compliance {' '.join(map(str, cell))}",
                people=members,
                released=protection is None or protection.released(cell),
                system=system,
            )
        )
    from mantle.development.selectors.conversion import conversion_cells

    report = conversion_for_org(org=organisation, as_of=as_of, suppress=False)
    cells, shown, _ = conversion_cells(report.result, horizons=report.horizons)
    protection = None if exact else conversion_protection(report.result, horizons=report.horizons)
    system = f"development conversion {as_of.isoformat()}"
    for cell, members in cells.items():
        out.append(
            Figure(
                name=f"conversion {' '.join(map(str, cell))}",
                people=members,
                released=cell in shown and (protection is None or protection.released(cell)),
                system=system,
            )
        )
    return out
