"""Every 360° anonymity rule, including tiny teams and the differencing attack."""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mantle.capability.engine.anonymity import (
    ALL_OTHERS,
    COMBINED,
    Report360,
    ReportNotReleased,
    build_report,
    order_comments,
)
from mantle.capability.engine.responses import ANONYMOUS_GROUPS, Response
from mantle.capability.frameworks import FrameworkSpec, shipped_frameworks
from mantle.capability.tests.test_engine_fixtures import answers, small_framework, uniform_response

SECRET = b"cycle-2026-secret-key"


def report(responses: Sequence[Response], *, threshold: int = 3, **kwargs: object) -> Report360:
    return build_report(
        framework=small_framework(),
        responses=list(responses),
        released=True,
        comment_secret=SECRET,
        threshold=threshold,
        **kwargs,  # type: ignore[arg-type]
    )


def status(result: Report360) -> dict[str, tuple[str, str]]:
    return {g.group: (g.status, g.responses) for g in result.groups}


def columns(result: Report360) -> list[str]:
    return [c.key for c in result.columns]


# --- release ----------------------------------------------------------------------------------


def test_no_report_exists_before_the_cycle_is_released():
    # Given a complete set of responses in a cycle that is still open
    responses = [uniform_response("self", 3), *[uniform_response("peer", 2) for _ in range(3)]]
    # When the report is requested, then it is refused with a typed error
    with pytest.raises(ReportNotReleased):
        build_report(
            framework=small_framework(),
            responses=responses,
            released=False,
            comment_secret=SECRET,
        )


def test_refusal_comes_before_any_processing_of_the_responses():
    # Even a response that would fail validation yields only the release refusal, so an open
    # cycle gives no signal at all about what has been submitted.
    with pytest.raises(ReportNotReleased):
        build_report(
            framework=small_framework(),
            responses=[Response("peer", {"nonsense": (9, None)})],
            released=False,
            comment_secret=SECRET,
        )


# --- groups -----------------------------------------------------------------------------------


def test_line_manager_is_shown_and_labelled_even_with_one_response():
    result = report([uniform_response("self", 3), uniform_response("line_manager", 2)])
    assert status(result)["line_manager"] == ("identifiable", "1")
    assert result.dimensions[0].performance["line_manager"].mean == 2.0
    assert "identifiable by design" in next(
        g.explanation for g in result.groups if g.group == "line_manager"
    )


def test_an_anonymous_group_at_the_threshold_is_shown_with_its_exact_count():
    result = report([uniform_response("peer", v) for v in (2, 3, 4)])
    assert status(result)["peer"] == ("shown", "3")
    cell = result.dimensions[0].performance["peer"]
    assert (cell.mean, cell.n, cell.n_display) == (3.0, 3, "3")


@pytest.mark.parametrize("peers", [1, 2])
def test_a_tiny_peer_group_alone_is_withheld_without_its_exact_count(peers: int):
    # Given a line manager, and only one or two peers
    responses = [uniform_response("line_manager", 2)]
    responses += [uniform_response("peer", 4, comments=("Peer remark.",)) for _ in range(peers)]
    # When the report is built
    result = report(responses)
    # Then peers are withheld, described as "fewer than 3", never as 1 or 2
    assert status(result)["peer"] == ("withheld", "fewer than 3")
    explanation = next(g.explanation for g in result.groups if g.group == "peer")
    assert str(peers) not in explanation
    assert "peer" not in columns(result)
    # And their ratings are in no figure: all others equals the line manager alone
    assert result.dimensions[0].performance[ALL_OTHERS].mean == 2.0
    assert result.comments.anonymous == ()


def test_small_groups_that_reach_the_threshold_together_are_combined():
    # Given 2 peers (rating 4) and 1 direct report (rating 1)
    responses = [uniform_response("peer", 4), uniform_response("peer", 4)]
    responses.append(uniform_response("direct_report", 1))
    # When the report is built
    result = report(responses)
    # Then neither group is shown alone, and the combined column pools all three
    assert status(result)["peer"] == ("merged", "fewer than 3")
    assert status(result)["direct_report"] == ("merged", "fewer than 3")
    assert columns(result) == [COMBINED, ALL_OTHERS]
    combined = next(c for c in result.columns if c.key == COMBINED)
    assert combined.label == "Combined (peers and direct reports)"
    cell = result.dimensions[0].performance[COMBINED]
    assert (cell.mean, cell.n) == (pytest.approx(3.0), 3)


def test_small_groups_still_below_the_threshold_together_are_all_withheld():
    responses = [uniform_response("peer", 4), uniform_response("other", 1)]
    result = report([uniform_response("self", 2), *responses])
    assert status(result)["peer"][0] == status(result)["other"][0] == "withheld"
    assert result.dimensions[0].performance[ALL_OTHERS].mean is None
    assert result.dimensions[0].gap is None


def test_shown_groups_are_never_merged_with_small_ones():
    responses = [uniform_response("peer", 3) for _ in range(4)]
    responses += [uniform_response("direct_report", 1), uniform_response("other", 1)]
    result = report(responses)
    assert status(result)["peer"] == ("shown", "4")
    assert status(result)["direct_report"][0] == "withheld"
    assert result.dimensions[0].performance[ALL_OTHERS].mean == 3.0


def test_all_others_leaves_out_a_withheld_group_so_subtraction_reveals_nothing():
    # Given the case from the brief: line manager (1), peers (3) shown, direct reports (2)
    base = [uniform_response("line_manager", 2)] + [uniform_response("peer", 3) for _ in range(3)]
    low = report(
        [*base, uniform_response("direct_report", 1), uniform_response("direct_report", 1)]
    )
    high = report(
        [*base, uniform_response("direct_report", 4), uniform_response("direct_report", 4)]
    )
    # Then all others = (2 + 3 + 3 + 3) / 4 whatever the direct reports said
    for result in (low, high):
        cell = result.dimensions[0].performance[ALL_OTHERS]
        assert (cell.mean, cell.n) == (pytest.approx(11 / 4), 4)
    assert low.dimensions == high.dimensions


def test_threshold_is_a_parameter():
    responses = [uniform_response("peer", 3) for _ in range(3)]
    assert status(report(responses, threshold=4))["peer"] == ("withheld", "fewer than 4")
    with pytest.raises(ValueError, match="at least 2"):
        report(responses, threshold=1)


# --- per-dimension cells ----------------------------------------------------------------------


def test_a_dimension_rated_by_fewer_than_threshold_raters_in_a_group_is_hidden():
    # Given 3 peers, two of whom had no chance to judge "beta"
    responses = [
        uniform_response("line_manager", 2),
        Response("peer", answers((3, 3, 3), (4, 4, 4))),
        Response("peer", answers((3, 3, 3), (None, None, None))),
        Response("peer", answers((3, 3, 3), (None, None, None))),
    ]
    # When the report is built
    result = report(responses)
    beta = result.dimensions[1]
    # Then the peer cell for beta is hidden, and all others for beta is the manager alone
    assert beta.performance["peer"].suppressed
    assert (beta.performance["peer"].mean, beta.performance["peer"].n_display) == (
        None,
        "fewer than 3",
    )
    assert beta.performance[ALL_OTHERS].mean == 2.0
    assert result.dimensions[0].performance["peer"].mean == 3.0
    assert any("rated a dimension" in notice for notice in result.notices)


def test_highlights_are_computed_from_shown_figures_only():
    # Given a self rating of 4, three peers at 4 and two withheld direct reports at 1
    responses = [uniform_response("self", 4), *[uniform_response("peer", 4) for _ in range(3)]]
    responses += [uniform_response("direct_report", 1) for _ in range(2)]
    result = report(responses)
    # Then no blind spot appears: the low, withheld ratings cannot show through a gap
    assert result.blind_spots == ()
    assert result.dimensions[0].gap == 0.0


def test_importance_cells_follow_the_same_rules():
    responses = [uniform_response("peer", 3, importance=4) for _ in range(2)]
    responses.append(uniform_response("peer", 3, importance=None))
    result = report(responses)
    cell = result.dimensions[0].importance["peer"]
    assert cell.suppressed
    assert cell.mean is None
    assert result.dimensions[0].importance[ALL_OTHERS].mean is None


def test_a_management_practice_instrument_cannot_produce_a_360_report():
    mpi = next(f for f in shipped_frameworks() if f.key == "mpi")
    with pytest.raises(ValueError, match="not a 360"):
        build_report(framework=mpi, responses=[], released=True, comment_secret=SECRET)


def test_a_full_hlm_report_has_nine_dimensions_and_a_self_assessment():
    hlm = next(f for f in shipped_frameworks() if f.key == "hlm")
    keys = [s.key for d in hlm.dimensions for s in d.statements]

    def rater(group: str, value: int) -> Response:
        return Response(group, dict.fromkeys(keys, (value, 3)))

    responses = [rater("self", 4), rater("line_manager", 3)]
    responses += [rater("peer", 3) for _ in range(4)]
    responses += [rater("direct_report", 2) for _ in range(3)]
    result = build_report(framework=hlm, responses=responses, released=True, comment_secret=SECRET)
    assert len(result.dimensions) == 9
    assert result.self_assessment is not None
    assert {level.label for level in result.self_assessment.levels} == {"Exemplary"}
    assert result.dimensions[0].performance[ALL_OTHERS].n == 8
    assert len(result.blind_spots) == 9


# --- comments ---------------------------------------------------------------------------------


def _hmac(text: str) -> str:
    return hmac.new(SECRET, text.encode(), hashlib.sha256).hexdigest()


def test_comments_carry_no_group_and_withheld_groups_comments_are_dropped():
    responses = [
        uniform_response("self", 3, comments=("My own note.",)),
        uniform_response("line_manager", 3, comments=("From the manager.",)),
        *[uniform_response("peer", 3, comments=(f"Peer comment {i}.",)) for i in range(3)],
        uniform_response("direct_report", 3, comments=("Only direct report.",)),
    ]
    result = report(responses)
    assert result.comments.self == ("My own note.",)
    assert result.comments.line_manager == ("From the manager.",)
    assert set(result.comments.anonymous) == {f"Peer comment {i}." for i in range(3)}
    assert "Only direct report." not in str(result)
    assert result.comments.withheld_notice is not None
    assert "direct reports" in result.comments.withheld_notice


def test_comment_order_follows_the_keyed_hash_not_submission():
    # Given comments submitted in alphabetical order
    texts = [f"Comment {letter}" for letter in "ABCDEFGH"]
    responses = [uniform_response("peer", 3, comments=(text,)) for text in texts]
    # When the report is built
    shown = report(responses).comments.anonymous
    # Then the order is that of the HMAC under the cycle secret, which is not submission order
    assert list(shown) == sorted(texts, key=_hmac)
    assert list(shown) != texts


def test_comment_order_differs_between_cycles_with_different_secrets():
    texts = [f"Comment {n}" for n in range(12)]
    first = order_comments(comments=texts, secret=b"a" * 16)
    second = order_comments(comments=texts, secret=b"b" * 16)
    assert sorted(first) == sorted(second)
    assert first != second


def test_a_short_comment_secret_is_refused():
    with pytest.raises(ValueError, match="at least 16 bytes"):
        build_report(
            framework=small_framework(), responses=[], released=True, comment_secret=b"short"
        )


@settings(max_examples=100, deadline=None)
@given(
    texts=st.lists(st.text(min_size=1, max_size=30), min_size=3, max_size=10),
    seed=st.integers(),
)
def test_comment_order_is_stable_whatever_the_arrival_order(texts: list[str], seed: int):
    # Given the same comments arriving in two different orders
    responses = [uniform_response("peer", 3, comments=(text,)) for text in texts]
    shuffled = list(responses)
    random.Random(seed).shuffle(shuffled)
    # Then the report lists them identically both times
    assert report(responses).comments.anonymous == report(shuffled).comments.anonymous


# --- the differencing attack ------------------------------------------------------------------

Figures = dict[str, float]
FigureFunction = Callable[[list[Response]], Figures]


def engine_figures(framework: FrameworkSpec, threshold: int) -> FigureFunction:
    """Every number the real report shows, keyed by dimension, aspect and column."""

    def figures(responses: list[Response]) -> Figures:
        result = build_report(
            framework=framework,
            responses=responses,
            released=True,
            comment_secret=SECRET,
            threshold=threshold,
        )
        shown: Figures = {}
        for dimension in result.dimensions:
            for aspect, cells in (("perf", dimension.performance), ("imp", dimension.importance)):
                for column, cell in cells.items():
                    if cell.mean is not None:
                        shown[f"{dimension.key}/{aspect}/{column}"] = cell.mean
            if dimension.gap is not None:
                shown[f"{dimension.key}/perf/gap"] = dimension.gap
        return shown

    return figures


def _bump(response: Response, framework: FrameworkSpec, dimension: str, aspect: int) -> Response:
    """Change one rater's answers on one dimension so that their dimension score changes."""
    ratings = dict(response.ratings)
    keys = [s.key for s in framework.dimension_by_key[dimension].statements]
    given_values = [
        ratings[k][aspect] for k in keys if k in ratings and ratings[k][aspect] is not None
    ]
    if not given_values:
        return response
    current = sum(v for v in given_values if v is not None) / len(given_values)
    new = 4 if current != 4 else 1
    for key in keys:
        pair = list(ratings[key])
        if pair[aspect] is not None:
            pair[aspect] = new
            ratings[key] = (pair[0], pair[1])
    return replace(response, ratings=ratings)


def differencing_leaks(
    *,
    framework: FrameworkSpec,
    responses: list[Response],
    withheld: set[str],
    threshold: int,
    figures: FigureFunction,
) -> list[str]:
    """Attack a report: return every way a withheld or under-threshold set of raters leaks.

    The attacker is assumed to know every group's exact size and every shown mean, so each shown
    mean gives the sum of its pool. Which raters are in which pool is found from outside the
    engine by changing one rater's answers and watching which shown numbers move. A withheld
    group's mean on a dimension is recoverable exactly when its indicator vector lies in the
    row space of the pool matrix; and since every vector in that space is constant on raters
    with identical columns, any such block of anonymous raters smaller than the threshold is a
    small pool the attacker might isolate.
    """
    baseline = figures(responses)
    leaks: list[str] = []
    for dimension in (d.key for d in framework.dimensions):
        for aspect, aspect_name in ((0, "perf"), (1, "imp")):
            rows = sorted(k for k in baseline if k.startswith(f"{dimension}/{aspect_name}/"))
            matrix = np.zeros((len(rows), len(responses)))
            for index, response in enumerate(responses):
                bumped = list(responses)
                bumped[index] = _bump(response, framework, dimension, aspect)
                moved = figures(bumped)
                for r, key in enumerate(rows):
                    if abs(moved.get(key, float("nan")) - baseline[key]) > 1e-12:
                        matrix[r, index] = 1.0
            for index, response in enumerate(responses):
                if response.rater_group in withheld and matrix[:, index].any():
                    leaks.append(
                        f"{dimension}/{aspect_name}: withheld rater {index} is in a figure"
                    )
            rank = np.linalg.matrix_rank(matrix) if rows else 0
            for group in withheld:
                target = np.array(
                    [
                        1.0
                        if r.rater_group == group and _rated(r, framework, dimension, aspect)
                        else 0
                        for r in responses
                    ]
                )
                recoverable = (
                    target.any()
                    and bool(rows)
                    and np.linalg.matrix_rank(np.vstack([matrix, target])) == rank
                )
                if recoverable:
                    leaks.append(f"{dimension}/{aspect_name}: {group} mean is recoverable")
            blocks: dict[bytes, list[int]] = {}
            for index, response in enumerate(responses):
                column = matrix[:, index]
                if response.rater_group in ANONYMOUS_GROUPS and column.any():
                    blocks.setdefault(column.tobytes(), []).append(index)
            for members in blocks.values():
                if len(members) < threshold:
                    leaks.append(f"{dimension}/{aspect_name}: pool of {len(members)} anonymous")
    return leaks


def _rated(response: Response, framework: FrameworkSpec, dimension: str, aspect: int) -> bool:
    keys = [s.key for s in framework.dimension_by_key[dimension].statements]
    return any(response.ratings.get(k, (None, None))[aspect] is not None for k in keys)


def naive_figures(framework: FrameworkSpec, threshold: int) -> FigureFunction:
    """A plausible but wrong rule: hide small groups, but pool everyone into "all others"."""

    def figures(responses: list[Response]) -> Figures:
        shown: Figures = {}
        for dimension in framework.dimensions:
            keys = [s.key for s in dimension.statements]

            def score(r: Response, keys: list[str] = keys) -> float | None:
                values = [r.ratings[k][0] for k in keys if r.ratings.get(k, (None,))[0]]
                return sum(v for v in values if v is not None) / len(values) if values else None

            by_group: dict[str, list[float]] = {}
            for r in responses:
                value = score(r)
                if value is not None:
                    by_group.setdefault(r.rater_group, []).append(value)
            for group, values in by_group.items():
                if group == "line_manager" or len(values) >= threshold:
                    shown[f"{dimension.key}/perf/{group}"] = sum(values) / len(values)
            others = [v for g, vs in by_group.items() if g != "self" for v in vs]
            if others:
                shown[f"{dimension.key}/perf/all_others"] = sum(others) / len(others)
        return shown

    return figures


def test_the_attack_finds_the_leak_in_a_naive_all_others():
    # Given the brief's example under the naive rule: manager 1, peers 3, direct reports 2
    framework = small_framework()
    responses = [uniform_response("line_manager", 2)]
    responses += [uniform_response("peer", v) for v in (3, 3, 4)]
    responses += [uniform_response("direct_report", v) for v in (1, 2)]
    # When the attack runs against it
    leaks = differencing_leaks(
        framework=framework,
        responses=responses,
        withheld={"direct_report"},
        threshold=3,
        figures=naive_figures(framework, 3),
    )
    # Then it recovers the direct reports' mean (so the attack is able to fail a rule)
    assert "alpha/perf: direct_report mean is recoverable" in leaks


def test_the_attack_finds_nothing_in_the_engine_for_the_same_responses():
    framework = small_framework()
    responses = [uniform_response("line_manager", 2, importance=3)]
    responses += [uniform_response("peer", v, importance=2) for v in (3, 3, 4)]
    responses += [uniform_response("direct_report", v, importance=1) for v in (1, 2)]
    leaks = differencing_leaks(
        framework=framework,
        responses=responses,
        withheld={"direct_report"},
        threshold=3,
        figures=engine_figures(framework, 3),
    )
    assert leaks == []


rating = st.one_of(st.none(), st.none(), st.integers(min_value=1, max_value=4))
rater = st.tuples(
    st.lists(rating, min_size=3, max_size=3),
    st.lists(rating, min_size=3, max_size=3),
    st.one_of(st.none(), st.integers(min_value=1, max_value=4)),
)


@st.composite
def panels(draw: st.DrawFn) -> tuple[list[Response], int]:
    threshold = draw(st.integers(min_value=2, max_value=4))
    sizes = {
        "self": draw(st.integers(0, 1)),
        "line_manager": draw(st.integers(0, 2)),
        "peer": draw(st.integers(0, 5)),
        "direct_report": draw(st.integers(0, 5)),
        "other": draw(st.integers(0, 4)),
    }
    responses = []
    for group, size in sizes.items():
        for _ in range(size):
            alpha, beta, importance = draw(rater)
            responses.append(
                Response(group, answers(tuple(alpha), tuple(beta), importance=importance))
            )
    return responses, threshold


@settings(max_examples=200, deadline=None)
@given(panel=panels())
def test_no_combination_of_shown_figures_recovers_a_withheld_or_small_group(
    panel: tuple[list[Response], int],
):
    # Given any team, any threshold and any pattern of "not applicable" answers
    responses, threshold = panel
    framework = small_framework()
    withheld = {
        g.group
        for g in build_report(
            framework=framework,
            responses=responses,
            released=True,
            comment_secret=SECRET,
            threshold=threshold,
        ).groups
        if g.status == "withheld"
    }
    # When every shown mean (times its known count) is combined in every linear way
    leaks = differencing_leaks(
        framework=framework,
        responses=responses,
        withheld=withheld,
        threshold=threshold,
        figures=engine_figures(framework, threshold),
    )
    # Then no withheld group's mean, and no pool of fewer than threshold anonymous raters, emerges
    assert leaks == []
