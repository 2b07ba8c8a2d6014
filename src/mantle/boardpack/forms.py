"""The target and change-point form: plain fields parsed into a share and a month end, with an
error that names the field, the value and what is allowed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mantle.divide.spc import SERIES_BY_KEY

from .content import month_end


@dataclass
class MeasureSettingInput:
    measure: str = ""
    target: float | None = None
    change_point: dt.date | None = None
    reason: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def parse_measure_setting(data: dict[str, str]) -> MeasureSettingInput:
    """``measure``, ``target`` (a percentage 0–100, empty for none), ``change_month`` (YYYY-MM,
    empty for none) and ``reason`` from a posted form."""
    out = MeasureSettingInput(measure=(data.get("measure") or "").strip())
    if out.measure not in SERIES_BY_KEY:
        out.errors["measure"] = f"Choose a measure from the list (not {out.measure!r})."
    raw = (data.get("target") or "").strip().rstrip("%").strip()
    if raw:
        try:
            percent = float(raw)
        except ValueError:
            percent = None
        if percent is None or not 0 <= percent <= 100:
            out.errors["target"] = (
                f"Target must be a percentage from 0 to 100, like 45 or 45.5, not {raw!r}."
            )
        else:
            out.target = percent / 100
    month = (data.get("change_month") or "").strip()
    if month:
        try:
            out.change_point = month_end(month)
        except ValueError:
            out.errors["change_month"] = (
                f"Change point must be a month as YYYY-MM, like 2026-04, not {month!r}."
            )
    out.reason = (data.get("reason") or "").strip()
    if len(out.reason) > 200:
        out.errors["reason"] = f"Reason must be 200 characters or fewer (it has {len(out.reason)})."
    return out
