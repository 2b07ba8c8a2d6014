"""Panel scoring of the management-practice instrument, and comparison across units and time."""

from __future__ import annotations

import pytest

from mantle.capability.engine.management_practice import (
    IncomparableResults,
    compare_management_practice,
    score_management_practice,
)
from mantle.capability.frameworks import FrameworkSpec, shipped_frameworks


def instrument() -> FrameworkSpec:
    return next(f for f in shipped_frameworks() if f.key == "mpi")


def full_panel(value: int) -> dict[str, int | None]:
    return {d.key: value for d in instrument().dimensions}


def test_practice_area_and_overall_means_for_a_panel():
    # Given three panel members scoring every practice 2, 3 and 5, except one talent practice
    panel = [full_panel(2), full_panel(3), full_panel(5)]
    panel[2]["retaining_talent"] = 1
    # When scored
    result = score_management_practice(framework=instrument(), panel=panel)
    # Then a practice mean is over the panel, an area mean over its practices, overall over all
    retaining = next(p for p in result.practices if p.key == "retaining_talent")
    assert (retaining.mean, retaining.n, retaining.spread) == (pytest.approx(2.0), 3, 2)
    areas = {a.key: a.mean for a in result.areas}
    assert areas["operations"] == pytest.approx(10 / 3)
    assert areas["talent"] == pytest.approx((5 * 10 / 3 + 2.0) / 6)
    assert result.overall == pytest.approx((19 * 10 / 3 + 2.0) / 20)
    assert result.complete


def test_a_practice_nobody_scored_blocks_its_area_and_the_overall_figure():
    panel = [full_panel(3)]
    panel[0]["target_balance"] = None
    result = score_management_practice(framework=instrument(), panel=panel)
    areas = {a.key: a for a in result.areas}
    assert areas["targets"].mean is None
    assert areas["targets"].missing == ("target_balance",)
    assert areas["monitoring"].mean == 3.0
    assert result.overall is None
    assert result.missing == ("target_balance",)


def test_scores_off_the_scale_or_unknown_practices_are_rejected():
    with pytest.raises(ValueError, match="6 is not on the scale"):
        score_management_practice(framework=instrument(), panel=[{"time_horizon": 6}])
    with pytest.raises(ValueError, match="'morale' is not a practice"):
        score_management_practice(framework=instrument(), panel=[{"morale": 3}])
    with pytest.raises(ValueError, match="at least one member"):
        score_management_practice(framework=instrument(), panel=[])


def test_a_leadership_framework_is_not_a_practice_instrument():
    hlm = next(f for f in shipped_frameworks() if f.key == "hlm")
    with pytest.raises(ValueError, match="not a management-practice instrument"):
        score_management_practice(framework=hlm, panel=[{}])


def test_two_complete_results_compare_practice_by_practice():
    # Given a unit scored 2 last year and 3 this year
    before = score_management_practice(framework=instrument(), panel=[full_panel(2)])
    after = score_management_practice(framework=instrument(), panel=[full_panel(3)])
    # When compared
    comparison = compare_management_practice(baseline=before, other=after)
    # Then every practice, area and the overall score rose by one point
    assert {c.change for c in comparison.practices} == {1.0}
    assert {c.change for c in comparison.areas} == {1.0}
    assert comparison.overall.change == 1.0


def test_incomplete_or_different_instrument_results_are_not_compared():
    complete = score_management_practice(framework=instrument(), panel=[full_panel(3)])
    partial_panel = full_panel(3)
    partial_panel["attracting_talent"] = None
    partial = score_management_practice(framework=instrument(), panel=[partial_panel])
    with pytest.raises(IncomparableResults, match="missing attracting_talent"):
        compare_management_practice(baseline=complete, other=partial)
    relabelled = type(complete)(
        framework_ref="mpi@2.0",
        panel_size=complete.panel_size,
        practices=complete.practices,
        areas=complete.areas,
        overall=complete.overall,
        missing=(),
    )
    with pytest.raises(IncomparableResults, match="different instruments"):
        compare_management_practice(baseline=complete, other=relabelled)
