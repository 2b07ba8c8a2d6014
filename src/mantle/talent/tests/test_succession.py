"""Succession on the register: exposure at dates, readiness over time, bench strength roll-up and the
clinical pipeline projection, checked against the hand-computed St Elsewhere fixture (conftest)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mantle.core.access import AccessDenied
from mantle.core.models import AuditEvent
from mantle.core.testing.factories import make_assignment
from mantle.talent import measures, services
from mantle.talent.models import SuccessionPlan
from mantle.talent.rules.exposure import ExposureLevel
from mantle.workforce.models import PostVersion

from .conftest import AS_OF, Trust

pytestmark = pytest.mark.django_db
START = dt.date(2025, 1, 1)


def _plans(trust: Trust) -> dict[str, SuccessionPlan]:
    """Candidates (added 1 January 2025):
    Director of Finance: Sam ready now (rank 1), Dina ready in 1–2 years (rank 2);
    Chief Executive: Mo ready now, Fran emergency cover; Clinical Director: Nia ready now,
    Sam ready in 3+ years. The Medical Director has no plan."""
    hr = trust.actor("hr")
    p = trust.people
    plans = {}
    for key, rows in {
        "dof": [("sam", "ready_now"), ("dina", "ready_1_2_years")],
        "ceo": [("mo", "ready_now"), ("fran", "emergency_cover")],
        "cd": [("nia", "ready_now"), ("sam", "ready_3_plus_years")],
    }.items():
        plan = services.plan_create(
            actor=hr, post=trust.posts[key], next_review_on=dt.date(2026, 1, 1)
        )
        for rank, (who, band) in enumerate(rows, start=1):
            services.candidate_add(
                actor=hr, plan=plan, person=p[who], readiness=band, rank=rank, added_on=START
            )
        plans[key] = plan
    return plans


def _row(report: measures.SuccessionReport, trust: Trust, key: str) -> measures.PostRow:
    return next(r for r in report.posts if r.post_id == trust.posts[key].pk)


def test_exposure_follows_retirement_proximity_on_the_nhs_2015_basis(trust: Trust) -> None:
    # given the fixture on 1 June 2025: Fran (born 1 March 1960) reaches State Pension age on
    # 1 March 2026; Carol (born 20 January 1961) at 66 and 10 months, 20 November 2027
    report = measures.succession_report(organisation=trust.org, on=AS_OF)
    # then the Director of Finance is highly exposed, the Chief Executive moderately, others low
    assert _row(report, trust, "dof").exposure.level is ExposureLevel.HIGH
    assert _row(report, trust, "dof").exposure.retirement_on == dt.date(2026, 3, 1)
    assert _row(report, trust, "ceo").exposure.level is ExposureLevel.MEDIUM
    assert _row(report, trust, "ceo").exposure.retirement_on == dt.date(2027, 11, 20)
    assert _row(report, trust, "md").exposure.level is ExposureLevel.LOW
    # and only the four board and senior posts are critical
    assert len(report.posts) == 4


def test_exposure_uses_the_organisations_basis_and_the_reviewers_age(trust: Trust) -> None:
    # given the organisation chooses the 1995 section (60) and the reviewer expects the CEO at 70
    services.talent_settings_update(
        actor=trust.actor("hr"), organisation=trust.org, retirement_basis="nhs_1995"
    )
    plans = _plans(trust)
    services.plan_update(actor=trust.actor("hr"), plan=plans["ceo"], incumbent_retirement_age=70)
    report = measures.succession_report(organisation=trust.org, on=AS_OF)
    # then Mo (born 1970, 60 in 2030) is approaching and the CEO (70 in 2031) is later
    assert _row(report, trust, "md").exposure.retirement_on == dt.date(2030, 5, 5)
    assert _row(report, trust, "md").exposure.level is ExposureLevel.MEDIUM
    assert _row(report, trust, "ceo").exposure.retirement_on == dt.date(2031, 1, 20)
    assert _row(report, trust, "ceo").exposure.level is ExposureLevel.LOW


def test_vacancy_and_flight_risk_count_from_their_dates(trust: Trust) -> None:
    plans = _plans(trust)
    # given Mo leaves the Medical Director post at the end of 2025 and the CEO's flight risk is
    # recorded high from 1 March 2025
    assignment = trust.people["mo"].assignments.get()
    assignment.valid_to = dt.date(2026, 1, 1)
    assignment.save()
    services.flight_risk_record(
        actor=trust.actor("hr"), plan=plans["ceo"], risk="high", recorded_on=dt.date(2025, 3, 1)
    )
    # then on 1 February 2025 the CEO is only approaching retirement; on 1 June 2025 high
    assert (
        _row(
            measures.succession_report(organisation=trust.org, on=dt.date(2025, 2, 1)), trust, "ceo"
        ).exposure.level
        is ExposureLevel.MEDIUM
    )
    assert (
        _row(
            measures.succession_report(organisation=trust.org, on=AS_OF), trust, "ceo"
        ).exposure.level
        is ExposureLevel.HIGH
    )
    # and the Medical Director post is vacant (high) in 2026 but not in 2025
    md_2026 = _row(
        measures.succession_report(organisation=trust.org, on=dt.date(2026, 2, 1)), trust, "md"
    )
    assert md_2026.exposure.vacant and md_2026.exposure.level is ExposureLevel.HIGH
    assert not _row(
        measures.succession_report(organisation=trust.org, on=AS_OF), trust, "md"
    ).exposure.vacant


def test_an_acting_holder_makes_the_post_acting_only(trust: Trust) -> None:
    assignment = trust.people["dina"].assignments.get()
    assignment.acting = True
    assignment.save()
    row = _row(measures.succession_report(organisation=trust.org, on=AS_OF), trust, "cd")
    assert row.exposure.acting_only
    assert row.exposure.level is ExposureLevel.MEDIUM


def test_bench_strength_rolls_up_as_computed_by_hand(trust: Trust) -> None:
    _plans(trust)
    report = measures.succession_report(organisation=trust.org, on=AS_OF)
    org = report.rollups[""]
    # 4 critical posts; ready-now successors for DoF (Sam), CEO (Mo), CD (Nia); none for MD
    assert (org.critical_posts, org.posts_with_ready_now, org.posts_without_ready_successor) == (
        4,
        3,
        1,
    )
    # bench = 3 ready now + 1 in 1–2 years (Dina for DoF); 3 different people ready now
    assert (org.ready_now, org.ready_1_2, org.bench_strength, org.distinct_ready_now) == (
        3,
        1,
        4,
        3,
    )
    assert report.rollups["Trust/Corporate"].bench_strength == 2
    assert report.rollups["Trust/Surgery"].bench_strength == 1
    assert _row(report, trust, "md").no_ready_successor
    assert _row(report, trust, "ceo").bench.emergency_cover == 1


def test_readiness_changes_apply_from_their_date(trust: Trust) -> None:
    plans = _plans(trust)
    dina = plans["dof"].candidates.get(person=trust.people["dina"])
    # when Dina is assessed ready now from 1 May 2025
    services.candidate_readiness_set(
        actor=trust.actor("hr"),
        candidate=dina,
        readiness="ready_now",
        assessed_on=dt.date(2025, 5, 1),
    )
    before = _row(
        measures.succession_report(organisation=trust.org, on=dt.date(2025, 4, 30)), trust, "dof"
    )
    after = _row(measures.succession_report(organisation=trust.org, on=AS_OF), trust, "dof")
    # then the bench changes on that date and not before
    assert (before.bench.ready_now, before.bench.ready_1_2) == (1, 1)
    assert (after.bench.ready_now, after.bench.ready_1_2) == (2, 0)


def test_a_removed_or_departed_candidate_stops_counting(trust: Trust) -> None:
    plans = _plans(trust)
    sam = plans["dof"].candidates.get(person=trust.people["sam"])
    services.candidate_remove(
        actor=trust.actor("hr"),
        candidate=sam,
        reason="Moved to research",
        removed_on=dt.date(2025, 5, 1),
    )
    nia = trust.people["nia"].assignments.get()
    nia.valid_to = dt.date(2025, 5, 1)
    nia.save()
    report = measures.succession_report(organisation=trust.org, on=AS_OF)
    assert _row(report, trust, "dof").bench.ready_now == 0
    assert _row(report, trust, "cd").bench.ready_now == 0


def test_the_clinical_pipeline_and_projection_match_the_hand_computation(trust: Trust) -> None:
    _plans(trust)
    report = measures.succession_report(organisation=trust.org, on=AS_OF)
    summary = measures.succession_summary(report, suppress=False)
    # successors: DoF Sam, Dina; CEO Mo, Fran; CD Nia, Sam → 6, of whom 5 clinicians
    # (doctors Sam, Mo, Sam; nurses Dina, Nia)
    pipe = summary["pipeline"]
    assert (pipe["successors"], pipe["clinician_successors"]) == (6, 5)
    assert (pipe["profession_medical"], pipe["profession_nursing_midwifery"]) == (3, 2)
    # today: Carol, Mo, Fran, Dina hold senior management posts, 2 clinicians → 50%
    # projected: CEO → Mo, DoF → Sam, CD → Nia; MD stays with Mo → {Mo, Sam, Nia}, all clinicians
    proj = summary["projection"]
    assert (proj["current_holders"], proj["current_clinicians"]) == (4, 2)
    assert (proj["projected_holders"], proj["projected_clinicians"]) == (3, 3)
    assert proj["projected_share"] == 1.0
    assert proj["change_pp"] == pytest.approx(50.0)


def test_the_projection_is_for_the_whole_organisation_when_a_unit_is_in_view(trust: Trust) -> None:
    _plans(trust)
    whole = measures.succession_report(organisation=trust.org, on=AS_OF).projection
    unit = measures.succession_report(
        organisation=trust.org, on=AS_OF, unit="Trust/Surgery"
    ).projection
    assert unit == whole


def test_viewers_see_small_counts_hidden(trust: Trust) -> None:
    _plans(trust)
    report = measures.succession_report(organisation=trust.org, on=AS_OF)
    summary = measures.succession_summary(report, suppress=True)
    # posts are not people: shown; 3 ready-now people: hidden; ratios derived from hidden: hidden
    assert summary["bench"]["scope"]["critical_posts"] == 4
    assert summary["bench"]["scope"]["ready_now"] == "*"
    assert summary["bench"]["scope"]["bench_ratio"] == "*"
    assert summary["projection"]["current_share"] == "*"
    assert summary["suppression"]["footnotes"]


def test_a_candidate_must_work_here_and_not_hold_the_post(trust: Trust) -> None:
    plans = _plans(trust)
    with pytest.raises(ValidationError, match="holder"):
        services.candidate_add(
            actor=trust.actor("hr"),
            plan=plans["dof"],
            person=trust.people["fran"],
            readiness="ready_now",
        )
    with pytest.raises(ValidationError, match="organisation"):
        services.candidate_add(
            actor=trust.actor("hr"),
            plan=plans["dof"],
            person=trust.people["olu"],
            readiness="ready_now",
        )


def test_plan_managers_are_hr_the_owner_and_managers_above_the_post(trust: Trust) -> None:
    plans = _plans(trust)
    # Carol (CEO) manages the posts below hers; Dina does not manage the DoF post
    services.flight_risk_record(actor=trust.actor("carol"), plan=plans["dof"], risk="medium")
    with pytest.raises(AccessDenied):
        services.flight_risk_record(actor=trust.actor("dina"), plan=plans["dof"], risk="low")
    with pytest.raises(AccessDenied):
        services.plan_create(
            actor=trust.actor("sam"), post=trust.posts["md"], next_review_on=dt.date(2027, 1, 1)
        )


def test_development_actions_are_tied_to_a_shipped_capability_dimension(trust: Trust) -> None:
    plans = _plans(trust)
    dina = plans["dof"].candidates.get(person=trust.people["dina"])
    action = services.candidate_action_add(
        actor=trust.actor("hr"),
        candidate=dina,
        description="Finance for non-finance directors",
        framework_key="hlm",
        dimension_key="evaluating_information",
        gap_source="360 feedback, March 2025",
        due_on=dt.date(2026, 12, 1),
    )
    assert action.dimension_key == "evaluating_information"
    with pytest.raises(ValidationError, match="dimension"):
        services.candidate_action_add(
            actor=trust.actor("hr"),
            candidate=dina,
            description="x",
            framework_key="hlm",
            dimension_key="juggling",
            due_on=dt.date(2026, 12, 1),
        )


def test_marking_a_post_critical_adds_a_post_version_and_an_audit_event(trust: Trust) -> None:
    services.post_critical_set(
        actor=trust.actor("hr"),
        post=trust.posts["sister"],
        critical=True,
        effective=dt.date(2025, 5, 1),
    )
    assert PostVersion.objects.filter(post=trust.posts["sister"]).count() == 2
    assert len(measures.succession_report(organisation=trust.org, on=AS_OF).posts) == 5
    assert (
        len(measures.succession_report(organisation=trust.org, on=dt.date(2025, 4, 30)).posts) == 4
    )
    assert AuditEvent.objects.filter(object_type="post", action="change").exists()
    with pytest.raises(AccessDenied):
        services.post_critical_set(
            actor=trust.actor("exec"), post=trust.posts["sister"], critical=False
        )


def test_a_second_holder_of_a_senior_post_counts_once_in_the_projection(trust: Trust) -> None:
    # given Sam also holds the Clinical Director post (a job share) before any plan
    make_assignment(
        person=trust.people["sam"], post=trust.posts["cd"], fte="0.2", start=dt.date(2024, 1, 1)
    )
    report = measures.succession_report(organisation=trust.org, on=AS_OF)
    assert report.projection.current_holders == 5
    assert report.projection.current_clinicians == 3
