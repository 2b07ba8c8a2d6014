"""Progress counts during a cycle and nomination warnings before launch."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mantle.capability.engine.participation import nomination_warnings, progress_counts


def test_progress_shows_counts_only_with_small_anonymous_groups_banded():
    # Given a cycle part-way through
    responded = {"self": 1, "line_manager": 1, "peer": 4, "direct_report": 2}
    nominated = {"line_manager": 1, "peer": 5, "direct_report": 3, "other": 2}
    # When the participant looks at progress
    progress = progress_counts(responded, nominated)
    # Then the line manager and peers are exact, direct reports banded, others at 0
    shown = {g.group: (g.nominated, g.responded) for g in progress.groups}
    assert shown == {
        "line_manager": (1, "1"),
        "peer": (5, "4"),
        "direct_report": (3, "fewer than 3"),
        "other": (2, "0"),
    }
    assert progress.self_complete is True
    assert progress.others_nominated == 11


def test_the_total_does_not_give_away_a_banded_group():
    # Exact total 7 minus manager 1 minus peers 4 would reveal 2 direct reports.
    progress = progress_counts(
        {"line_manager": 1, "peer": 4, "direct_report": 2},
        {"line_manager": 1, "peer": 4, "direct_report": 2},
    )
    assert progress.others_responded == "at least 6"


def test_the_total_is_exact_when_no_group_is_banded():
    progress = progress_counts({"line_manager": 1, "peer": 3}, {"line_manager": 1, "peer": 3})
    assert progress.others_responded == "4"
    assert progress.self_complete is False


def test_progress_has_no_place_for_a_score():
    progress = progress_counts({"peer": 3}, {"peer": 3})
    assert set(vars(progress)) == {
        "groups",
        "self_complete",
        "others_nominated",
        "others_responded",
    }


@settings(max_examples=200, deadline=None)
@given(
    responded=st.fixed_dictionaries(
        {g: st.integers(0, 8) for g in ("line_manager", "peer", "direct_report", "other")}
    ),
    threshold=st.integers(2, 5),
)
def test_no_banded_count_can_be_worked_out_from_the_other_figures(
    responded: dict[str, int], threshold: int
):
    # Given any response counts
    progress = progress_counts(responded, responded, threshold=threshold)
    banded = [g for g in progress.groups if g.responded.startswith("fewer")]
    # Then whenever a group is banded, the total is only a lower bound that holds
    if banded:
        match = re.fullmatch(r"at least (\d+)", progress.others_responded)
        assert match is not None
        assert int(match.group(1)) <= sum(responded.values())
    else:
        assert progress.others_responded == str(sum(responded.values()))
    for group in progress.groups:
        if group.group != "line_manager" and 0 < responded[group.group] < threshold:
            assert group.responded == f"fewer than {threshold}"


def test_unknown_groups_and_negative_counts_are_rejected():
    with pytest.raises(ValueError, match="unknown rater group 'boss'"):
        progress_counts({"boss": 1}, {})
    with pytest.raises(ValueError, match="cannot be negative"):
        progress_counts({}, {"peer": -1})


def test_nomination_warnings_before_launch():
    # Given 3 peers, 2 direct reports, 1 other and no line manager
    warnings = nomination_warnings(
        {"peer": 3, "direct_report": 2, "other": 1},
        min_per_group={"line_manager": 1, "peer": 3},
        max_per_group={"peer": 10},
    )
    found = {(w.group, w.code) for w in warnings}
    # Then the missing manager, the lack of margin for peers and the combination are flagged
    assert found == {
        ("line_manager", "below_minimum"),
        ("peer", "no_margin"),
        ("direct_report", "will_be_combined"),
        ("other", "will_be_combined"),
    }


def test_a_small_group_that_cannot_reach_the_threshold_even_combined_is_warned_as_withheld():
    warnings = nomination_warnings(
        {"line_manager": 1, "peer": 6, "direct_report": 2},
        min_per_group={},
        max_per_group={},
    )
    assert [(w.group, w.code) for w in warnings] == [("direct_report", "will_be_withheld")]
    assert warnings[0].message.startswith("Direct reports: only 2 nominated")


def test_a_group_above_its_maximum_is_warned():
    warnings = nomination_warnings(
        {"line_manager": 2, "peer": 12},
        min_per_group={},
        max_per_group={"line_manager": 1, "peer": 10},
    )
    assert [(w.group, w.code) for w in warnings] == [
        ("line_manager", "above_maximum"),
        ("peer", "above_maximum"),
    ]


def test_comfortable_nominations_raise_no_warning():
    assert (
        nomination_warnings(
            {"line_manager": 1, "peer": 5, "direct_report": 4},
            min_per_group={"peer": 3},
            max_per_group={"peer": 12},
        )
        == ()
    )
