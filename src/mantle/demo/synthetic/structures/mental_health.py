"""Clinical structure of a mental health trust: care groups, inpatient wards, community teams."""

from __future__ import annotations

from mantle.demo.synthetic.establishment import Builder
from mantle.demo.synthetic.structures.common import (
    LOCALITIES,
    Board,
    Team,
    add_clinical_director,
    add_doctors,
    add_led_team,
    add_team,
    rows,
    team,
    ward_name,
)

WARD = team("""
Charge Nurse | Sister/Charge Nurse | N6E | Band 6 | nurse_senior | 5
Staff Nurse | Staff Nurse | N6E | Band 5 | nurse | 12
Healthcare Assistant | Healthcare Assistant | H1D | Band 3 | healthcare_assistant | 14
Support Time Recovery Worker | Support Worker | H2D | Band 3 | support_worker | 2
Occupational Therapist | Occupational Therapist | S1C | Band 6 | ahp | 1.5
Ward Clerk | Ward Clerk | G2D | Band 3 | clinical_admin | 1
Ward Housekeeper | Housekeeper | H2R | Band 2 | domestic | 1.5
""")
LEARNING_DISABILITY_WARD = team("""
Charge Nurse | Sister/Charge Nurse | N6G | Band 6 | nurse_senior | 4
Staff Nurse | Staff Nurse | N6G | Band 5 | nurse | 10
Healthcare Assistant | Healthcare Assistant | H1D | Band 3 | healthcare_assistant | 16
Ward Housekeeper | Housekeeper | H2R | Band 2 | domestic | 1
""")
COMMUNITY_TEAMS: dict[str, tuple[str, Team]] = {
    "crisis": (
        "Crisis Resolution & Home Treatment",
        team("""
Crisis Nurse | Community Mental Health Nurse | N4D | Band 6 | nurse_senior | 10
Support Time Recovery Worker | Support Worker | H2D | Band 3 | support_worker | 3
Team Administrator | Clerical Worker | G2D | Band 3 | clinical_admin | 1
"""),
    ),
    "cmht": (
        "Community Team",
        team("""
Community Mental Health Nurse | Community Mental Health Nurse | N4D | Band 6 | nurse_senior | 9
Clinical Psychologist | Clinical Psychologist | S1L | Band 8a | psychologist | 1.5
Occupational Therapist | Occupational Therapist | S1C | Band 6 | ahp | 1.5
Social Worker | Social Worker | S1U | Band 6 | therapist_other | 2
Support Time Recovery Worker | Support Worker | H2D | Band 3 | support_worker | 3
Team Administrator | Clerical Worker | G2D | Band 3 | clinical_admin | 2
"""),
    ),
    "camhs": (
        "CAMHS Team",
        team("""
CAMHS Nurse | Community Mental Health Nurse | N4D | Band 6 | nurse_senior | 5
Clinical Psychologist | Clinical Psychologist | S1L | Band 8a | psychologist | 3
Family Therapist | Psychological Therapist | S1M | Band 7 | therapist_other | 2
Occupational Therapist | Occupational Therapist | S1C | Band 6 | ahp | 1
Support Worker | Support Worker | H2D | Band 3 | support_worker | 2
Team Administrator | Clerical Worker | G2D | Band 3 | clinical_admin | 1.5
"""),
    ),
}
COMMUNITY_TEAMS["ld"] = ("Community Learning Disability Team", COMMUNITY_TEAMS["cmht"][1])
TALKING_THERAPIES = team("""
High Intensity Therapist | Psychological Therapist | S1M | Band 7 | therapist_other | 10
Psychological Wellbeing Practitioner | Psychological Wellbeing Practitioner | S5M | Band 5 |
    stt_support | 12
Team Administrator | Clerical Worker | G2D | Band 3 | clinical_admin | 3
""")
PHARMACY = team("""
Pharmacist | Pharmacist | S2P | Band 7 | pharmacist | 6
Pharmacy Technician | Pharmacy Technician | S4P | Band 5 | pharmacy_technician | 4
""")
PSYCHOLOGY = team("""
Clinical Psychologist | Clinical Psychologist | S1L | Band 8a | psychologist | 6
""")
# care group | consultant code | consultant weight | share of wards | community team kind
CARE_GROUPS = rows("""
Adult Acute & Urgent Care | 052 | 25 | 0.45 | crisis
Community Mental Health | 052 | 20 | 0.0 | cmht
Older People's Services | 056 | 10 | 0.25 | cmht
Children & Young People's Services | 053 | 8 | 0.1 | camhs
Specialist & Forensic Services | 054 | 6 | 0.2 | ld
""")


def build_mental_health(b: Builder, *, board: Board) -> list[int]:
    """Care groups → inpatient wards and locality community teams for a mental health trust.

    Rules: each care group has an associate director of operations, a head of nursing and, when
    its consultant psychiatrists are enough, a clinical director who is one of them (sessional
    second assignment); wards have a band 7 ward manager under a matron (one per four wards);
    community teams a band 7 team manager under a locality service manager. Returns the
    consultant pools.
    """
    f, s = b.target_fte, b.scale
    groups = CARE_GROUPS if f >= 4000 else CARE_GROUPS[:4] if f >= 1500 else CARE_GROUPS[:3]
    wards = max(1, round(f * 0.31 * 0.40 / 20.0))
    localities = LOCALITIES[: max(1, min(len(LOCALITIES), round(f / 800)))]
    coo = board.operations_or_ceo()
    consultants: list[int] = []
    ward_no = 0
    share_total = sum(float(g[3]) for g in groups)
    for name, code, weight, ward_share, kind in groups:
        ado = b.single(
            "Associate Director of Operations", "Associate Director", "G0D", "Band 8c",
            "senior_manager_ops", "senior", unit=name, parent=coo, priority=1,
        )  # fmt: skip
        hon = b.single(
            "Head of Nursing", "Head of Nursing", "N0E", "Band 8b", "head_of_nursing", "middle",
            unit=name, parent=ado,
        )  # fmt: skip
        b.anchor(unit=name, parent=ado, clinical=True)
        pool = add_doctors(
            b, code=code, name="Psychiatrist", weight=float(weight), unit=name, parent=ado
        )
        consultants.append(pool)
        director = add_clinical_director(b, name=name, unit=name, parent=coo, consultants=pool)
        if director != pool:
            b.posts.parent[ado] = director
        matron = -1
        for k in range(round(wards * float(ward_share) / share_total)):
            if k % 4 == 0:
                matron = b.single(
                    "Matron", "Matron", "NCE", "Band 8a", "matron", "middle", unit=name, parent=hon
                )
            ward_team = LEARNING_DISABILITY_WARD if kind == "ld" and k % 2 else WARD
            lead = ("Ward Manager", "N0E", "Band 7", "ward_manager", "first_line")
            add_led_team(
                b, unit=f"{name}/{ward_name(ward_no)}", lead=lead, parent=matron,
                posts=ward_team, scale=1.0, job_role="Ward Manager",
            )  # fmt: skip
            ward_no += 1
        label, community_team = COMMUNITY_TEAMS[kind]
        for locality in localities:
            manager = b.single(
                f"Service Manager - {locality}", "Service Manager", "G1D", "Band 8a",
                "manager_ops", "middle", unit=f"{name}/{locality}", parent=ado, priority=2,
            )  # fmt: skip
            lead = ("Team Manager", "N0D", "Band 7", "ward_manager", "first_line")
            add_led_team(
                b, unit=f"{name}/{locality}/{label}", lead=lead, parent=manager,
                posts=community_team, scale=s * 4 / len(localities), job_role="Team Leader",
            )  # fmt: skip
        if kind == "cmht" and code == "052":
            lead = ("Talking Therapies Service Lead", "S0L", "Band 8b", "ahp_head", "middle")
            add_led_team(
                b, unit=f"{name}/Talking Therapies", lead=lead, parent=ado,
                posts=TALKING_THERAPIES, scale=s * 2, job_role="Manager",
            )  # fmt: skip
    psychology = b.single(
        "Head of Psychological Services", "Manager", "S0L", "Band 8c", "ahp_head", "senior",
        unit="Psychological Services", parent=board.nursing_director,
    )  # fmt: skip
    add_team(b, PSYCHOLOGY, unit="Psychological Services", parent=psychology, scale=s)
    pharmacy = b.single(
        "Chief Pharmacist", "Manager", "S0P", "Band 8c", "ahp_head", "senior", unit="Pharmacy",
        parent=board.medical_director,
    )  # fmt: skip
    add_team(b, PHARMACY, unit="Pharmacy", parent=pharmacy, scale=s)
    return consultants
