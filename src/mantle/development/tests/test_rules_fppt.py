"""The FPPT cycle state machine, who may act on a cycle, and the retention rule. Pure."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mantle.development.rules.fppt import (
    Action,
    CycleStatus,
    Party,
    TransitionError,
    attestation_problems,
    may,
    next_status,
    sign_off_blockers,
)
from mantle.development.rules.retention import may_destroy, retain_until
from mantle.development.rules.tenure import merge_tenures

MEMBER = Party(is_member=True)
CHAIR = Party(roles=frozenset({"chair"}))
SECRETARY = Party(roles=frozenset({"company_secretary"}))
REVIEWER = Party(is_reviewer=True)
HR = Party(roles=frozenset({"hr_admin"}))
SUPERUSER = Party(superuser=True)
CHAIR_OWN = Party(roles=frozenset({"chair"}), is_member=True)


def test_the_happy_path_runs_draft_to_submitted():
    status = CycleStatus.DRAFT
    for action in (Action.ATTEST, Action.REVIEW, Action.SIGN_OFF, Action.SUBMIT):
        status = next_status(action=action, status=status)
    assert status is CycleStatus.SUBMITTED


@pytest.mark.parametrize(
    ("action", "status"),
    [
        (Action.REVIEW, CycleStatus.DRAFT),
        (Action.SIGN_OFF, CycleStatus.ATTESTED),
        (Action.SUBMIT, CycleStatus.REVIEWED),
        (Action.ATTEST, CycleStatus.SIGNED_OFF),
        (Action.RETURN, CycleStatus.SIGNED_OFF),
        (Action.RETURN, CycleStatus.DRAFT),
    ],
)
def test_steps_cannot_be_skipped_or_undone_after_sign_off(action, status):
    with pytest.raises(TransitionError):
        next_status(action=action, status=status)


@given(
    st.lists(
        st.sampled_from(
            [Action.ATTEST, Action.REVIEW, Action.RETURN, Action.SIGN_OFF, Action.SUBMIT]
        ),
        max_size=12,
    )
)
def test_any_sequence_of_moves_never_reaches_sign_off_without_a_review(actions):
    # whatever the order of attempted moves, signed-off is only ever entered from reviewed
    status = CycleStatus.DRAFT
    for action in actions:
        try:
            new = next_status(action=action, status=status)
        except TransitionError:
            continue
        if new is CycleStatus.SIGNED_OFF:
            assert status is CycleStatus.REVIEWED
        status = new


def test_only_the_member_attests():
    assert may(action=Action.ATTEST, party=MEMBER, status=CycleStatus.DRAFT)
    for other in (CHAIR, SECRETARY, REVIEWER, HR, SUPERUSER):
        assert not may(action=Action.ATTEST, party=other, status=CycleStatus.DRAFT)


def test_review_is_for_the_assigned_reviewer_who_is_not_the_member():
    assert may(action=Action.REVIEW, party=REVIEWER, status=CycleStatus.ATTESTED)
    assert not may(action=Action.REVIEW, party=CHAIR, status=CycleStatus.ATTESTED)
    assert not may(
        action=Action.REVIEW,
        party=Party(is_reviewer=True, is_member=True),
        status=CycleStatus.ATTESTED,
    )


def test_sign_off_is_for_a_chair_who_is_not_the_member():
    assert may(action=Action.SIGN_OFF, party=CHAIR, status=CycleStatus.REVIEWED)
    assert not may(action=Action.SIGN_OFF, party=CHAIR_OWN, status=CycleStatus.REVIEWED)
    assert not may(action=Action.SIGN_OFF, party=SECRETARY, status=CycleStatus.REVIEWED)
    assert not may(action=Action.SIGN_OFF, party=SUPERUSER, status=CycleStatus.REVIEWED)


def test_checks_are_recorded_by_officers_until_sign_off_and_never_on_their_own_cycle():
    assert may(action=Action.RECORD_CHECK, party=SECRETARY, status=CycleStatus.DRAFT)
    assert may(action=Action.RECORD_CHECK, party=CHAIR, status=CycleStatus.REVIEWED)
    assert not may(action=Action.RECORD_CHECK, party=SECRETARY, status=CycleStatus.SIGNED_OFF)
    assert not may(action=Action.RECORD_CHECK, party=CHAIR_OWN, status=CycleStatus.DRAFT)
    assert not may(action=Action.RECORD_CHECK, party=HR, status=CycleStatus.DRAFT)


def test_viewing_and_evidence():
    for party in (MEMBER, CHAIR, SECRETARY, REVIEWER, SUPERUSER):
        assert may(action=Action.VIEW, party=party)
    assert not may(action=Action.VIEW, party=HR)
    assert may(action=Action.VIEW_EVIDENCE, party=MEMBER)
    assert may(action=Action.VIEW_EVIDENCE, party=SECRETARY)
    assert not may(action=Action.VIEW_EVIDENCE, party=REVIEWER)
    assert not may(action=Action.VIEW_EVIDENCE, party=HR)


def test_return_reviewer_before_review_chair_until_sign_off():
    assert may(action=Action.RETURN, party=REVIEWER, status=CycleStatus.ATTESTED)
    assert not may(action=Action.RETURN, party=REVIEWER, status=CycleStatus.REVIEWED)
    assert may(action=Action.RETURN, party=CHAIR, status=CycleStatus.REVIEWED)
    assert not may(action=Action.RETURN, party=MEMBER, status=CycleStatus.ATTESTED)


def test_sign_off_needs_every_check_and_an_explained_concern():
    pending = {"dbs": "pending", "right_to_work": "satisfactory"}
    assert sign_off_blockers(outcomes=pending, conclusion="fit", comment="")
    concern = {"dbs": "concern", "right_to_work": "satisfactory"}
    assert sign_off_blockers(outcomes=concern, conclusion="fit", comment="")
    assert (
        sign_off_blockers(
            outcomes=concern, conclusion="fit", comment="Spent conviction, disclosed, not relevant."
        )
        == []
    )
    assert sign_off_blockers(outcomes={"dbs": "satisfactory"}, conclusion="", comment="")


def test_attestation_needs_every_declaration_and_domain():
    domains = ["a", "b"]
    full = dict.fromkeys(
        ("good_character", "qualifications", "financial_soundness", "no_misconduct", "disclosure"),
        True,
    )
    assert (
        attestation_problems(
            declarations=full,
            lcf_ratings={"a": "frequently", "b": "no_chance"},
            lcf_domains=domains,
        )
        == []
    )
    assert attestation_problems(
        declarations=full, lcf_ratings={"a": "frequently"}, lcf_domains=domains
    )
    assert attestation_problems(
        declarations={**full, "disclosure": False},
        lcf_ratings={"a": "frequently", "b": "rarely_or_never"},
        lcf_domains=domains,
    )


def test_records_are_kept_until_the_75th_birthday():
    dob = dt.date(1950, 7, 14)
    assert retain_until(date_of_birth=dob) == dt.date(2025, 7, 14)
    assert not may_destroy(date_of_birth=dob, on=dt.date(2025, 7, 13))
    assert may_destroy(date_of_birth=dob, on=dt.date(2025, 7, 14))


def test_born_on_29_february_reaches_75_on_1_march_in_a_common_year():
    assert retain_until(date_of_birth=dt.date(1952, 2, 29)) == dt.date(2027, 3, 1)
    assert retain_until(date_of_birth=dt.date(1949, 2, 28)) == dt.date(2024, 2, 28)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2000, 12, 31)))
def test_retention_is_never_before_the_75th_birthday(dob):
    until = retain_until(date_of_birth=dob)
    assert until.year == dob.year + 75
    if (dob.month, dob.day) != (2, 29):
        assert until == dob.replace(year=dob.year + 75)
    elif calendar.isleap(dob.year + 75):
        assert until == dt.date(dob.year + 75, 2, 29)
    else:  # the test used to build 29 February of a common year here and crash
        assert until == dt.date(dob.year + 75, 3, 1)


def test_board_tenures_merge_touching_posts_but_not_gaps():
    d = dt.date
    spells = [(d(2020, 1, 1), d(2022, 1, 1)), (d(2022, 1, 1), None), (d(2015, 1, 1), d(2016, 1, 1))]
    assert merge_tenures(spells) == [(d(2015, 1, 1), d(2016, 1, 1)), (d(2020, 1, 1), None)]
