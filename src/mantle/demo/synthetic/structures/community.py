"""Clinical structure of a community trust: localities, community hospitals, specialist services."""

from __future__ import annotations

from mantle.demo.synthetic.establishment import Builder
from mantle.demo.synthetic.structures.common import (
    LOCALITIES,
    Board,
    add_clinical_director,
    add_doctors,
    add_led_team,
    add_team,
    rows,
    team,
    ward_name,
)
from mantle.demo.synthetic.structures.mental_health import PHARMACY

# Locality teams: unit | division (adult or children) | lead title | lead code | lead profile |
# weight; then each unit's team.
LOCALITY_LEADS = rows("""
District Nursing | adult | District Nursing Team Leader | N0H | ward_manager | 3
Community Rehabilitation | adult | Rehabilitation Team Lead | S1E | ahp_senior | 3
Health Visiting | children | Health Visiting Team Leader | N0H | ward_manager | 3
School Nursing | children | School Nursing Team Leader | N0H | ward_manager | 2
""")
LOCALITY_TEAMS = {
    "District Nursing": team("""
District Nurse | District Nurse | N4H | Band 6 | nurse_senior | 9
Community Staff Nurse | Staff Nurse | N6H | Band 5 | nurse | 8
Community Matron | Community Matron | NEH | Band 8a | nurse_specialist | 1.5
Healthcare Assistant | Healthcare Assistant | H1F | Band 3 | healthcare_assistant | 5
Team Administrator | Clerical Worker | G2D | Band 3 | clinical_admin | 1.5
"""),
    "Community Rehabilitation": team("""
Physiotherapist | Physiotherapist | S1E | Band 6 | ahp | 4
Occupational Therapist | Occupational Therapist | S1C | Band 6 | ahp | 4
Rehabilitation Assistant | Therapy Assistant | H1J | Band 3 | stt_support | 4
Support Worker | Support Worker | H2F | Band 3 | support_worker | 3
"""),
    "Health Visiting": team("""
Health Visitor | Health Visitor | N3H | Band 6 | health_visitor | 8
Community Staff Nurse | Staff Nurse | N6H | Band 5 | nurse | 2
Community Nursery Nurse | Nursery Nurse | H2F | Band 4 | support_worker | 2
Team Administrator | Clerical Worker | G2D | Band 3 | clinical_admin | 1
"""),
    "School Nursing": team("""
School Nurse | School Nurse | NBK | Band 6 | nurse_senior | 5
School Staff Nurse | Staff Nurse | N6H | Band 5 | nurse | 2
Support Worker | Support Worker | H2F | Band 3 | support_worker | 1.5
"""),
}
COMMUNITY_WARD = team("""
Sister/Charge Nurse | Sister/Charge Nurse | N6H | Band 6 | nurse_senior | 4
Staff Nurse | Staff Nurse | N6H | Band 5 | nurse | 12
Healthcare Assistant | Healthcare Assistant | H1F | Band 3 | healthcare_assistant | 12
Ward Clerk | Ward Clerk | G2D | Band 2 | clinical_admin | 1
Ward Housekeeper | Housekeeper | H2R | Band 2 | domestic | 1.5
""")
CHILDRENS_THERAPIES = team("""
Speech and Language Therapist | Speech and Language Therapist | S1J | Band 6 | ahp | 6
Occupational Therapist | Occupational Therapist | S1C | Band 6 | ahp | 3
Physiotherapist | Physiotherapist | S1E | Band 6 | ahp | 3
Therapy Assistant | Therapy Assistant | H1J | Band 3 | stt_support | 2
""")
# Specialist services: unit | lead title | code | band | profile | tier
SPECIALIST_LEADS = rows("""
Podiatry | Head of Podiatry | S0A | Band 8a | ahp_head | middle
MSK Physiotherapy | MSK Service Lead | S0E | Band 8a | ahp_head | middle
Dietetics | Dietetics Lead | S1B | Band 7 | ahp_senior | first_line
Speech & Language Therapy | SLT Lead | S1J | Band 7 | ahp_senior | first_line
Sexual Health | Sexual Health Nurse Lead | N0H | Band 7 | ward_manager | first_line
Urgent Treatment Centre | Urgent Care Lead Nurse | N0A | Band 8a | matron | middle
""")
# unit | title | job role | code | band | profile | weight
SPECIALIST_TEAMS = rows("""
Podiatry | Podiatrist | Podiatrist | S1A | Band 6 | ahp | 10
Podiatry | Podiatry Assistant | Therapy Assistant | H1J | Band 3 | stt_support | 3
MSK Physiotherapy | Physiotherapist | Physiotherapist | S1E | Band 6 | ahp | 12
MSK Physiotherapy | Senior Physiotherapist | Physiotherapist | S1E | Band 7 | ahp_senior | 4
Dietetics | Dietitian | Dietitian | S1B | Band 6 | ahp | 5
Speech & Language Therapy | Speech and Language Therapist | Speech and Language Therapist | S1J |
    Band 6 | ahp | 8
Sexual Health | Sexual Health Nurse | Specialist Nurse | N6H | Band 6 | nurse_senior | 8
Sexual Health | Healthcare Assistant | Healthcare Assistant | H1F | Band 3 | healthcare_assistant |
    2
Sexual Health | Clinic Receptionist | Receptionist | G2D | Band 2 | clinical_admin | 3
Urgent Treatment Centre | Emergency Nurse Practitioner | Advanced Practitioner | N6A | Band 7 |
    nurse_specialist | 8
Urgent Treatment Centre | Staff Nurse | Staff Nurse | N6A | Band 5 | nurse | 6
Urgent Treatment Centre | Healthcare Assistant | Healthcare Assistant | H1A | Band 3 |
    healthcare_assistant | 4
Urgent Treatment Centre | Receptionist | Receptionist | G2D | Band 2 | clinical_admin | 4
""")
DIVISIONS = ("Adult Community Services", "Children & Families", "Specialist & Urgent Care")


def build_community(b: Builder, *, board: Board) -> list[int]:
    """Divisions → locality teams, community hospitals and specialist services.

    Rules: each division has an associate director of operations and a head of nursing and
    therapies; every locality has district nursing, rehabilitation, health visiting and school
    nursing teams led by band 7 team leaders; community paediatrics and geriatrics run consultant
    pools, each with a sessional clinical director. Returns the consultant pools.
    """
    f, s = b.target_fte, b.scale
    localities = LOCALITIES[: max(1, min(len(LOCALITIES), round(f / 500)))]
    coo = board.operations_or_ceo()
    heads: list[tuple[int, int]] = []
    for name in DIVISIONS:
        ado = b.single(
            "Associate Director of Operations", "Associate Director", "G0D", "Band 8c",
            "senior_manager_ops", "senior", unit=name, parent=coo, priority=1,
        )  # fmt: skip
        hon = b.single(
            "Head of Nursing and Therapies", "Head of Nursing", "N0H", "Band 8b",
            "head_of_nursing", "middle", unit=name, parent=ado,
        )  # fmt: skip
        b.anchor(unit=name, parent=ado, clinical=True)
        heads.append((ado, hon))
    (adult_ado, adult_hon), (child_ado, child_hon), (spec_ado, spec_hon) = heads
    adult, children, specialist = DIVISIONS
    for locality in localities:
        manager = b.single(
            f"Locality Manager - {locality}", "Service Manager", "G1D", "Band 8a", "manager_ops",
            "middle", unit=f"{adult}/{locality}", parent=adult_ado, priority=2,
        )  # fmt: skip
        for unit, side, title, code, profile, weight in LOCALITY_LEADS:
            division, parent = (adult, manager) if side == "adult" else (children, child_hon)
            lead = (title, code, "Band 7", profile, "first_line")
            add_led_team(
                b, unit=f"{division}/{locality}/{unit}", lead=lead, parent=parent,
                posts=LOCALITY_TEAMS[unit], scale=s * float(weight) * 5.0 / len(localities),
                job_role="Team Leader",
            )  # fmt: skip
    matron = b.single(
        "Matron - Community Hospitals", "Matron", "NCH", "Band 8a", "matron", "middle",
        unit=f"{adult}/Community Hospitals", parent=adult_hon,
    )  # fmt: skip
    for k in range(max(1, round(f / 700))):
        lead = ("Ward Manager", "N0H", "Band 7", "ward_manager", "first_line")
        add_led_team(
            b, unit=f"{adult}/Community Hospitals/{ward_name(k)}", lead=lead, parent=matron,
            posts=COMMUNITY_WARD, scale=1.0, job_role="Ward Manager",
        )  # fmt: skip
    paediatrics = add_doctors(
        b, code="002", name="Community Paediatrician", weight=6.0,
        unit=f"{children}/Community Paediatrics", parent=child_ado,
    )  # fmt: skip
    add_clinical_director(
        b, name=children, unit=children, parent=child_ado, consultants=paediatrics
    )
    add_team(b, CHILDRENS_THERAPIES, unit=f"{children}/Children's Therapies", parent=child_hon,
             scale=s)  # fmt: skip
    geriatrics = add_doctors(
        b, code="011", name="Geriatrician", weight=4.0, unit=f"{specialist}/Intermediate Care",
        parent=spec_ado,
    )  # fmt: skip
    add_clinical_director(
        b, name=specialist, unit=specialist, parent=spec_ado, consultants=geriatrics
    )
    sexual_health = add_doctors(
        b, code="041", name="in Sexual Health", weight=2.0, unit=f"{specialist}/Sexual Health",
        parent=spec_ado,
    )  # fmt: skip
    service_heads: dict[str, int] = {}
    for unit, title, code, band, profile, tier in SPECIALIST_LEADS:
        service_heads[unit] = b.single(
            title, "Team Leader", code, band, profile, tier,
            unit=f"{specialist}/{unit}", parent=spec_hon,
        )  # fmt: skip
    for unit, title, role, code, band, profile, weight in SPECIALIST_TEAMS:
        b.shared(
            title, role, code, band, profile, float(weight) * s,
            unit=f"{specialist}/{unit}", parent=service_heads[unit],
        )  # fmt: skip
    medicines = b.single(
        "Head of Medicines Management", "Manager", "S0P", "Band 8b", "ahp_head", "middle",
        unit="Medicines Management", parent=board.medical_director,
    )  # fmt: skip
    add_team(b, PHARMACY, unit="Medicines Management", parent=medicines, scale=s)
    return [paediatrics, geriatrics, sexual_health]
