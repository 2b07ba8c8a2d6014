"""Issue 13 items 4–6: definitions that follow ../shared/domain/divide-metrics.md.

* a hybrid holds a *clinical* non-management assignment (an administrative post does not count);
"""

from __future__ import annotations

import polars as pl

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
