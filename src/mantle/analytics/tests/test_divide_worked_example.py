"""The worked example of docs/metrics.md, figure for figure, so the docs and the code cannot drift.

Every expected number below was computed by hand in docs/metrics.md ("Worked example"); if a
definition changes, this test fails until the docs are recomputed.
"""

from __future__ import annotations

from typing import Any

from mantle.analytics.divide import divide_measures
from mantle.analytics.suppression import suppress_divide
from mantle.analytics.tests import worked_example

NO_PROFESSIONS = {
    "medical": 0,
    "nursing_midwifery": 0,
    "allied_health": 0,
    "healthcare_science": 0,
    "pharmacy": 0,
    "other_registered": 0,
}


def _measures(
    posts: int,
    filled: int,
    holders: int,
    clinicians: int,
    professions: dict[str, int],
    share: float,
    fte: float,
    clinician_fte: float,
    capacity: float,
    ratio: float,
    hybrid_share: float | None,
    background: int,
    background_share: float,
    inferred: int,
    hybrids: int,
) -> dict[str, Any]:
    return {
        "posts": posts,
        "filled": filled,
        "vacant": posts - filled,
        "holders": holders,
        "clinician_holders": clinicians,
        "clinician_holders_by_profession": {**NO_PROFESSIONS, **professions},
        "clinician_share": share,
        "management_fte": fte,
        "clinician_management_fte": clinician_fte,
        "clinician_capacity_share": capacity,
        "representation_ratio": ratio,
        "hybrid_share": hybrid_share,
        "clinical_background_holders": background,
        "clinical_background_share": background_share,
        "inferred_clinician_holders": inferred,
        "hybrid_holders": hybrids,
    }


# Steps 1–6 of the docs' worked example.
EXPECTED: dict[str, Any] = {
    "workforce": {
        "headcount": 40,
        "fte": 32.4,
        "clinician_headcount": 26,
        "workforce_clinician_share": 0.65,
        "clinical_background_headcount": 28,
        "workforce_clinical_background_share": 0.7,
        "inferred_clinician_headcount": 2,
    },
    "tiers": {
        "board_non_executive": _measures(
            3, 3, 3, 0, {}, 0.0, 0.4, 0.0, 0.0, 0.0, None, 1, 0.3333, 0, 0
        ),
        "board_executive": _measures(
            4,
            4,
            4,
            2,
            {"medical": 1, "nursing_midwifery": 1},
            0.5,
            3.4,
            1.4,
            0.4118,
            0.7692,
            0.5,
            2,
            0.5,
            0,
            1,
        ),
        "senior": _measures(
            2, 2, 2, 1, {"medical": 1}, 0.5, 0.8, 0.2, 0.25, 0.7692, 1.0, 1, 0.5, 0, 1
        ),
        "middle": _measures(
            2, 2, 2, 1, {"allied_health": 1}, 0.5, 0.9, 0.5, 0.5556, 0.7692, 1.0, 1, 0.5, 1, 1
        ),
        "first_line": _measures(
            2, 1, 2, 2, {"nursing_midwifery": 2}, 1.0, 1.0, 1.0, 1.0, 1.5385, 0.0, 2, 1.0, 0, 0
        ),
    },
    "aggregates": {
        "board": _measures(
            7,
            7,
            7,
            2,
            {"medical": 1, "nursing_midwifery": 1},
            0.2857,
            3.8,
            1.4,
            0.3684,
            0.4396,
            0.5,
            3,
            0.4286,
            0,
            1,
        ),
        "senior_management": _measures(
            6,
            6,
            6,
            3,
            {"medical": 2, "nursing_midwifery": 1},
            0.5,
            4.2,
            1.6,
            0.381,
            0.7692,
            0.6667,
            3,
            0.5,
            0,
            2,
        ),
        "all_management": _measures(
            13,
            12,
            12,
            6,
            {"medical": 2, "nursing_midwifery": 3, "allied_health": 1},
            0.5,
            6.5,
            3.1,
            0.4769,
            0.7692,
            0.5,
            7,
            0.5833,
            1,
            3,
        ),
    },
    "board_executive_excluding_statutory": _measures(
        2, 2, 2, 0, {}, 0.0, 2.0, 0.0, 0.0, 0.0, None, 0, 0.0, 0, 0
    ),
    "divide_gap_pp": 15.0,
}


def test_worked_example_matches_the_hand_computed_figures_exactly() -> None:
    # Given the 40-person example organisation of docs/metrics.md
    holdings, posts = worked_example.holdings(), worked_example.posts()

    # When its divide measures are computed
    result = divide_measures(holdings=holdings, posts=posts)

    # Then every figure, key and key order is what the docs derive by hand
    assert result == EXPECTED
    assert list(result) == list(EXPECTED)
    assert list(result["tiers"]["senior"]) == list(EXPECTED["tiers"]["senior"])


def test_worked_example_public_view_hides_what_the_docs_say_it_hides() -> None:
    # Given the example's figures
    result = divide_measures(holdings=worked_example.holdings(), posts=worked_example.posts())

    # When they are prepared for someone without HR-administrator rights (threshold 5)
    public = suppress_divide(result)

    # Then the docs' "what a non-administrator sees" figures hold
    workforce = public["workforce"]
    assert workforce["headcount"] == 40
    assert workforce["clinician_headcount"] == 26
    assert workforce["workforce_clinician_share"] == 0.65
    # 28 with a clinical background − 26 clinicians = 2 lapsed: complementary suppression
    assert workforce["clinical_background_headcount"] == "*"
    assert workforce["workforce_clinical_background_share"] == "*"
    assert workforce["inferred_clinician_headcount"] == "*"
    everyone = public["aggregates"]["all_management"]
    assert (everyone["holders"], everyone["clinician_holders"]) == (12, 6)
    assert (everyone["clinician_share"], everyone["representation_ratio"]) == (0.5, 0.7692)
    assert everyone["clinician_holders_by_profession"]["medical"] == "*"
    assert everyone["clinical_background_holders"] == "*"  # 7 − 6 = 1 lapsed
    assert everyone["hybrid_share"] == "*"  # 3 hybrids
    senior = public["aggregates"]["senior_management"]
    assert (senior["holders"], senior["clinician_holders"], senior["management_fte"]) == (
        6,
        "*",
        4.2,
    )
    assert public["divide_gap_pp"] == "*"  # computed from 3 clinicians in senior management
    assert public["tiers"]["board_non_executive"]["clinician_holders"] == 0
    assert public["tiers"]["first_line"]["vacant"] == 1
    reasons = {n["cell"]: n["reason"] for n in public["disclosure_control"]["suppressed"]}
    assert reasons["workforce.clinical_background_headcount"] == "complementary"
    assert reasons["aggregates.all_management.clinical_background_holders"] == "complementary"
    assert reasons["divide_gap_pp"] == "derived"
    assert reasons["tiers.senior.holders"] == "primary"
