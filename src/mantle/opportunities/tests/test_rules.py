"""Pure rules: eligibility, the state machines and the ranking."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mantle.opportunities.rules.eligibility import Criteria, PostFacts, eligibility
from mantle.opportunities.rules.ranking import (
    OpportunityFacts,
    PersonSignals,
    fit,
    rank,
    weaknesses,
    words,
)
from mantle.opportunities.rules.states import (
    APPLICATION_MOVES,
    MoveError,
    application_next,
    opportunity_next,
)

NURSE = PostFacts("Nurses & health visitors", "Band 5", "none")
MANAGER = PostFacts("Nurses & health visitors", "Band 7", "first_line")


def test_open_to_all_admits_anyone_with_a_post() -> None:
    assert eligibility(Criteria(), [NURSE]) == (True, "Open to all staff.")


def test_no_current_post_is_never_eligible() -> None:
    ok, reason = eligibility(Criteria(), [])
    assert not ok and "no current post" in reason


def test_every_list_must_match_on_the_same_post() -> None:
    criteria = Criteria(bands=("Band 7",), tiers=("none",))
    # the band 7 post is management and the non-management post is band 5: no single post matches
    ok, reason = eligibility(criteria, [NURSE, MANAGER])
    assert not ok
    assert "band Band 7" in reason and "tier none" in reason
    assert eligibility(Criteria(bands=("Band 7",)), [NURSE, MANAGER])[0]


def test_staff_group_limits() -> None:
    criteria = Criteria(staff_groups=("HCHS doctors",))
    assert not eligibility(criteria, [NURSE])[0]
    assert eligibility(criteria, [PostFacts("HCHS doctors", "Consultant", "none")])[0]


@given(
    bands=st.lists(st.sampled_from(["Band 5", "Band 6", "Band 7"]), max_size=2),
    post_band=st.sampled_from(["Band 5", "Band 6", "Band 7"]),
)
def test_band_eligibility_is_membership(bands: list[str], post_band: str) -> None:
    ok, _ = eligibility(Criteria(bands=tuple(bands)), [PostFacts("x", post_band, "none")])
    assert ok == (not bands or post_band in bands)


def test_application_cannot_be_selected_before_release() -> None:
    with pytest.raises(MoveError, match="only from not_selected, released"):
        application_next(action="select", current="submitted")


def test_application_happy_path() -> None:
    state = "submitted"
    for action in ("release", "select", "complete"):
        state = application_next(action=action, current=state)
    assert state == "completed"
    with pytest.raises(MoveError):
        application_next(action="withdraw", current="completed")


def test_not_released_is_final() -> None:
    state = application_next(action="refuse_release", current="submitted")
    for action in APPLICATION_MOVES:
        with pytest.raises(MoveError):
            application_next(action=action, current=state)


def test_opportunity_needs_the_sponsor_to_open() -> None:
    with pytest.raises(MoveError):
        opportunity_next(action="approve", current="draft")
    assert opportunity_next(action="submit", current="draft") == "pending"
    assert opportunity_next(action="decline", current="pending") == "declined"
    assert opportunity_next(action="submit", current="declined") == "pending"
    assert opportunity_next(action="approve", current="pending") == "open"
    with pytest.raises(MoveError):
        opportunity_next(action="reopen", current="cancelled")


def _opp(i: int, **kw: object) -> OpportunityFacts:
    base: dict[str, object] = {
        "id": i,
        "title": f"Opportunity {i}",
        "kind": "qi_lead",
        "dimensions": (),
        "hours_per_week": 2.0,
        "closes_on": dt.date(2027, 1, 1),
        "text": "",
    }
    base.update(kw)
    return OpportunityFacts(**base)  # type: ignore[arg-type]


def test_weakness_is_relative_within_a_framework() -> None:
    w = weaknesses({"hlm:a": 4.0, "hlm:b": 2.0, "hlm:c": 3.0, "lcf:x": 1.0})
    assert w == {"hlm:a": 0.0, "hlm:b": 1.0, "hlm:c": 0.5, "lcf:x": 0.0}


def test_ranking_on_fixtures() -> None:
    # given a nurse weakest at engaging the team, interested in middle management, with 3 hours
    person = PersonSignals(
        weakness={"hlm:engaging_the_team": 1.0, "hlm:sharing_the_vision": 0.0},
        goal_words=words("I want to improve patient flow and discharge"),
        management_interest="middle",
        hours_available=3.0,
    )
    opps = [
        _opp(1, dimensions=("hlm:sharing_the_vision",), hours_per_week=2.0),
        _opp(2, dimensions=("hlm:engaging_the_team",), hours_per_week=2.0),
        _opp(3, dimensions=("hlm:engaging_the_team",), hours_per_week=6.0),
        _opp(
            4,
            kind="acting_up",
            dimensions=("hlm:engaging_the_team",),
            hours_per_week=3.0,
            text="discharge lounge for every patient",
        ),
    ]
    ranked = rank(person, opps, labels={"hlm:engaging_the_team": "Engaging the team"})
    # then: the management experience that develops the weak dimension and matches goals is first;
    # the same dimension in fewer hours beats more hours; the strong dimension comes last
    assert [f.opportunity_id for f in ranked] == [4, 2, 3, 1]
    top = ranked[0]
    assert top.score == pytest.approx(0.4 * 1 + 0.35 * (0.5 + 0.5 * 2 / 3) + 0.25 * 1, abs=1e-4)
    assert top.explanation.startswith("Recommended because it develops Engaging the team")
    assert "middle management" in top.explanation and top.explanation.endswith(".")
    assert "more than the 3 hours a week you have" in ranked[2].explanation
    assert ranked[2].time == 0.0


def test_ties_break_on_closing_date_then_id() -> None:
    person = PersonSignals()
    ranked = rank(
        person,
        [_opp(2, closes_on=dt.date(2027, 2, 1)), _opp(3), _opp(1, closes_on=dt.date(2027, 2, 1))],
    )
    assert [f.opportunity_id for f in ranked] == [3, 1, 2]
    assert "you are eligible" in ranked[0].explanation


def test_360_is_named_only_when_used() -> None:
    opp = _opp(1, dimensions=("hlm:a",))
    assert (
        "self-assessment and 360"
        in fit(PersonSignals(weakness={"hlm:a": 1}, uses_360=True), opp).explanation
    )
    assert "and 360" not in fit(PersonSignals(weakness={"hlm:a": 1}), opp).explanation
