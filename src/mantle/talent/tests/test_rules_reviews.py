"""9-box placement rules and the equality view with suppression (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mantle.talent.rules.equality import PersonOutcome, equality_rows, group_of
from mantle.talent.rules.ninebox import box_of, distribution, rater_summaries


def test_box_numbers_run_from_bottom_left_to_top_right() -> None:
    assert box_of(1, 1) == 1
    assert box_of(3, 1) == 3
    assert box_of(1, 3) == 7
    assert box_of(3, 3) == 9


def test_a_level_outside_1_to_3_is_refused() -> None:
    with pytest.raises(ValueError, match="0"):
        box_of(0, 2)


@given(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3)), max_size=50))
def test_distribution_counts_every_placement_once(placements: list[tuple[int, int]]) -> None:
    boxes = distribution(placements)
    assert sorted(boxes) == list(range(1, 10))
    assert sum(boxes.values()) == len(placements)


def test_a_generous_manager_is_flagged() -> None:
    # given manager A placing 4 people high/high and managers B and C placing 4 people each low/low
    rows = [("A", 3, 3)] * 4 + [("B", 1, 1)] * 4 + [("C", 2, 1)] * 4
    summaries = {s.rater: s for s in rater_summaries(rows)}
    # then A's leniency is 6 − mean of the others (2 and 3 → 2.5) = 3.5: flagged generous
    assert summaries["A"].leniency == pytest.approx(3.5)
    assert summaries["A"].flag == "more generous"
    # and B is more severe than everyone else's mean ((24 + 12) / 8 = 4.5): 2 − 4.5
    assert summaries["B"].leniency == pytest.approx(-2.5)
    assert summaries["B"].flag == "more severe"


def test_a_manager_with_few_placements_is_not_flagged() -> None:
    rows = [("A", 3, 3)] * 2 + [("B", 1, 1)] * 6
    summaries = {s.rater: s for s in rater_summaries(rows)}
    assert summaries["A"].flag == ""


def test_groups_follow_the_wres_and_wdes_splits() -> None:
    person = PersonOutcome(
        sex="2", ethnic_category="H", disability="Y", clinician=True, placed=True
    )
    assert group_of("ethnicity", person) == "focus"
    assert group_of("sex", person) == "focus"
    assert group_of("disability", person) == "focus"
    assert group_of("clinician", person) == "focus"
    unknown = PersonOutcome(
        sex="X", ethnic_category="Z", disability="U", clinician=None, placed=False
    )
    for key in ("ethnicity", "sex", "disability", "clinician"):
        assert group_of(key, unknown) == "unknown"


def _people(
    ref: tuple[int, int], focus: tuple[int, int], unknown: tuple[int, int] = (0, 0)
) -> list[PersonOutcome]:
    """(people, placed) for White, BME and not-stated groups."""
    out = []
    for code, (n, placed) in (("A", ref), ("H", focus), ("Z", unknown)):
        out += [PersonOutcome("", code, "", None, i < placed) for i in range(n)]
    return out


def test_relative_likelihood_is_reference_rate_over_focus_rate() -> None:
    # given 40 White staff with 20 placed (0.5) and 30 BME staff with 6 placed (0.2)
    rows = {r.characteristic.key: r for r in equality_rows(_people((40, 20), (30, 6)), threshold=5)}
    eth = rows["ethnicity"]
    # then the relative likelihood is 0.5 / 0.2 = 2.5 and nothing is hidden
    assert eth["reference_rate"] == 0.5
    assert eth["focus_rate"] == 0.2
    assert eth["relative_likelihood"] == pytest.approx(2.5)
    assert not eth.suppressed


def test_a_small_placed_count_hides_the_rates_the_ratio_and_a_second_cell() -> None:
    # given 40 White staff with 20 placed and 30 BME staff with 3 placed
    eth = next(
        r
        for r in equality_rows(_people((40, 20), (30, 3)), threshold=5)
        if r.characteristic.key == "ethnicity"
    )
    # then the 3 is hidden, so are the BME rate and the ratio
    assert eth["focus_placed"] == "*"
    assert eth["focus_rate"] == "*"
    assert eth["relative_likelihood"] == "*"
    # and another placed cell is hidden so 3 cannot be found as total placed − White placed
    assert "*" in (eth["reference_placed"], eth["total_placed"])


def test_few_people_not_placed_hides_the_placed_count() -> None:
    # given 30 BME staff of whom 28 are placed: 2 are not placed, which the rate would reveal
    eth = next(
        r
        for r in equality_rows(_people((40, 20), (30, 28)), threshold=5)
        if r.characteristic.key == "ethnicity"
    )
    assert eth["focus_placed"] == "*"
    assert eth["relative_likelihood"] == "*"


def test_no_one_placed_in_the_focus_group_leaves_the_ratio_undefined() -> None:
    eth = next(
        r
        for r in equality_rows(_people((40, 20), (30, 0)), threshold=5)
        if r.characteristic.key == "ethnicity"
    )
    assert eth["focus_placed"] == 0
    assert eth["relative_likelihood"] is None


@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_no_shown_count_of_people_is_between_1_and_4(a: int, b: int, c: int, d: int) -> None:
    people = _people((max(a, b), min(a, b)), (max(c, d), min(c, d)))
    for row in equality_rows(people, threshold=5):
        for key, value in row.values.items():
            if key.endswith(("_people", "_placed")) and value != "*":
                assert value == 0 or value >= 5
