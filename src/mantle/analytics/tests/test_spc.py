"""XmR charts (analytics.spc): every figure below is worked by hand in the comments."""

from __future__ import annotations

import math

import pytest

from mantle.analytics.spc import summary, xmr


def flagged(chart):
    return {p.index: (p.rules, p.direction) for p in chart.points if p.rules}


def test_limits_are_mean_plus_minus_2_66_mean_moving_range():
    # mean (1+3+2+4+5)/5 = 3; moving ranges 2, 1, 2, 1 → 1.5; limits 3 ± 3.99
    chart = xmr([1, 3, 2, 4, 5])
    seg = chart.segments[0]
    assert seg.mean == 3 and seg.mean_moving_range == 1.5
    assert seg.lower == pytest.approx(-0.99) and seg.upper == pytest.approx(6.99)
    assert seg.provisional  # 5 points < 15
    assert chart.variation == "common_cause" and not flagged(chart)


def test_a_point_beyond_a_limit():
    # 0,1 × 6 then 5: mean 11/13 = 0.84615; moving ranges eleven 1s and |5 − 1| = 4 → 15/12 = 1.25
    # upper = 0.84615 + 3.325 = 4.17115 < 5. Alternating values: no run, no trend; near-limit
    # threshold 0.84615 + 2 × 1.25 / 1.128 = 3.06 holds only the 5.
    chart = xmr([0, 1] * 6 + [5], improvement="up")
    assert chart.segments[0].upper == pytest.approx(11 / 13 + 3.325)
    assert flagged(chart) == {12: (("astronomical",), "high")}
    assert chart.variation == "improvement_high"
    assert xmr([0, 1] * 6 + [5], improvement="down").variation == "concern_high"
    assert xmr([0, 1] * 6 + [5]).variation == "neither_high"


def test_a_run_of_seven_on_one_side_of_the_mean():
    # mean 33/13 = 2.538: the last seven (3,4,3,4,3,4,3) are above it, the first six below.
    # Every moving range is 1: limits 2.538 ± 2.66, nothing beyond; 2σ = 1.773 → 4.31, none near.
    chart = xmr([1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 3], improvement="down")
    assert flagged(chart) == dict.fromkeys(range(6, 13), (("shift",), "high"))
    assert chart.variation == "concern_high"


def test_six_on_one_side_is_not_a_run():
    # mean 30/12 = 2.5: six below then six above
    assert not flagged(xmr([1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4]))


def test_a_run_of_seven_rising():
    # 1,2,3,4,5,6,7,10 rise at every step (8 points, indices 4–11). mean 68/15 = 4.533;
    # moving ranges 10,10,10,9,1,1,1,1,1,1,3,10,10,10 = 78/14 = 5.571; limits −10.29 to 19.35.
    # Sides: at most four in a row; nothing near a limit (2σ above the mean is 14.41).
    chart = xmr([0, 10, 0, 10, 1, 2, 3, 4, 5, 6, 7, 10, 0, 10, 0])
    assert chart.segments[0].mean_moving_range == pytest.approx(78 / 14)
    assert flagged(chart) == dict.fromkeys(range(4, 12), (("trend",), "high"))
    assert chart.variation == "common_cause"  # the latest point is not part of it


def test_six_rising_is_not_a_trend():
    assert not flagged(xmr([0, 10, 0, 10, 1, 2, 3, 4, 5, 6, 0, 10, 0]))


def test_two_out_of_three_near_a_limit():
    # 0,1 × 8 then 4,1,4,0,1,0: mean 18/22 = 0.818; moving ranges fifteen 1s, 3,3,3,4,1,1 → 30/21
    # = 1.4286; upper 0.818 + 3.8 = 4.618; outer third starts at 0.818 + 2 × 1.4286/1.128 = 3.351.
    # Both 4s (indices 16 and 18) are in it, within three points: flagged, the 1 between is not.
    chart = xmr([0, 1] * 8 + [4, 1, 4, 0, 1, 0], improvement="down")
    assert flagged(chart) == {16: (("two_in_three",), "high"), 18: (("two_in_three",), "high")}
    assert chart.points[16].kind == "concern"
    assert chart.variation == "common_cause"


def test_rules_disagreeing_in_direction_the_stronger_rule_wins():
    # 10,20 × 4 then −40,−20,−10,0,10,20,30: mean 110/15 = 7.333; moving ranges seven 10s, 60,
    # 20, then five 10s → 200/14 = 14.286; lower 7.333 − 38 = −30.667 (−40 is beyond it);
    # outer third below 7.333 − 25.33 = −18.0 (−40 and −20, two of three). The last seven rise.
    # −40 is flagged low (beyond the limit) and high (rising run): the limit wins (RULE_ORDER).
    chart = xmr([10, 20] * 4 + [-40, -20, -10, 0, 10, 20, 30], improvement="up")
    points = chart.points
    assert points[8].rules == ("astronomical", "two_in_three", "trend")
    assert points[8].direction == "low" and points[8].kind == "concern"
    assert points[9].rules == ("two_in_three", "trend") and points[9].direction == "low"
    assert points[10].rules == ("trend",) and points[10].kind == "improvement"
    assert all(points[i].rules == ("shift",) for i in range(8))  # eight above 7.333
    assert chart.variation == "improvement_high"  # the latest point: the rising run


def test_change_point_recalculates_limits():
    # Without it: one segment, mean 6.5. With it at index 6: 1.5 ± 2.66 and 11.5 ± 2.66.
    values = [1, 2, 1, 2, 1, 2, 11, 12, 11, 12, 11, 12]
    whole = xmr(values)
    assert whole.segments[0].mean == 6.5
    chart = xmr(values, change_points=[6])
    first, second = chart.segments
    assert (first.mean, first.mean_moving_range, first.upper) == (1.5, 1.0, pytest.approx(4.16))
    assert (second.mean, second.lower) == (11.5, pytest.approx(8.84))
    assert chart.points[7].segment == 1 and chart.points[7].mean == 11.5
    assert not flagged(chart)


def test_gaps_are_not_points():
    # None, NaN and a suppressed "*" are gaps: observed 1, 3, 2 → mean 2, moving ranges 2, 1.
    chart = xmr([1, None, "*", math.nan, 3, 2])
    seg = chart.segments[0]
    assert (seg.n, seg.mean, seg.mean_moving_range) == (3, 2, 1.5)
    assert [p.kind for p in chart.points[:4]] == ["common_cause", "gap", "gap", "gap"]
    assert chart.points[1].value is None


def test_bounds_clamp_limits():
    seg = xmr([0.1, 0.5, 0.1, 0.5], bounds=(0.0, 1.0)).segments[0]
    # mean 0.3, moving range 0.4: 0.3 ± 1.064 → clamped to 0 and 1
    assert (seg.lower, seg.upper) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("target", "improvement", "icon"),
    [
        (5, "up", "consistently_pass"),  # limits 5.68–16.32 all above 5
        (17, "up", "consistently_fail"),
        (10, "up", "hit_and_miss"),
        (17, "down", "consistently_pass"),
        (5, "down", "consistently_fail"),
        (10, None, None),  # no direction, no assurance
    ],
)
def test_assurance_icon(target, improvement, icon):
    # 10,12 × 4: mean 11, every moving range 2: limits 11 ± 5.32
    assert xmr([10, 12] * 4, target=target, improvement=improvement).assurance == icon


def test_summary_reads_the_latest_segment():
    text = summary(xmr([10, 12] * 4, target=0.05, improvement="up"), name="X", fmt="{:.2f}")
    assert text.startswith("X: mean 11.00, process limits 5.68 to 16.32 (8 points)")
    assert "consistently be met" in text and "provisional" in text
    assert "too few" in summary(xmr(["*", 3]), name="Y")


def test_the_worked_example_in_docs_metrics():
    chart = xmr(
        [0.30, 0.32] * 4 + [0.33, 0.34, 0.35, 0.36, 0.37, 0.38, 0.39], improvement="up", target=0.25
    )
    seg = chart.segments[0]
    assert seg.mean == pytest.approx(1 / 3) and seg.mean_moving_range == pytest.approx(0.015)
    assert seg.lower == pytest.approx(0.29343, abs=1e-5)  # 33.33% − 2.66 × 1.5 points
    assert seg.upper == pytest.approx(0.37323, abs=1e-5)
    assert [p.direction for p in chart.points[:9]] == ["low"] * 9
    assert chart.points[6].rules == ("two_in_three", "shift", "trend")
    assert [p.direction for p in chart.points[9:]] == ["high"] * 6
    assert chart.points[14].rules == ("astronomical", "two_in_three", "trend")
    assert (chart.variation, chart.assurance) == ("improvement_high", "consistently_pass")
