"""Behaviour of the divide measures: hand-computed fixtures, edge rules and parity."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mantle.analytics.divide import (
    divide_all,
    divide_measures,
    flat_columns,
    nest_flat_row,
    unit_breakdown,
)
from mantle.analytics.tests.frames import (
    Post,
    clinician,
    holdings_frame,
    lapsed,
    non_clinician,
    posts_frame,
    workforces,
)

CEO = Post(1, "board_executive", "Board")
MEDICAL_DIRECTOR = Post(2, "board_executive", "Board", statutory_clinical=True)
NURSING_DIRECTOR = Post(3, "board_executive", "Board", statutory_clinical=True)
FINANCE_DIRECTOR = Post(4, "board_executive", "Board")
CLINICAL_DIRECTOR = Post(5, "senior", "Medicine")
CONSULTANT = Post(6, "none", "Medicine/Ward 1")
NURSE = Post(7, "none", "Medicine/Ward 1")
MATRON = Post(8, "middle", "Medicine/Ward 1")


def test_counts_posts_people_and_fte_for_a_hand_computed_organisation() -> None:
    # Given a board of four (two clinicians in the statutory posts), a clinical director who is
    # also a consultant, a vacant matron post and one ward nurse
    md, dn, ceo, fd = clinician(1, "medical"), clinician(2), non_clinician(3), non_clinician(4)
    cd, nurse = clinician(5, "medical"), clinician(6)
    holdings = holdings_frame(
        [
            (ceo, CEO, 1.0),
            (md, MEDICAL_DIRECTOR, 0.5),
            (md, CONSULTANT, 0.5),
            (dn, NURSING_DIRECTOR, 1.0),
            (fd, FINANCE_DIRECTOR, 1.0),
            (cd, CLINICAL_DIRECTOR, 0.2),
            (cd, CONSULTANT, 0.8),
            (nurse, NURSE, 1.0),
        ]
    )
    posts = posts_frame(
        [
            CEO,
            MEDICAL_DIRECTOR,
            NURSING_DIRECTOR,
            FINANCE_DIRECTOR,
            CLINICAL_DIRECTOR,
            CONSULTANT,
            NURSE,
            MATRON,
        ]
    )

    # When the measures are computed
    result = divide_measures(holdings=holdings, posts=posts)

    # Then the workforce is the 6 distinct people (4 clinicians) and their 6.0 FTE
    assert result["workforce"] == {
        "headcount": 6,
        "fte": 6.0,
        "clinician_headcount": 4,
        "workforce_clinician_share": 0.6667,
        "clinical_background_headcount": 4,
        "workforce_clinical_background_share": 0.6667,
        "inferred_clinician_headcount": 0,
    }
    board = result["tiers"]["board_executive"]
    assert (board["posts"], board["filled"], board["vacant"], board["holders"]) == (4, 4, 0, 4)
    assert board["clinician_holders"] == 2
    assert board["clinician_holders_by_profession"]["medical"] == 1
    assert board["clinician_holders_by_profession"]["nursing_midwifery"] == 1
    assert board["clinician_share"] == 0.5
    assert (board["management_fte"], board["clinician_management_fte"]) == (3.5, 1.5)
    assert board["clinician_capacity_share"] == 0.4286  # 1.5 / 3.5
    assert board["representation_ratio"] == 0.75  # 0.5 / (4/6)
    assert board["hybrid_share"] == 0.5  # the medical director also works as a consultant
    senior = result["aggregates"]["senior_management"]
    assert (senior["holders"], senior["clinician_holders"], senior["hybrid_share"]) == (
        5,
        3,
        0.6667,
    )
    assert senior["clinician_share"] == 0.6
    middle = result["tiers"]["middle"]
    assert (middle["posts"], middle["filled"], middle["vacant"], middle["holders"]) == (1, 0, 1, 0)
    assert result["aggregates"]["all_management"]["posts"] == 6  # tier "none" posts never count
    # (4/6 − 3/5) × 100 = 6.666… → 6.67
    assert result["divide_gap_pp"] == 6.67


def test_statutory_posts_are_left_out_of_the_executive_refinement() -> None:
    # Given an executive team whose only clinicians hold the two statutory clinical posts
    holdings = holdings_frame(
        [
            (clinician(1, "medical"), MEDICAL_DIRECTOR, 1.0),
            (clinician(2), NURSING_DIRECTOR, 1.0),
            (non_clinician(3), CEO, 1.0),
            (non_clinician(4), FINANCE_DIRECTOR, 1.0),
        ]
    )
    posts = posts_frame([CEO, MEDICAL_DIRECTOR, NURSING_DIRECTOR, FINANCE_DIRECTOR])

    # When the measures are computed
    result = divide_measures(holdings=holdings, posts=posts)

    # Then the executive tier looks half clinical, but excluding statutory posts it has none
    assert result["tiers"]["board_executive"]["clinician_share"] == 0.5
    excluded = result["board_executive_excluding_statutory"]
    assert (excluded["posts"], excluded["holders"], excluded["clinician_holders"]) == (2, 2, 0)
    assert excluded["clinician_share"] == 0.0
    assert excluded["management_fte"] == 2.0


def test_someone_also_holding_a_non_statutory_executive_post_stays_in_the_refinement() -> None:
    # Given a medical director who is also (acting) chief executive
    md = clinician(1, "medical")
    holdings = holdings_frame([(md, MEDICAL_DIRECTOR, 0.5), (md, CEO, 0.5)])

    # When the measures are computed
    result = divide_measures(holdings=holdings, posts=posts_frame([MEDICAL_DIRECTOR, CEO]))

    # Then they count once in the tier and once (with the CEO post's FTE only) in the refinement
    assert result["tiers"]["board_executive"]["holders"] == 1
    excluded = result["board_executive_excluding_statutory"]
    assert (excluded["holders"], excluded["clinician_holders"]) == (1, 1)
    assert excluded["management_fte"] == 0.5


def test_hybrid_needs_a_non_management_assignment_in_the_same_organisation() -> None:
    # Given two clinical directors: one also a consultant here, one a consultant elsewhere only
    here, elsewhere = clinician(1, "medical"), clinician(2, "medical")
    other_org_consultant = Post(9, "none", "Medicine", org_code="RZZ")
    other_director = Post(10, "senior", "Surgery")
    holdings = holdings_frame(
        [
            (here, CLINICAL_DIRECTOR, 0.2),
            (here, CONSULTANT, 0.8),
            (elsewhere, other_director, 0.2),
            (elsewhere, other_org_consultant, 0.8),
        ]
    )
    posts = posts_frame([CLINICAL_DIRECTOR, CONSULTANT, other_director, other_org_consultant])

    # When each organisation is measured
    table = divide_all(holdings=holdings, posts=posts)
    ours = table.filter(pl.col("org_code") == "RAA").row(0, named=True)

    # Then only the one with clinical work in the same organisation is hybrid
    assert ours["senior__clinician_holders"] == 2
    assert ours["senior__hybrid_holders"] == 1
    assert ours["senior__hybrid_share"] == 0.5


def test_a_non_clinician_with_a_non_management_post_is_not_hybrid() -> None:
    # Given a manager who is not a clinician but also has an administrative assignment
    person = non_clinician(1)
    admin = Post(9, "none", "Medicine")
    holdings = holdings_frame([(person, MATRON, 0.5), (person, admin, 0.5)])

    # When measured
    result = divide_measures(holdings=holdings, posts=posts_frame([MATRON, admin]))

    # Then hybrid share has no clinician holders to divide by
    middle = result["tiers"]["middle"]
    assert (middle["hybrid_holders"], middle["hybrid_share"]) == (0, None)


def test_unit_scope_reads_hybrid_status_from_the_whole_organisation() -> None:
    # Given a surgical clinical director whose consultant sessions are in Medicine
    director = clinician(1, "medical")
    surgery_cd = Post(10, "senior", "Surgery")
    surgery_nurse = Post(11, "none", "Surgery/Theatres")
    org = holdings_frame(
        [
            (director, surgery_cd, 0.2),
            (director, CONSULTANT, 0.8),
            (clinician(2), surgery_nurse, 1.0),
        ]
    )
    scope = org.filter(pl.col("unit_path").str.starts_with("Surgery"))
    posts = posts_frame([surgery_cd, surgery_nurse])

    # When Surgery is measured with, and without, the organisation's holdings
    with_org = divide_measures(holdings=scope, posts=posts, org_holdings=org)
    scope_only = divide_measures(holdings=scope, posts=posts)

    # Then the director is hybrid only when the whole organisation is consulted
    assert with_org["tiers"]["senior"]["hybrid_share"] == 1.0
    assert scope_only["tiers"]["senior"]["hybrid_share"] == 0.0
    # and the Surgery workforce is still only the two people working in Surgery
    assert with_org["workforce"]["headcount"] == 2
    assert with_org["workforce"]["fte"] == 1.2


def test_clinical_background_is_shown_beside_clinician_never_instead() -> None:
    # Given a manager whose registration has lapsed and one who is registered
    holdings = holdings_frame(
        [(lapsed(1, "medical"), CEO, 1.0), (clinician(2), FINANCE_DIRECTOR, 1.0)]
    )

    # When measured
    result = divide_measures(holdings=holdings, posts=posts_frame([CEO, FINANCE_DIRECTOR]))

    # Then the lapsed doctor counts only towards clinical background, not clinicians or doctors
    board = result["tiers"]["board_executive"]
    assert (board["clinician_holders"], board["clinical_background_holders"]) == (1, 2)
    assert (board["clinician_share"], board["clinical_background_share"]) == (0.5, 1.0)
    assert board["clinician_holders_by_profession"]["medical"] == 0
    assert result["workforce"]["clinician_headcount"] == 1
    assert result["workforce"]["clinical_background_headcount"] == 2


def test_inferred_clinicians_count_as_clinicians_and_are_flagged() -> None:
    # Given a matron with a recorded registration and one inferred from the occupation code
    second_matron = Post(9, "middle", "Medicine/Ward 2")
    holdings = holdings_frame(
        [(clinician(1), MATRON, 1.0), (clinician(2, inferred=True), second_matron, 1.0)]
    )

    # When measured
    result = divide_measures(holdings=holdings, posts=posts_frame([MATRON, second_matron]))

    # Then both are clinicians and the inferred one is flagged in the tier and the workforce
    middle = result["tiers"]["middle"]
    assert (middle["clinician_holders"], middle["inferred_clinician_holders"]) == (2, 1)
    assert result["workforce"]["inferred_clinician_headcount"] == 1


def test_empty_scope_gives_zero_counts_and_null_shares() -> None:
    # Given a scope with nothing in it
    result = divide_measures(holdings=holdings_frame([]), posts=posts_frame([]))

    # Then counts are 0, FTE 0.0, and every share, ratio and the gap are null
    assert result["workforce"]["headcount"] == 0
    assert result["workforce"]["fte"] == 0.0
    assert result["workforce"]["workforce_clinician_share"] is None
    board = result["aggregates"]["board"]
    assert (board["posts"], board["holders"], board["management_fte"]) == (0, 0, 0.0)
    for share in (
        "clinician_share",
        "clinician_capacity_share",
        "representation_ratio",
        "hybrid_share",
        "clinical_background_share",
    ):
        assert board[share] is None
    assert result["divide_gap_pp"] is None


def test_representation_ratio_is_null_when_the_workforce_has_no_clinicians() -> None:
    # Given a scope of non-clinicians only
    holdings = holdings_frame([(non_clinician(1), CEO, 1.0)])

    # When measured
    result = divide_measures(holdings=holdings, posts=posts_frame([CEO]))

    # Then the tier share is 0 but the ratio to a 0 workforce share is null, not infinite or 0
    board = result["tiers"]["board_executive"]
    assert board["clinician_share"] == 0.0
    assert result["workforce"]["workforce_clinician_share"] == 0.0
    assert board["representation_ratio"] is None


def test_zero_fte_management_gives_null_capacity_share() -> None:
    # Given a post held at 0 FTE (e.g. an honorary arrangement)
    holdings = holdings_frame([(clinician(1), MATRON, 0.0)])

    # When measured
    result = divide_measures(holdings=holdings, posts=posts_frame([MATRON]))

    # Then the capacity share has no FTE to divide by
    middle = result["tiers"]["middle"]
    assert (middle["management_fte"], middle["clinician_capacity_share"]) == (0.0, None)
    assert middle["clinician_share"] == 1.0


def test_shares_round_to_four_places_and_fte_to_two_half_away_from_zero() -> None:
    # Given six senior managers (one a clinician), each at 0.125 FTE
    team = [Post(10 + i, "senior", "Unit") for i in range(6)]
    people = [clinician(1)] + [non_clinician(i) for i in range(2, 7)]
    holdings = holdings_frame([(p, post, 0.125) for p, post in zip(people, team, strict=True)])

    # When measured
    result = divide_measures(holdings=holdings, posts=posts_frame(team))

    # Then shares are rounded to 4 d.p. and FTE to 2 d.p., halves away from zero
    senior = result["tiers"]["senior"]
    assert senior["clinician_share"] == 0.1667
    assert senior["management_fte"] == 0.75
    assert senior["clinician_management_fte"] == 0.13  # 0.125 → 0.13, not 0.12
    # and the gap is (1/6 − 1/6) × 100 = 0 exactly
    assert result["divide_gap_pp"] == 0.0


def test_gap_is_computed_before_rounding() -> None:
    # Given a workforce share of exactly 1/3 and a senior share of 1/6: rounding the shares first
    # would give (0.3333 − 0.1667) × 100 = 16.66 instead of 16.67
    senior_posts = [Post(10 + i, "senior") for i in range(6)]
    others = [Post(20 + i, "none") for i in range(12)]
    seniors = [(clinician(1), senior_posts[0], 1.0)] + [
        (non_clinician(i + 2), senior_posts[i + 1], 1.0) for i in range(5)
    ]
    # workforce: 18 people, 6 clinicians → 1/3
    staff = [(clinician(100 + i), others[i], 1.0) for i in range(5)] + [
        (non_clinician(200 + i), others[5 + i], 1.0) for i in range(7)
    ]

    # When measured
    result = divide_measures(
        holdings=holdings_frame(seniors + staff), posts=posts_frame(senior_posts + others)
    )

    # Then the gap is 16.67
    assert result["workforce"]["workforce_clinician_share"] == 0.3333
    assert result["aggregates"]["senior_management"]["clinician_share"] == 0.1667
    assert result["divide_gap_pp"] == 16.67


def test_people_count_once_per_group_and_job_shares_fill_one_post() -> None:
    # Given a job-shared ward manager post, and a director who also covers a middle-tier post
    ward_manager = Post(20, "first_line", "Medicine/Ward 1")
    a, b, director = clinician(1), clinician(2), non_clinician(3)
    holdings = holdings_frame(
        [
            (a, ward_manager, 0.5),
            (b, ward_manager, 0.5),
            (director, CLINICAL_DIRECTOR, 0.6),
            (director, MATRON, 0.4),
        ]
    )

    # When measured
    result = divide_measures(
        holdings=holdings, posts=posts_frame([ward_manager, CLINICAL_DIRECTOR, MATRON])
    )

    # Then the shared post is one filled post with two holders, and the director is one person
    first_line = result["tiers"]["first_line"]
    assert (first_line["posts"], first_line["filled"], first_line["holders"]) == (1, 1, 2)
    everyone = result["aggregates"]["all_management"]
    assert (everyone["posts"], everyone["filled"], everyone["holders"]) == (3, 3, 3)
    assert everyone["management_fte"] == 2.0
    assert result["workforce"]["headcount"] == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h, p: (h, p.filter(pl.col("post_id") != 5)), "does not match a post"),
        (
            lambda h, p: (h.with_columns(pl.lit("board").alias("tier")), p),
            "unknown tier",
        ),
        (
            lambda h, p: (h.with_columns(pl.lit(None, pl.String).alias("profession")), p),
            "clinician rule",
        ),
        (
            lambda h, p: (
                h.with_columns(
                    pl.when(pl.col("post_id") == 6)
                    .then(False)
                    .otherwise(True)
                    .alias("is_clinician"),
                    pl.lit(False).alias("clinician_inferred"),
                ),
                p,
            ),
            "different clinician details",
        ),
        (lambda h, p: (h.drop("fte"), p), "missing column"),
        (lambda h, p: (h, pl.concat([p, p])), "more than once"),
        (
            lambda h, p: (h, pl.concat([p, posts_frame([Post(99, "senior", org_code="RZZ")])])),
            "one organisation",
        ),
    ],
)
def test_inconsistent_frames_are_refused_with_a_clear_message(change, message) -> None:  # type: ignore[no-untyped-def]
    # Given a valid clinical director + consultant, then broken in one way
    cd = clinician(1, "medical")
    holdings = holdings_frame([(cd, CLINICAL_DIRECTOR, 0.2), (cd, CONSULTANT, 0.8)])
    posts = posts_frame([CLINICAL_DIRECTOR, CONSULTANT])
    broken_holdings, broken_posts = change(holdings, posts)

    # When measured, then it is refused
    with pytest.raises(ValueError, match=message):
        divide_measures(holdings=broken_holdings, posts=broken_posts)


def test_unit_breakdown_measures_each_subtree_at_the_requested_depth() -> None:
    # Given people in two wards of Medicine, a director attached to Medicine itself, and Surgery
    ward2_sister = Post(30, "first_line", "Medicine/Ward 2")
    surgery_cd = Post(31, "senior", "Surgery")
    director, consultant = clinician(1, "medical"), clinician(2, "medical")
    holdings = holdings_frame(
        [
            (director, CLINICAL_DIRECTOR, 0.2),  # Medicine
            (director, CONSULTANT, 0.8),  # Medicine/Ward 1
            (consultant, CONSULTANT, 1.0),
            (clinician(3), MATRON, 1.0),  # Medicine/Ward 1
            (non_clinician(4), surgery_cd, 1.0),
        ]
    )
    posts = posts_frame([CLINICAL_DIRECTOR, CONSULTANT, MATRON, ward2_sister, surgery_cd])

    # When broken down one level below the organisation, and one level below Medicine
    top = unit_breakdown(holdings=holdings, posts=posts, depth=1)
    scope = holdings.filter(pl.col("unit_path").str.starts_with("Medicine"))
    wards = unit_breakdown(
        holdings=scope,
        posts=posts.filter(pl.col("unit_path").str.starts_with("Medicine")),
        depth=1,
        scope_path="Medicine",
        org_holdings=holdings,
    )

    # Then the top level has Medicine (3 people) and Surgery (1)
    assert [u["unit_path"] for u in top] == ["Medicine", "Surgery"]
    assert [u["measures"]["workforce"]["headcount"] for u in top] == [3, 1]
    assert top[0]["measures"]["tiers"]["senior"]["hybrid_share"] == 1.0
    # and below Medicine the wards appear (Ward 2 only has a vacancy); the director attached to
    # Medicine itself belongs to no ward, but his consultant work counts in Ward 1
    assert [(u["unit_name"], u["unit_path"]) for u in wards] == [
        ("Ward 1", "Medicine/Ward 1"),
        ("Ward 2", "Medicine/Ward 2"),
    ]
    ward1, ward2 = (u["measures"] for u in wards)
    assert ward1["workforce"]["headcount"] == 3
    assert ward1["aggregates"]["senior_management"]["holders"] == 0
    assert (ward2["workforce"]["headcount"], ward2["tiers"]["first_line"]["vacant"]) == (0, 1)


def test_unit_breakdown_refuses_rows_outside_the_scope_and_a_zero_depth() -> None:
    # Given frames for the whole organisation
    holdings = holdings_frame(
        [(clinician(1), MATRON, 1.0), (clinician(2), Post(9, "none", "Surgery"), 1.0)]
    )
    posts = posts_frame([MATRON, Post(9, "none", "Surgery")])

    # When asked for Medicine's units with Surgery rows included, or for depth 0, then refused
    with pytest.raises(ValueError, match="outside the scope"):
        unit_breakdown(holdings=holdings, posts=posts, depth=1, scope_path="Medicine")
    with pytest.raises(ValueError, match="depth"):
        unit_breakdown(holdings=holdings, posts=posts, depth=0)


def test_divide_all_keeps_an_organisation_whose_posts_are_all_vacant() -> None:
    # Given one staffed organisation and one with only a vacant post
    vacant = Post(40, "senior", org_code="RBB")
    holdings = holdings_frame([(clinician(1), MATRON, 1.0)])

    # When every organisation is measured
    table = divide_all(holdings=holdings, posts=posts_frame([MATRON, vacant]))

    # Then both appear, the empty one with zero people and one vacancy
    assert table["org_code"].to_list() == ["RAA", "RBB"]
    empty = table.row(1, named=True)
    assert (empty["workforce__headcount"], empty["senior__vacant"]) == (0, 1)
    assert empty["senior__clinician_share"] is None


def test_flat_columns_follow_the_documented_naming() -> None:
    # When the flat column names are listed
    columns = flat_columns()

    # Then they join group and measure with a double underscore, professions nested one deeper
    assert columns[0] == "workforce__headcount"
    assert "senior_management__clinician_share" in columns
    assert "board_executive_excluding_statutory__holders" in columns
    assert "middle__clinician_holders_by_profession__allied_health" in columns
    assert columns[-1] == "divide_gap_pp"
    assert len(columns) == len(set(columns))


@settings(max_examples=100, deadline=None)
@given(frames=workforces())
def test_divide_all_agrees_with_divide_measures_for_every_organisation(frames) -> None:  # type: ignore[no-untyped-def]
    # Given random holdings and posts across up to three organisations
    holdings, posts = frames

    # When every organisation is measured at once
    table = divide_all(holdings=holdings, posts=posts)

    # Then each row equals the one-scope computation on that organisation's frames
    expected_orgs = sorted(set(holdings["org_code"]) | set(posts["org_code"]))
    assert table["org_code"].to_list() == expected_orgs
    for row in table.iter_rows(named=True):
        mine = pl.col("org_code") == row["org_code"]
        single = divide_measures(holdings=holdings.filter(mine), posts=posts.filter(mine))
        assert nest_flat_row(row) == single


@settings(max_examples=60, deadline=None)
@given(frames=workforces(orgs=("RAA",)), depth=st.integers(1, 2))
def test_unit_breakdown_agrees_with_divide_measures_on_each_subtree(frames, depth) -> None:  # type: ignore[no-untyped-def]
    # Given one random organisation
    holdings, posts = frames

    # When it is broken down by units at depth 1 or 2
    rows = unit_breakdown(holdings=holdings, posts=posts, depth=depth)

    # Then each unit equals divide_measures on that subtree, with org-wide hybrid status
    for row in rows:
        path = row["unit_path"]
        inside = (pl.col("unit_path") == path) | pl.col("unit_path").str.starts_with(path + "/")
        single = divide_measures(
            holdings=holdings.filter(inside), posts=posts.filter(inside), org_holdings=holdings
        )
        assert row["measures"] == single
    # and every unit at that depth that has a post or a holding is listed
    paths = pl.concat([holdings["unit_path"], posts["unit_path"]]).to_list()
    expected = sorted(
        {"/".join(p.split("/")[:depth]) for p in paths if p and p.count("/") + 1 >= depth}
    )
    assert [r["unit_path"] for r in rows] == expected
