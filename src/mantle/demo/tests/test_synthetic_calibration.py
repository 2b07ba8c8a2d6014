"""The synthetic nation against the published figures it is calibrated to."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from mantle.core.testing import shared_data_dir
from mantle.demo.synthetic import SyntheticNation, generate_national
from mantle.demo.synthetic.calibration import NATIONAL_MIX_2018, ORG_COUNTS, REGIONS
from mantle.demo.synthetic.codes import GENERAL_PAYMENTS, all_codes, staff_group_of
from mantle.demo.synthetic.national import draw_sizes

AS_OF = date(2025, 3, 31)
SCALE = 0.2
OCCUPATION_CODES = shared_data_dir() / "occupation_codes" / "nhs_occupation_codes_v22_1.csv"
MINORITY = list("DEFGHJKLMNPRS")


@pytest.fixture(scope="module")
def nation() -> SyntheticNation:
    return generate_national(seed=1, scale=SCALE, as_of=AS_OF)


@pytest.fixture(scope="module")
def rows(nation: SyntheticNation) -> pl.DataFrame:
    """The extract with FTE as a number, staff group and organisation type added."""
    icbs = nation.icbs.select("code", org_type=pl.lit("icb"))
    types = pl.concat([nation.organisations.select("code", "org_type"), icbs]).rename(
        {"code": "org_code"}
    )
    groups = {code: staff_group_of(occupation_code=code) for code in all_codes()}
    return nation.extract.join(types, on="org_code").with_columns(
        fte=pl.col("assignment_fte").cast(pl.Float64),
        group=pl.col("occupation_code").replace_strict(groups),
        age=(pl.lit(AS_OF) - pl.col("date_of_birth").str.to_date()).dt.total_days() / 365.25,
    )


def _minority_share(df: pl.DataFrame) -> float:
    stated = df.unique("employee_number").filter(pl.col("ethnic_category") != "Z")
    return float(stated.select(pl.col("ethnic_category").is_in(MINORITY).mean()).item())


def test_the_nation_has_the_2018_trust_landscape_and_42_icbs(nation):
    kinds = dict(nation.organisations["org_type"].value_counts().iter_rows())
    assert {**kinds, "icb": nation.icbs.height} == ORG_COUNTS
    assert set(nation.icbs["region_code"]) == set(REGIONS)
    assert nation.icbs["code"].str.contains(r"^Q[A-Z0-9]{2}$").all()
    assert not set(nation.icbs["code"]) & set(nation.organisations["code"])


def test_organisation_codes_and_names_are_well_formed_and_clearly_synthetic(nation):
    trusts = nation.organisations
    assert trusts["code"].is_unique().all()
    assert trusts["code"].str.contains(r"^R[2-9][A-Z0-9]$").all()
    assert trusts["name"].str.contains(r"NHS (Foundation )?Trust$").all()
    assert pl.concat([trusts["name"], nation.icbs["name"]]).is_unique().all()
    assert trusts["icb_code"].is_in(nation.icbs["code"].implode()).all()
    regions = dict(zip(nation.icbs["code"], nation.icbs["region_code"], strict=True))
    assert (
        trusts.select(pl.col("icb_code").replace_strict(regions) == pl.col("region_code"))
        .to_series()
        .all()
    )


def test_staff_recorded_on_each_organisation_is_its_headcount(nation, rows):
    heads = rows.group_by("org_code").agg(pl.col("employee_number").n_unique().alias("heads"))
    for frame in (nation.organisations, nation.icbs):
        joined = frame.join(heads, left_on="code", right_on="org_code")
        assert joined.height == frame.height
        assert (joined["staff"] == joined["heads"]).all()


def test_national_fte_mix_by_staff_group_matches_june_2018(rows):
    total = rows["fte"].sum()
    by_group = dict(rows.group_by("group").agg(pl.col("fte").sum()).iter_rows())
    for group, share in NATIONAL_MIX_2018.items():
        assert abs(100 * by_group[group] / total - share) < 1.0, group
    assert by_group.get(GENERAL_PAYMENTS, 0) / total < 0.005


def test_published_managers_are_about_three_per_cent_of_fte(rows):
    total = rows["fte"].sum()
    senior = rows.filter(pl.col("occupation_code").str.starts_with("G0"))["fte"].sum() / total
    managers = rows.filter(pl.col("occupation_code").str.starts_with("G1"))["fte"].sum() / total
    assert 0.026 <= senior + managers <= 0.034
    assert 0.018 <= managers <= 0.024
    assert 0.007 <= senior <= 0.012


def test_every_board_has_ten_to_fifteen_posts(nation):
    board = nation.establishment.filter(pl.col("management_tier").str.starts_with("board_"))
    sizes = board.group_by("org_code").len()["len"]
    assert sizes.len() == nation.organisations.height + nation.icbs.height
    assert sizes.min() >= 10 and sizes.max() <= 15


def test_about_one_third_of_chief_executives_are_clinicians_mostly_nurses(rows):
    ceos = rows.filter(pl.col("job_role") == "Chief Executive")
    clinical = ceos.filter(pl.col("registration_body") != "")
    assert 0.22 <= clinical.height / ceos.height <= 0.45
    assert (clinical["registration_body"] == "NMC").mean() >= 0.5


def test_doctors_are_about_one_in_seven_board_members(rows):
    board = rows.filter(pl.col("management_tier").str.starts_with("board_"))
    share = (board.unique("employee_number")["registration_body"] == "GMC").mean()
    assert 0.10 <= share <= 0.18


def test_about_eight_per_cent_of_executive_posts_are_vacant(nation):
    posts = nation.establishment.filter(pl.col("management_tier") == "board_executive")
    held = nation.extract.select("org_code", "position_number").unique()
    vacant = posts.join(held, on=["org_code", "position_number"], how="anti")
    assert 0.04 <= vacant.height / posts.height <= 0.13


def test_acute_trust_sizes_follow_the_june_2018_distribution(rows):
    acute = rows.filter(pl.col("org_type") == "acute").group_by("org_code").agg(pl.col("fte").sum())
    fte = acute["fte"] / SCALE
    for q, target in ((0.1, 2439), (0.5, 4421), (0.9, 8275)):
        assert abs(fte.quantile(q, "linear") / target - 1) < 0.10, q


def test_size_draws_reproduce_the_published_quantiles():
    # Given many stratified draws from the acute size table
    sizes = draw_sizes(np.random.default_rng(3), org_type="acute", count=10_000)
    # Then their quantiles are the published ones
    for q, target in ((0.1, 2439), (0.5, 4421), (0.9, 8275)):
        assert abs(np.quantile(sizes, q) / target - 1) < 0.02
    assert sizes.min() >= 810 and sizes.max() <= 17_618


def test_minority_ethnic_staff_are_under_represented_at_the_top(rows):
    overall = _minority_share(rows)
    board = _minority_share(rows.filter(pl.col("management_tier").str.starts_with("board_")))
    vsm = _minority_share(rows.filter(pl.col("pay_band") == "VSM"))
    assert 0.25 <= overall <= 0.32
    assert 0.10 <= board <= 0.22
    assert 0.08 <= vsm <= 0.20


def test_senior_managers_are_older_a_retirement_exposure_signal(rows):
    people = rows.unique("employee_number")
    senior = rows.filter(pl.col("occupation_code").str.starts_with("G0")).unique("employee_number")
    assert senior["age"].mean() > people["age"].mean() + 5
    assert (senior["age"] >= 55).mean() > 1.5 * (people["age"] >= 55).mean()


def test_about_two_per_cent_of_qualified_clinicians_have_no_registration_recorded(rows):
    from mantle.demo.synthetic.profiles import required_registration

    needing = {c for c in all_codes() if required_registration(occupation_code=c)}
    clinical = rows.filter(pl.col("occupation_code").is_in(needing)).unique("employee_number")
    missing = (clinical["registration_body"] == "").mean()
    lapsed = (clinical["registration_status"] == "lapsed").mean()
    assert 0.01 <= missing <= 0.035
    assert 0 < lapsed < 0.01


@pytest.mark.skipif(not OCCUPATION_CODES.exists(), reason="NHS occupation code list not present")
def test_every_occupation_code_is_a_valid_v22_1_code_in_its_staff_group():
    # Given the published v22.1 code list
    manual = pl.read_csv(OCCUPATION_CODES, infer_schema=False)
    valid = manual.filter(pl.col("is_currently_valid") == "True")
    group_of = dict(zip(valid["occupation_code"], valid["broad_staff_group"], strict=True))
    # Then every code the generator emits is current, in the staff group we say it is
    for code in all_codes():
        assert code in group_of, code
        assert group_of[code] == staff_group_of(occupation_code=code), code


@pytest.mark.slow
def test_the_full_scale_nation_has_about_one_point_three_million_people():
    nation = generate_national(seed=1, scale=1.0, as_of=AS_OF)
    people = nation.extract["employee_number"].n_unique()
    assert 1_150_000 <= people <= 1_450_000
