"""360° scoring against a hand-computed fixture, plus properties of the averaging."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mantle.capability.engine.responses import InvalidResponse, Response
from mantle.capability.engine.scoring import (
    DimensionComparison,
    display_score,
    find_blind_spots,
    find_hidden_strengths,
    rank_dimensions,
    score_responses,
    self_assessment,
)
from mantle.capability.frameworks import shipped_frameworks
from mantle.capability.tests.test_engine_fixtures import answers, small_framework

# Hand-computed fixture (values per statement, alpha then beta; None = not applicable):
#   self     alpha 4 4 3 -> 3.6667   beta 2 2 2 -> 2.0
#   manager  alpha 3 3 3 -> 3.0      beta 3 - 4 -> 3.5
#   peer 1   alpha 2 3 - -> 2.5      beta 4 4 4 -> 4.0
#   peer 2   alpha 3 3 3 -> 3.0      beta - - - -> no score
#   peer 3   alpha 2 2 2 -> 2.0      beta 3 3 4 -> 3.3333
# peers:      alpha (2.5 + 3 + 2) / 3 = 2.5          beta (4 + 3.3333) / 2 = 3.6667
# all others: alpha (3 + 2.5 + 3 + 2) / 4 = 2.625    beta (3.5 + 4 + 3.3333) / 3 = 3.6111
FIXTURE = [
    Response("self", answers((4, 4, 3), (2, 2, 2), importance=4)),
    Response("line_manager", answers((3, 3, 3), (3, None, 4), importance=3)),
    Response("peer", answers((2, 3, None), (4, 4, 4), importance=2)),
    Response("peer", answers((3, 3, 3), (None, None, None), importance=None)),
    Response("peer", answers((2, 2, 2), (3, 3, 4), importance=4)),
]


def test_group_means_follow_the_two_step_average():
    # Given the fixture
    # When it is scored
    sheet = score_responses(framework=small_framework(), responses=FIXTURE)
    alpha, beta = sheet.dimensions
    # Then each group mean is a mean of rater dimension scores
    assert alpha.performance["self"].mean == pytest.approx(11 / 3)
    assert alpha.performance["line_manager"].mean == 3.0
    assert alpha.performance["peer"].mean == pytest.approx(2.5)
    assert (beta.performance["peer"].mean, beta.performance["peer"].n) == (
        pytest.approx((4 + 10 / 3) / 2),
        2,
    )
    assert alpha.others.mean == pytest.approx(2.625)
    assert beta.others.mean == pytest.approx((3.5 + 4 + 10 / 3) / 3)


def test_all_others_counts_each_rater_once_not_each_statement():
    # Pooling statements would give (9 + 5 + 9 + 6) / 11 = 2.636 for alpha; raters count equally.
    sheet = score_responses(framework=small_framework(), responses=FIXTURE)
    assert sheet.dimensions[0].others.mean == pytest.approx(2.625)
    assert sheet.dimensions[0].others.mean != pytest.approx(29 / 11)


def test_gap_is_self_minus_all_others_and_drives_blind_spots_and_hidden_strengths():
    sheet = score_responses(framework=small_framework(), responses=FIXTURE)
    alpha, beta = sheet.dimensions
    assert alpha.gap == pytest.approx(11 / 3 - 2.625)
    assert beta.gap == pytest.approx(2.0 - (3.5 + 4 + 10 / 3) / 3)
    assert sheet.blind_spots == ("alpha",)
    assert sheet.hidden_strengths == ("beta",)


def test_importance_means_leave_out_raters_who_gave_none():
    sheet = score_responses(framework=small_framework(), responses=FIXTURE)
    alpha = sheet.dimensions[0]
    assert alpha.importance["peer"].mean == pytest.approx(3.0)
    assert alpha.importance["peer"].n == 2
    assert alpha.importance_others.mean == pytest.approx((3 + 2 + 4) / 3)


def test_highest_and_lowest_use_the_all_others_mean():
    sheet = score_responses(framework=small_framework(), responses=FIXTURE)
    assert (sheet.highest, sheet.lowest) == (("beta",), ("alpha",))


def test_the_gap_threshold_is_a_parameter_and_inclusive():
    comparisons = [
        DimensionComparison("exact", 3.0, 3.5),
        DimensionComparison("under", 3.0, 3.49),
        DimensionComparison("big", 1.0, 3.0),
        DimensionComparison("over", 4.0, 3.25),
    ]
    assert find_hidden_strengths(comparisons=comparisons) == ("big", "exact")
    assert find_hidden_strengths(comparisons=comparisons, gap_threshold=1.0) == ("big",)
    assert find_blind_spots(comparisons=comparisons) == ("over",)
    assert find_blind_spots(comparisons=comparisons, gap_threshold=0.8) == ()


def test_ranking_lists_never_overlap_and_ties_keep_framework_order():
    comparisons = [DimensionComparison(k, None, 3.0) for k in "abcde"]
    highest, lowest = rank_dimensions(comparisons=comparisons, count=3)
    assert highest == ("a", "b")
    assert lowest == ("c", "d")


def test_self_assessment_labels_the_nearest_point_and_halfway_goes_down():
    # Given self ratings averaging 3.6667 (alpha) and exactly 2.5 (beta)
    response = Response("self", answers((4, 4, 3), (2, 3, None)))
    # When placed against the scale
    result = self_assessment(framework=small_framework(), response=response)
    # Then alpha is "Always" (nearest 4) and beta takes the lower of Sometimes/Usually
    assert [(lv.label, lv.answered) for lv in result.levels] == [("Always", 3), ("Sometimes", 2)]


def test_self_assessment_on_the_lcf_excludes_no_chance_to_demonstrate():
    lcf = next(f for f in shipped_frameworks() if f.key == "lcf")
    first = lcf.dimensions[0]
    ratings: dict[str, tuple[int | None, int | None]] = {
        s.key: (None, None) for s in first.statements
    }
    ratings[first.statements[0].key] = (4, None)
    result = self_assessment(framework=lcf, response=Response("self", ratings))
    assert (result.levels[0].mean, result.levels[0].label) == (4.0, "Almost always")
    assert result.levels[1].label is None


@pytest.mark.parametrize(
    ("value", "shown"),
    [(2.675, "2.68"), (2.665, "2.67"), (3.0, "3.00"), (11 / 3, "3.67"), (None, "–")],
)
def test_display_rounds_half_up_to_two_places(value: float | None, shown: str):
    assert display_score(value) == shown


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (Response("peer", {"gamma.1": (3, None)}), "statement 'gamma.1' is not in demo@1.0"),
        (Response("peer", {"alpha.1": (5, None)}), "performance 5 is not on the scale"),
        (Response("peer", {"alpha.1": (True, None)}), "performance True is not on the scale"),
        (Response("peer", {"alpha.1": (3, 9)}), "importance 9 is not on the scale"),
        (Response("boss", {}), "rater group 'boss' is not allowed"),
    ],
)
def test_invalid_responses_are_rejected_precisely(response: Response, message: str):
    with pytest.raises(InvalidResponse, match=message):
        score_responses(framework=small_framework(), responses=[response])


def test_importance_is_rejected_when_the_framework_does_not_rate_it():
    with pytest.raises(InvalidResponse, match="does not rate importance"):
        score_responses(
            framework=small_framework(rates_importance=False),
            responses=[Response("peer", {"alpha.1": (3, 2)})],
        )


def test_only_one_self_response_is_allowed():
    with pytest.raises(InvalidResponse, match="only one self response"):
        score_responses(
            framework=small_framework(), responses=[Response("self", {}), Response("self", {})]
        )


values = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
responses_strategy = st.lists(
    st.builds(
        lambda group, alpha, beta: Response(group, answers(tuple(alpha), tuple(beta))),
        st.sampled_from(["line_manager", "peer", "direct_report", "other"]),
        st.lists(values, min_size=3, max_size=3),
        st.lists(values, min_size=3, max_size=3),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(responses=responses_strategy, seed=st.integers())
def test_scores_stay_on_the_scale_and_ignore_submission_order(responses: list[Response], seed: int):
    framework = small_framework()
    sheet = score_responses(framework=framework, responses=responses)
    shuffled = list(responses)
    random.Random(seed).shuffle(shuffled)
    again = score_responses(framework=framework, responses=shuffled)
    for dimension, other in zip(sheet.dimensions, again.dimensions, strict=True):
        means = [g.mean for g in dimension.performance.values()] + [dimension.others.mean]
        assert all(1 <= m <= 4 for m in means if m is not None)
        assert dimension.others.mean == pytest.approx(other.others.mean)
        assert dimension.others.n == other.others.n


@settings(max_examples=150, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(st.floats(1, 4), st.floats(1, 4)), min_size=1, max_size=9, unique=True
    ),
    threshold=st.floats(0.05, 3),
)
def test_hidden_strengths_and_blind_spots_are_disjoint_and_mirror_each_other(
    pairs: list[tuple[float, float]], threshold: float
):
    comparisons = [DimensionComparison(str(i), s, o) for i, (s, o) in enumerate(pairs)]
    mirrored = [DimensionComparison(str(i), o, s) for i, (s, o) in enumerate(pairs)]
    hidden = find_hidden_strengths(comparisons=comparisons, gap_threshold=threshold)
    blind = find_blind_spots(comparisons=comparisons, gap_threshold=threshold)
    assert not set(hidden) & set(blind)
    assert set(find_blind_spots(comparisons=mirrored, gap_threshold=threshold)) == set(hidden)
