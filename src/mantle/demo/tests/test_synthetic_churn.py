"""Change between a trust's successive extracts: leavers, starters, moves, hours, registrations."""

from __future__ import annotations

import itertools
import re
from datetime import date

import polars as pl
import pytest

from mantle.demo.synthetic import SyntheticTrust, generate_trust

QUARTERS = [
    date(2024, 3, 31),
    date(2024, 6, 30),
    date(2024, 9, 30),
    date(2024, 12, 31),
    date(2025, 3, 31),
]
MANAGEMENT_ROLES = [
    "Clinical Director - Medical",
    "Divisional Director",
    "Ward Manager",
    "Matron",
    "Service Manager",
    "General Manager",
    "Nurse Manager",
    "Head of Nursing",
    "Associate Director",
    "Divisional Director of Operations",
]


@pytest.fixture(scope="module")
def trust() -> SyntheticTrust:
    return generate_trust(seed=11, staff=5000, snapshot_dates=QUARTERS)


def _pairs(trust: SyntheticTrust) -> list[tuple[date, pl.DataFrame, date, pl.DataFrame]]:
    snaps = trust.snapshots
    return [(d0, a, d1, b) for (d0, a), (d1, b) in itertools.pairwise(snaps)]


def test_snapshots_come_back_earliest_first_whatever_order_they_were_asked_in():
    # Given dates out of order
    dates = [date(2024, 9, 30), date(2024, 3, 31), date(2024, 6, 30)]
    # When a trust is generated
    trust = generate_trust(seed=2, staff=400, snapshot_dates=dates)
    # Then its extracts are in date order
    assert [d for d, _ in trust.snapshots] == sorted(dates)


def test_people_leave_at_about_one_in_nine_a_year(trust):
    first, last = trust.snapshots[0][1], trust.snapshots[-1][1]
    years = (QUARTERS[-1] - QUARTERS[0]).days / 365.25
    before = set(first["employee_number"])
    left = before - set(last["employee_number"])
    rate = len(left) / len(before) / years
    assert 0.08 <= rate <= 0.16


def test_every_quarter_has_leavers_and_starters_and_headcount_stays_close(trust):
    for _, a, _, b in _pairs(trust):
        before, after = set(a["employee_number"]), set(b["employee_number"])
        assert len(before - after) > 0
        assert len(after - before) > 0
        assert abs(len(after) - len(before)) / len(before) < 0.03


def test_continuing_assignments_keep_their_number_post_holder_and_start_date(trust):
    for _, a, _, b in _pairs(trust):
        kept = a.join(b, on=["org_code", "assignment_number"], suffix="_next")
        assert kept.height > 0.8 * a.height
        for column in ("employee_number", "position_number", "assignment_start_date"):
            assert (kept[column] == kept[f"{column}_next"]).all(), column


def test_new_assignments_start_between_the_two_extract_dates(trust):
    for d0, a, d1, b in _pairs(trust):
        new = b.join(a, on=["org_code", "assignment_number"], how="anti")
        start = new["assignment_start_date"].str.to_date()
        assert ((start > d0) & (start <= d1)).all()


def test_some_staff_move_to_a_new_post_under_a_new_assignment_number(trust):
    moves = 0
    for _, a, _, b in _pairs(trust):
        stayers = set(a["employee_number"]) & set(b["employee_number"])
        new = b.join(a, on=["org_code", "assignment_number"], how="anti")
        moved = new.filter(pl.col("employee_number").is_in(list(stayers)))
        assert moved["assignment_number"].str.contains("-").all()
        moves += moved.height
    assert moves >= 10


def test_some_hours_change_on_continuing_assignments(trust):
    changes = 0
    for _, a, _, b in _pairs(trust):
        kept = a.join(b, on=["org_code", "assignment_number"], suffix="_next")
        changes += kept.filter(pl.col("assignment_fte") != pl.col("assignment_fte_next")).height
    assert changes > 0


def test_clinicians_move_into_management_posts(trust):
    entered = 0
    for _, a, _, b in _pairs(trust):
        clinicians = a.filter(
            (pl.col("registration_status") == "registered")
            & ~pl.col("employee_number").is_in(
                a.filter(pl.col("job_role").is_in(MANAGEMENT_ROLES))["employee_number"].implode()
            )
        )
        new = b.join(a, on=["org_code", "assignment_number"], how="anti")
        entered += new.filter(
            pl.col("job_role").is_in(MANAGEMENT_ROLES)
            & pl.col("employee_number").is_in(clinicians["employee_number"].implode())
        ).height
    assert entered > 0


def test_clinical_directors_step_down_and_are_replaced(trust):
    first = trust.snapshots[0][1].filter(pl.col("job_role") == "Clinical Director - Medical")
    last = trust.snapshots[-1][1].filter(pl.col("job_role") == "Clinical Director - Medical")
    assert set(first["employee_number"]) - set(last["employee_number"])
    assert set(last["employee_number"]) - set(first["employee_number"])


def test_a_handful_of_registrations_lapse(trust):
    first = trust.snapshots[0][1].select("employee_number", "registration_status").unique()
    last = trust.snapshots[-1][1].select("employee_number", "registration_status").unique()
    both = first.join(last, on="employee_number", suffix="_last")
    lapsed = both.filter(
        (pl.col("registration_status") == "registered")
        & (pl.col("registration_status_last") == "lapsed")
    )
    assert 0 < lapsed.height < 0.01 * both.height


def test_the_establishment_lists_posts_created_after_the_first_extract(trust):
    first = set(trust.snapshots[0][1]["position_number"])
    later = set().union(*(set(df["position_number"]) for _, df in trust.snapshots[1:]))
    established = set(trust.establishment["position_number"])
    assert later - first
    assert (later - first) <= established
    assert first <= established


def test_some_clinicians_in_management_posts_return_to_their_own_profession():
    # Given a large trust followed over two years
    trust = generate_trust(
        seed=1, staff=20000, snapshot_dates=[date(2024, 3, 31), date(2026, 3, 31)]
    )
    first, last = trust.snapshots[0][1], trust.snapshots[1][1]
    managers = first.filter(
        pl.col("occupation_code").str.contains("^G[01]")
        & (pl.col("registration_status") == "registered")
    ).select("employee_number", "registration_body", "registration_number")
    # When we look for their new assignments two years on
    new = last.join(first, on=["org_code", "assignment_number"], how="anti")
    returned = new.join(managers, on="employee_number", suffix="_before").filter(
        ~pl.col("occupation_code").str.starts_with("G")
    )
    # Then some went back to clinical posts, each needing the register they are on
    assert returned.height > 0
    expected = {"NMC": "^N", "HCPC": "^S"}
    for body, code in zip(returned["registration_body"], returned["occupation_code"], strict=True):
        assert body in expected and re.match(expected[body], code)


@pytest.mark.parametrize("org_type", ["acute", "mental_health", "community", "ambulance", "icb"])
def test_every_type_of_organisation_keeps_its_invariants_through_churn(org_type):
    # Given a small organisation of each type followed for three months
    trust = generate_trust(
        seed=4,
        staff=900,
        code="QAC" if org_type == "icb" else "R1A",
        org_type=org_type,
        snapshot_dates=[date(2025, 1, 31), date(2025, 2, 28), date(2025, 4, 30)],
    )
    rows = pl.concat([df for _, df in trust.snapshots])
    # Then posts keep one definition, people one identity, and nobody works over full time
    definition = rows.select("position_number", "position_title", "unit_path", "pay_band").unique()
    assert not definition["position_number"].is_duplicated().any()
    identity = rows.select("employee_number", "first_name", "last_name", "date_of_birth").unique()
    assert not identity["employee_number"].is_duplicated().any()
    for _, df in trust.snapshots:
        fte = df.group_by("employee_number").agg(pl.col("assignment_fte").cast(pl.Float64).sum())
        assert fte.select(pl.col("assignment_fte").max()).item() <= 1.000001
    assert trust.organisation.org_type == org_type
    assert 0.9 * 900 <= trust.organisation.staff <= 1.1 * 900
