"""Board pack writes: make (render and store) a pack, and record a download."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from mantle.core.audit import audit_record
from mantle.divide.spc import SERIES_BY_KEY
from mantle.workforce.models import Organisation

from .content import pack_context
from .models import BoardPack, BoardPackDownload, MeasureSetting


def board_pack_render(*, org: Organisation, on: dt.date, user: Any = None) -> bytes:
    """The PDF of a pack: WeasyPrint's PDF/UA-1 variant (tagged); the document language en-GB comes
    from the template's ``<html lang="en-GB">`` (WeasyPrint writes it as the catalogue's /Lang)."""
    html = render_to_string("boardpack/pack.html", pack_context(org=org, on=on, user=user))
    document = HTML(string=html, base_url=str(settings.PACKAGE_DIR))
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    assert pdf is not None
    return bytes(pdf)


def board_pack_create(
    *, org: Organisation, on: dt.date, user: Any = None, via: str = "web"
) -> BoardPack:
    """Make and store the pack for ``org`` on ``on``. Rule: figures at board-level disclosure
    (docs/board-pack.md); making one is audited."""
    started = time.perf_counter()
    pdf = board_pack_render(org=org, on=on, user=user)
    seconds = time.perf_counter() - started
    creator = user if user is not None and getattr(user, "is_authenticated", False) else None
    pack = BoardPack.objects.create(
        organisation=org, month=on, created_by=creator, pdf=pdf, size=len(pdf), seconds=seconds
    )
    audit_record(
        actor=user,
        action="board_pack_create",
        object_type="boardpack.BoardPack",
        object_id=pack.pk,
        object_label=str(pack),
        organisation_code=org.code,
        detail={"month": on.isoformat(), "bytes": len(pdf)},
        via=via,
    )
    return pack


def board_pack_download(*, pack: BoardPack, user: Any) -> bytes:
    """The stored PDF; every download is listed with the pack and audited."""
    BoardPackDownload.objects.create(
        pack=pack,
        user=user if getattr(user, "is_authenticated", False) else None,
        user_label=user.get_username() if getattr(user, "is_authenticated", False) else "system",
    )
    audit_record(
        actor=user,
        action="board_pack_download",
        object_type="boardpack.BoardPack",
        object_id=pack.pk,
        object_label=str(pack),
        organisation_code=pack.organisation.code,
    )
    return bytes(pack.pdf)


def measure_setting_save(
    *,
    org: Organisation,
    measure: str,
    target: float | None,
    change_point: dt.date | None,
    reason: str = "",
    user: Any,
) -> MeasureSetting:
    """Set (or clear) an organisation's target and change point for one monthly measure. Rule: the
    measure must be one the SPC charts draw; a target is a share from 0 to 1; every change is
    audited with the old and new values (the caller checks the user is an HR/OD administrator)."""
    if measure not in SERIES_BY_KEY:
        raise ValueError(f"measure: {measure!r} is not a monthly measure")
    if target is not None and not 0.0 <= target <= 1.0:
        raise ValueError(f"target: {target!r} must be a share from 0 to 1")
    setting, _ = MeasureSetting.objects.get_or_create(organisation=org, measure=measure)
    before = {
        "target": setting.target,
        "change_point": setting.change_point.isoformat() if setting.change_point else None,
    }
    setting.target = target
    setting.change_point = change_point
    setting.change_reason = reason[:200]
    setting.updated_by = user if getattr(user, "is_authenticated", False) else None
    setting.save()
    audit_record(
        actor=user,
        action="measure_setting_save",
        object_type="boardpack.MeasureSetting",
        object_id=setting.pk,
        object_label=f"{org.code} {measure}",
        organisation_code=org.code,
        detail={
            "measure": measure,
            "before": before,
            "after": {
                "target": target,
                "change_point": change_point.isoformat() if change_point else None,
            },
            "reason": reason[:200],
        },
    )
    return setting
