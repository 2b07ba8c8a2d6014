"""Disclosure control: primary, derived, complementary and secondary suppression."""

from __future__ import annotations

import copy
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mantle.analytics.divide import divide_measures, unit_breakdown
from mantle.analytics.suppression import suppress_breakdown, suppress_divide, suppress_table
from mantle.analytics.tests.frames import holdings_frame, posts_frame, workforces

TIER_NAMES = ("board_non_executive", "board_executive", "senior", "middle", "first_line")
AGGREGATE_PARTS = {
    "board": ("board_non_executive", "board_executive"),
    "senior_management": ("board_executive", "senior"),
    "all_management": TIER_NAMES,
}
PROFESSION_NAMES = (
    "medical",
    "nursing_midwifery",
    "allied_health",
    "healthcare_science",
    "pharmacy",
    "other_registered",
)
COUNT_FIELDS = (
    "holders",
    "clinician_holders",
    "clinical_background_holders",
    "inferred_clinician_holders",
    "hybrid_holders",
)


def blank() -> dict[str, Any]:
    """A result for an empty organisation: every count 0, to be filled in by a test."""
    return divide_measures(holdings=holdings_frame([]), posts=posts_frame([]))


def groups(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every measured group of a result by a short name."""
    return {
        **{f"tiers.{t}": m for t, m in result["tiers"].items()},
        **{f"aggregates.{a}": m for a, m in result["aggregates"].items()},
        "excl": result["board_executive_excluding_statutory"],
    }


def hidden(value: Any) -> bool:
    return value == "*"


def audit(original: dict[str, Any], public: dict[str, Any], threshold: int) -> list[str]:
    """Every way the public result breaks the disclosure rules (empty when it is safe).

    Written independently of the implementation's catalogue: the additive groups, complements
    and derivations are spelled out here again from docs/metrics.md.
    """
    problems: list[str] = []

    def count_cells(result: dict[str, Any]) -> dict[str, Any]:
        cells = {
            f"workforce.{k}": result["workforce"][k]
            for k in (
                "headcount",
                "clinician_headcount",
                "clinical_background_headcount",
                "inferred_clinician_headcount",
            )
        }
        for name, m in groups(result).items():
            for field in COUNT_FIELDS:
                cells[f"{name}.{field}"] = m[field]
            for p in PROFESSION_NAMES:
                cells[f"{name}.prof.{p}"] = m["clinician_holders_by_profession"][p]
        return cells

    before, after = count_cells(original), count_cells(public)
    for cell, value in before.items():
        shown = after[cell]
        if 0 < value < threshold and not hidden(shown):
            problems.append(f"small count shown: {cell}={value}")
        if value == 0 and shown != 0:
            problems.append(f"zero not shown as 0: {cell}")
        if not hidden(shown) and shown != value:
            problems.append(f"count changed: {cell}")

    additive: list[tuple[str, list[str]]] = []
    for name in groups(original):
        additive.append(
            (f"{name}.clinician_holders", [f"{name}.prof.{p}" for p in PROFESSION_NAMES])
        )
    for field in (*COUNT_FIELDS, *(f"prof.{p}" for p in PROFESSION_NAMES)):
        for aggregate, tiers in AGGREGATE_PARTS.items():
            additive.append(
                (f"aggregates.{aggregate}.{field}", [f"tiers.{t}.{field}" for t in tiers])
            )
    for total, parts in additive:
        cells = [total, *parts]
        if sum(hidden(after[c]) for c in cells) == 1:
            problems.append(f"one hidden cell recoverable in {total} = sum of {parts}")

    complements: list[tuple[str, str]] = [
        ("workforce.headcount", "workforce.clinician_headcount"),
        ("workforce.headcount", "workforce.clinical_background_headcount"),
        ("workforce.clinical_background_headcount", "workforce.clinician_headcount"),
        ("workforce.clinician_headcount", "workforce.inferred_clinician_headcount"),
    ]
    for name in groups(original):
        complements += [
            (f"{name}.holders", f"{name}.clinician_holders"),
            (f"{name}.holders", f"{name}.clinical_background_holders"),
            (f"{name}.clinical_background_holders", f"{name}.clinician_holders"),
            (f"{name}.clinician_holders", f"{name}.inferred_clinician_holders"),
            (f"{name}.clinician_holders", f"{name}.hybrid_holders"),
        ]
    for field in (*COUNT_FIELDS, *(f"prof.{p}" for p in PROFESSION_NAMES)):
        complements.append((f"tiers.board_executive.{field}", f"excl.{field}"))
    for total, part in complements:
        if not hidden(after[total]) and not hidden(after[part]):
            difference = after[total] - after[part]
            if 0 < difference < threshold:
                problems.append(f"{total} − {part} = {difference} reveals a small group")

    derived = {
        "clinician_share": ("clinician_holders", "holders"),
        "management_fte": ("holders",),
        "clinician_management_fte": ("clinician_holders",),
        "clinician_capacity_share": ("clinician_holders", "holders"),
        "representation_ratio": ("clinician_holders", "holders"),
        "hybrid_share": ("hybrid_holders", "clinician_holders"),
        "clinical_background_share": ("clinical_background_holders", "holders"),
    }
    workforce_hidden = hidden(after["workforce.headcount"]) or hidden(
        after["workforce.clinician_headcount"]
    )
    for name, m in groups(public).items():
        for field, sources in derived.items():
            source_hidden = any(hidden(m[s]) for s in sources)
            if field == "representation_ratio":
                source_hidden = source_hidden or workforce_hidden
            if source_hidden and not hidden(m[field]):
                problems.append(f"{name}.{field} shown although computed from a hidden count")
    sm = public["aggregates"]["senior_management"]
    gap_sources_hidden = (
        workforce_hidden or hidden(sm["holders"]) or hidden(sm["clinician_holders"])
    )
    if gap_sources_hidden and not hidden(public["divide_gap_pp"]):
        problems.append("divide_gap_pp shown although computed from a hidden count")
    for field, source in (
        ("fte", "headcount"),
        ("workforce_clinician_share", "clinician_headcount"),
        ("workforce_clinical_background_share", "clinical_background_headcount"),
    ):
        sources_hidden = hidden(public["workforce"][source]) or hidden(
            public["workforce"]["headcount"]
        )
        if sources_hidden and not hidden(public["workforce"][field]):
            problems.append(f"workforce.{field} shown although computed from a hidden count")
    return problems


def test_a_count_of_five_and_a_zero_are_shown() -> None:
    # Given senior management of 5 people, none of them clinicians
    result = blank()
    for group in (
        result["tiers"]["senior"],
        result["aggregates"]["senior_management"],
        result["aggregates"]["all_management"],
    ):
        group.update(holders=5, clinician_holders=0, clinician_share=0.0)

    # When suppressed at the default threshold
    public = suppress_divide(result)

    # Then nothing is hidden
    assert public["tiers"]["senior"]["holders"] == 5
    assert public["tiers"]["senior"]["clinician_holders"] == 0
    assert public["tiers"]["senior"]["clinician_share"] == 0.0
    assert public["disclosure_control"]["suppressed"] == []
    assert public["disclosure_control"]["footnotes"] == []


def test_a_count_of_two_is_hidden_with_what_is_computed_from_it() -> None:
    # Given a middle tier (and so all management) of 2 people
    result = blank()
    result["tiers"]["middle"].update(holders=2, management_fte=1.6)
    result["aggregates"]["all_management"].update(holders=2, management_fte=1.6)

    # When suppressed
    public = suppress_divide(result)

    # Then the 2 is hidden, and so are the FTE and shares computed from it
    middle = public["tiers"]["middle"]
    assert middle["holders"] == "*"
    assert middle["management_fte"] == "*"
    assert middle["clinician_share"] == "*"
    # and posts are counts of posts, never hidden
    assert middle["posts"] == 0
    # and the original is untouched
    assert result["tiers"]["middle"]["holders"] == 2


def test_the_threshold_is_a_setting() -> None:
    # Given a tier of 3 and one of 4 holders (balanced by the all-management total of 7)
    result = blank()
    result["tiers"]["middle"]["holders"] = 3
    result["tiers"]["first_line"]["holders"] = 4
    result["aggregates"]["all_management"]["holders"] = 7

    # When suppressed with a threshold of 4
    public = suppress_divide(result, threshold=4)

    # Then only the 3 is primary-suppressed and the 4 goes as secondary protection
    reasons = {n["cell"]: n["reason"] for n in public["disclosure_control"]["suppressed"]}
    assert reasons["tiers.middle.holders"] == "primary"
    assert reasons["tiers.first_line.holders"] == "secondary"
    assert public["aggregates"]["all_management"]["holders"] == 7
    assert public["disclosure_control"]["threshold"] == 4


def test_non_clinicians_cannot_be_counted_by_subtraction() -> None:
    # Given 7 middle managers of whom 5 are clinicians (so 2 are not)
    result = blank()
    middle = result["tiers"]["middle"]
    middle.update(
        holders=7,
        clinician_holders=5,
        clinical_background_holders=5,
        management_fte=6.0,
        clinician_management_fte=4.5,
        clinician_share=0.7143,
    )
    middle["clinician_holders_by_profession"]["nursing_midwifery"] = 5
    result["aggregates"]["all_management"].update(
        holders=7, clinician_holders=5, clinical_background_holders=5
    )
    result["aggregates"]["all_management"]["clinician_holders_by_profession"][
        "nursing_midwifery"
    ] = 5

    # When suppressed
    public = suppress_divide(result)

    # Then the clinician count and everything computed from it are hidden, the 7 stays
    shown = public["tiers"]["middle"]
    assert shown["holders"] == 7
    assert shown["management_fte"] == 6.0
    for field in (
        "clinician_holders",
        "clinician_share",
        "clinician_management_fte",
        "clinician_capacity_share",
        "representation_ratio",
    ):
        assert shown[field] == "*", field
    # and the profession split cannot give the clinician count back (5 = 5 + 0 + …)
    assert shown["clinician_holders_by_profession"]["nursing_midwifery"] == "*"
    reasons = {n["cell"]: n["reason"] for n in public["disclosure_control"]["suppressed"]}
    assert reasons["tiers.middle.clinician_holders"] == "complementary"


def test_workforce_headcount_complement_hides_the_clinician_headcount() -> None:
    # Given 40 staff of whom 37 are clinicians
    result = blank()
    result["workforce"].update(
        headcount=40, clinician_headcount=37, clinical_background_headcount=37
    )

    # When suppressed
    public = suppress_divide(result)

    # Then the 37 (and the workforce share) are hidden because 40 − 37 = 3
    assert public["workforce"]["headcount"] == 40
    assert public["workforce"]["clinician_headcount"] == "*"
    assert public["workforce"]["workforce_clinician_share"] == "*"


def test_one_small_profession_forces_a_second_profession_to_be_hidden() -> None:
    # Given 15 clinician managers: 6 doctors, 2 pharmacists and 7 nurses
    result = blank()
    tier = result["tiers"]["middle"]
    tier.update(holders=15, clinician_holders=15, clinical_background_holders=15)
    tier["clinician_holders_by_profession"].update(medical=6, pharmacy=2, nursing_midwifery=7)
    everyone = result["aggregates"]["all_management"]
    everyone.update(holders=15, clinician_holders=15, clinical_background_holders=15)
    everyone["clinician_holders_by_profession"].update(medical=6, pharmacy=2, nursing_midwifery=7)

    # When suppressed
    public = suppress_divide(result)

    # Then the 2 is hidden, and so is the next smallest (the 6), while 7 and the total stay
    split = public["tiers"]["middle"]["clinician_holders_by_profession"]
    assert (split["pharmacy"], split["medical"], split["nursing_midwifery"]) == ("*", "*", 7)
    assert split["allied_health"] == 0
    assert public["tiers"]["middle"]["clinician_holders"] == 15


def test_a_single_small_cell_with_only_zero_siblings_hides_the_total() -> None:
    # Given 3 doctors and no other clinicians among 9 senior managers, and an aggregate equal to it
    result = blank()
    for group in (
        result["tiers"]["senior"],
        result["aggregates"]["senior_management"],
        result["aggregates"]["all_management"],
    ):
        group.update(holders=9, clinician_holders=3, clinical_background_holders=3)
        group["clinician_holders_by_profession"]["medical"] = 3

    # When suppressed
    public = suppress_divide(result)

    # Then the 3 is hidden both as profession and total, which are the same number
    senior = public["tiers"]["senior"]
    assert senior["clinician_holders_by_profession"]["medical"] == "*"
    assert senior["clinician_holders"] == "*"


def test_a_hidden_tier_is_not_left_alone_under_its_aggregate() -> None:
    # Given a board of 3 non-executives and 8 executives (11 in all)
    result = blank()
    result["tiers"]["board_non_executive"]["holders"] = 3
    result["tiers"]["board_executive"]["holders"] = 8
    result["aggregates"]["board"]["holders"] = 11
    result["aggregates"]["senior_management"]["holders"] = 8
    result["aggregates"]["all_management"]["holders"] = 11

    # When suppressed
    public = suppress_divide(result)

    # Then 11 − 8 would give the 3 away, so the 8 goes too; the totals stay
    assert public["tiers"]["board_non_executive"]["holders"] == "*"
    assert public["tiers"]["board_executive"]["holders"] == "*"
    assert public["aggregates"]["board"]["holders"] == 11
    # and hiding the 8 leaves senior management (8 = 8 + 0) with a lone hidden cell, so the
    # fixed point hides that total as well
    assert public["aggregates"]["senior_management"]["holders"] == "*"
    assert audit(result, public, 5) == []


def test_statutory_holders_cannot_be_counted_by_subtraction() -> None:
    # Given 8 executives, 6 of them outside the two statutory posts
    result = blank()
    result["tiers"]["board_executive"]["holders"] = 8
    result["board_executive_excluding_statutory"]["holders"] = 6
    for aggregate in ("board", "senior_management", "all_management"):
        result["aggregates"][aggregate]["holders"] = 8

    # When suppressed
    public = suppress_divide(result)

    # Then the refinement's count is hidden (8 − 6 = 2), the tier's is shown
    assert public["tiers"]["board_executive"]["holders"] == 8
    assert public["board_executive_excluding_statutory"]["holders"] == "*"


def test_notes_explain_each_hidden_cell_and_footnotes_each_reason() -> None:
    # Given a tier of 2 people
    result = blank()
    result["tiers"]["senior"]["holders"] = 2
    result["aggregates"]["senior_management"]["holders"] = 2
    result["aggregates"]["all_management"]["holders"] = 2

    # When suppressed
    control = suppress_divide(result)["disclosure_control"]

    # Then the hidden count and its derived figures are listed, with one footnote per reason
    cells = {n["cell"]: n for n in control["suppressed"]}
    assert cells["tiers.senior.holders"]["reason"] == "primary"
    assert cells["tiers.senior.management_fte"]["reason"] == "derived"
    assert cells["tiers.senior.management_fte"]["detail"] == "calculated from tiers.senior.holders"
    assert control["footnotes"] == [
        "Fewer than 5 people: hidden to protect the individuals concerned.",
        "Calculated from a hidden count, so hidden too.",
    ]


def test_an_already_suppressed_result_is_refused() -> None:
    # Given a result that has been suppressed once
    public = suppress_divide(blank() | {"workforce": blank()["workforce"] | {"headcount": 3}})

    # When suppressed again, then it is refused rather than mis-read
    with pytest.raises(ValueError, match="already suppressed"):
        suppress_divide(public)


@settings(max_examples=200, deadline=None)
@given(frames=workforces(orgs=("RAA",), max_people=30, max_posts=30), threshold=st.integers(2, 7))
def test_no_hidden_cell_can_be_recovered_from_any_additive_group(frames, threshold) -> None:  # type: ignore[no-untyped-def]
    # Given the measures of a random organisation
    holdings, posts = frames
    result = divide_measures(holdings=holdings, posts=posts)
    original = copy.deepcopy(result)

    # When suppressed at a random threshold
    public = suppress_divide(result, threshold=threshold)

    # Then no rule is broken: small counts hidden, totals never give a hidden cell away,
    # complements never reveal a small group, derived figures follow their counts
    assert audit(original, public, threshold) == []
    assert result == original


@settings(max_examples=40, deadline=None)
@given(frames=workforces(orgs=("RAA",), max_people=25, max_posts=25))
def test_a_drill_down_never_gives_a_hidden_unit_cell_away(frames) -> None:  # type: ignore[no-untyped-def]
    # Given an organisation and its top-level units
    holdings, posts = frames
    scope = divide_measures(holdings=holdings, posts=posts)
    units = [row["measures"] for row in unit_breakdown(holdings=holdings, posts=posts, depth=1)]

    # When the drill-down is suppressed together
    public_scope, public_units = suppress_breakdown(scope=scope, units=units)

    # Then each result is safe on its own, and across units no count has a lone hidden unit cell
    # under a shown scope figure
    assert audit(scope, public_scope, 5) == []
    for original, public in zip(units, public_units, strict=True):
        assert audit(original, public, 5) == []
    if units:
        for group in ("tiers.senior", "aggregates.all_management"):
            section, name = group.split(".")
            for field in COUNT_FIELDS:
                cells = [public_scope[section][name][field]] + [
                    u[section][name][field] for u in public_units
                ]
                assert not lone_hidden_cell(cells), (group, field)
        cells = [public_scope["workforce"]["headcount"]] + [
            u["workforce"]["headcount"] for u in public_units
        ]
        assert not lone_hidden_cell(cells)


def lone_hidden_cell(cells: list[Any]) -> bool:
    """A scope total and its units: one hidden cell beside non-zero shown ones can be recovered.

    (A scope also holds people attached above the units, so a hidden scope total beside units
    that are all 0 reveals nothing.)
    """
    return sum(hidden(c) for c in cells) == 1 and any(not hidden(c) and c != 0 for c in cells)


def test_suppress_table_hides_small_counts_complements_and_derived_columns() -> None:
    # Given a table of units with staff, BME staff and a BME share, and a null row
    table = pl.DataFrame(
        {
            "unit": ["A", "B", "C", "D"],
            "staff": [40, 3, 12, 0],
            "bme": [10, 1, 10, 0],
            "white": [30, 2, 2, 0],
            "bme_share": [0.25, 0.3333, 0.8333, None],
        }
    )

    # When suppressed with staff = bme + white as a group and bme_share derived from bme/staff
    out = suppress_table(
        table,
        count_columns=["staff", "bme", "white"],
        derived={"bme_share": ["bme", "staff"]},
        threshold=5,
        complements=[("bme", "staff")],
        additive_groups=[("staff", ["bme", "white"])],
    )

    # Then row A is shown, B is all hidden, C hides the 2 white staff and (by complement and
    # secondary suppression) the 10, and D shows zeros and keeps its null share
    rows = out.table.select("unit", "staff", "bme", "white", "bme_share").rows()
    assert rows == [
        ("A", "40", "10", "30", "0.25"),
        ("B", "*", "*", "*", "*"),
        ("C", "12", "*", "*", "*"),
        ("D", "0", "0", "0", None),
    ]
    assert out.mask["bme"].to_list() == [False, True, True, False]
    assert out.table["unit"].to_list() == ["A", "B", "C", "D"]


def test_suppress_table_refuses_unknown_columns() -> None:
    # Given a table without the named column, when suppressed, then it is refused
    with pytest.raises(ValueError, match="no column"):
        suppress_table(pl.DataFrame({"a": [1]}), count_columns=["b"], derived={})
