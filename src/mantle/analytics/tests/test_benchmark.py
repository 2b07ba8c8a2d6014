"""The published-statistics benchmark, on a hand-computed frame and on the real June 2018 file."""

from __future__ import annotations

import polars as pl
import pytest

from mantle.analytics.benchmark import DEFINITION, published_benchmark
from mantle.core.testing import shared_data_dir

DATA = shared_data_dir()
WORKFORCE_CSV = DATA / "nhs_workforce_by_org" / "hchs_fte_by_org_staffgroup_2017sep_2018jun.csv"
PROVIDERS_CSV = DATA / "hospital_management" / "nhs_provider.csv"
needs_real_data = pytest.mark.skipif(
    not (WORKFORCE_CSV.exists() and PROVIDERS_CSV.exists()),
    reason="NHS Digital June 2018 files not present in ../shared/data",
)


def _published(rows: list[tuple[str, str, float]], period: str = "2018-06") -> pl.DataFrame:
    return pl.DataFrame(
        [(period, code, f"Org {code}", group, fte) for code, group, fte in rows],
        schema=["period", "org_code", "org_name", "staff_group", "fte"],
        orient="row",
    )


def test_benchmark_of_a_hand_computed_set_of_organisations() -> None:
    # Given four acute trusts and a CCG (FTE by staff group), plus an earlier month to ignore
    published = pl.concat(
        [
            _published(
                [
                    ("RA1", "Nurses & health visitors", 960.0),
                    ("RA1", "Managers", 30.0),
                    ("RA1", "Senior managers", 10.0),  # (30 + 10) / 1000 = 0.04
                    ("RA2", "HCHS doctors", 480.0),
                    ("RA2", "Managers", 20.0),  # 20 / 500 = 0.04 (a tie with RA1)
                    ("RA3", "Nurses & health visitors", 1000.0),  # 0 managers
                    ("RA4", "Central functions", 90.0),
                    ("RA4", "Senior managers", 10.0),  # 10 / 100 = 0.1
                    ("Q99", "Managers", 3.0),  # no type known: 3 / 3 = 1.0
                ]
            ),
            _published([("RA1", "Managers", 999.0)], period="2017-09"),
        ]
    )
    org_types = {"RA1": "Acute", "RA2": "Acute", "RA3": "Acute", "RA4": "Acute"}

    # When the June 2018 benchmark is computed
    result = published_benchmark(published=published, period="2018-06", org_types=org_types)

    # Then it is labelled with the published definition
    assert result["period"] == "2018-06"
    assert result["definition"] == DEFINITION
    # and nationally (50 + 13 managers, 20 senior, of 2603 FTE)
    assert result["national"] == {
        "fte": 2603.0,
        "managers_fte": 53.0,
        "senior_managers_fte": 20.0,
        "managers_share": 0.028,  # 73 / 2603 = 0.02804…
        "senior_managers_share": 0.0077,  # 20 / 2603 = 0.00768…
    }
    by_code = {o["org_code"]: o for o in result["organisations"]}
    assert list(by_code) == ["Q99", "RA1", "RA2", "RA3", "RA4"]
    ra1 = by_code["RA1"]
    assert (ra1["managers_fte"], ra1["senior_managers_fte"], ra1["fte"]) == (30.0, 10.0, 1000.0)
    assert (ra1["managers_share"], ra1["senior_managers_share"]) == (0.04, 0.01)
    # percentile: share of organisations below, ties counted half. Shares: 0, .04, .04, .1, 1.0
    assert by_code["RA3"]["percentile"] == 10.0  # (0 + 0.5) / 5
    assert ra1["percentile"] == by_code["RA2"]["percentile"] == 40.0  # (1 + 1) / 5
    assert by_code["RA4"]["percentile"] == 70.0
    assert by_code["Q99"]["percentile"] == 90.0
    # peer median of the four acute trusts: median(0, .04, .04, .1) = 0.04; unknown type → null
    assert {by_code[c]["peer_median"] for c in ("RA1", "RA2", "RA3", "RA4")} == {0.04}
    assert (by_code["Q99"]["org_type"], by_code["Q99"]["peer_median"]) == (None, None)


def test_an_organisation_with_no_fte_has_no_share_and_no_rank() -> None:
    # Given one organisation reporting 0 FTE beside one with managers
    published = _published(
        [("RA1", "Managers", 0.0), ("RA2", "Managers", 5.0), ("RA2", "Midwives", 95.0)]
    )

    # When benchmarked
    result = published_benchmark(published=published, period="2018-06", org_types={})

    # Then the empty one has null share and percentile, and does not affect the other's rank
    empty, other = result["organisations"]
    assert (empty["managers_share"], empty["percentile"]) == (None, None)
    assert (other["managers_share"], other["percentile"]) == (0.05, 50.0)


@pytest.mark.parametrize(
    ("period", "message"), [("2018-6", "look like"), ("2019-01", "no published rows")]
)
def test_a_bad_or_absent_period_is_refused(period: str, message: str) -> None:
    # Given a June 2018 frame, when asked for a malformed or missing period, then refused
    with pytest.raises(ValueError, match=message):
        published_benchmark(
            published=_published([("RA1", "Managers", 1.0)]), period=period, org_types={}
        )


def _real_published() -> pl.DataFrame:
    months = {"2017-SEP": "2017-09", "2018-JUN": "2018-06"}
    raw = pl.read_csv(WORKFORCE_CSV)
    return raw.with_columns(pl.col("month").replace_strict(months).alias("period"))


def _real_org_types() -> dict[str, str]:
    # The provider file starts with a byte-order mark and pads ORG_CODE with trailing spaces.
    providers = pl.read_csv(PROVIDERS_CSV, encoding="utf8-lossy")
    providers = providers.rename({c: c.lstrip("\ufeff") for c in providers.columns})
    codes = providers["ORG_CODE"].str.strip_chars()
    return dict(
        zip(codes.to_list(), providers["ORG_TYPE"].str.strip_chars().to_list(), strict=True)
    )


@needs_real_data
def test_june_2018_national_and_acute_figures_match_the_published_statistics() -> None:
    # Given NHS Digital's June 2018 FTE by organisation and staff group, and trust types
    published, org_types = _real_published(), _real_org_types()

    # When benchmarked
    result = published_benchmark(published=published, period="2018-06", org_types=org_types)

    # Then nationally managers are about 3.1% of FTE (2.1% managers + 1.0% senior managers)
    national = result["national"]
    assert national["fte"] == pytest.approx(1_061_617, abs=1)
    assert national["managers_fte"] == pytest.approx(22_606, abs=1)
    assert national["senior_managers_fte"] == pytest.approx(10_195, abs=1)
    assert national["managers_share"] == pytest.approx(0.031, abs=0.0005)
    assert national["senior_managers_share"] == pytest.approx(0.010, abs=0.0005)
    # and the median acute trust is at about 2.5%
    acute = [o for o in result["organisations"] if o["org_type"] == "Acute"]
    assert len(acute) > 100
    medians = {o["peer_median"] for o in acute}
    assert len(medians) == 1
    assert medians.pop() == pytest.approx(0.025, abs=0.001)
    # and ranking by percentile orders the organisations by their share
    ranked = sorted(
        (o for o in result["organisations"] if o["managers_share"] is not None),
        key=lambda o: o["percentile"],
    )
    shares = [o["managers_share"] for o in ranked]
    assert shares == sorted(shares)
    percentiles = [o["percentile"] for o in ranked]
    assert 0 < percentiles[0] < percentiles[-1] < 100


@needs_real_data
def test_september_2017_can_be_benchmarked_from_the_same_file() -> None:
    # Given the same file, when the earlier month is asked for
    result = published_benchmark(
        published=_real_published(), period="2017-09", org_types=_real_org_types()
    )

    # Then it is a different, plausible national figure
    assert result["period"] == "2017-09"
    assert 0.025 < result["national"]["managers_share"] < 0.035
