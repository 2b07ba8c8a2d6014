"""Requirement evaluation at dates: grace periods for new appointees, expiry, scope. Pure."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from mantle.development.rules.enrolment import add_months, expiry_for, move_error
from mantle.development.rules.requirements import (
    HoldingFact,
    PostHeld,
    RequirementSpec,
    Status,
    evaluate,
    valid_on,
)

D = dt.date
LEVEL7 = 7
REQ = RequirementSpec(
    requirement_id=1,
    name="Senior leadership qualification",
    required=True,
    offering_ids=frozenset({LEVEL7}),
    grace_days=365,
    tier="senior",
)
SENIOR_POST = PostHeld(
    post_id=10,
    tier="senior",
    job_role="Deputy Director",
    start_date=D(2024, 1, 1),
    title="Deputy Director of Operations",
)


def test_a_new_appointee_is_in_grace_until_the_grace_period_ends_then_has_a_gap():
    # given a senior manager appointed on 1 January 2024 with no qualification
    # when evaluated the day before and on the day the 365-day grace period ends
    before = evaluate(requirement=REQ, posts=[SENIOR_POST], holdings=[], on=D(2024, 12, 30))
    on_the_day = evaluate(requirement=REQ, posts=[SENIOR_POST], holdings=[], on=D(2024, 12, 31))

    # then they are in grace before, and have a gap from 31 December 2024 (1 Jan 2024 + 365 days)
    assert before is not None and before.status is Status.IN_GRACE
    assert before.due_on == D(2024, 12, 31)
    assert on_the_day is not None and on_the_day.status is Status.GAP
    assert on_the_day.counts_against


def test_expiry_date_is_the_last_valid_day():
    # given a qualification valid until 31 March 2025
    held = HoldingFact(
        holding_id=1, offering_id=LEVEL7, awarded_on=D(2022, 4, 1), expires_on=D(2025, 3, 31)
    )
    old_post = PostHeld(post_id=10, tier="senior", job_role="", start_date=D(2015, 1, 1))

    # when evaluated on the last valid day and the day after
    last = evaluate(requirement=REQ, posts=[old_post], holdings=[held], on=D(2025, 3, 31))
    after = evaluate(requirement=REQ, posts=[old_post], holdings=[held], on=D(2025, 4, 1))

    # then it still counts on the day (expiring soon) and is a gap the day after, with the reason
    assert last is not None and last.status is Status.EXPIRING
    assert after is not None and after.status is Status.GAP
    assert "Expired after 31 March 2025" in after.reason


def test_an_expired_qualification_gives_no_new_grace_period():
    # given someone in post for years whose qualification has lapsed
    held = HoldingFact(1, LEVEL7, D(2019, 1, 1), D(2023, 12, 31))
    post = PostHeld(post_id=10, tier="senior", job_role="", start_date=D(2018, 1, 1))

    # when evaluated after expiry
    result = evaluate(requirement=REQ, posts=[post], holdings=[held], on=D(2024, 2, 1))

    # then it is a gap at once
    assert result is not None and result.status is Status.GAP


def test_the_longest_held_matching_post_sets_the_grace_period():
    # given two senior posts, one held since 2020 and one since last month
    older = PostHeld(post_id=11, tier="senior", job_role="", start_date=D(2020, 1, 1))
    newer = PostHeld(post_id=12, tier="senior", job_role="", start_date=D(2024, 5, 1))

    # when evaluated in June 2024
    result = evaluate(requirement=REQ, posts=[newer, older], holdings=[], on=D(2024, 6, 1))

    # then the grace period ran from 2020 and is long over
    assert result is not None and result.post.post_id == 11 and result.status is Status.GAP


def test_scope_by_job_role_ignores_case_and_other_roles_do_not_apply():
    # given a requirement for 'Ward Manager'
    req = RequirementSpec(2, "ILM level 3", True, frozenset({3}), 180, job_role="Ward Manager")
    ward = PostHeld(post_id=1, tier="first_line", job_role="ward manager", start_date=D(2020, 1, 1))
    nurse = PostHeld(post_id=2, tier="none", job_role="Staff Nurse", start_date=D(2020, 1, 1))

    # when evaluated for each
    # then it applies to the ward manager only
    assert evaluate(requirement=req, posts=[ward], holdings=[], on=D(2024, 1, 1)) is not None
    assert evaluate(requirement=req, posts=[nurse], holdings=[], on=D(2024, 1, 1)) is None


def test_any_listed_qualification_meets_it_and_enrolment_is_noted():
    # given a requirement met by level 7 or an MBA (8), and a person enrolled on the MBA
    req = RequirementSpec(1, "Senior", True, frozenset({7, 8}), 0, tier="senior")

    # when evaluated with no holding
    result = evaluate(
        requirement=req,
        posts=[SENIOR_POST],
        holdings=[],
        enrolled_offering_ids=frozenset({8}),
        on=D(2025, 1, 1),
    )

    # then it is a gap, noting the enrolment; with an MBA it is met
    assert result is not None and result.enrolled and "enrolled" in result.reason
    mba = HoldingFact(2, 8, D(2024, 6, 1), None)
    met = evaluate(requirement=req, posts=[SENIOR_POST], holdings=[mba], on=D(2025, 1, 1))
    assert met is not None and met.status is Status.MET


def test_a_desirable_gap_never_counts_against_compliance():
    req = RequirementSpec(1, "Coaching", False, frozenset({9}), 0, tier="senior")
    result = evaluate(requirement=req, posts=[SENIOR_POST], holdings=[], on=D(2025, 1, 1))
    assert result is not None and result.status is Status.GAP and not result.counts_against


@given(
    awarded=st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 1, 1)),
    length=st.integers(min_value=0, max_value=4000),
    offset=st.integers(min_value=-100, max_value=4100),
)
def test_valid_on_is_exactly_award_to_last_valid_day_inclusive(awarded, length, offset):
    holding = HoldingFact(1, 1, awarded, awarded + dt.timedelta(days=length))
    day = awarded + dt.timedelta(days=offset)
    assert valid_on(holding, day) == (0 <= offset <= length)


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 1, 1)),
    grace=st.integers(min_value=0, max_value=1095),
    offset=st.integers(min_value=0, max_value=1200),
)
def test_without_a_holding_status_is_grace_before_the_due_date_and_gap_from_it(
    start, grace, offset
):
    post = PostHeld(post_id=1, tier="senior", job_role="", start_date=start)
    req = RequirementSpec(1, "x", True, frozenset({1}), grace, tier="senior")
    on = start + dt.timedelta(days=offset)
    result = evaluate(requirement=req, posts=[post], holdings=[], on=on)
    assert result is not None
    assert result.status is (Status.IN_GRACE if offset < grace else Status.GAP)


def test_expiry_from_validity_is_the_day_before_the_anniversary():
    assert expiry_for(awarded_on=D(2024, 4, 1), validity_months=36) == D(2027, 3, 31)
    assert expiry_for(awarded_on=D(2024, 1, 31), validity_months=1) == D(2024, 2, 28)
    assert expiry_for(awarded_on=D(2024, 1, 1), validity_months=None) is None
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)


def test_enrolment_moves():
    assert move_error(current="applied", new="enrolled") is None
    assert move_error(current="enrolled", new="completed") is None
    assert move_error(current="applied", new="completed") is not None
    assert move_error(current="completed", new="withdrawn") is not None
    assert move_error(current="withdrawn", new="enrolled") is not None
