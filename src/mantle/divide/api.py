"""API: the divide for an organisation (same JSON as ``mantle divide``), with the caller's suppression."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from mantle.analytics._measures import with_unit_workforce_figures
from mantle.core.access import actor_for
from mantle.core.dates import ApiDate
from mantle.core.schemas import ERRORS
from mantle.workforce.models import Organisation, Unit

from . import services

router = Router(tags=["divide"])
PREFIX = "organisations"


class DivideQuery(Schema):
    as_of: ApiDate | None = None
    unit: str | None = None


@router.get(
    "/{code}/divide",
    summary="Clinician share of management by tier, profession and unit",
    response={200: dict[str, Any], **ERRORS},
)
def organisation_divide(
    request: HttpRequest, code: str, filters: Query[DivideQuery]
) -> dict[str, Any]:
    """The divide measures as at a date (default today) for an organisation or a unit subtree.
    Small numbers are suppressed ("*") unless you are an HR/OD administrator of the organisation.
    ``representation_ratio`` and ``divide_gap_pp`` compare with the whole organisation's workforce
    (divide-metrics); the ``*_unit_workforce`` figures compare with the unit's own (see
    ``workforce_basis`` in the answer)."""
    actor = actor_for(request)
    org = Organisation.objects.filter(code=code.upper()).first()
    if org is None or not actor.can_view_aggregates(org.code):
        raise Http404("No such organisation, or you do not have access to its aggregates.")
    unit = filters.unit or None
    if unit and not Unit.objects.filter(organisation=org, path=unit).exists():
        raise Http404(f"No unit {unit!r} in {org.code}.")
    report = services.divide_report(
        org=org,
        on=filters.as_of or dt.date.today(),
        unit=unit,
        suppress=not actor.sees_unsuppressed(org.code),
    )
    # Both workforce bases, named: the organisation's (the domain's, the default) and the unit's.
    return with_unit_workforce_figures(report)
