"""Outcome models against independent computations on the real LSE panel, and bad specifications."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import polars as pl
import pytest
import statsmodels.formula.api as smf
from hypothesis import given
from hypothesis import strategies as st

from mantle.analytics.outcomes import (
    SpecError,
    fit_model,
    model_data,
    percentile_in,
    spec_parse,
    where_you_sit,
)
from mantle.core.testing import shared_data_dir

PANEL = shared_data_dir() / "hospital_management"
needs_panel = pytest.mark.skipif(not PANEL.exists(), reason="shared data not present")


def _panel_long() -> pl.DataFrame:
    from mantle.outcomes.parsers import parse_consultants, parse_managers, parse_shmi

    rows = []
    for parse, name in (
        (parse_managers, "managers_simple_def.csv"),
        (parse_consultants, "consultants_simple_def.csv"),
        (parse_shmi, "shmi.csv"),
    ):
        parsed = parse(source=PANEL / name, filename=name)
        assert not parsed.errors
        rows += [(r.org_code, "", r.period, r.measure, r.value, r.denominator) for r in parsed.rows]
    return pl.DataFrame(
        rows,
        schema=["org_code", "unit_path", "period", "measure", "value", "denominator"],
        orient="row",
    )


def _types() -> dict[str, str]:
    with (PANEL / "nhs_provider.csv").open(encoding="utf-8-sig") as handle:
        return {
            r["ORG_CODE"].strip(): r["ORG_TYPE"].strip().lower() for r in csv.DictReader(handle)
        }


@needs_panel
def test_two_way_fixed_effects_equal_ols_with_explicit_dummies() -> None:
    # Given SHMI, managers and consultants FTE for acute trusts, 2012–2018, from the files
    spec = spec_parse(
        {
            "outcome": "shmi",
            "regressors": [
                {"measure": "managers_fte", "transform": "log"},
                {"measure": "consultants_fte", "transform": "log"},
            ],
            "fixed_effects": ["organisation", "period"],
            "cluster": "organisation",
            "filters": {"org_type": ["acute"], "years": [2012, 2018]},
        }
    )
    data = model_data(spec, _panel_long(), org_types=_types())
    result = fit_model(spec, data)
    # When the same regression is run independently: OLS with a dummy per trust and per year,
    # errors clustered by trust (statsmodels' default small-sample correction), built from the CSVs
    frames = {}
    for name, column in (
        ("managers_simple_def.csv", "SIMPLE_MANAGERS_FTE"),
        ("consultants_simple_def.csv", "SIMPLE_CONSULTANTS_FTE"),
        ("shmi.csv", "SHMI"),
    ):
        df = pd.read_csv(PANEL / name, encoding="utf-8-sig")
        df["ORG_CODE"] = df["ORG_CODE"].astype(str).str.strip()
        frames[column] = df[["ORG_CODE", "YEAR", column]]
    df = frames["SHMI"].merge(frames["SIMPLE_MANAGERS_FTE"]).merge(frames["SIMPLE_CONSULTANTS_FTE"])
    acute = {c for c, t in _types().items() if t == "acute"}
    df = df[df["ORG_CODE"].isin(acute) & df["YEAR"].between(2012, 2018)]
    df = df[(df["SIMPLE_MANAGERS_FTE"] > 0) & (df["SIMPLE_CONSULTANTS_FTE"] > 0)].copy()
    df["lm"] = np.log(df["SIMPLE_MANAGERS_FTE"])
    df["lc"] = np.log(df["SIMPLE_CONSULTANTS_FTE"])
    ols = smf.ols("SHMI ~ lm + lc + C(ORG_CODE) + C(YEAR)", data=df).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(df["ORG_CODE"])[0]}
    )
    # Then estimates and clustered standard errors agree to 1e-6
    by_term = {c["term"]: c for c in result.coefficients}
    assert result.nobs == len(df) == int(ols.nobs)
    assert result.n_clusters == df["ORG_CODE"].nunique()
    for term, name in (("log(managers_fte)", "lm"), ("log(consultants_fte)", "lc")):
        assert by_term[term]["estimate"] == pytest.approx(ols.params[name], abs=1e-6)
        assert by_term[term]["std_error"] == pytest.approx(ols.bse[name], abs=1e-6)
    assert result.r2_within is not None
    assert any("association" in line for line in result.wording)


@needs_panel
def test_cross_section_with_controls_equals_ols_with_robust_errors() -> None:
    spec = spec_parse(
        {
            "outcome": "shmi",
            "regressors": ["managers_fte", "consultants_fte"],
            "filters": {"org_type": ["acute"], "years": [2016, 2016]},
        }
    )
    result = fit_model(spec, model_data(spec, _panel_long(), org_types=_types()))
    frame = model_data(spec, _panel_long(), org_types=_types()).frame.to_pandas()
    ols = smf.ols("shmi ~ managers_fte + consultants_fte", data=frame).fit(cov_type="HC1")
    by_term = {c["term"]: c for c in result.coefficients}
    assert by_term["managers_fte"]["estimate"] == pytest.approx(
        ols.params["managers_fte"], abs=1e-9
    )
    assert by_term["managers_fte"]["std_error"] == pytest.approx(ols.bse["managers_fte"], rel=1e-6)
    assert any("Standard errors are not clustered" in w for w in result.warnings) is False


@needs_panel
def test_few_clusters_and_little_variation_are_warned() -> None:
    spec = spec_parse(
        {
            "outcome": "shmi",
            "regressors": ["managers_fte"],
            "fixed_effects": ["organisation", "period"],
            "cluster": "organisation",
            "filters": {"organisations": ["RXH", "RTH", "RJ1", "RRK", "RWE"]},
        }
    )
    result = fit_model(spec, model_data(spec, _panel_long(), org_types=_types()))
    assert result.n_clusters == 5
    assert any(w.startswith("Few clusters") for w in result.warnings)


@pytest.mark.parametrize(
    ("spec", "field", "words"),
    [
        ({"regressors": ["x"]}, "outcome", "required"),
        ({"outcome": "y", "regressors": []}, "regressors", "non-empty"),
        (
            {"outcome": "y", "regressors": [{"measure": "x", "transform": "per_100"}]},
            "regressors[0].denominator",
            "needs a denominator",
        ),
        (
            {"outcome": "y", "regressors": [{"measure": "x", "transform": "sqrt"}]},
            "regressors[0].transform",
            "not a transform",
        ),
        ({"outcome": "y", "regressors": ["x"], "cluster": "ward"}, "cluster", "not allowed"),
        ({"outcome": "y", "regressors": ["x"], "fixed_effects": ["unit"]}, "fixed_effects", "unit"),
        ({"outcome": "y", "regressors": ["x"], "level": "unit"}, "filters.organisation", "trust"),
        ({"outcome": "y", "regressors": ["x"], "filters": {"years": [2018]}}, "filters.years", ""),
        ({"outcome": "y", "regressors": ["y"]}, "regressors", "outcome"),
        ({"outcome": "y", "regressors": ["x"], "colour": 1}, "colour", "unknown key"),
    ],
)
def test_bad_specifications_name_the_field(spec: dict, field: str, words: str) -> None:
    with pytest.raises(SpecError) as caught:
        spec_parse(spec)
    assert caught.value.field == field
    assert words in caught.value.message


def _tiny() -> pl.DataFrame:
    rows = [
        (org, "", str(year), m, float(v), None)
        for org in ("AAA", "BBB")
        for year in (2016, 2017)
        for m, v in (("y", 1 + year % 2), ("x", 2))
    ]
    return pl.DataFrame(
        rows,
        schema=["org_code", "unit_path", "period", "measure", "value", "denominator"],
        orient="row",
    )


def test_unknown_measure_and_too_few_observations_are_spec_errors() -> None:
    with pytest.raises(SpecError) as caught:
        model_data(spec_parse({"outcome": "y", "regressors": ["nope"]}), _tiny())
    assert (
        caught.value.field == "regressors[0].measure" and "unknown measure" in caught.value.message
    )
    with pytest.raises(SpecError) as caught:
        model_data(spec_parse({"outcome": "y", "regressors": ["x"]}), _tiny())
    assert "too few observations" in caught.value.message


@given(
    st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=40), st.integers(0, 39)
)
def test_percentile_is_the_share_at_or_below(values: list[float], pick: int) -> None:
    value = values[pick % len(values)]
    expected = 100 * sum(1 for v in values if v <= value) / len(values)
    assert percentile_in(values, value) == pytest.approx(expected)


def test_where_you_sit_uses_the_latest_period_and_the_peer_group() -> None:
    long = pl.DataFrame(
        [
            ("AAA", "", "2017", "m", 1.0, None),
            ("AAA", "", "2018", "m", 3.0, None),
            ("BBB", "", "2018", "m", 2.0, None),
            ("CCC", "", "2018", "m", 4.0, None),
            ("DDD", "", "2018", "m", 0.0, None),
        ],
        schema=["org_code", "unit_path", "period", "measure", "value", "denominator"],
        orient="row",
    )
    row = where_you_sit(long, org_code="AAA", peers=["BBB", "CCC"]).row(0, named=True)
    assert (row["period"], row["value"], row["peers"]) == ("2018", 3.0, 3)
    assert row["percentile"] == pytest.approx(200 / 3)
    assert row["peer_median"] == 3.0


def test_nested_units_are_warned() -> None:
    rows = []
    for path, shift in (("Medicine", 0.0), ("Medicine/Ward 1", 1.0), ("Surgery", 2.0)):
        for month in range(1, 13):
            rows.append(
                ("RXA", path, f"2026-{month:02d}", "y", float((month * 7 + shift) % 5), None)
            )
            rows.append(
                ("RXA", path, f"2026-{month:02d}", "x", float((month * 3 + shift) % 4), None)
            )
    long = pl.DataFrame(
        rows,
        schema=["org_code", "unit_path", "period", "measure", "value", "denominator"],
        orient="row",
    )
    spec = spec_parse(
        {
            "outcome": "y",
            "regressors": ["x"],
            "fixed_effects": ["unit", "period"],
            "cluster": "unit",
            "level": "unit",
            "filters": {"organisation": "RXA"},
        }
    )
    result = fit_model(spec, model_data(spec, long))
    assert result.nobs == 36 and result.n_clusters == 3
    assert any(w.startswith("Nested units: 1 unit(s)") for w in result.warnings)
    assert any("each unit with itself" in line for line in result.wording)
