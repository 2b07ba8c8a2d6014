"""Capability heatmap and coverage: suppression of small cells, including secondary suppression."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mantle.capability.engine.heatmap import coverage, dimension_heatmap, months_before

DIMENSIONS = ["alpha", "beta"]


def assessments(groups: dict[str, int], *, unit_prefix: str = "RXX") -> pl.DataFrame:
    """One assessment per person; person i in a group scores alpha = i % 4 + 1, beta = 2."""
    rows = []
    person = 0
    for group, size in groups.items():
        for i in range(size):
            rows.append(
                {
                    "person_id": person,
                    "completed_on": date(2026, 3, 1),
                    "staff_group": group,
                    "tier": "none",
                    "unit_path": f"{unit_prefix}/{group}",
                    "org_code": "RXX",
                    "alpha": float(i % 4 + 1),
                    "beta": 2.0,
                }
            )
            person += 1
    return pl.DataFrame(rows)


def cell(frame: pl.DataFrame, group: str, dimension: str = "alpha") -> dict[str, object]:
    rows = frame.filter((pl.col("group") == group) & (pl.col("dimension") == dimension))
    assert rows.height == 1
    return rows.row(0, named=True)


def test_a_cell_of_fewer_than_five_people_shows_a_star_and_no_mean():
    # Given 4 nurses and 5, 9 doctors
    frame = assessments({"Nursing": 4, "Medical": 5, "AHP": 9})
    # When the heatmap is built by staff group
    heatmap = dimension_heatmap(frame, dimensions=DIMENSIONS, by="staff_group")
    # Then nursing is suppressed (primary) and medical, the smallest other cell, too
    # (complementary: the total minus the shown groups would otherwise be the four nurses)
    nursing, medical, ahp = (cell(heatmap, g) for g in ("Nursing", "Medical", "AHP"))
    assert (nursing["n"], nursing["n_display"], nursing["mean"]) == (None, "*", None)
    assert nursing["suppression"] == "primary"
    assert medical["suppression"] == "complementary"
    # and the number of people behind a shown mean is published as a band only
    assert (ahp["n"], ahp["n_display"], ahp["suppression"]) == (9, "5–9", None)
    # (published to one decimal place: 21 / 9 = 2.33…)
    assert ahp["mean"] == pytest.approx(2.3)


def test_no_secondary_suppression_when_the_hidden_cells_already_reach_five():
    frame = assessments({"A": 3, "B": 2, "C": 6, "D": 7})
    heatmap = dimension_heatmap(frame, dimensions=DIMENSIONS, by="staff_group")
    assert [cell(heatmap, g)["suppression"] for g in "ABCD"] == ["primary", "primary", None, None]


def test_a_dimension_nobody_scored_shows_zero_not_a_star():
    frame = assessments({"A": 6}).with_columns(beta=pl.lit(None, dtype=pl.Float64))
    heatmap = dimension_heatmap(frame, dimensions=DIMENSIONS, by="staff_group")
    beta = cell(heatmap, "A", "beta")
    assert (beta["n"], beta["n_display"], beta["mean"], beta["suppression"]) == (0, "0", None, None)


def test_each_person_counts_once_using_their_latest_assessment():
    # Given five people, one of whom was assessed twice (score 1, then later 4)
    frame = assessments({"A": 5})
    repeat = frame.filter(pl.col("person_id") == 0).with_columns(
        completed_on=pl.lit(date(2026, 6, 1)), alpha=pl.lit(4.0)
    )
    heatmap = dimension_heatmap(pl.concat([frame, repeat]), dimensions=DIMENSIONS, by="staff_group")
    # Then n is 5 people and the later score replaces the earlier one
    row = cell(heatmap, "A")
    assert row["n"] == 5
    assert row["mean"] == pytest.approx((4 + 2 + 3 + 4 + 1) / 5)


def test_units_are_suppressed_within_their_parent_so_the_parent_row_cannot_be_differenced():
    # Given two divisions: Medicine has teams of 2 and 6, Surgery teams of 8 and 9
    medicine = assessments({"ward_a": 2, "ward_b": 6}, unit_prefix="RXX/medicine")
    surgery = assessments({"theatre": 8, "ward_c": 9}, unit_prefix="RXX/surgery").with_columns(
        pl.col("person_id") + 100
    )
    heatmap = dimension_heatmap(pl.concat([medicine, surgery]), dimensions=DIMENSIONS, by="unit")
    # Then Medicine's other team is suppressed too, while Surgery is untouched
    assert cell(heatmap, "RXX/medicine/ward_a")["suppression"] == "primary"
    assert cell(heatmap, "RXX/medicine/ward_b")["suppression"] == "complementary"
    assert cell(heatmap, "RXX/surgery/theatre")["suppression"] is None


def test_unit_depth_rolls_teams_up_to_their_division():
    frame = assessments({"ward_a": 2, "ward_b": 6}, unit_prefix="RXX/medicine")
    heatmap = dimension_heatmap(frame, dimensions=DIMENSIONS, by="unit", unit_depth=2)
    row = cell(heatmap, "RXX/medicine")
    assert (row["n"], row["suppression"]) == (8, None)


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="missing column\\(s\\): gamma"):
        dimension_heatmap(assessments({"A": 5}), dimensions=["alpha", "gamma"], by="tier")


@settings(max_examples=150, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 12), min_size=1, max_size=8),
    threshold=st.integers(2, 6),
)
def test_hidden_cells_always_hold_zero_or_at_least_threshold_people(
    sizes: list[int], threshold: int
):
    # Given any staff-group sizes (a total for the organisation is assumed visible elsewhere)
    frame = assessments({f"group_{i}": size for i, size in enumerate(sizes) if size})
    if frame.height == 0:
        return
    heatmap = dimension_heatmap(frame, dimensions=DIMENSIONS, by="staff_group", threshold=threshold)
    truth = frame.group_by("staff_group").len()
    n_of = dict(zip(truth["staff_group"], truth["len"], strict=True))
    for dimension in DIMENSIONS:
        rows = heatmap.filter(pl.col("dimension") == dimension)
        hidden = [g for g, s in zip(rows["group"], rows["suppression"], strict=True) if s]
        shown = [g for g in rows["group"] if g not in hidden]
        hidden_n = sum(n_of[g] for g in hidden)
        # Then total minus shown cells never isolates fewer than threshold people...
        assert hidden_n == 0 or hidden_n >= threshold or not shown
        # ...and every shown cell counts at least threshold people
        assert all(n_of[g] >= threshold for g in shown)


# --- coverage ---------------------------------------------------------------------------------


def people_and_assessments() -> tuple[pl.DataFrame, pl.DataFrame]:
    people = pl.DataFrame(
        {
            "person_id": list(range(16)),
            "staff_group": ["Medical"] * 10 + ["Estates"] * 6,
            "unit_path": ["RXX/a"] * 16,
        }
    )
    done = pl.DataFrame(
        {
            "person_id": [0, 1, 2, 3, 4, 5, 6, 10, 11],
            "completed_on": [
                date(2024, 10, 1),  # exactly 24 months before: counts
                date(2025, 1, 1),
                date(2026, 9, 1),
                date(2026, 9, 1),
                date(2026, 9, 1),
                date(2024, 9, 30),  # a day too early
                date(2026, 10, 2),  # after as_of
                date(2026, 1, 1),
                date(2026, 1, 1),
            ],
            "kind": ["self", "360", "self", "360", "self", "self", "self", "appraisal", "self"],
        }
    )
    return people, done


def test_coverage_counts_self_and_360_assessments_in_the_last_24_months():
    # Given the fixture without the one estates assessment
    people, done = people_and_assessments()
    done = done.filter(pl.col("person_id") != 11)
    # When coverage is taken on 1 October 2026
    result = coverage(people, done, as_of=date(2026, 10, 1), by="staff_group")
    # Then 5 of 10 medical staff count (window edges, future and other kinds excluded)
    medical = result.filter(pl.col("group") == "Medical").row(0, named=True)
    assert (medical["staff"], medical["covered"], medical["share"]) == (10, 5, 0.5)
    # published as bands, the share to the nearest 10%
    assert (medical["staff_display"], medical["covered_display"]) == ("10–19", "5–9")
    assert medical["covered_suppression"] is None
    # And a covered count of 0 is shown as 0, not suppressed
    estates = result.filter(pl.col("group") == "Estates").row(0, named=True)
    assert (estates["covered_display"], estates["share"]) == ("0", 0.0)


def test_coverage_suppresses_small_covered_counts_and_their_shares():
    people, done = people_and_assessments()
    result = coverage(people, done, as_of=date(2026, 10, 1), by="staff_group")
    estates = result.filter(pl.col("group") == "Estates").row(0, named=True)
    # 6 estates staff (shown), 1 covered: the covered count and share are hidden
    assert (estates["staff"], estates["staff_display"]) == (6, "5–9")
    assert (estates["covered"], estates["covered_display"], estates["share"]) == (None, "*", None)
    assert estates["covered_suppression"] == "primary"
    # and Medical's covered count is hidden too, or the total minus Medical would reveal it
    medical = result.filter(pl.col("group") == "Medical").row(0, named=True)
    assert (medical["covered_display"], medical["covered_suppression"]) == ("*", "secondary")
    assert medical["staff_display"] == "10–19"


def test_coverage_hides_everything_about_a_group_under_five_people():
    people = pl.DataFrame({"person_id": [1, 2, 3], "tier": ["senior"] * 3})
    done = pl.DataFrame({"person_id": [1], "completed_on": [date(2026, 1, 1)], "kind": ["360"]})
    row = coverage(people, done, as_of=date(2026, 2, 1), by="tier").row(0, named=True)
    assert (row["staff_display"], row["covered_display"], row["share"]) == ("*", "*", None)


def test_coverage_needs_one_row_per_person():
    people = pl.DataFrame({"person_id": [1, 1], "tier": ["senior", "middle"]})
    done = pl.DataFrame({"person_id": [], "completed_on": [], "kind": []})
    with pytest.raises(ValueError, match="one row per person_id"):
        coverage(people, done, as_of=date(2026, 2, 1), by="tier")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 10, 1), 24, date(2024, 10, 1)),
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2028, 2, 29), 24, date(2026, 2, 28)),
        (date(2026, 1, 15), 1, date(2025, 12, 15)),
    ],
)
def test_months_before_keeps_the_calendar_day_or_the_month_end(
    day: date, months: int, expected: date
):
    assert months_before(day, months) == expected


def test_exact_tables_show_every_group_with_its_exact_size_and_mean() -> None:
    # Given 4 nurses and 9 AHPs (as the organisation's HR/OD administrators read them)
    frame = assessments({"Nursing": 4, "AHP": 9})
    heatmap = dimension_heatmap(frame, dimensions=DIMENSIONS, by="staff_group", exact=True)
    nursing, ahp = cell(heatmap, "Nursing"), cell(heatmap, "AHP")
    # Then nothing is hidden, sizes are exact and means are not rounded
    assert (nursing["n"], nursing["n_display"], nursing["suppression"]) == (4, "4", None)
    assert nursing["mean"] == pytest.approx(2.5)
    assert ahp["mean"] == pytest.approx(21 / 9)
    staff = frame.select("person_id", "staff_group", "unit_path", "tier", "org_code")
    table = coverage(
        staff,
        frame.with_columns(kind=pl.lit("self")),
        as_of=date(2026, 3, 31),
        by="staff_group",
        exact=True,
    )
    assert dict(zip(table["group"], table["covered_display"], strict=True)) == {
        "AHP": "9",
        "Nursing": "4",
    }
