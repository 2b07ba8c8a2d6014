"""The conversion measure on a hand-computed fixture (docs/development.md, worked example), plus
properties that must hold for any history. Pure: no database."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mantle.development.conversion import (
    ENROLMENT_SCHEMA,
    REGISTRATION_SCHEMA,
    SPELL_SCHEMA,
    conversion,
    status_on,
)

D = dt.date
A, B, C, DOC, E, F = 1, 2, 3, 4, 5, 6
N1, N2, N3, N4, D1, D2 = 11, 12, 13, 14, 21, 22
AS_OF = D(2024, 6, 30)
COHORT_START = D(2020, 1, 1)
COHORT_END = D(2020, 12, 31)


def spell(person, start, end=None, *, tier="none", band="Band 6", code="N6A", fte=1.0, org="RXA"):
    return {
        "person_id": person,
        "org_code": org,
        "valid_from": start,
        "valid_to": end,
        "tier": tier,
        "pay_band": band,
        "occupation_code": code,
        "fte": fte,
    }


def nurse_reg(person):
    return {
        "person_id": person,
        "valid_from": D(2010, 1, 1),
        "valid_to": None,
        "status": "registered",
        "profession": "nursing_midwifery",
    }


def doctor_reg(person):
    return {
        "person_id": person,
        "valid_from": D(2005, 1, 1),
        "valid_to": None,
        "status": "registered",
        "profession": "medical",
    }


def enrol(
    eid,
    person,
    *,
    status="completed",
    cohort="2020",
    start=COHORT_START,
    end=COHORT_END,
    cost=5000.0,
    withdrawn=None,
):
    return {
        "enrolment_id": eid,
        "person_id": person,
        "offering_id": 1,
        "programme": "Mid-career",
        "cohort": cohort,
        "status": status,
        "started_on": start,
        "completed_on": end if status == "completed" else None,
        "withdrawn_on": withdrawn,
        "cost": cost,
    }


def fixture() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    long_ago = D(2015, 1, 1)
    spells = [
        # A: band 6 nurse, ward manager from 1 June 2021.
        spell(A, long_ago, D(2021, 6, 1)),
        spell(A, D(2021, 6, 1), tier="first_line", band="Band 7"),
        spell(B, long_ago),  # B: stays a band 6 nurse.
        spell(C, D(2018, 1, 1), tier="first_line"),  # C: already a manager before the programme.
        # D: consultant, plus a 0.2 clinical director post from 1 March 2022.
        spell(DOC, long_ago, band="Consultant", code="201", fte=0.8),
        spell(DOC, D(2022, 3, 1), tier="senior", band="Consultant", code="201", fte=0.2),
        spell(E, long_ago, band="Band 6", code="G2A"),  # E: administrator, not a clinician.
        spell(F, long_ago),  # F: withdrew.
        # Possible comparisons.
        spell(N1, long_ago, D(2022, 6, 1)),
        spell(N1, D(2022, 6, 1), tier="middle", band="Band 8a"),
        spell(N2, long_ago),
        spell(N3, long_ago),  # enrolled later on the same programme: never a comparison.
        spell(N4, long_ago, band="Band 5"),  # different band.
        spell(D1, long_ago, band="Consultant", code="201"),
        spell(D2, long_ago, tier="board_executive", band="Consultant", code="201"),
    ]
    regs = [nurse_reg(p) for p in (A, B, C, F, N1, N2, N3, N4)]
    regs += [doctor_reg(p) for p in (DOC, D1, D2)]
    enrolments = [
        enrol(1, A),
        enrol(2, B),
        enrol(3, C),
        enrol(4, DOC, cost=8000.0),
        enrol(5, E),
        enrol(6, F, status="withdrawn", withdrawn=D(2020, 6, 1), cost=2000.0),
        enrol(
            7,
            N3,
            status="withdrawn",
            cohort="2022",
            start=D(2022, 1, 1),
            withdrawn=D(2022, 2, 1),
            cost=0.0,
        ),
    ]
    return (
        pl.DataFrame(enrolments, schema=ENROLMENT_SCHEMA),
        pl.DataFrame(spells, schema=SPELL_SCHEMA),
        pl.DataFrame(regs, schema=REGISTRATION_SCHEMA),
    )


def test_conversion_matches_the_hand_computed_worked_example():
    # given the worked example's cohort and register history
    enrolments, spells, regs = fixture()

    # when the measure is computed on 30 June 2024, showing costs from a single move (the default
    # withholds a cost per clinician below 5 moves; the worked example shows the arithmetic)
    result = conversion(
        enrolments=enrolments, spells=spells, registrations=regs, as_of=AS_OF, min_moved=1
    )

    # then there is one cohort row with the figures computed by hand
    assert result.summary.height == 1
    row = result.summary.row(0, named=True)
    assert (row["completers"], row["clinicians"], row["managers_before"], row["eligible"]) == (
        5,
        4,
        1,
        3,
    )
    assert (row["observed_12m"], row["moved_12m"]) == (3, 1)
    assert row["conversion_rate_12m"] == pytest.approx(1 / 3)
    assert (row["observed_24m"], row["moved_24m"]) == (3, 2)
    assert row["comparison_rate_12m"] == pytest.approx(0.0)
    assert row["comparison_rate_24m"] == pytest.approx(1 / 3)  # (½ + ½ + 0) / 3
    assert row["expected_24m"] == pytest.approx(1.0)
    assert row["additional_24m"] == pytest.approx(1.0)
    assert row["matched_24m"] == 3
    assert row["comparison_people_24m"] == 3  # N1, N2 and D1
    assert row["cost_total"] == pytest.approx(25000.0)  # A, B, C, D and the withdrawn F
    assert row["cost_per_moved_12m"] == pytest.approx(25000.0)
    assert row["cost_per_moved_24m"] == pytest.approx(12500.0)
    assert row["cost_per_additional_24m"] == pytest.approx(18000.0)  # matched A, B, D
    assert row["appointed"] == 2
    assert row["median_months_to_appointment"] == pytest.approx((152 + 425) / 2 / 30.4375)


def test_tier_table_counts_the_most_senior_tier_held_at_each_point():
    # given the worked example
    enrolments, spells, regs = fixture()

    # when the measure is computed
    tiers = conversion(enrolments=enrolments, spells=spells, registrations=regs, as_of=AS_OF).tiers

    # then before the programme one clinician (C) managed; at 24 months A, C and D (senior) do
    by_point = {r["point"]: r for r in tiers.iter_rows(named=True)}
    assert by_point["before"]["observed"] == 4
    assert by_point["before"]["in_management"] == 1
    assert by_point["before"]["first_line"] == 1
    assert by_point["12m"]["in_management"] == 2
    assert (by_point["24m"]["in_management"], by_point["24m"]["senior"]) == (3, 1)


def test_follow_up_after_the_report_date_is_not_observed():
    # given the same cohort reported on 1 June 2022 (12 months observed, 24 and 36 not yet)
    enrolments, spells, regs = fixture()

    # when the measure is computed
    row = conversion(
        enrolments=enrolments, spells=spells, registrations=regs, as_of=D(2022, 6, 1)
    ).summary.row(0, named=True)

    # then nobody counts as observed (or moved) at 24 months and no cost per move is claimed
    assert row["observed_12m"] == 3
    assert row["observed_24m"] == 0
    assert row["moved_24m"] == 0
    assert row["conversion_rate_24m"] is None
    assert row["cost_per_moved_24m"] is None
    # and D's appointment on 1 March 2022 is already counted, A's too
    assert row["appointed"] == 2


def test_inferred_clinician_needs_no_registration_ever_recorded():
    # given one person with a nursing occupation code and no registration, and one whose
    # registration lapsed before the day
    spells = pl.DataFrame([spell(1, D(2015, 1, 1)), spell(2, D(2015, 1, 1))], schema=SPELL_SCHEMA)
    regs = pl.DataFrame(
        [
            {
                "person_id": 2,
                "valid_from": D(2010, 1, 1),
                "valid_to": D(2019, 1, 1),
                "status": "registered",
                "profession": "nursing_midwifery",
            }
        ],
        schema=REGISTRATION_SCHEMA,
    )

    # when their status on 1 January 2020 is read
    out = status_on(
        pairs=pl.DataFrame({"person_id": [1, 2], "on": [D(2020, 1, 1)] * 2}),
        spells=spells,
        registrations=regs,
    ).sort("person_id")

    # then the first is an (inferred) nurse and the second is not a clinician
    assert out.get_column("clinician").to_list() == [True, False]
    assert out.get_column("profession").to_list() == ["nursing_midwifery", None]


@settings(max_examples=40, deadline=None)
@given(
    moves=st.lists(
        st.one_of(st.none(), st.integers(min_value=1, max_value=60)), min_size=1, max_size=8
    ),
)
def test_moved_never_exceeds_observed_and_rates_stay_between_zero_and_one(moves):
    # given clinicians who complete on 31 Dec 2020 and perhaps become managers some months later
    spells, regs, enrolments = [], [], []
    for i, months in enumerate(moves, start=1):
        regs.append(nurse_reg(i))
        if months is None:
            spells.append(spell(i, D(2015, 1, 1)))
        else:
            start = D(2021 + (months - 1) // 12, (months - 1) % 12 + 1, 1)
            spells += [spell(i, D(2015, 1, 1), start), spell(i, start, tier="middle")]
        enrolments.append(enrol(i, i))

    # when the measure is computed
    row = conversion(
        enrolments=pl.DataFrame(enrolments, schema=ENROLMENT_SCHEMA),
        spells=pl.DataFrame(spells, schema=SPELL_SCHEMA),
        registrations=pl.DataFrame(regs, schema=REGISTRATION_SCHEMA),
        as_of=AS_OF,
    ).summary.row(0, named=True)

    # then the counts nest and moves only grow with time (nobody here leaves management)
    assert row["moved_12m"] <= row["moved_24m"] <= row["moved_36m"] <= row["eligible"]
    assert row["appointed"] == sum(1 for m in moves if m is not None and m <= 42)
    for h in (12, 24, 36):
        rate = row[f"conversion_rate_{h}m"]
        assert rate is None or 0 <= rate <= 1


# --- issue 13 items 9–11 --------------------------------------------------------------------------


def test_someone_who_only_applied_is_still_a_comparison():
    # given the worked example plus N5, a band 6 nurse who applied to the same programme in 2022
    # but never took a place
    enrolments, spells, regs = fixture()
    N5 = 15
    spells = pl.concat([spells, pl.DataFrame([spell(N5, D(2015, 1, 1))], schema=SPELL_SCHEMA)])
    regs = pl.concat([regs, pl.DataFrame([nurse_reg(N5)], schema=REGISTRATION_SCHEMA)])
    applied = enrol(8, N5, status="applied", cohort="2022", start=D(2022, 1, 1), end=None)
    enrolments = pl.concat([enrolments, pl.DataFrame([applied], schema=ENROLMENT_SCHEMA)])

    # when the measure is computed
    row = conversion(
        enrolments=enrolments, spells=spells, registrations=regs, as_of=AS_OF
    ).summary.row(0, named=True)

    # then N5 joins N1, N2 and D1 in the comparison (never enrolled), while N3 (who started) does not
    assert row["comparison_people_24m"] == 4


def test_a_withdrawal_after_the_report_date_costs_nothing_yet():
    # given a 2022 cohort: one nurse completed (£1,000), another withdrew in 2023 (£2,000)
    G, H = 31, 32
    spells = pl.DataFrame([spell(G, D(2015, 1, 1)), spell(H, D(2015, 1, 1))], schema=SPELL_SCHEMA)
    regs = pl.DataFrame([nurse_reg(G), nurse_reg(H)], schema=REGISTRATION_SCHEMA)
    enrolments = pl.DataFrame(
        [
            enrol(1, G, cohort="2022", start=D(2022, 1, 1), end=D(2022, 6, 30), cost=1000.0),
            enrol(
                2,
                H,
                status="withdrawn",
                cohort="2022",
                start=D(2022, 1, 1),
                withdrawn=D(2023, 3, 1),
                cost=2000.0,
            ),
        ],
        schema=ENROLMENT_SCHEMA,
    )

    def cost_on(day: dt.date) -> float:
        return conversion(
            enrolments=enrolments, spells=spells, registrations=regs, as_of=day
        ).summary.row(0, named=True)["cost_total"]

    # when reported at the end of 2022, and again after the withdrawal
    # then the 2022 report counts only the completed place, the later one both
    assert cost_on(D(2022, 12, 31)) == pytest.approx(1000.0)
    assert cost_on(D(2023, 12, 31)) == pytest.approx(3000.0)


def test_rates_carry_wilson_intervals_and_costs_are_withheld_below_the_minimum_moved():
    # given the worked example (1 of 3 moved by 12 months, 2 of 3 by 24)
    enrolments, spells, regs = fixture()

    # when computed with the default minimum of 5 clinicians moved
    row = conversion(
        enrolments=enrolments, spells=spells, registrations=regs, as_of=AS_OF
    ).summary.row(0, named=True)

    # then each conversion rate has its 95% Wilson interval (1/3: 0.0615 to 0.7923)
    assert row["conversion_rate_low_12m"] == pytest.approx(0.0615, abs=0.0001)
    assert row["conversion_rate_high_12m"] == pytest.approx(0.7923, abs=0.0001)
    assert row["conversion_rate_low_24m"] == pytest.approx(1 - 0.7923, abs=0.0001)
    # and no cost per clinician is claimed from 1 or 2 moves
    for h in (12, 24):
        assert row[f"cost_per_moved_{h}m"] is None
        assert row[f"cost_per_additional_{h}m"] is None
        assert row[f"cost_per_moved_low_{h}m"] is None


def test_cost_per_clinician_has_a_reproducible_bootstrap_interval():
    # given the worked example with costs shown from one move
    enrolments, spells, regs = fixture()

    def row():
        return conversion(
            enrolments=enrolments, spells=spells, registrations=regs, as_of=AS_OF, min_moved=1
        ).summary.row(0, named=True)

    first, second = row(), row()
    # then the interval brackets the figure and is the same every time (seeded)
    low, high = first["cost_per_moved_low_24m"], first["cost_per_moved_high_24m"]
    assert low is not None and low <= first["cost_per_moved_24m"]
    assert high is None or high >= first["cost_per_moved_24m"]
    assert (low, high) == (second["cost_per_moved_low_24m"], second["cost_per_moved_high_24m"])
    # and with 2 moves among 5 places some resamples have no move, so the upper limit is open
    assert first["cost_per_additional_high_24m"] is None


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=200))
def test_wilson_interval_contains_the_rate_and_stays_within_zero_and_one(k, n):
    from mantle.development.conversion import wilson_interval

    k = min(k, n)
    low, high = wilson_interval(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0
