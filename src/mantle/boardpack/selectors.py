"""Board pack reads, scoped through the actor."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from mantle.core.access import Actor
from mantle.workforce.models import Organisation

from .models import BoardPack, MeasureSetting

ROLES = ("chair", "executive", "company_secretary")


def board_pack_org_codes(actor: Actor) -> set[str]:
    """Organisations whose board packs the actor may make and read: chair, executives and the
    company secretary (and superusers)."""
    if actor.superuser:
        return set(Organisation.objects.values_list("code", flat=True))
    return actor.orgs_with(*ROLES)


def board_packs(actor: Actor, *, org: Organisation) -> QuerySet[BoardPack]:
    if org.code not in board_pack_org_codes(actor):
        return BoardPack.objects.none()
    return (
        BoardPack.objects.filter(organisation=org)
        .defer("pdf")
        .select_related("created_by")
        .prefetch_related("downloads")
    )


def board_pack_get(actor: Actor, *, pk: int) -> BoardPack | None:
    """A pack the actor may read, or None (same answer for missing and forbidden)."""
    pack = BoardPack.objects.select_related("organisation").filter(pk=pk).first()
    if pack is None or pack.organisation.code not in board_pack_org_codes(actor):
        return None
    return pack


def measure_settings(*, org: Organisation) -> dict[str, tuple[float | None, dt.date | None]]:
    """The organisation's targets and change points by measure key (what the SPC charts of the
    dashboard and the board pack read). Not personal: targets are organisation settings."""
    return {
        s.measure: (s.target, s.change_point)
        for s in MeasureSetting.objects.filter(organisation=org)
    }


def measure_setting_rows(*, org: Organisation) -> list[MeasureSetting]:
    return list(MeasureSetting.objects.filter(organisation=org).select_related("updated_by"))


def may_set_targets(actor: Actor, org_code: str) -> bool:
    """Targets and change points are set by the organisation's HR/OD administrators."""
    return actor.is_hr_admin(org_code)
