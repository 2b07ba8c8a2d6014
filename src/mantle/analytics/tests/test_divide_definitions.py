"""Issue 13 items 4–6: definitions that follow ../shared/domain/divide-metrics.md.

* a hybrid holds a *clinical* non-management assignment (an administrative post does not count);
"""

from __future__ import annotations

import polars as pl
import pytest

from mantle.analytics.divide import divide_all, divide_measures, unit_breakdown
from mantle.analytics.tests.frames import Post, clinician, holdings_frame, posts_frame

CLINICAL_DIRECTOR = Post(5, "senior", "Medicine")
CONSULTANT = Post(6, "none", "Medicine/Ward 1", clinical=True)
ADMIN = Post(7, "none", "Medicine/Office", clinical=False)
UNCODED = Post(8, "none", "Medicine/Ward 1", clinical=None)


def test_a_clinician_manager_with_only_an_administrative_assignment_is_not_hybrid() -> None:
    # Given two clinical directors: one also a consultant, one also in an administrative post
    consultant, clerk = clinician(1, "medical"), clinician(2, "medical")
    other_director = Post(9, "senior", "Medicine")
    holdings = holdings_frame(
        [
            (consultant, CLINICAL_DIRECTOR, 0.2),
            (consultant, CONSULTANT, 0.8),
            (clerk, other_director, 0.5),
            (clerk, ADMIN, 0.5),
        ]
    )
    posts = posts_frame([CLINICAL_DIRECTOR, other_director, CONSULTANT, ADMIN])

    # When measured one scope at a time, every organisation at once, and by unit
    one = divide_measures(holdings=holdings, posts=posts)["tiers"]["senior"]
    every = divide_all(holdings=holdings, posts=posts).row(0, named=True)
    units = unit_breakdown(holdings=holdings, posts=posts, depth=1)

    # Then only the consultant is hybrid, by every route
    assert (one["clinician_holders"], one["hybrid_holders"], one["hybrid_share"]) == (2, 1, 0.5)
    assert every["senior__hybrid_holders"] == 1
    assert units[0]["measures"]["tiers"]["senior"]["hybrid_holders"] == 1


def test_a_non_management_post_with_no_occupation_code_counts_as_clinical_work() -> None:
    # Given a clinical director whose other post has no occupation code recorded
    director = clinician(1, "medical")
    holdings = holdings_frame([(director, CLINICAL_DIRECTOR, 0.2), (director, UNCODED, 0.8)])

    # When measured
    senior = divide_measures(holdings=holdings, posts=posts_frame([CLINICAL_DIRECTOR, UNCODED]))[
        "tiers"
    ]["senior"]

    # Then the benefit of the doubt is given (documented in docs/metrics.md)
    assert senior["hybrid_holders"] == 1


def test_a_frame_without_the_clinical_post_column_is_read_as_not_recorded() -> None:
    director = clinician(1, "medical")
    holdings = holdings_frame([(director, CLINICAL_DIRECTOR, 0.2), (director, ADMIN, 0.8)])
    without = holdings.drop("clinical_post")
    posts = posts_frame([CLINICAL_DIRECTOR, ADMIN])
    assert divide_measures(holdings=holdings, posts=posts)["tiers"]["senior"]["hybrid_holders"] == 0
    assert divide_measures(holdings=without, posts=posts)["tiers"]["senior"]["hybrid_holders"] == 1
    assert isinstance(without, pl.DataFrame)


def _two_unit_trust() -> tuple[pl.DataFrame, pl.DataFrame]:
    # Medicine: a non-clinician deputy director and one nurse (clinician share 1/2);
    # Surgery: four nurses. Organisation: 5 clinicians of 6 people.
    from mantle.analytics.tests.frames import non_clinician

    manager = Post(20, "senior", "Medicine")
    ward = Post(21, "none", "Medicine/Ward", clinical=True)
    theatre = Post(22, "none", "Surgery/Theatres", clinical=True)
    rows = [(non_clinician(1), manager, 1.0), (clinician(2), ward, 1.0)]
    rows += [(clinician(10 + i), theatre, 1.0) for i in range(4)]
    return holdings_frame(rows), posts_frame([manager, ward, theatre])


def test_a_unit_compares_with_the_whole_organisations_workforce_by_default() -> None:
    # Given the Medicine subtree of a trust whose workforce is 5/6 clinicians
    org, posts = _two_unit_trust()
    scope = org.filter(pl.col("unit_path").str.starts_with("Medicine"))
    scope_posts = posts.filter(pl.col("unit_path").str.starts_with("Medicine"))

    # When Medicine is measured by default, and with its own workforce as the basis
    default = divide_measures(holdings=scope, posts=scope_posts, org_holdings=org)
    own = divide_measures(
        holdings=scope, posts=scope_posts, org_holdings=org, workforce_basis="unit"
    )

    # Then the workforce block is still Medicine's own (1 clinician of 2)
    assert default["workforce"]["workforce_clinician_share"] == 0.5
    # and by default senior management (0 of 1 clinicians) is compared with 5/6 (the domain's)
    assert default["tiers"]["senior"]["representation_ratio"] == 0.0
    assert default["divide_gap_pp"] == pytest.approx(round(5 / 6 * 100, 2))
    # while the unit basis compares with Medicine's own 1/2
    assert own["divide_gap_pp"] == 50.0
    # and unit_breakdown agrees with divide_measures on either basis
    for basis, expected in (("organisation", 83.33), ("unit", 50.0)):
        units = unit_breakdown(holdings=org, posts=posts, depth=1, workforce_basis=basis)
        medicine = next(u for u in units if u["unit_path"] == "Medicine")
        assert medicine["measures"]["divide_gap_pp"] == expected


def test_an_organisation_scope_is_the_same_on_either_basis() -> None:
    org, posts = _two_unit_trust()
    default = divide_measures(holdings=org, posts=posts)
    own = divide_measures(holdings=org, posts=posts, workforce_basis="unit")
    assert default == own
    assert (
        divide_all(holdings=org, posts=posts).row(0, named=True)["divide_gap_pp"]
        == (default["divide_gap_pp"])
    )


def test_an_unknown_basis_is_refused() -> None:
    org, posts = _two_unit_trust()
    with pytest.raises(ValueError, match="workforce_basis"):
        divide_measures(holdings=org, posts=posts, workforce_basis="ward")


def test_both_bases_are_named_in_the_answer_and_hidden_inputs_stay_hidden() -> None:
    from mantle.analytics._measures import with_unit_workforce_figures
    from mantle.analytics.suppression import suppress_divide

    # Given Medicine measured with the organisation's workforce as the basis (the default)
    org, posts = _two_unit_trust()
    scope = org.filter(pl.col("unit_path").str.starts_with("Medicine"))
    scope_posts = posts.filter(pl.col("unit_path").str.starts_with("Medicine"))
    result = divide_measures(holdings=scope, posts=scope_posts, org_holdings=org)

    # When the unit-basis alternatives are added
    both = with_unit_workforce_figures(result)

    # Then both bases are there, named, with the organisation's as the default
    assert both["workforce_basis"]["default"] == "organisation"
    assert both["divide_gap_pp"] == 83.33 and both["divide_gap_pp_unit_workforce"] == 50.0
    assert both["tiers"]["senior"]["representation_ratio_unit_workforce"] == 0.0
    # and after disclosure control (2 people: every count hidden) the alternatives are hidden too
    hidden = with_unit_workforce_figures(suppress_divide(result))
    assert hidden["divide_gap_pp_unit_workforce"] == "*"
    assert hidden["tiers"]["senior"]["representation_ratio_unit_workforce"] == "*"
