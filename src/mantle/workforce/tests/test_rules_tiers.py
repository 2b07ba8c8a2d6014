"""Management tiers: the default inference table on realistic NHS posts, and how rules combine."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mantle.workforce.rules.bands import PAY_BANDS
from mantle.workforce.rules.tiers import (
    ALL_MANAGEMENT,
    BOARD,
    DEFAULT_TIER_RULES,
    SENIOR_MANAGEMENT,
    TIER_LABELS,
    Tier,
    TierRule,
    infer_tier,
    parse_tier,
)

B = Tier.BOARD_EXECUTIVE
N = Tier.BOARD_NON_EXECUTIVE
S = Tier.SENIOR
M = Tier.MIDDLE
F = Tier.FIRST_LINE
X = Tier.NONE

# (position title, ESR job role, occupation code, pay band, expected tier)
POSTS: list[tuple[str, str, str, str, Tier]] = [
    # Board: non-executive
    ("Chair", "", "G0A", "Non-Executive", N),
    ("Trust Chair", "", "", "Non-Executive", N),
    ("Vice-Chair", "", "", "Non-Executive", N),
    ("Non-Executive Director", "", "G0A", "Non-Executive", N),
    ("Associate Non-Executive Director", "", "", "Non-Executive", N),
    ("Senior Independent Director", "Non Executive Director", "", "Other", N),
    # Board: executive
    ("Chief Executive", "Chief Executive", "G0A", "VSM", B),
    ("Chief Executive Officer", "", "G0A", "VSM", B),
    ("Group Chief Executive", "", "G0A", "VSM", B),
    ("Medical Director", "Medical Director", "101", "Consultant", B),
    ("Chief Medical Officer", "", "300", "Consultant", B),
    ("Director of Nursing", "Director of Nursing", "N0A", "VSM", B),
    ("Chief Nurse", "", "N0A", "VSM", B),
    ("Chief Nursing Officer", "", "N0A", "VSM", B),
    ("Director of Nursing, Midwifery and AHPs", "", "N0A", "VSM", B),
    ("Director of Finance", "Finance Director", "G0A", "VSM", B),
    ("Chief Financial Officer", "", "G0A", "VSM", B),
    ("Chief Operating Officer", "", "G0A", "VSM", B),
    ("Director of Operations", "", "G0A", "VSM", B),
    ("Director of People", "", "G0A", "VSM", B),
    ("Director of Workforce and OD", "", "G0A", "VSM", B),
    ("Chief People Officer", "", "G0A", "VSM", B),
    ("Executive Director of Strategy", "", "G0A", "VSM", B),
    ("Deputy Chief Executive and Director of Finance", "", "G0A", "VSM", B),
    ("Interim Director of Finance", "", "G0A", "VSM", B),
    ("Company lead", "Other Executive Director", "G0A", "VSM", B),
    # Senior: below the board
    ("Deputy Director of Nursing", "", "N0A", "Band 9", S),
    ("Associate Director of Nursing", "", "N0A", "Band 8d", S),
    ("Assistant Director of Finance", "", "G0A", "Band 8d", S),
    ("Deputy Medical Director", "", "101", "Consultant", S),
    ("Associate Medical Director for Patient Safety", "", "101", "Consultant", S),
    ("Deputy Chief Nurse", "", "N0A", "Band 9", S),
    ("Deputy Chief Operating Officer", "", "G0A", "Band 9", S),
    ("Clinical Director", "Clinical Director - Medical", "024", "Consultant", S),
    ("Clinical Director, Trauma & Orthopaedics", "", "024", "Consultant", S),
    ("Consultant Surgeon", "Clinical Director - Dental", "061", "Consultant", S),
    ("Divisional Medical Director", "", "101", "Consultant", S),
    ("Divisional Director of Nursing", "", "N0A", "Band 8d", S),
    ("Divisional Director of Operations", "", "G0D", "Band 8d", S),
    ("Director of Operations - Surgery Division", "", "G0D", "Band 8d", S),
    ("Care Group Director", "", "G0D", "Band 8d", S),
    ("Director of Strategy", "", "G0A", "VSM", S),
    ("Director of Estates and Facilities", "", "G0B", "Band 9", S),
    ("Director of Midwifery", "", "N0C", "Band 8d", S),
    ("Chief Information Officer", "", "G0A", "Band 9", S),
    ("Chief Pharmacist", "", "S0P", "Band 9", S),
    ("Trust Secretary", "", "G1A", "Band 8c", S),
    ("Head of Financial Planning", "", "G1A", "Band 8c", S),
    ("General Manager - Surgery", "", "G1D", "Band 8c", S),
    ("Lead Nurse", "", "N0A", "Band 8c", S),
    ("Corporate strategy lead", "", "G0A", "Band 8b", S),
    ("Programme lead", "", "G2A", "VSM", S),
    # Middle
    ("General Manager - Surgery", "", "G1D", "Band 8b", M),
    ("Service Manager", "", "G1D", "Band 8a", M),
    ("Directorate Manager, Medicine", "", "G1D", "Band 8a", M),
    ("Head of Therapies", "", "S0E", "Band 8b", M),
    ("Head of Nursing", "", "N0A", "Band 8b", M),
    ("Matron", "Modern Matron", "NCA", "Band 8a", M),
    ("Modern Matron - Emergency Department", "", "NCA", "Band 8a", M),
    ("Senior Nurse", "", "NCA", "Band 8a", M),
    ("Finance Manager", "", "G1A", "Band 7", M),
    ("Lead Physiotherapist", "", "S0E", "Band 8a", M),
    ("Project Manager", "", "G2A", "Band 8a", M),
    ("Practice Manager", "Manager", "G2A", "Other", M),
    # First line
    ("Ward Manager", "", "N0A", "Band 7", F),
    ("Ward Sister", "Sister/Charge Nurse", "N6A", "Band 7", F),
    ("Senior Sister", "", "N6A", "Band 7", F),
    ("Charge Nurse", "", "N6D", "Band 6", F),
    ("Team Leader", "", "S1C", "Band 7", F),
    ("Community Team Lead", "", "N6H", "Band 7", F),
    ("Department Manager, Radiology", "", "S1F", "Band 7", F),
    ("Reception Supervisor", "", "G2D", "Band 4", F),
    ("Physiotherapy Team Manager", "", "S0E", "Band 7", F),
    ("Lead Occupational Therapist", "", "S0C", "Band 7", F),
    ("Medical Records Manager", "", "G2D", "Band 5", F),
    ("Estates Officer", "Team Leader", "G3B", "Band 5", F),
    # Not management
    ("Staff Nurse", "Staff Nurse", "N6A", "Band 5", X),
    ("Consultant Physician", "Consultant", "101", "Consultant", X),
    ("Specialty Registrar", "", "101", "Resident Doctor", X),
    ("Community Matron", "", "NEH", "Band 7", X),
    ("Case Manager", "", "N6H", "Band 6", X),
    ("Consultant Nurse", "", "NAA", "Band 8b", X),
    ("Consultant Clinical Psychologist", "", "S1L", "Band 8c", X),
    ("Healthcare Assistant", "", "H1A", "Band 2", X),
    ("Paramedic", "", "ABA", "Band 6", X),
    ("PA to the Chief Executive", "", "G2A", "Band 5", X),
    ("Executive Assistant to the Chair", "", "G2A", "Band 5", X),
    ("Personal Assistant to Director of Nursing", "", "G2A", "Band 4", X),
    ("Medical Director's Secretary", "", "G2A", "Band 4", X),
    ("Chair of the Drugs and Therapeutics Committee", "", "101", "Consultant", X),
    ("Clinical Lead for Stroke", "", "101", "Consultant", X),
]


@pytest.mark.parametrize(("title", "job_role", "code", "band", "tier"), POSTS)
def test_default_rules_infer_the_tier_of_realistic_posts(
    title: str, job_role: str, code: str, band: str, tier: Tier
) -> None:
    # given a post as it appears in an extract / when its tier is inferred by default
    found, rule = infer_tier(
        rules=DEFAULT_TIER_RULES,
        job_role=job_role or None,
        title=title,
        occupation_code=code or None,
        pay_band=band,
    )
    # then it is the tier a reader of divide-metrics would choose, with the rule that chose it
    assert found is tier, rule.description if rule else "no rule matched"
    if tier is not Tier.NONE:
        assert rule is not None
        assert rule.tier is tier


def test_precedence_deputy_is_senior_but_the_director_is_board() -> None:
    def tier(title: str) -> Tier:
        return infer_tier(
            rules=DEFAULT_TIER_RULES,
            job_role=None,
            title=title,
            occupation_code=None,
            pay_band=None,
        )[0]

    assert tier("Director of Nursing") is B
    assert tier("Deputy Director of Nursing") is S
    assert tier("Medical Director") is B
    assert tier("Clinical Director") is S
    assert tier("Divisional Medical Director") is S


def test_the_pay_band_is_read_as_free_text() -> None:
    found, _ = infer_tier(
        rules=DEFAULT_TIER_RULES,
        job_role=None,
        title="Head of Procurement",
        occupation_code="G1A",
        pay_band="8C",
    )
    assert found is S


@given(
    title=st.text(max_size=40),
    job_role=st.none() | st.text(max_size=20),
    code=st.none() | st.text(max_size=3),
    band=st.none() | st.sampled_from(PAY_BANDS),
)
def test_no_rules_means_no_management_tier(
    title: str, job_role: str | None, code: str | None, band: str | None
) -> None:
    assert infer_tier(
        rules=(), job_role=job_role, title=title, occupation_code=code, pay_band=band
    ) == (Tier.NONE, None)


rules = st.builds(
    TierRule,
    priority=st.integers(min_value=0, max_value=100),
    tier=st.sampled_from(list(Tier)),
    description=st.text(max_size=5),
    title_pattern=st.sampled_from(["", "manager", "director", "^chair", "nurse"]),
    occupation_prefix=st.sampled_from(["", "G0", "N", "1"]),
    min_band=st.sampled_from(["", "Band 6", "Band 8a", "Band 8c"]),
)
posts = st.tuples(
    st.sampled_from(["Ward Manager", "Director of Finance", "Chair", "Staff Nurse", "Porter"]),
    st.sampled_from(["G0A", "N6A", "101", "H1A"]),
    st.sampled_from(["Band 3", "Band 7", "Band 8b", "Band 8d", "Consultant"]),
)


@given(table=st.lists(rules, max_size=8), post=posts, data=st.data())
def test_the_first_matching_rule_by_priority_wins_whatever_the_table_order(
    table: list[TierRule], post: tuple[str, str, str], data: st.DataObject
) -> None:
    # given a rule table and a post
    title, code, band = post
    shuffled = data.draw(st.permutations(table))
    # when the tier is inferred from the table in two different orders
    first = infer_tier(rules=table, job_role=None, title=title, occupation_code=code, pay_band=band)
    second = infer_tier(
        rules=shuffled, job_role=None, title=title, occupation_code=code, pay_band=band
    )
    # then the winning rule has the lowest priority of all matching rules
    matching = [
        rule
        for rule in table
        if rule.matches(job_role=None, title=title, occupation_code=code, pay_band=band)
    ]
    if not matching:
        assert first == second == (Tier.NONE, None)
        return
    best = min(rule.priority for rule in matching)
    assert first[1] is not None
    assert first[1].priority == best
    assert second[1] is not None
    assert second[1].priority == best
    if sum(rule.priority == best for rule in matching) == 1:
        assert first == second


def test_a_rule_with_no_conditions_matches_every_post() -> None:
    catch_all = TierRule(priority=99, tier=Tier.MIDDLE, description="everything")
    assert infer_tier(
        rules=[catch_all], job_role=None, title=None, occupation_code=None, pay_band=None
    ) == (Tier.MIDDLE, catch_all)


def test_a_condition_on_a_missing_value_does_not_hold() -> None:
    rule = TierRule(priority=1, tier=Tier.SENIOR, description="t", title_pattern="x|^$")
    assert not rule.matches(job_role=None, title=None, occupation_code=None, pay_band=None)


def test_rules_of_equal_priority_are_tried_in_the_order_given() -> None:
    one = TierRule(priority=5, tier=Tier.SENIOR, description="one")
    two = TierRule(priority=5, tier=Tier.MIDDLE, description="two")
    kwargs = {"job_role": None, "title": "x", "occupation_code": None, "pay_band": None}
    assert infer_tier(rules=[one, two], **kwargs)[1] is one
    assert infer_tier(rules=[two, one], **kwargs)[1] is two


@pytest.mark.parametrize(
    "kwargs",
    [
        {"title_pattern": "(unclosed"},
        {"job_role_pattern": "[z-a]"},
        {"min_band": "Consultant"},
        {"max_band": "Band 10"},
        {"bands": ("Band 99",)},
    ],
)
def test_a_broken_rule_is_refused_when_the_table_is_built(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies with the broken field
        TierRule(priority=1, tier=Tier.SENIOR, description="broken", **kwargs)  # type: ignore[arg-type]


def test_default_rules_reach_every_tier_and_fit_an_editable_rule_table() -> None:
    # given the default table / then every tier can be inferred, and each row can be copied into
    # an administrators' table of 200-character text fields without losing its meaning
    assert {rule.tier for rule in DEFAULT_TIER_RULES} == set(Tier)
    for rule in DEFAULT_TIER_RULES:
        assert rule.description
        assert len(rule.description) <= 200
        assert len(rule.title_pattern) <= 200
        assert len(rule.job_role_pattern) <= 200
        assert len(rule.occupation_prefix) <= 3
        assert rule.bands == ()


def test_aggregates_follow_divide_metrics() -> None:
    assert {Tier.BOARD_NON_EXECUTIVE, Tier.BOARD_EXECUTIVE} == BOARD
    assert {Tier.BOARD_EXECUTIVE, Tier.SENIOR} == SENIOR_MANAGEMENT
    assert set(Tier) - {Tier.NONE} == ALL_MANAGEMENT


def test_every_tier_has_a_human_label() -> None:
    assert set(TIER_LABELS) == set(Tier)
    assert TIER_LABELS[Tier.BOARD_NON_EXECUTIVE] == "Board – non-executive"


@given(tier=st.sampled_from(list(Tier)), use_label=st.booleans(), shout=st.booleans())
def test_tiers_parse_from_their_code_or_label_in_any_case(
    tier: Tier, use_label: bool, shout: bool
) -> None:
    text = TIER_LABELS[tier] if use_label else tier.value
    text = text.upper() if shout else text.lower()
    assert parse_tier(f" {text} ") is tier


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("Board - executive", B),
        ("board executive", B),
        ("Senior", S),
        ("first line", F),
        ("First-line management", F),
        ("None", X),
        ("boss", None),
        ("", None),
    ],
)
def test_tier_spellings(text: str, tier: Tier | None) -> None:
    assert parse_tier(text) is tier


def test_docs_list_every_default_tier_rule() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[4] / "docs" / "metrics.md").read_text()
    for rule in DEFAULT_TIER_RULES:
        assert rule.description.replace("|", "\\|") in docs, rule.description
