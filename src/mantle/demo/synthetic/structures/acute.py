"""Clinical structure of an acute trust: divisions, specialties, wards and departments."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from mantle.demo.synthetic import codes as c
from mantle.demo.synthetic.establishment import Builder
from mantle.demo.synthetic.structures.common import Board, Team, add_team, rows, team


class Specialty(NamedTuple):
    code: str
    family: str
    consultants: float  # consultant FTE in the reference trust
    wards: float  # relative share of the trust's wards
    min_scale: float  # smallest trust (relative size) that runs this specialty
    cns: float  # clinical nurse specialist FTE in the reference trust


# code | family | consultants | wards | min scale | specialist nurses
SPECIALTIES = tuple(
    Specialty(code, family, float(cons), float(wards), float(scale), float(cns))
    for code, family, cons, wards, scale, cns in rows("""
001 | medicine | 14 | 4.0 | 0.0 | 3
011 | medicine | 12 | 4.0 | 0.0 | 2
007 | medicine | 10 | 2.0 | 0.3 | 4
004 | medicine | 9 | 2.0 | 0.3 | 4
018 | medicine | 9 | 1.5 | 0.3 | 3
017 | medicine | 5 | 0.5 | 0.4 | 5
006 | medicine | 4 | 0.5 | 0.6 | 2
015 | medicine | 4 | 1.0 | 0.8 | 2
005 | medicine | 4 | 0.0 | 0.5 | 2
008 | medicine | 4 | 0.0 | 0.5 | 2
035 | urgent | 8 | 2.0 | 0.2 | 1
030 | urgent | 16 | 0.0 | 0.0 | 0
034 | urgent | 10 | 0.0 | 0.3 | 0
021 | surgery | 14 | 3.0 | 0.0 | 4
024 | surgery | 15 | 3.0 | 0.0 | 2
027 | surgery | 6 | 1.0 | 0.4 | 3
023 | surgery | 5 | 0.5 | 0.5 | 1
025 | surgery | 7 | 0.0 | 0.5 | 1
036 | surgery | 4 | 0.5 | 0.9 | 1
061 | surgery | 3 | 0.0 | 0.7 | 0
028 | surgery | 4 | 0.5 | 1.5 | 1
091 | surgery | 28 | 0.0 | 0.0 | 0
040 | womens | 14 | 1.0 | 0.0 | 2
002 | womens | 14 | 0.0 | 0.0 | 2
080 | support | 18 | 0.0 | 0.2 | 0
074 | support | 8 | 0.0 | 0.3 | 0
075 | support | 3 | 0.0 | 0.5 | 1
073 | cancer | 6 | 1.0 | 0.4 | 3
026 | cancer | 6 | 1.0 | 1.0 | 4
012 | cancer | 4 | 0.0 | 1.0 | 3
094 | cancer | 2 | 0.0 | 0.5 | 3
""")
)

# Divisions by how many the trust runs: (division name, families of specialties it holds).
DIVISION_LAYOUTS: dict[int, tuple[tuple[str, tuple[str, ...]], ...]] = {
    1: (("Clinical Services", ("medicine", "urgent", "cancer", "surgery", "womens", "support")),),
    2: (
        ("Medicine & Urgent Care Division", ("medicine", "urgent", "cancer")),
        ("Surgery, Women's & Clinical Support Division", ("surgery", "womens", "support")),
    ),
    3: (
        ("Medicine Division", ("medicine", "urgent", "cancer")),
        ("Surgery Division", ("surgery",)),
        ("Women's, Children's & Clinical Support Division", ("womens", "support")),
    ),
    4: (
        ("Medicine Division", ("medicine", "cancer")),
        ("Urgent & Emergency Care Division", ("urgent",)),
        ("Surgery Division", ("surgery",)),
        ("Women's, Children's & Clinical Support Division", ("womens", "support")),
    ),
    5: (
        ("Medicine & Cancer Division", ("medicine", "cancer")),
        ("Urgent & Emergency Care Division", ("urgent",)),
        ("Surgery Division", ("surgery",)),
        ("Women's & Children's Division", ("womens",)),
        ("Clinical Support Services Division", ("support",)),
    ),
    6: (
        ("Medicine Division", ("medicine",)),
        ("Urgent & Emergency Care Division", ("urgent",)),
        ("Surgery Division", ("surgery",)),
        ("Women's & Children's Division", ("womens",)),
        ("Clinical Support Services Division", ("support",)),
        ("Cancer & Specialist Services Division", ("cancer",)),
    ),
}

WARD = team("""
Sister/Charge Nurse | Sister/Charge Nurse | N6A | Band 6 | nurse_senior | 5
Staff Nurse | Staff Nurse | N6A | Band 5 | nurse | 17
Nursing Associate | Nursing Associate | NGA | Band 4 | nursing_associate | 2
Healthcare Assistant | Healthcare Assistant | H1A | Band 3 | healthcare_assistant | 11
Healthcare Assistant | Healthcare Assistant | H1A | Band 2 | healthcare_assistant | 3
Ward Clerk | Ward Clerk | G2D | Band 2 | clinical_admin | 1
Ward Housekeeper | Housekeeper | H2R | Band 2 | domestic | 1
""")
# Departments tied to a specialty: specialty code | unit | manager title | code | band | min scale
SPECIAL_UNITS = rows("""
030 | Emergency Department | Emergency Department Manager | N0A | Band 8a | 0.0
034 | Critical Care Unit | Critical Care Unit Manager | N0A | Band 8a | 0.0
091 | Theatres | Theatres Manager | N0A | Band 8b | 0.0
002 | Children's Ward | Ward Manager | N0B | Band 7 | 0.0
002 | Neonatal Unit | Neonatal Unit Manager | N0B | Band 7 | 0.4
""")
SPECIAL_TEAMS: dict[str, Team] = {
    "Emergency Department": team("""
Sister/Charge Nurse | Sister/Charge Nurse | N6A | Band 6 | nurse_senior | 14
Staff Nurse | Staff Nurse | N6A | Band 5 | nurse | 42
Advanced Clinical Practitioner | Advanced Practitioner | N6A | Band 8a | nurse_specialist | 6
Healthcare Assistant | Healthcare Assistant | H1A | Band 3 | healthcare_assistant | 20
Emergency Department Receptionist | Receptionist | G2D | Band 2 | clinical_admin | 8
"""),
    "Critical Care Unit": team("""
Sister/Charge Nurse | Sister/Charge Nurse | N6A | Band 6 | nurse_senior | 14
Staff Nurse | Staff Nurse | N6A | Band 5 | nurse | 40
Healthcare Assistant | Healthcare Assistant | H1A | Band 3 | healthcare_assistant | 8
"""),
    "Theatres": team("""
Theatre Sister/Charge Nurse | Sister/Charge Nurse | N6A | Band 6 | nurse_senior | 16
Theatre Staff Nurse | Staff Nurse | N6A | Band 5 | nurse | 34
Operating Department Practitioner | Operating Department Practitioner | S1T | Band 5 | ahp | 40
Theatre Support Worker | Healthcare Assistant | H1A | Band 3 | healthcare_assistant | 30
"""),
    "Children's Ward": team("""
Sister/Charge Nurse | Sister/Charge Nurse | N1B | Band 6 | nurse_senior | 6
Staff Nurse | Staff Nurse | N1B | Band 5 | nurse | 20
Healthcare Assistant | Healthcare Assistant | H1B | Band 3 | healthcare_assistant | 8
Ward Clerk | Ward Clerk | G2D | Band 2 | clinical_admin | 1
"""),
    "Neonatal Unit": team("""
Neonatal Sister/Charge Nurse | Sister/Charge Nurse | N1L | Band 6 | nurse_senior | 8
Neonatal Staff Nurse | Staff Nurse | N1L | Band 5 | nurse | 22
Nursery Assistant | Healthcare Assistant | H1B | Band 3 | healthcare_assistant | 4
"""),
}
OUTPATIENTS = team("""
Outpatient Staff Nurse | Staff Nurse | N6A | Band 5 | nurse | 20
Outpatient Healthcare Assistant | Healthcare Assistant | H1A | Band 2 | healthcare_assistant | 15
Outpatient Receptionist | Receptionist | G2D | Band 2 | clinical_admin | 30
Booking Clerk | Clerical Worker | G2D | Band 3 | clinical_admin | 40
""")
# Maternity units: unit | lead title; then each unit's team.
MATERNITY = rows("""
Labour Ward | Labour Ward Coordinator
Maternity Ward | Maternity Ward Manager
Community Midwifery | Community Midwifery Team Leader
Antenatal Clinic | Antenatal Clinic Lead Midwife
""")
MATERNITY_TEAMS: dict[str, Team] = {
    "Labour Ward": team("""
Midwife | Midwife | N2C | Band 6 | midwife | 40
Midwife | Midwife | N2C | Band 5 | midwife | 8
Maternity Support Worker | Maternity Support Worker | H1C | Band 3 | healthcare_assistant | 10
"""),
    "Maternity Ward": team("""
Midwife | Midwife | N2C | Band 6 | midwife | 20
Maternity Support Worker | Maternity Support Worker | H1C | Band 3 | healthcare_assistant | 12
"""),
    "Community Midwifery": team("""
Community Midwife | Midwife | N2C | Band 6 | midwife | 25
Maternity Support Worker | Maternity Support Worker | H1C | Band 3 | healthcare_assistant | 5
"""),
    "Antenatal Clinic": team("""
Midwife | Midwife | N2C | Band 6 | midwife | 8
Maternity Receptionist | Receptionist | G2D | Band 2 | clinical_admin | 4
"""),
}
# Clinical support departments: unit | head title | code | band | profile | tier | min scale
SUPPORT_HEADS = rows("""
Radiology | Radiology Services Manager | S0F | Band 8b | ahp_head | middle | 0.0
Pathology | Pathology Services Manager | U0A | Band 8b | ahp_head | middle | 0.0
Pharmacy | Chief Pharmacist | S0P | Band 8d | ahp_head | senior | 0.0
Therapies | Head of Therapies | S0E | Band 8b | ahp_head | middle | 0.0
Medical Physics | Head of Medical Physics | U0A | Band 8c | ahp_head | senior | 0.6
Cardiorespiratory Services | Cardiorespiratory Services Manager | U0A | Band 8a | ahp_head |
    middle | 0.0
""")
# unit | title | job role | code | band | profile | weight
SUPPORT_TEAMS = rows("""
Radiology | Radiographer | Radiographer - Diagnostic | S1F | Band 6 | radiographer | 70
Radiology | Sonographer | Radiographer - Diagnostic | S1F | Band 7 | radiographer | 15
Radiology | Radiology Assistant | Healthcare Assistant | H1K | Band 3 | stt_support | 15
Radiology | Radiology Clerk | Clerical Worker | G2C | Band 2 | clinical_admin | 12
Pathology | Biomedical Scientist | Biomedical Scientist | UEA | Band 6 | scientist | 55
Pathology | Specialist Biomedical Scientist | Biomedical Scientist | UDA | Band 7 | scientist | 20
Pathology | Medical Laboratory Assistant | Laboratory Assistant | U9A | Band 3 | stt_support | 40
Pathology | Phlebotomist | Phlebotomist | H1M | Band 2 | stt_support | 25
Pathology | Pathology Clerk | Clerical Worker | G2C | Band 2 | clinical_admin | 12
Pharmacy | Pharmacist | Pharmacist | S2P | Band 7 | pharmacist | 35
Pharmacy | Advanced Pharmacist | Pharmacist | S2P | Band 8a | pharmacist | 10
Pharmacy | Pharmacy Technician | Pharmacy Technician | S4P | Band 5 | pharmacy_technician | 35
Pharmacy | Pharmacy Assistant | Pharmacy Assistant | S9P | Band 3 | stt_support | 25
Therapies | Physiotherapist | Physiotherapist | S1E | Band 6 | ahp | 45
Therapies | Senior Physiotherapist | Physiotherapist | S1E | Band 7 | ahp_senior | 10
Therapies | Occupational Therapist | Occupational Therapist | S1C | Band 6 | ahp | 35
Therapies | Speech and Language Therapist | Speech and Language Therapist | S1J | Band 6 | ahp | 12
Therapies | Dietitian | Dietitian | S1B | Band 6 | ahp | 15
Therapies | Therapy Assistant | Therapy Assistant | H1J | Band 3 | stt_support | 25
Therapies | Assistant Practitioner | Assistant Practitioner | S5E | Band 4 | stt_support | 6
Medical Physics | Clinical Scientist | Clinical Scientist | U2H | Band 7 | scientist | 12
Cardiorespiratory Services | Cardiac Physiologist | Healthcare Science Practitioner | U4E | Band 6 |
    scientist | 25
""")


def _divisions_for(fte: float) -> int:
    """Three to six clinical divisions for a full-size trust; fewer for very small ones."""
    for limit, count in ((600, 1), (1500, 2), (3000, 3), (5000, 4), (8000, 5)):
        if fte < limit:
            return count
    return 6


def _wards_per_specialty(b: Builder, chosen: list[Specialty], wards: int) -> list[int]:
    """Share ``wards`` among specialties by weight (largest remainder, random tie-break)."""
    weights = np.asarray([s.wards for s in chosen], dtype=np.float64)
    if wards == 0 or weights.sum() == 0:
        return [0] * len(chosen)
    raw = wards * weights / weights.sum()
    counts = np.floor(raw).astype(int)
    remainder = raw - counts + b.rng.random(len(chosen)) * 1e-3
    for i in np.argsort(-remainder)[: wards - counts.sum()]:
        counts[i] += 1
    return [int(x) for x in counts]


def build_acute(b: Builder, *, board: Board) -> list[int]:
    """Divisions → specialties → wards and departments for an acute trust.

    Rules: each division runs a triumvirate (a divisional medical director who is a consultant on
    a 0.4 FTE second assignment, a divisional director of operations and a divisional head of
    nursing); each specialty has a general manager and, when it has enough consultants, a
    clinical director (consultant, 0.1–0.3 FTE second assignment) and a service manager; wards
    have a band 7 ward manager and report in fours to a matron. Returns the consultant pools.
    """
    s = b.scale
    chosen = [sp for sp in SPECIALTIES if sp.min_scale <= s]
    wards = max(1, round(b.target_fte * 0.27 * 0.56 / 24.0))
    counts = _wards_per_specialty(b, chosen, wards)
    ward_counts = {sp.code: n for sp, n in zip(chosen, counts, strict=True)}
    coo = board.operations_or_ceo()
    consultant_posts: list[int] = []
    ward_number = int(b.rng.integers(1, 6))
    for division, families in DIVISION_LAYOUTS[_divisions_for(b.target_fte)]:
        mine = [sp for sp in chosen if sp.family in families]
        if not mine:
            continue
        ddo = b.single(
            "Divisional Director of Operations", "Divisional Director of Operations", "G0D",
            "Band 8d", "senior_manager_ops", "senior", unit=division, parent=coo, priority=1,
        )  # fmt: skip
        hon = b.single(
            "Divisional Head of Nursing", "Head of Nursing", "N0A", "Band 8c", "head_of_nursing",
            "senior", unit=division, parent=ddo,
        )  # fmt: skip
        b.anchor(unit=division, parent=ddo, clinical=True)
        admin = team(
            "Divisional Administrator | Clerical Worker | G2D | Band 4 | clinical_admin | 3"
        )
        add_team(b, admin, unit=division, parent=ddo, scale=s)
        division_consultants: list[int] = []
        clinical_directors: list[int] = []
        ward_managers: list[tuple[int, str]] = []
        for sp in mine:
            name = c.MEDICAL_SPECIALTIES[sp.code]
            unit = f"{division}/{name}"
            gm, lead, cons = _specialty(b, sp, name, unit, ddo, hon)
            consultant_posts.append(cons)
            division_consultants.append(cons)
            if lead != cons:
                clinical_directors.append(lead)
            for _ in range(ward_counts[sp.code]):
                ward_unit = f"{unit}/Ward {ward_number}"
                ward_number += 1
                wm = b.single(
                    "Ward Manager", "Ward Manager", "N0A", "Band 7", "ward_manager", "first_line",
                    unit=ward_unit, parent=hon,
                )  # fmt: skip
                ward_managers.append((wm, unit))
                add_team(b, WARD, unit=ward_unit, parent=wm, scale=float(b.rng.uniform(0.8, 1.25)))
            _special_units(b, sp.code, unit, hon, gm, s)
        _matrons(b, ward_managers, hon)
        if "support" in families:
            _support_departments(b, division, ddo, s)
        lead_pool = max(division_consultants, key=lambda i: b.posts.weight[i])
        director = b.second(
            "Divisional Medical Director", "Divisional Director", "senior",
            unit=division, parent=coo, pool_post=lead_pool, fte=0.4,
        )  # fmt: skip
        b.posts.parent[ddo] = director
        for cd in clinical_directors:
            b.posts.parent[cd] = director
    return consultant_posts


def _specialty(
    b: Builder, sp: Specialty, name: str, unit: str, ddo: int, hon: int
) -> tuple[int, int, int]:
    """Managers, doctors, secretaries and specialist nurses of one specialty.

    Returns (general manager, the post doctors report to, consultant pool).
    """
    s = b.scale
    gm = b.single(
        f"General Manager - {name}", "General Manager", "G1D", "Band 8b", "manager_ops", "middle",
        unit=unit, parent=ddo, priority=1,
    )  # fmt: skip
    if sp.consultants >= 8:
        b.single(
            f"Service Manager - {name}", "Service Manager", "G1D", "Band 8a", "manager_ops",
            "middle", unit=unit, parent=gm, priority=2,
        )  # fmt: skip
    cons = b.shared(
        f"Consultant in {name}", "Consultant", sp.code, "Consultant", "consultant",
        sp.consultants * s, unit=unit, parent=ddo,
    )  # fmt: skip
    lead = cons
    if sp.consultants * s >= 2.5:
        lead = b.second(
            f"Clinical Director for {name}", "Clinical Director - Medical", "senior",
            unit=unit, parent=ddo, pool_post=cons, fte=float(b.rng.choice((0.1, 0.2, 0.2, 0.3))),
        )  # fmt: skip
        b.posts.parent[cons] = lead
    doctors: Team = (
        (f"Specialty Doctor in {name}", "Specialty Doctor", sp.code, "Specialty Doctor",
         "specialty_doctor", 0.27 * sp.consultants),
        (f"Specialty Registrar in {name}", "Specialty Registrar", sp.code, "Resident Doctor",
         "resident_registrar", 0.85 * sp.consultants),
    )  # fmt: skip
    if sp.wards or sp.code in ("030", "034"):
        doctors += (
            (f"Foundation Doctor - {name}", "Foundation Year 1", sp.code, "Resident Doctor",
             "resident_foundation", 0.35 * sp.consultants),
        )  # fmt: skip
    add_team(b, doctors, unit=unit, parent=lead, scale=s)
    secretaries = (("Medical Secretary", "Medical Secretary", "G2D", "Band 4", "clinical_admin",
                    0.55 * sp.consultants),)  # fmt: skip
    add_team(b, secretaries, unit=unit, parent=gm, scale=s)
    if sp.cns:
        b.shared(
            f"Clinical Nurse Specialist - {name}", "Specialist Nurse", "N6A", "Band 7",
            "nurse_specialist", sp.cns * s, unit=unit, parent=hon,
        )  # fmt: skip
    return gm, lead, cons


def _matrons(b: Builder, ward_managers: list[tuple[int, str]], hon: int) -> None:
    """A matron for every four wards of a division; the ward managers report to them."""
    for start in range(0, len(ward_managers), 4):
        chunk = ward_managers[start : start + 4]
        matron = b.single(
            "Matron", "Matron", "NCA", "Band 8a", "matron", "middle", unit=chunk[0][1], parent=hon
        )
        for wm, _ in chunk:
            b.posts.parent[wm] = matron


def _special_units(b: Builder, code: str, unit: str, hon: int, gm: int, s: float) -> None:
    for spec, name, title, nurse_code, band, min_scale in SPECIAL_UNITS:
        if spec != code or s < float(min_scale):
            continue
        tier = "first_line" if band == "Band 7" else "middle"
        manager = b.single(
            title, "Nurse Manager", nurse_code, band, "ward_manager", tier,
            unit=f"{unit}/{name}", parent=hon,
        )  # fmt: skip
        # A children's ward is a ward whatever the trust's size.
        scale = max(s, 0.3) if name == "Children's Ward" else s
        add_team(b, SPECIAL_TEAMS[name], unit=f"{unit}/{name}", parent=manager, scale=scale)
    if code == "040":
        maternity = f"{unit}/Maternity"
        hom = b.single(
            "Head of Midwifery", "Head of Midwifery", "N0C", "Band 8c", "head_of_nursing",
            "senior", unit=maternity, parent=hon,
        )  # fmt: skip
        matron = b.single(
            "Maternity Matron", "Matron", "NCC", "Band 8a", "matron", "middle",
            unit=maternity, parent=hom,
        )  # fmt: skip
        for sub, lead_title in MATERNITY:
            lead = b.single(
                lead_title, "Midwife - Manager", "N2C", "Band 7", "midwife_lead", "first_line",
                unit=f"{maternity}/{sub}", parent=matron,
            )  # fmt: skip
            add_team(b, MATERNITY_TEAMS[sub], unit=f"{maternity}/{sub}", parent=lead, scale=s)
    elif code == "001":
        outpatients = f"{unit}/Outpatients"
        om = b.single(
            "Outpatients Manager", "Service Manager", "G1D", "Band 8a", "manager_ops", "middle",
            unit=outpatients, parent=gm, priority=2,
        )  # fmt: skip
        add_team(b, OUTPATIENTS, unit=outpatients, parent=om, scale=s)


def _support_departments(b: Builder, division: str, ddo: int, s: float) -> None:
    heads: dict[str, int] = {}
    for name, title, code, band, profile, tier, min_scale in SUPPORT_HEADS:
        if s >= float(min_scale):
            heads[name] = b.single(
                title, "Manager", code, band, profile, tier, unit=f"{division}/{name}", parent=ddo
            )
    for name, title, role, code, band, profile, weight in SUPPORT_TEAMS:
        if name in heads:
            b.shared(
                title, role, code, band, profile, float(weight) * s,
                unit=f"{division}/{name}", parent=heads[name],
            )  # fmt: skip
