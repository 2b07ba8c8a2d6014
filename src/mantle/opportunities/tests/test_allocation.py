"""The optimal allocation (``mantle.analytics.allocation``): hand-checked cases, fairness bounds,
infeasible bounds, and the sentence each person is given."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mantle.analytics.allocation import Candidate, allocate


def test_one_place_goes_to_the_better_fit() -> None:
    result = allocate(candidates=[Candidate(1, 10, 0.9), Candidate(2, 10, 0.5)], places={10: 1})
    assert result.placements == {1: 10}
    assert result.explanations[1].startswith("Placed in opportunity 10 (fit 0.90)")
    assert "lowest fit placed was 0.90" in result.explanations[2]


def test_one_place_per_person_can_beat_greedy() -> None:
    # Greedy would give A (0.9) opportunity X, leaving Y empty for B who applied only to X.
    # By hand: A→Y, B→X gives 0.8 + 0.7 = 1.5 against greedy 0.9 + 0 = 0.9.
    candidates = [Candidate(1, 1, 0.9), Candidate(1, 2, 0.8), Candidate(2, 1, 0.7)]
    result = allocate(candidates=candidates, places={1: 1, 2: 1}, titles={1: "X", 2: "Y"})
    assert result.placements == {1: 2, 2: 1}
    assert result.total_fit == pytest.approx(1.5)
    assert result.fillable == 2


def test_places_are_respected_and_filled() -> None:
    candidates = [Candidate(p, 1, 0.1 * p) for p in range(1, 6)]
    result = allocate(candidates=candidates, places={1: 3})
    assert sorted(result.placements) == [3, 4, 5]


def test_fairness_bound_changes_the_allocation() -> None:
    # Two places; the two best fits are men. Women apply too. With a ratio of 0.8 the selection rate of
    # women (placed/applied) must be at least 0.8 × men's, and the reverse.
    candidates = [
        Candidate(1, 1, 0.9),
        Candidate(2, 1, 0.85),
        Candidate(3, 1, 0.5),
        Candidate(4, 1, 0.4),
    ]
    groups = {"sex": {1: "reference", 2: "reference", 3: "focus", 4: "focus"}}
    free = allocate(candidates=candidates, places={1: 2}, groups=groups)
    assert sorted(free.placements) == [1, 2]
    fair = allocate(
        candidates=candidates, places={1: 2}, groups=groups, ratio=0.8, titles={1: "QI lead"}
    )
    # by hand: one man and one woman (rates 1/2 and 1/2); best is man 1 (0.9) + woman 3 (0.5)
    assert sorted(fair.placements) == [1, 3]
    assert fair.rates["sex"] == {"reference": (1, 2), "focus": (1, 2)}
    assert (
        "without the fairness bounds you would have had a place in QI lead" in fair.explanations[2]
    )
    assert "Without the fairness bounds you would not have been placed" in fair.explanations[3]


def test_infeasible_bounds_are_reported_and_nothing_placed() -> None:
    # One place, one man and one woman: one of the rates is 1 and the other 0 whatever we do.
    groups = {"sex": {1: "reference", 2: "focus"}, "disability": {1: "reference", 2: "reference"}}
    result = allocate(
        candidates=[Candidate(1, 1, 0.9), Candidate(2, 1, 0.5)],
        places={1: 1},
        groups=groups,
        ratio=0.8,
    )
    assert not result.feasible and result.placements == {}
    assert result.infeasible_characteristics == ["sex"]
    assert "Blocked by: sex" in result.message and "0.80" in result.message


def test_unknown_group_counts_in_neither_group() -> None:
    groups = {"ethnicity": {1: "unknown", 2: "reference"}}
    result = allocate(
        candidates=[Candidate(1, 1, 0.9), Candidate(2, 1, 0.5)],
        places={1: 1},
        groups=groups,
        ratio=1.0,
    )
    assert result.feasible and result.placements == {1: 1}


def test_ratio_must_be_a_fraction() -> None:
    with pytest.raises(ValueError, match="ratio"):
        allocate(candidates=[Candidate(1, 1, 0.5)], places={1: 1}, ratio=1.5)


def _brute_force(candidates: list[Candidate], places: dict[int, int]) -> tuple[int, float]:
    people = sorted({c.person_id for c in candidates})
    options = {p: [None] + [c for c in candidates if c.person_id == p] for p in people}
    best = (0, 0.0)
    for choice in itertools.product(*options.values()):
        used: dict[int, int] = {}
        chosen = [c for c in choice if c is not None]
        for c in chosen:
            used[c.opportunity_id] = used.get(c.opportunity_id, 0) + 1
        if any(used[o] > places[o] for o in used):
            continue
        key = (len(chosen), round(sum(c.fit for c in chosen), 9))
        best = max(best, key)
    return best


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(0, 100)), min_size=1, max_size=8
    ),
    caps=st.tuples(st.integers(1, 2), st.integers(1, 2), st.integers(1, 2)),
)
def test_matches_brute_force(data: list[tuple[int, int, int]], caps: tuple[int, int, int]) -> None:
    candidates = [
        Candidate(p, o, f / 100) for p, o, f in {(p, o): (p, o, f) for p, o, f in data}.values()
    ]
    places = {1: caps[0], 2: caps[1], 3: caps[2]}
    result = allocate(candidates=candidates, places=places)
    fillable, best_fit = _brute_force(candidates, places)
    assert result.fillable == fillable == len(result.placements)
    assert result.total_fit == pytest.approx(best_fit, abs=1e-3)


@settings(max_examples=30, deadline=None)
@given(
    fits=st.lists(st.integers(0, 100), min_size=4, max_size=10),
    sexes=st.lists(st.sampled_from(["reference", "focus", "unknown"]), min_size=10, max_size=10),
    places=st.integers(1, 4),
    ratio=st.sampled_from([0.5, 0.8, 1.0]),
)
def test_fairness_bounds_are_respected(
    fits: list[int], sexes: list[str], places: int, ratio: float
) -> None:
    candidates = [Candidate(i, 1, f / 100) for i, f in enumerate(fits)]
    groups = {"sex": {i: sexes[i] for i in range(len(fits))}}
    result = allocate(candidates=candidates, places={1: places}, groups=groups, ratio=ratio)
    if not result.feasible:
        assert result.placements == {} and "sex" in result.message
        return
    rates = result.rates["sex"]
    if "reference" in rates and "focus" in rates:
        (ref_placed, ref_n), (foc_placed, foc_n) = rates["reference"], rates["focus"]
        ref_rate, foc_rate = ref_placed / ref_n, foc_placed / foc_n
        assert foc_rate >= ratio * ref_rate - 1e-9
        assert ref_rate >= ratio * foc_rate - 1e-9
    assert len(result.placements) == result.fillable
