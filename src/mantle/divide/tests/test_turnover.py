"""Issue 19: monthly staff turnover from the effective-dated register, through the disclosure layer
(leavers shown only when neither they nor the joiners they would reveal are small)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mantle.divide import services
from mantle.divide.turnover import month_end_before, turnover_counts, turnover_shown
from mantle.imports.services import workforce_file_import
from mantle.imports.tests.test_import_history import CD, CEO, CONS, MD, NURSE, WARD, write
from mantle.workforce.models import Organisation

JAN, FEB = dt.date(2026, 1, 31), dt.date(2026, 2, 28)


def _counts(h0: int, leavers: int, joiners: int) -> dict[str, frozenset[int]]:
    """Groups of people ids: ``h0`` people at the start, the first ``leavers`` of them leave,
    ``joiners`` new people join."""
    start = frozenset(range(h0))
    gone = frozenset(range(leavers))
    new = frozenset(range(10_000, 10_000 + joiners))
    end = (start - gone) | new
    return {"h0": start, "h1": end, "leavers": gone, "joiners": new, "stayers": start - gone}


def test_turnover_is_leavers_over_the_mean_headcount() -> None:
    # 100 at the start, 10 leave, 20 join: 110 at the end; turnover 10 / 105.
    counts = _counts(100, 10, 20)
    assert turnover_shown(counts, h0_released=True, h1_released=True, suppress=True) == (
        pytest.approx(10 / 105)
    )


@pytest.mark.parametrize(
    ("leavers", "joiners"),
    [(3, 20), (10, 2)],  # few leavers; or few joiners, which leavers + headcounts would reveal
)
def test_turnover_is_hidden_when_it_would_reveal_a_small_group(leavers: int, joiners: int) -> None:
    counts = _counts(100, leavers, joiners)
    assert turnover_shown(counts, h0_released=True, h1_released=True, suppress=True) == "*"
    assert turnover_shown(counts, h0_released=True, h1_released=True, suppress=False) == (
        pytest.approx(leavers / ((len(counts["h0"]) + len(counts["h1"])) / 2))
    )


def test_nobody_leaving_or_joining_is_shown_and_a_hidden_headcount_hides_it() -> None:
    counts = _counts(40, 0, 0)
    assert turnover_shown(counts, h0_released=True, h1_released=True, suppress=True) == 0.0
    assert turnover_shown(counts, h0_released=False, h1_released=True, suppress=True) == "*"


@pytest.mark.django_db
def test_leavers_are_read_from_the_register_at_each_month_end(tmp_path: Path) -> None:
    """Given six people at the end of January and the nurse gone by the end of February, then
    February has one leaver, nobody joining, and the headcounts are the divide's headcounts."""
    org = Organisation.objects.create(code="RXA", name="Alpha", org_type="acute")
    rows = (CEO, MD, CONS, CD, NURSE, WARD)
    workforce_file_import(path=write(tmp_path, "jan.csv", *rows), org=org, as_of=JAN)
    feb = [r for r in rows if r is not NURSE]
    workforce_file_import(path=write(tmp_path, "feb.csv", *feb), org=org, as_of=FEB)
    jan_counts, feb_counts = turnover_counts(org=org, dates=[JAN, FEB])
    assert month_end_before(JAN) == dt.date(2025, 12, 31)
    assert {k: len(v) for k, v in feb_counts.items()} == {
        "h0": 5,
        "h1": 4,
        "leavers": 1,
        "joiners": 0,
        "stayers": 4,
    }
    for day, counts in ((JAN, jan_counts), (FEB, feb_counts)):
        exact = services.divide_report(org=org, on=day, suppress=False)
        assert len(counts["h1"]) == exact["workforce"]["headcount"]
    board = services.divide_dashboard(
        org=org, on=FEB, since=JAN, unit=None, suppress=False, months=2
    )
    assert dict(board["monthly"])["2026-02-28"]["staff_turnover"] == pytest.approx(1 / 4.5)
    hidden = services.divide_dashboard(org=org, on=FEB, since=JAN, unit=None, suppress=True)
    assert dict(hidden["monthly"])["2026-02-28"]["staff_turnover"] == "*"


@pytest.mark.django_db
def test_the_turnover_series_is_read_once_and_again_after_an_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given the dashboard's turnover computed once, a second reader does not read the register
    for it again; after an import that changes the register, the series is computed afresh."""
    from django.core.cache import cache

    cache.clear()
    org = Organisation.objects.create(code="RXA", name="Alpha", org_type="acute")
    rows = (CEO, MD, CONS, CD, NURSE, WARD)
    workforce_file_import(path=write(tmp_path, "jan.csv", *rows), org=org, as_of=JAN)
    workforce_file_import(path=write(tmp_path, "feb.csv", *rows), org=org, as_of=FEB)
    calls: list[int] = []
    real = services.turnover_counts

    def counting(**kwargs: object) -> object:
        calls.append(1)
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "turnover_counts", counting)

    def feb_rate() -> object:
        board = services.divide_dashboard(
            org=org, on=FEB, since=JAN, unit=None, suppress=False, months=2
        )
        return dict(board["monthly"])["2026-02-28"]["staff_turnover"]

    assert feb_rate() == 0
    assert feb_rate() == 0
    assert len(calls) == 1
    # when the nurse's leaving is imported, then the series is read again and shows it
    feb = [r for r in rows if r is not NURSE]
    workforce_file_import(path=write(tmp_path, "feb2.csv", *feb), org=org, as_of=FEB)
    assert feb_rate() == pytest.approx(1 / 4.5)
    assert len(calls) == 2
