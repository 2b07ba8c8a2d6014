"""Directorates of an integrated care board."""

from __future__ import annotations

from mantle.demo.synthetic.establishment import Builder, Filler
from mantle.demo.synthetic.structures.common import (
    LOCALITIES,
    Board,
    add_led_team,
    add_team,
    rows,
    team,
)

# unit | reports to (board key) | head title | code | band | profile
DIRECTORATES = rows("""
Strategy & Transformation | strategy | Deputy Director of Strategy | G0A | Band 8d | senior_manager
Finance & Contracting | dof | Deputy Chief Finance Officer | G0A | Band 8d | senior_manager
Primary Care | ceo | Director of Primary Care | G0A | Band 9 | director
Corporate Affairs | ceo | Director of Corporate Affairs | G0A | Band 9 | director
People | people | Deputy Director of People | G0A | Band 8d | senior_manager
Digital & Intelligence | ceo | Chief Digital Officer | G0A | Band 9 | director
""")
# unit | title | job role | code | band | profile | weight
DIRECTORATE_TEAMS = rows("""
Strategy & Transformation | Transformation Officer | Officer | G2A | Band 6 | admin_senior | 20
Strategy & Transformation | Project Support Officer | Clerical Worker | G2A | Band 4 | admin | 10
Finance & Contracting | Finance Officer | Officer | G2A | Band 5 | admin_senior | 15
Finance & Contracting | Contracts Officer | Officer | G2A | Band 6 | admin_senior | 10
Finance & Contracting | Management Accountant | Accountant | G2A | Band 7 | admin_senior | 8
Primary Care | Primary Care Officer | Officer | G2A | Band 5 | admin_senior | 10
Corporate Affairs | Governance Officer | Officer | G2A | Band 5 | admin_senior | 8
Corporate Affairs | Executive Assistant | Personal Assistant | G2A | Band 5 | admin | 6
Corporate Affairs | Communications Officer | Officer | G2A | Band 5 | admin_senior | 6
People | HR Advisor | Human Resources Adviser | G2A | Band 5 | admin_senior | 6
Digital & Intelligence | Business Intelligence Analyst | Analyst | G2A | Band 6 | admin_senior | 20
Digital & Intelligence | Data Officer | Officer | G2A | Band 4 | admin | 6
""")
PLACE = team("""
Commissioning Officer | Officer | G2A | Band 6 | admin_senior | 10
Administrator | Clerical Worker | G2A | Band 3 | admin | 4
""")
# unit | lead title | code | band | profile | tier; then each unit's team
NURSING_LEADS = rows("""
Continuing Healthcare | Head of Continuing Healthcare | N0H | Band 8b | head_of_nursing | middle
Safeguarding | Designated Nurse for Safeguarding | N0H | Band 8c | head_of_nursing | senior
Quality | Head of Quality | N0H | Band 8b | head_of_nursing | middle
""")
NURSING_TEAMS = {
    "Continuing Healthcare": team("""
CHC Nurse Assessor | Specialist Nurse | N6H | Band 6 | nurse_senior | 20
CHC Coordinator | Clerical Worker | G2D | Band 4 | clinical_admin | 6
"""),
    "Safeguarding": team(
        "Safeguarding Nurse | Specialist Nurse | N6H | Band 7 | nurse_specialist | 6"
    ),
    "Quality": team("Quality Lead | Specialist Nurse | N6H | Band 8a | nurse_specialist | 6"),
}
MEDICINES = team("""
Medicines Optimisation Pharmacist | Pharmacist | S2P | Band 8a | pharmacist | 15
Medicines Optimisation Technician | Pharmacy Technician | S4P | Band 5 | pharmacy_technician | 5
""")


def build_icb(b: Builder, *, board: Board) -> list[int]:
    """Directorates of an integrated care board.

    Rules: strategy, finance and contracting, primary care, corporate affairs, people and
    intelligence directorates and two to four place teams, each under a senior manager; nursing
    and quality (continuing healthcare, safeguarding, quality) under a deputy chief nurse; a
    medical directorate of sessional GP clinical leads (code 221) and medicines optimisation.
    Commissioning managers and senior managers are topped up by fillers to the CCG-era mix.
    Returns the GP clinical lead pool.
    """
    keys = {
        "ceo": board.chief_executive,
        "dof": board.finance_director,
        "people": board.people_or_ceo(),
        "strategy": board.strategy_director
        if board.strategy_director >= 0
        else board.chief_executive,
    }
    heads: dict[str, int] = {}
    for unit, parent, title, code, band, profile in DIRECTORATES:
        heads[unit] = b.single(
            title, "Senior Manager", code, band, profile, "senior", unit=unit, parent=keys[parent]
        )
        b.anchor(unit=unit, parent=heads[unit], clinical=False)
    for unit, title, role, code, band, profile, weight in DIRECTORATE_TEAMS:
        b.shared(title, role, code, band, profile, float(weight), unit=unit, parent=heads[unit])
    for place in LOCALITIES[: 2 + int(b.rng.integers(0, 3))]:
        unit = f"Place Partnerships/{place} Place"
        head = b.single(
            "Place Director", "Senior Manager", "G0A", "Band 9", "director", "senior",
            unit=unit, parent=board.chief_executive, priority=1,
        )  # fmt: skip
        b.anchor(unit=unit, parent=head, clinical=False)
        add_team(b, PLACE, unit=unit, parent=head)
    deputy = b.single(
        "Deputy Chief Nurse", "Deputy Director of Nursing", "N0H", "Band 8d",
        "nurse_director_office", "senior", unit="Nursing & Quality", parent=board.nursing_director,
    )  # fmt: skip
    for unit, title, code, band, profile, tier in NURSING_LEADS:
        lead = (title, code, band, profile, tier)
        add_led_team(
            b, unit=f"Nursing & Quality/{unit}", lead=lead, parent=deputy,
            posts=NURSING_TEAMS[unit], scale=1.0, job_role="Nurse Manager",
        )  # fmt: skip
    md = board.medical_director
    b.posts.occupation[md] = "221"
    gp_leads = b.shared(
        "GP Clinical Lead", "Clinical Lead", "221", "Consultant", "gp_lead", 10.0,
        unit="Medical Directorate", parent=md,
    )  # fmt: skip
    lead = ("Head of Medicines Optimisation", "S0P", "Band 8b", "ahp_head", "middle")
    add_led_team(
        b, unit="Medical Directorate/Medicines Optimisation", lead=lead, parent=md,
        posts=MEDICINES, scale=1.0, job_role="Manager",
    )  # fmt: skip
    return [gp_leads]


FILLERS_ICB: list[Filler] = [
    ("Senior Commissioning Manager", "Manager", "G1A", "Band 8b", "manager"),
    ("Commissioning Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Transformation Programme Manager", "Programme Manager", "G1A", "Band 8b", "manager"),
    ("Contracts Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Primary Care Contracts Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Analytics Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Deputy Director of Commissioning", "Deputy Director", "G0A", "Band 8d", "senior_manager"),
    ("Associate Director of Transformation", "Associate Director", "G0A", "Band 8c",
     "senior_manager"),
    ("Associate Director of Primary Care", "Associate Director", "G0A", "Band 8c",
     "senior_manager"),
    ("Head of Strategic Planning", "Senior Manager", "G0A", "Band 8c", "senior_manager"),
]  # fmt: skip
