"""Invariants every synthetic extract must hold, for a trust's history and for the nation.

Given/when/then: the fixtures generate once per module (given); each test reads one property
(when) and asserts it on every row (then).
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from mantle.demo.synthetic import (
    ESTABLISHMENT_COLUMNS,
    EXTRACT_COLUMNS,
    SyntheticNation,
    SyntheticTrust,
    generate_national,
    generate_trust,
)
from mantle.demo.synthetic.codes import all_codes

SNAPSHOTS = [date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2025, 3, 31)]
DEFINITION = [
    "position_title",
    "unit_path",
    "reports_to_position_number",
    "occupation_code",
    "job_role",
    "pay_band",
    "management_tier",
    "statutory_clinical_role",
]
PAY_BANDS = {
    *(f"Band {n}" for n in range(2, 8)),
    "Band 8a",
    "Band 8b",
    "Band 8c",
    "Band 8d",
    "Band 9",
    "VSM",
    "Consultant",
    "Specialty Doctor",
    "Resident Doctor",
    "Non-Executive",
}
TIERS = {"", "board_non_executive", "board_executive", "senior", "middle", "first_line", "none"}
REGISTRATION_FORMATS = {
    "GMC": r"^\d{7}$",
    "NMC": r"^\d{2}[A-L]\d{4}[ESWNO]$",
    "HCPC": r"^(AS|BS|CH|CS|DT|ODP|OR|OT|PA|PH|PYL|RA|SL)\d{5,6}$",
    "GPhC": r"^\d{7}$",
}


@pytest.fixture(scope="module")
def trust() -> SyntheticTrust:
    return generate_trust(seed=3, staff=4000, snapshot_dates=SNAPSHOTS)


@pytest.fixture(scope="module")
def nation() -> SyntheticNation:
    return generate_national(seed=5, scale=0.03, as_of=date(2025, 3, 31))


@pytest.fixture(params=["trust", "nation"])
def extracts(
    request: pytest.FixtureRequest,
) -> list[tuple[date, pl.DataFrame, pl.DataFrame]]:
    """Every extract under test with its date and its establishment (org_code first)."""
    if request.param == "trust":
        t: SyntheticTrust = request.getfixturevalue("trust")
        est = t.establishment.with_columns(org_code=pl.lit(t.organisation.code))
        return [(when, df, est) for when, df in t.snapshots]
    n: SyntheticNation = request.getfixturevalue("nation")
    return [(date(2025, 3, 31), n.extract, n.establishment)]


def test_extract_has_exactly_the_documented_columns_as_strings(extracts):
    for _, df, _ in extracts:
        assert tuple(df.columns) == EXTRACT_COLUMNS
        assert all(dtype == pl.Utf8 for dtype in df.dtypes)


def test_establishment_has_the_documented_columns(trust, nation):
    assert tuple(trust.establishment.columns) == ESTABLISHMENT_COLUMNS
    assert tuple(nation.establishment.columns) == ("org_code", *ESTABLISHMENT_COLUMNS)


def test_each_employee_number_is_one_person_on_every_row_and_extract(extracts):
    rows = pl.concat([df for _, df, _ in extracts])
    people = rows.group_by("employee_number").agg(
        pl.struct("first_name", "last_name", "date_of_birth", "sex", "ethnic_category").n_unique()
    )
    assert people["first_name"].max() == 1
    assert rows["employee_number"].str.contains(r"^\d{8}$").all()


def test_assignment_numbers_are_unique_within_each_organisation_and_follow_esr(extracts):
    for _, df, _ in extracts:
        assert (
            df.select(pl.struct("org_code", "assignment_number").is_duplicated().any()).item()
            is False
        )
        suffix = df["assignment_number"].str.strip_prefix(df["employee_number"])
        assert suffix.str.contains(r"^(|-\d+)$").all()


def test_a_post_has_one_definition_everywhere_it_appears(extracts):
    for _, df, est in extracts:
        on_rows = df.select("org_code", "position_number", *DEFINITION).unique()
        assert not on_rows.select(
            pl.struct("org_code", "position_number").is_duplicated().any()
        ).item()
        joined = on_rows.join(est, on=["org_code", "position_number"], how="left", suffix="_est")
        for column in DEFINITION:
            assert (joined[column] == joined[f"{column}_est"]).all(), column


def test_reporting_lines_form_one_tree_per_organisation_rooted_at_the_chair(extracts):
    _, _, est = extracts[0]
    for (org,), posts in est.group_by("org_code"):
        parent = dict(
            zip(posts["position_number"], posts["reports_to_position_number"], strict=True)
        )
        roots = [p for p, up in parent.items() if up == ""]
        assert len(roots) == 1, org
        root_role = posts.filter(pl.col("position_number") == roots[0])["job_role"].item()
        assert root_role == "Chair"
        for start in parent:
            seen, node = set(), start
            while parent[node]:
                assert parent[node] in parent, f"{org}: {node} reports to a missing post"
                assert node not in seen, f"{org}: reporting cycle through {node}"
                seen.add(node)
                node = parent[node]


def test_board_posts_report_to_the_chair_or_the_chief_executive(extracts):
    _, _, est = extracts[0]
    roles = est.select("org_code", "position_number", pl.col("job_role").alias("manager_role"))
    board = est.filter(pl.col("management_tier").str.starts_with("board_")).join(
        roles,
        left_on=["org_code", "reports_to_position_number"],
        right_on=["org_code", "position_number"],
        how="left",
    )
    chairs = board.filter(pl.col("job_role") == "Chair")
    others = board.filter(pl.col("job_role") != "Chair")
    assert (chairs["reports_to_position_number"] == "").all()
    assert others["manager_role"].is_in(["Chair", "Chief Executive"]).all()


def test_statutory_clinical_posts_are_the_medical_director_and_director_of_nursing(extracts):
    _, _, est = extracts[0]
    statutory = est.filter(pl.col("statutory_clinical_role") == "Y")
    per_org = statutory.group_by("org_code").agg(pl.col("job_role").sort())
    assert per_org["job_role"].to_list() == [["Director of Nursing", "Medical Director"]] * len(
        per_org
    )
    assert est["statutory_clinical_role"].is_in(["Y", "N", ""]).all()


def test_values_come_from_the_documented_vocabularies(extracts):
    codes = set(all_codes())
    for _, df, _ in extracts:
        assert df["occupation_code"].is_in(codes).all()
        assert df["pay_band"].is_in(PAY_BANDS).all()
        assert df["management_tier"].is_in(TIERS).all()
        assert df["sex"].is_in(["1", "2"]).all()
        assert df["ethnic_category"].is_in(list("ABCDEFGHJKLMNPRSZ")).all()
        assert df["disability"].is_in(["Y", "N", "Z"]).all()
        assert (df["job_role"] != "").all() and (df["unit_path"] != "").all()


def test_board_posts_always_carry_their_tier_and_most_others_leave_it_blank(extracts):
    _, _, est = extracts[0]
    board_roles = ["Chair", "Chief Executive", "Medical Director", "Director of Nursing"]
    assert (
        est.filter(pl.col("job_role").is_in(board_roles))["management_tier"]
        .str.starts_with("board_")
        .all()
    )
    assert (est["management_tier"] == "").mean() > 0.5


def test_fte_is_a_five_place_decimal_in_range_and_no_one_works_over_full_time(extracts):
    for _, df, _ in extracts:
        assert df["assignment_fte"].str.contains(r"^[01]\.\d{5}$").all()
        fte = df["assignment_fte"].cast(pl.Float64)
        assert (fte > 0).all() and (fte <= 1).all()
        per_person = df.with_columns(fte=fte).group_by("employee_number").agg(pl.col("fte").sum())
        assert per_person["fte"].max() <= 1.000001


def test_start_dates_are_after_working_age_and_not_after_the_extract_date(extracts):
    for when, df, _ in extracts:
        start = df["assignment_start_date"].str.to_date()
        born = df["date_of_birth"].str.to_date()
        assert (start <= when).all()
        assert ((start - born).dt.total_days() >= 16 * 365).all()


def test_everyone_is_of_working_age(extracts):
    for when, df, _ in extracts:
        age = (pl.lit(when) - df["date_of_birth"].str.to_date()).dt.total_days() / 365.25
        ages = df.select(age.alias("age"))["age"]
        assert ages.min() >= 18 and ages.max() <= 70.0


def test_registration_numbers_follow_each_regulators_format(extracts):
    for _, df, _ in extracts:
        registered = df.filter(pl.col("registration_body") != "")
        for body, pattern in REGISTRATION_FORMATS.items():
            numbers = registered.filter(pl.col("registration_body") == body)["registration_number"]
            assert numbers.str.contains(pattern).all(), body
        assert registered["registration_body"].is_in(list(REGISTRATION_FORMATS)).all()
        assert registered["registration_status"].is_in(["registered", "lapsed", "removed"]).all()
        unregistered = df.filter(pl.col("registration_body") == "")
        assert (unregistered["registration_number"] == "").all()
        assert (unregistered["registration_status"] == "").all()


def test_no_two_people_share_a_registration_number(extracts):
    rows = pl.concat([df for _, df, _ in extracts]).filter(pl.col("registration_number") != "")
    people = rows.select("employee_number", "registration_body", "registration_number").unique()
    assert not people.select(
        pl.struct("registration_body", "registration_number").is_duplicated().any()
    ).item()


def test_some_posts_are_vacant(extracts):
    for _, df, est in extracts:
        held = df.select("org_code", "position_number").unique()
        vacant = est.join(held, on=["org_code", "position_number"], how="anti")
        assert vacant.height > 0
        assert (vacant["critical"] == "Y").any()


def test_clinical_directors_are_consultants_on_a_second_assignment(extracts):
    for _, df, _ in extracts:
        directors = df.filter(pl.col("job_role") == "Clinical Director - Medical")
        assert directors.height > 0
        assert directors["assignment_number"].str.contains("-").all()
        fte = directors["assignment_fte"].cast(pl.Float64)
        assert fte.min() >= 0.1 and fte.max() <= 0.3
        consultants = df.filter(
            pl.col("employee_number").is_in(directors["employee_number"].implode())
            & (pl.col("job_role") == "Consultant")
        )
        assert consultants["employee_number"].n_unique() == directors["employee_number"].n_unique()
        clinical = consultants["assignment_fte"].cast(pl.Float64)
        assert clinical.min() >= 0.7 - 1e-9 and clinical.max() <= 0.9 + 1e-9
