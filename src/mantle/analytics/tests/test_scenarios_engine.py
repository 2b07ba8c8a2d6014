"""The scenario engine (analytics.scenarios): hand-computed runs with rates of 0 and 1, conservation
of people, the Monte Carlo mean against the expected-value model, goal seek and the checks on a
planner's assumptions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mantle.analytics.scenarios import (
    AGE_LABELS,
    TIERS,
    AssumptionError,
    Cell,
    Levers,
    Rates,
    Scenario,
    Stock,
    bands,
    goal_from_json,
    goal_seek,
    simulate,
)
from mantle.analytics.scenarios.model import horizon_from_json, levers_from_json, rates_from_json

START = dt.date(2026, 3, 31)


def rates(**changes: object) -> Rates:
    base: dict[str, object] = {
        "leave": {("*", label): 0.0 for label in AGE_LABELS},
        "step_down": {},
        "fill": dict.fromkeys(TIERS, 0.0),
        "external_share": dict.fromkeys(TIERS, 1.0),
        "clinician_share": dict.fromkeys(TIERS, 0.0),
        "programme_conversion": 0.0,
        "past_age_retirement": 0.0,
    }
    base.update(changes)
    return Rates(**base)  # type: ignore[arg-type]


def small_trust(**kw: object) -> Scenario:
    """10 clinicians in middle management, 5 non-clinicians in first-line management and 20
    non-clinicians outside management, all aged 35-44, in one staff group."""
    stock = Stock(
        counts={
            Cell("g", "middle", True, 1): 10,
            Cell("g", "first_line", False, 1): 5,
            Cell("g", "none", False, 1): 20,
        }
    )
    values: dict[str, object] = {
        "start": START,
        "months": 3,
        "stock": stock,
        "establishment": {"middle": 10, "first_line": 5, "none": 20},
        "rates": rates(),
        "levers": Levers(retirement_age=67),
        "runs": 50,
        "seed": 3,
    }
    values.update(kw)
    return Scenario(**values)  # type: ignore[arg-type]


def last(result: object, metric: str) -> np.ndarray:
    return result.series[metric][:, -1]  # type: ignore[attr-defined]


def test_everyone_leaves_each_month_and_every_post_is_refilled_from_outside() -> None:
    # given a leaving rate of 1, a fill rate of 1 and every appointment external; middle posts go
    # to clinicians, other posts to non-clinicians
    sc = small_trust(
        rates=rates(
            leave={("*", label): 1.0 for label in AGE_LABELS},
            fill=dict.fromkeys(TIERS, 1.0),
            clinician_share={"middle": 1.0},
        )
    )
    # when it runs for three months
    result = simulate(sc)
    # then 35 people leave and 35 arrive each month, and the tiers look as they did
    assert (last(result, "leavers.all") == 105).all()
    assert (last(result, "appointments_external.all") == 105).all()
    assert (last(result, "headcount.middle") == 10).all()
    assert (last(result, "clinician_share.middle") == 1.0).all()
    assert (last(result, "headcount.first_line") == 5).all()
    assert (last(result, "clinician_share.first_line") == 0.0).all()
    assert (last(result, "vacancies.management") == 0).all()


def test_stepping_down_leaves_management_posts_vacant() -> None:
    # given every middle manager steps down in the first month and no vacancy is filled
    sc = small_trust(rates=rates(step_down={"middle": 1.0}))
    result = simulate(sc)
    # then middle management is empty, its 10 posts vacant, and the 10 clinicians work outside it
    assert (last(result, "headcount.middle") == 0).all()
    assert (last(result, "vacancies.middle") == 10).all()
    assert (last(result, "headcount.none") == 30).all()
    np.testing.assert_allclose(last(result, "clinician_share.none"), 10 / 30)
    assert np.isnan(last(result, "clinician_share.middle")).all()


def test_vacancies_are_filled_from_the_tier_below_down_to_the_front_line() -> None:
    # given two new middle-management posts, every vacancy filled in its month, from inside
    # where there is a tier below, and by non-clinicians
    sc = small_trust(
        months=1,
        establishment={"middle": 12, "first_line": 5, "none": 20},
        rates=rates(fill=dict.fromkeys(TIERS, 1.0), external_share=dict.fromkeys(TIERS, 0.0)),
    )
    result = simulate(sc)
    # then two first-line managers move up, two staff move into first-line posts, and only the
    # two posts left outside management are filled from outside
    assert (last(result, "headcount.middle") == 12).all()
    np.testing.assert_allclose(last(result, "clinician_share.middle"), 10 / 12)
    assert (last(result, "headcount.first_line") == 5).all()
    assert (last(result, "headcount.none") == 20).all()
    assert (last(result, "appointments_external.all") == 2).all()


def test_people_past_retirement_age_retire() -> None:
    # given five people aged 65+ and a retirement age of 65, all past it retiring at once
    stock = Stock(counts={Cell("g", "senior", True, 5): 5, Cell("g", "none", False, 1): 3})
    sc = small_trust(
        stock=stock,
        establishment={"senior": 5, "none": 3},
        levers=Levers(retirement_age=65),
        rates=rates(past_age_retirement=1.0),
    )
    result = simulate(sc)
    assert (result.series["retirements.all"][:, 1] == 5).all()
    assert (result.series["retirements.management"][:, 1] == 5).all()
    assert (last(result, "headcount.senior") == 0).all()
    assert (last(result, "vacancies.senior") == 5).all()


def test_hybrid_posts_go_to_clinicians_when_they_fall_vacant() -> None:
    # given 12 hybrid middle posts a year (one a month), every middle vacancy filled from outside
    # by a non-clinician unless it is hybrid, and one middle manager leaving each month
    stock = Stock(counts={Cell("g", "middle", False, 1): 10, Cell("h", "middle", True, 1): 1})
    sc = small_trust(
        stock=stock,
        months=3,
        establishment={"middle": 11},
        rates=rates(
            fill={"middle": 1.0}, leave={("g", "35-44"): 0.1} | {("*", x): 0.0 for x in AGE_LABELS}
        ),
        levers=Levers(retirement_age=67, hybrid_posts_per_year=12, hybrid_from_tier="middle"),
        runs=2000,
    )
    result = simulate(sc)
    # then the clinicians in middle management grow by the hybrid posts that fell vacant
    clinicians = last(result, "clinician_share.middle") * last(result, "headcount.middle")
    assert (clinicians >= 1).all()
    assert (clinicians <= 4).all()
    assert clinicians.mean() > 2.5  # ~1 leaver a month fills each hybrid post as it comes


def test_monthly_dates_and_bands() -> None:
    result = simulate(small_trust(months=2))
    out = bands(result, START)
    assert list(out["headcount.middle"]) == ["2026-03-31", "2026-04-30", "2026-05-31"]
    assert out["headcount.middle"]["2026-03-31"] == {
        "p10": 10.0,
        "p50": 10.0,
        "p90": 10.0,
        "mean": 10.0,
    }


stocks = st.dictionaries(
    st.tuples(
        st.sampled_from(["a", "b"]), st.sampled_from(TIERS), st.booleans(), st.integers(0, 5)
    ),
    st.integers(0, 30),
    min_size=1,
    max_size=12,
)
probability = st.floats(0, 1)


@settings(max_examples=30, deadline=None)
@given(
    counts=stocks,
    leave=probability,
    fill=probability,
    external=probability,
    share=probability,
    down=probability,
    growth=st.floats(-0.5, 1.0),
    retirement_age=st.integers(55, 75),
    hybrid=st.integers(0, 3),
)
def test_nobody_is_created_or_lost(
    counts: dict[tuple[str, str, bool, int], int],
    leave: float,
    fill: float,
    external: float,
    share: float,
    down: float,
    growth: float,
    retirement_age: int,
    hybrid: int,
) -> None:
    stock = Stock(counts={Cell(*k): v for k, v in counts.items()})
    establishment = {t: stock.headcount(t) + 2 for t in TIERS}
    sc = Scenario(
        start=START,
        months=24,
        stock=stock,
        establishment=establishment,
        rates=rates(
            leave={("*", x): leave / 10 for x in AGE_LABELS},
            fill=dict.fromkeys(TIERS, fill),
            external_share=dict.fromkeys(TIERS, external),
            clinician_share=dict.fromkeys(TIERS, share),
            step_down=dict.fromkeys(TIERS[:5], down / 10),
            past_age_retirement=0.1,
            programme_conversion=0.5,
        ),
        levers=Levers(
            retirement_age=retirement_age,
            establishment_growth=dict.fromkeys(TIERS, growth),
            hybrid_posts_per_year=hybrid,
            programme_places_per_year=24,
        ),
        runs=20,
        seed=1,
    )
    result = simulate(sc)
    c = result.conservation
    # every run: the people at the end = the people at the start + arrivals − leavers − retirements
    np.testing.assert_array_equal(c["start"] + c["in"] - c["out"], c["end"])
    np.testing.assert_array_equal(
        c["out"], last(result, "leavers.all") + last(result, "retirements.all")
    )
    np.testing.assert_array_equal(c["in"], last(result, "appointments_external.all"))
    assert (last(result, "headcount.management") >= 0).all()


def realistic() -> Scenario:
    rng = np.random.default_rng(0)
    groups = [("medical", True), ("nursing", True), ("admin", False)]
    sizes = {"board_executive": 8, "senior": 40, "middle": 120, "first_line": 200, "none": 1500}
    counts = {}
    for tier, n in sizes.items():
        split = rng.multinomial(n, np.full(len(groups) * 6, 1 / (len(groups) * 6)))
        for i, (g, k) in enumerate(groups):
            for a in range(6):
                if split[i * 6 + a]:
                    counts[Cell(g, tier, k, a)] = int(split[i * 6 + a])
    return Scenario(
        start=START,
        months=36,
        stock=Stock(counts=counts),
        establishment={t: int(n * 1.05) for t, n in sizes.items()},
        rates=rates(
            leave={("*", x): 0.01 for x in AGE_LABELS},
            fill=dict.fromkeys(TIERS, 0.3),
            external_share=dict.fromkeys(TIERS, 0.4),
            clinician_share=dict.fromkeys(TIERS, 0.4),
            step_down=dict.fromkeys(TIERS[:5], 0.003),
            programme_conversion=0.3,
            past_age_retirement=1 / 12,
        ),
        levers=Levers(retirement_age=66, hybrid_posts_per_year=3, programme_places_per_year=12),
        runs=2000,
        seed=7,
    )


def test_the_monte_carlo_mean_converges_to_the_expected_value_model() -> None:
    sc = realistic()
    random = simulate(sc)
    expected = simulate(sc, expected=True)
    for metric in (
        "headcount.management",
        "headcount.senior",
        "clinician_share.senior_leadership",
        "retirements.all",
        "vacancies.management",
    ):
        mc = np.nanmean(random.series[metric][:, -1])
        ev = expected.series[metric][0, -1]
        assert mc == pytest.approx(ev, rel=0.03, abs=0.5), metric


def test_the_same_seed_gives_the_same_answer_and_another_seed_does_not() -> None:
    sc = realistic()
    a = simulate(sc, months=6).series["headcount.management"]
    b = simulate(sc, months=6).series["headcount.management"]
    np.testing.assert_array_equal(a, b)
    sc.seed = 8
    assert not np.array_equal(a, simulate(sc, months=6).series["headcount.management"])


def test_goal_seek_finds_the_smallest_share_and_says_when_a_goal_is_out_of_reach() -> None:
    sc = realistic()
    sc.runs = 300
    raw = {
        "metric": "clinician_share.senior_leadership",
        "target": 0.45,
        "by": "2028-03-31",
        "probability": 0.8,
        "lever": "clinician_vacancy_share",
    }
    found = goal_seek(sc, goal_from_json(raw, start=START, months=36))
    assert found["reached"] is True
    value = found["value"]
    assert 0 < value < 1
    # the value found reaches the goal; a clearly smaller one does not
    below = [e for e in found["evaluations"] if e["value"] < value - 0.02]
    assert all(e["probability"] < 0.8 for e in below)
    impossible = goal_seek(sc, goal_from_json({**raw, "target": 0.99}, start=START, months=36))
    assert impossible["reached"] is False
    assert "Cannot be reached within the lever's range" in impossible["message"]


def test_assumptions_outside_their_ranges_are_refused_naming_the_field() -> None:
    with pytest.raises(AssumptionError) as caught:
        rates_from_json(
            {"fill": {"senior": 1.5}, "leave": {"medical": {"55-59": -0.1}}, "speed": 1},
            base=rates(),
        )
    assert set(caught.value.errors) == {
        "rates.fill.senior",
        "rates.leave.medical.55-59",
        "rates.speed",
    }
    assert "from 0 to 1" in caught.value.errors["rates.fill.senior"]
    with pytest.raises(AssumptionError) as caught:
        levers_from_json(
            {"hybrid_posts_per_year": 10, "hybrid_from_tier": "middle", "retirement_age": 90},
            base=Levers(),
            establishment={"middle": 30},
            years=5,
        )
    assert "the middle tier has 30 posts" in caught.value.errors["levers.hybrid_posts_per_year"]
    assert "levers.retirement_age" in caught.value.errors
    with pytest.raises(AssumptionError) as caught:
        horizon_from_json({"years": 11, "runs": 10})
    assert set(caught.value.errors) == {"years", "runs"}
    with pytest.raises(AssumptionError) as caught:
        goal_from_json(
            {"by": "2040-01-01", "target": 2, "metric": "clinician_share.senior"},
            start=START,
            months=36,
        )
    assert {"goal.by", "goal.target"} <= set(caught.value.errors)
