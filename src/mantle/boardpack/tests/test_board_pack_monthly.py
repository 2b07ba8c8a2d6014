"""Issue 19: the scheduled board pack — last month's pack, once, for organisations with officers."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command

from mantle.boardpack.management.commands.board_pack_monthly import last_month
from mantle.boardpack.models import BoardPack
from mantle.core.scheduler import JOBS
from mantle.core.tests.conftest import trust  # noqa: F401 (the shared small-trust fixture)

pytestmark = pytest.mark.django_db


def test_last_month() -> None:
    assert last_month(dt.date(2026, 1, 15)) == "2025-12"
    assert last_month(dt.date(2026, 3, 1)) == "2026-02"


def test_the_monthly_run_makes_each_pack_once(trust: Any) -> None:  # noqa: F811
    out = io.StringIO()
    call_command("board_pack_monthly", month="2026-01", stdout=out)
    call_command("board_pack_monthly", month="2026-01", stdout=out)
    # RXA has an executive; the other trust has only an HR administrator: no pack for it.
    packs = list(BoardPack.objects.values_list("organisation__code", "month", "created_by"))
    assert packs == [("RXA", dt.date(2026, 1, 31), None)]
    assert "1 board pack(s) made" in out.getvalue() and "0 board pack(s) made" in out.getvalue()


def test_it_is_scheduled_daily() -> None:
    job = next(j for j in JOBS if j.name == "board_pack_monthly")
    assert job.command == "board_pack_monthly" and job.period == dt.timedelta(days=1)
