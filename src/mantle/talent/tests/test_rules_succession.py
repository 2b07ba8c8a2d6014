"""Readiness at dates, exposure, bench strength roll-up and the clinical pipeline projection (pure),
checked against fixtures computed by hand."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from mantle.talent.rules.bench import ancestors, post_bench, roll_up
from mantle.talent.rules.exposure import ExposureLevel, Holder, post_exposure
from mantle.talent.rules.pipeline import post_pipeline, project_senior_share
from mantle.talent.rules.readiness import (
    Assessment,
    CandidateFacts,
    CountedCandidate,
    Readiness,
    counted_candidates,
    readiness_due_for_review,
    readiness_on,
)

D = dt.date
R = Readiness


def test_readiness_on_a_date_is_the_latest_assessment_made_by_then() -> None:
    # given a candidate assessed 3+ years in 2022, 1–2 years in 2023 and ready now in 2025
    history = [
        Assessment(D(2022, 1, 1), R.READY_3_PLUS_YEARS),
        Assessment(D(2023, 1, 1), R.READY_1_2_YEARS),
        Assessment(D(2025, 3, 1), R.READY_NOW),
    ]
    # then each date sees the band in force then, and none before the first assessment
    assert readiness_on(assessments=history, on=D(2021, 12, 31)) is None
    assert readiness_on(assessments=history, on=D(2022, 6, 1)).readiness is R.READY_3_PLUS_YEARS
    assert readiness_on(assessments=history, on=D(2025, 2, 28)).readiness is R.READY_1_2_YEARS
    assert readiness_on(assessments=history, on=D(2025, 3, 1)).readiness is R.READY_NOW


def test_two_assessments_on_one_day_the_later_recorded_wins() -> None:
    history = [
        Assessment(D(2024, 1, 1), R.READY_NOW, 2),
        Assessment(D(2024, 1, 1), R.EMERGENCY_COVER, 1),
    ]
    assert readiness_on(assessments=history, on=D(2024, 1, 1)).readiness is R.READY_NOW


def test_an_assessment_is_due_for_review_after_the_interval() -> None:
    assert not readiness_due_for_review(assessed_on=D(2024, 6, 1), on=D(2025, 5, 31))
    assert readiness_due_for_review(assessed_on=D(2024, 6, 1), on=D(2025, 6, 1))
    assert readiness_due_for_review(assessed_on=D(2024, 6, 1), on=D(2024, 12, 1), interval_months=6)


def test_only_open_employed_non_incumbent_candidates_count() -> None:
    # given four nominations for one post on 1 June 2025
    ready = (Assessment(D(2024, 1, 1), R.READY_NOW),)
    candidates = [
        CandidateFacts(1, D(2024, 1, 1), None, ready),  # counts
        CandidateFacts(2, D(2024, 1, 1), D(2025, 6, 1), ready),  # removed that day: half-open
        CandidateFacts(3, D(2024, 1, 1), None, ready),  # has left the organisation
        CandidateFacts(4, D(2024, 1, 1), None, ready),  # now holds the post
        CandidateFacts(5, D(2025, 7, 1), None, (Assessment(D(2025, 7, 1), R.READY_NOW),)),  # later
    ]
    # when counted
    counted = counted_candidates(
        candidates=candidates, on=D(2025, 6, 1), employed_person_ids={1, 2, 4, 5}, incumbent_ids={4}
    )
    # then only person 1 counts
    assert [c.person_id for c in counted] == [1]


def test_vacant_post_is_highly_exposed() -> None:
    result = post_exposure(on=D(2025, 6, 1), holders=[])
    assert result.level is ExposureLevel.HIGH
    assert result.vacant
    assert result.reasons == ("Vacant",)


def test_exposure_takes_the_highest_factor_and_judges_substantive_holders() -> None:
    # given a substantive holder retiring in 4 years and an acting holder already past retirement
    holders = [Holder(1, D(2029, 6, 1)), Holder(2, D(2020, 1, 1), acting=True)]
    result = post_exposure(on=D(2025, 6, 1), holders=holders, flight_risk="low")
    # then the substantive holder decides: approaching → medium
    assert result.level is ExposureLevel.MEDIUM
    assert result.retirement_on == D(2029, 6, 1)
    # and a high flight risk lifts it to high
    assert post_exposure(on=D(2025, 6, 1), holders=holders, flight_risk="high").level is (
        ExposureLevel.HIGH
    )


def test_acting_only_post_is_at_least_medium() -> None:
    result = post_exposure(on=D(2025, 6, 1), holders=[Holder(1, D(2040, 1, 1), acting=True)])
    assert result.level is ExposureLevel.MEDIUM
    assert result.acting_only


def _counted(*rows: tuple[int, Readiness]) -> list[CountedCandidate]:
    return [CountedCandidate(pid, band, D(2025, 1, 1), i + 1) for i, (pid, band) in enumerate(rows)]


def test_bench_roll_up_matches_a_hand_computed_fixture() -> None:
    # given three critical posts:
    #   A in Trust/Surgery: persons 1 (ready now) and 2 (1–2 years)
    #   B in Trust/Surgery/Theatres: person 1 (ready now again), 3 (3+ years), 4 (emergency cover)
    #   C in Trust/Corporate: nobody
    benches = [
        post_bench(
            post_id=1,
            unit_path="Trust/Surgery",
            counted=_counted((1, R.READY_NOW), (2, R.READY_1_2_YEARS)),
        ),
        post_bench(
            post_id=2,
            unit_path="Trust/Surgery/Theatres",
            counted=_counted((1, R.READY_NOW), (3, R.READY_3_PLUS_YEARS), (4, R.EMERGENCY_COVER)),
        ),
        post_bench(post_id=3, unit_path="Trust/Corporate", counted=[]),
    ]
    # when rolled up
    rolled = roll_up(benches)
    # then the organisation has 3 posts, 2 with a ready-now successor, 1 without any bench,
    # 3 bench nominations (1+1 ready now, 1 in 1–2 years) from 2 different people
    org = rolled[""]
    assert (
        org.critical_posts,
        org.posts_with_ready_now,
        org.posts_without_ready_successor,
        org.posts_without_bench,
    ) == (3, 2, 1, 1)
    assert (org.ready_now, org.ready_1_2, org.bench_strength) == (2, 1, 3)
    assert (org.distinct_ready_now, org.distinct_bench) == (1, 2)
    assert org.bench_ratio == 1.0
    assert org.cover_ratio == 2 / 3
    # and Surgery includes Theatres: 2 posts, both covered, one with emergency cover
    surgery = rolled["Trust/Surgery"]
    assert (
        surgery.critical_posts,
        surgery.posts_with_ready_now,
        surgery.posts_with_emergency_cover,
        surgery.bench_strength,
    ) == (2, 2, 1, 3)
    assert rolled["Trust/Surgery/Theatres"].bench_strength == 1
    assert rolled["Trust/Corporate"].posts_without_bench == 1
    assert rolled["Trust"].critical_posts == 3


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "A/B", "A/B/C", "D", "D/E"]), st.integers(0, 3), st.integers(0, 3)
        ),
        max_size=20,
    )
)
def test_a_unit_roll_up_equals_the_sum_of_its_posts(rows: list[tuple[str, int, int]]) -> None:
    # given random posts with random numbers of ready-now and 1–2-year candidates
    benches = []
    for i, (path, now, soon) in enumerate(rows):
        people = [(1000 * i + k, R.READY_NOW) for k in range(now)] + [
            (1000 * i + 100 + k, R.READY_1_2_YEARS) for k in range(soon)
        ]
        benches.append(post_bench(post_id=i, unit_path=path, counted=_counted(*people)))
    rolled = roll_up(benches)
    # then every scope's bench strength is the sum over the posts at or below it
    for scope, r in rolled.items():
        inside = [b for b in benches if scope in ancestors(b.unit_path)]
        assert r.bench_strength == sum(b.bench_strength for b in inside)
        assert r.critical_posts == len(inside)


def test_post_pipeline_counts_clinician_successors_by_profession() -> None:
    counted = _counted((1, R.READY_NOW), (2, R.READY_1_2_YEARS), (3, R.READY_NOW))
    result = post_pipeline(
        post_id=9,
        counted=counted,
        clinician={1: True, 2: True, 3: False},
        profession={1: "medical", 2: "nursing_midwifery", 3: None},
    )
    assert (result.successors, result.clinician_successors) == (3, 2)
    assert result.by_profession == {"medical": 1, "nursing_midwifery": 1}
    assert (result.ready_now, result.ready_now_clinicians) == (2, 1)


def test_projection_matches_a_hand_computed_fixture() -> None:
    # given senior management today: post 10 held by 1 (not a clinician), post 11 by 2 (clinician),
    # post 12 by 3 (not a clinician), post 13 held by 1 as well (a second post)
    holdings = [(10, 1), (11, 2), (12, 3), (13, 1)]
    clinician = {1: False, 2: True, 3: False, 4: True, 5: True, 6: False}
    # and ready-now successors: post 10 → [4, 5]; post 12 → [4, 6] (4 is taken, so 6); post 14
    # (vacant) → [5]
    ready = [(10, [4, 5]), (12, [4, 6]), (14, [5])]
    # when projected
    p = project_senior_share(senior_holdings=holdings, ready_now_by_post=ready, clinician=clinician)
    # then appointments are 10→4, 12→6, 14→5
    assert p.appointments == ((10, 4), (12, 6), (14, 5))
    # today: people {1, 2, 3}, 1 clinician → 1/3
    assert (p.current_holders, p.current_clinicians) == (3, 1)
    # projected: staying = {2 (post 11), 1 (post 13)} plus appointees {4, 6, 5} → 5 people,
    # clinicians 2, 4, 5 → 3/5
    assert (p.projected_holders, p.projected_clinicians) == (5, 3)
    assert p.projected_share == 0.6
    assert round(p.change_pp, 4) == round((0.6 - 1 / 3) * 100, 4)


def test_projection_with_no_ready_successors_equals_today() -> None:
    p = project_senior_share(
        senior_holdings=[(1, 1), (2, 2)], ready_now_by_post=[(1, [])], clinician={1: True}
    )
    assert (p.current_share, p.projected_share, p.change_pp) == (0.5, 0.5, 0.0)
