"""Clinical structure of an acute trust: divisions, specialties, wards and departments."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from mantle.demo.synthetic import codes as c
from mantle.demo.synthetic.establishment import Builder
from mantle.demo.synthetic.structures_common import Board, Team, add_team


class Specialty(NamedTuple):
    code: str
    family: str
    consultants: float  # consultant FTE in the reference trust
    wards: float  # share of the trust's wards
    min_scale: float  # smallest trust (relative size) that runs this specialty
    cns: float  # clinical nurse specialist FTE in the reference trust


SPECIALTIES: tuple[Specialty, ...] = (
    Specialty("001", "medicine", 14, 4.0, 0.0, 3),
    Specialty("011", "medicine", 12, 4.0, 0.0, 2),
    Specialty("007", "medicine", 10, 2.0, 0.3, 4),
    Specialty("004", "medicine", 9, 2.0, 0.3, 4),
    Specialty("018", "medicine", 9, 1.5, 0.3, 3),
    Specialty("017", "medicine", 5, 0.5, 0.4, 5),
    Specialty("006", "medicine", 4, 0.5, 0.6, 2),
    Specialty("015", "medicine", 4, 1.0, 0.8, 2),
    Specialty("005", "medicine", 4, 0.0, 0.5, 2),
    Specialty("008", "medicine", 4, 0.0, 0.5, 2),
    Specialty("035", "urgent", 8, 2.0, 0.2, 1),
    Specialty("030", "urgent", 16, 0.0, 0.0, 0),
    Specialty("034", "urgent", 10, 0.0, 0.3, 0),
    Specialty("021", "surgery", 14, 3.0, 0.0, 4),
    Specialty("024", "surgery", 15, 3.0, 0.0, 2),
    Specialty("027", "surgery", 6, 1.0, 0.4, 3),
    Specialty("023", "surgery", 5, 0.5, 0.5, 1),
    Specialty("025", "surgery", 7, 0.0, 0.5, 1),
    Specialty("036", "surgery", 4, 0.5, 0.9, 1),
    Specialty("061", "surgery", 3, 0.0, 0.7, 0),
    Specialty("028", "surgery", 4, 0.5, 1.5, 1),
    Specialty("091", "surgery", 28, 0.0, 0.0, 0),
    Specialty("040", "womens", 14, 1.0, 0.0, 2),
    Specialty("002", "womens", 14, 0.0, 0.0, 2),
    Specialty("080", "support", 18, 0.0, 0.2, 0),
    Specialty("074", "support", 8, 0.0, 0.3, 0),
    Specialty("075", "support", 3, 0.0, 0.5, 1),
    Specialty("073", "cancer", 6, 1.0, 0.4, 3),
    Specialty("026", "cancer", 6, 1.0, 1.0, 4),
    Specialty("012", "cancer", 4, 0.0, 1.0, 3),
    Specialty("094", "cancer", 2, 0.0, 0.5, 3),
)

# Divisions by how many the trust runs: (division name, families it holds).
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

WARD: Team = (
    ("Sister/Charge Nurse", "Sister/Charge Nurse", "N6A", "Band 6", "nurse_senior", 5.0),
    ("Staff Nurse", "Staff Nurse", "N6A", "Band 5", "nurse", 17.0),
    ("Nursing Associate", "Nursing Associate", "NGA", "Band 4", "nursing_associate", 2.0),
    ("Healthcare Assistant", "Healthcare Assistant", "H1A", "Band 3", "healthcare_assistant", 11.0),
    ("Healthcare Assistant", "Healthcare Assistant", "H1A", "Band 2", "healthcare_assistant", 3.0),
    ("Ward Clerk", "Ward Clerk", "G2D", "Band 2", "clinical_admin", 1.0),
    ("Ward Housekeeper", "Housekeeper", "H2R", "Band 2", "domestic", 1.0),
)
EMERGENCY_DEPARTMENT: Team = (
    ("Sister/Charge Nurse", "Sister/Charge Nurse", "N6A", "Band 6", "nurse_senior", 14.0),
    ("Staff Nurse", "Staff Nurse", "N6A", "Band 5", "nurse", 42.0),
    (
        "Advanced Clinical Practitioner",
        "Advanced Practitioner",
        "N6A",
        "Band 8a",
        "nurse_specialist",
        6.0,
    ),
    ("Healthcare Assistant", "Healthcare Assistant", "H1A", "Band 3", "healthcare_assistant", 20.0),
    ("Emergency Department Receptionist", "Receptionist", "G2D", "Band 2", "clinical_admin", 8.0),
)
CRITICAL_CARE: Team = (
    ("Sister/Charge Nurse", "Sister/Charge Nurse", "N6A", "Band 6", "nurse_senior", 14.0),
    ("Staff Nurse", "Staff Nurse", "N6A", "Band 5", "nurse", 40.0),
    ("Healthcare Assistant", "Healthcare Assistant", "H1A", "Band 3", "healthcare_assistant", 8.0),
)
THEATRES: Team = (
    ("Theatre Sister/Charge Nurse", "Sister/Charge Nurse", "N6A", "Band 6", "nurse_senior", 16.0),
    ("Theatre Staff Nurse", "Staff Nurse", "N6A", "Band 5", "nurse", 34.0),
    (
        "Operating Department Practitioner",
        "Operating Department Practitioner",
        "S1T",
        "Band 5",
        "ahp",
        40.0,
    ),
    (
        "Theatre Support Worker",
        "Healthcare Assistant",
        "H1A",
        "Band 3",
        "healthcare_assistant",
        30.0,
    ),
)
CHILDRENS_WARD: Team = (
    ("Sister/Charge Nurse", "Sister/Charge Nurse", "N1B", "Band 6", "nurse_senior", 6.0),
    ("Staff Nurse", "Staff Nurse", "N1B", "Band 5", "nurse", 20.0),
    ("Healthcare Assistant", "Healthcare Assistant", "H1B", "Band 3", "healthcare_assistant", 8.0),
    ("Ward Clerk", "Ward Clerk", "G2D", "Band 2", "clinical_admin", 1.0),
)
NEONATAL: Team = (
    ("Neonatal Sister/Charge Nurse", "Sister/Charge Nurse", "N1L", "Band 6", "nurse_senior", 8.0),
    ("Neonatal Staff Nurse", "Staff Nurse", "N1L", "Band 5", "nurse", 22.0),
    ("Nursery Assistant", "Healthcare Assistant", "H1B", "Band 3", "healthcare_assistant", 4.0),
)
OUTPATIENTS: Team = (
    ("Outpatient Staff Nurse", "Staff Nurse", "N6A", "Band 5", "nurse", 20.0),
    (
        "Outpatient Healthcare Assistant",
        "Healthcare Assistant",
        "H1A",
        "Band 2",
        "healthcare_assistant",
        15.0,
    ),
    ("Outpatient Receptionist", "Receptionist", "G2D", "Band 2", "clinical_admin", 30.0),
    ("Booking Clerk", "Clerical Worker", "G2D", "Band 3", "clinical_admin", 40.0),
)
MATERNITY_UNITS: tuple[tuple[str, str, Team], ...] = (
    (
        "Labour Ward",
        "Labour Ward Coordinator",
        (
            ("Midwife", "Midwife", "N2C", "Band 6", "midwife", 40.0),
            ("Midwife", "Midwife", "N2C", "Band 5", "midwife", 8.0),
            (
                "Maternity Support Worker",
                "Maternity Support Worker",
                "H1C",
                "Band 3",
                "healthcare_assistant",
                10.0,
            ),
        ),
    ),
    (
        "Maternity Ward",
        "Maternity Ward Manager",
        (
            ("Midwife", "Midwife", "N2C", "Band 6", "midwife", 20.0),
            (
                "Maternity Support Worker",
                "Maternity Support Worker",
                "H1C",
                "Band 3",
                "healthcare_assistant",
                12.0,
            ),
        ),
    ),
    (
        "Community Midwifery",
        "Community Midwifery Team Leader",
        (
            ("Community Midwife", "Midwife", "N2C", "Band 6", "midwife", 25.0),
            (
                "Maternity Support Worker",
                "Maternity Support Worker",
                "H1C",
                "Band 3",
                "healthcare_assistant",
                5.0,
            ),
        ),
    ),
    (
        "Antenatal Clinic",
        "Antenatal Clinic Lead Midwife",
        (
            ("Midwife", "Midwife", "N2C", "Band 6", "midwife", 8.0),
            ("Maternity Receptionist", "Receptionist", "G2D", "Band 2", "clinical_admin", 4.0),
        ),
    ),
)
# Clinical support departments: unit, head (title, code, band, profile, tier), team.
SUPPORT_DEPARTMENTS: tuple[tuple[str, tuple[str, str, str, str, str], Team], ...] = (
    (
        "Radiology",
        ("Radiology Services Manager", "S0F", "Band 8b", "ahp_head", "middle"),
        (
            ("Radiographer", "Radiographer - Diagnostic", "S1F", "Band 6", "radiographer", 70.0),
            ("Sonographer", "Radiographer - Diagnostic", "S1F", "Band 7", "radiographer", 15.0),
            ("Radiology Assistant", "Healthcare Assistant", "H1K", "Band 3", "stt_support", 15.0),
            ("Radiology Clerk", "Clerical Worker", "G2C", "Band 2", "clinical_admin", 12.0),
        ),
    ),
    (
        "Pathology",
        ("Pathology Services Manager", "U0A", "Band 8b", "ahp_head", "middle"),
        (
            ("Biomedical Scientist", "Biomedical Scientist", "UEA", "Band 6", "scientist", 55.0),
            (
                "Specialist Biomedical Scientist",
                "Biomedical Scientist",
                "UDA",
                "Band 7",
                "scientist",
                20.0,
            ),
            (
                "Medical Laboratory Assistant",
                "Laboratory Assistant",
                "U9A",
                "Band 3",
                "stt_support",
                40.0,
            ),
            ("Phlebotomist", "Phlebotomist", "H1M", "Band 2", "stt_support", 25.0),
            ("Pathology Clerk", "Clerical Worker", "G2C", "Band 2", "clinical_admin", 12.0),
        ),
    ),
    (
        "Pharmacy",
        ("Chief Pharmacist", "S0P", "Band 8d", "ahp_head", "senior"),
        (
            ("Pharmacist", "Pharmacist", "S2P", "Band 7", "pharmacist", 35.0),
            ("Advanced Pharmacist", "Pharmacist", "S2P", "Band 8a", "pharmacist", 10.0),
            (
                "Pharmacy Technician",
                "Pharmacy Technician",
                "S4P",
                "Band 5",
                "pharmacy_technician",
                35.0,
            ),
            ("Pharmacy Assistant", "Pharmacy Assistant", "S9P", "Band 3", "stt_support", 25.0),
        ),
    ),
    (
        "Therapies",
        ("Head of Therapies", "S0E", "Band 8b", "ahp_head", "middle"),
        (
            ("Physiotherapist", "Physiotherapist", "S1E", "Band 6", "ahp", 45.0),
            ("Senior Physiotherapist", "Physiotherapist", "S1E", "Band 7", "ahp_senior", 10.0),
            ("Occupational Therapist", "Occupational Therapist", "S1C", "Band 6", "ahp", 35.0),
            (
                "Speech and Language Therapist",
                "Speech and Language Therapist",
                "S1J",
                "Band 6",
                "ahp",
                12.0,
            ),
            ("Dietitian", "Dietitian", "S1B", "Band 6", "ahp", 15.0),
            ("Therapy Assistant", "Therapy Assistant", "H1J", "Band 3", "stt_support", 25.0),
            (
                "Assistant Practitioner",
                "Assistant Practitioner",
                "S5E",
                "Band 4",
                "stt_support",
                6.0,
            ),
        ),
    ),
    (
        "Medical Physics",
        ("Head of Medical Physics", "U0A", "Band 8c", "ahp_head", "senior"),
        (("Clinical Scientist", "Clinical Scientist", "U2H", "Band 7", "scientist", 12.0),),
    ),
    (
        "Cardiorespiratory Services",
        ("Cardiorespiratory Services Manager", "U0A", "Band 8a", "ahp_head", "middle"),
        (
            (
                "Cardiac Physiologist",
                "Healthcare Science Practitioner",
                "U4E",
                "Band 6",
                "scientist",
                25.0,
            ),
        ),
    ),
)


def _wards_per_specialty(b: Builder, chosen: list[Specialty], wards: int) -> list[int]:
    weights = np.asarray([s.wards for s in chosen], dtype=np.float64)
    if wards == 0 or weights.sum() == 0:
        return [0] * len(chosen)
    raw = wards * weights / weights.sum()
    counts = np.floor(raw).astype(int)
    remainder = raw - counts + b.rng.random(len(chosen)) * 1e-3
    for i in np.argsort(-remainder)[: wards - counts.sum()]:
        counts[i] += 1
    return [int(x) for x in counts]


def build_acute(b: Builder, board: Board) -> list[int]:
    """Divisions → specialties → wards and departments for an acute trust.

    Rule: divisions run a medical/operational/nursing triumvirate (a divisional director who is a
    consultant on a sessional second assignment, a divisional director of operations and a head
    of nursing); each specialty has a clinical director (consultant, 0.1–0.3 FTE second
    assignment) and a general manager; wards have a band 7 ward manager and report in threes or
    fours to a matron. Returns the consultant posts.
    """
    s = b.scale
    f = b.target_fte
    divisions = (
        1
        if f < 600
        else 2
        if f < 1500
        else 3
        if f < 3000
        else 4
        if f < 5000
        else 5
        if f < 8000
        else 6
    )
    chosen = [sp for sp in SPECIALTIES if sp.min_scale <= s]
    nurses_target = f * 0.27
    wards = max(1, round(nurses_target * 0.56 / 24.0))
    ward_counts = dict(
        zip((sp.code for sp in chosen), _wards_per_specialty(b, chosen, wards), strict=True)
    )
    coo = board.operations_or_ceo()
    consultant_posts: list[int] = []
    ward_number = int(b.rng.integers(1, 6))
    for division, families in DIVISION_LAYOUTS[divisions]:
        mine = [sp for sp in chosen if sp.family in families]
        if not mine:
            continue
        ddo = b.single(
            "Divisional Director of Operations",
            "Divisional Director of Operations",
            "G0D",
            "Band 8d",
            "senior_manager_ops",
            "senior",
            unit=division,
            parent=coo,
            priority=1,
        )
        hon = b.single(
            "Divisional Head of Nursing",
            "Head of Nursing",
            "N0A",
            "Band 8c",
            "head_of_nursing",
            "senior",
            unit=division,
            parent=ddo,
        )
        b.anchor(unit=division, parent=ddo, clinical=True)
        add_team(
            b,
            (
                (
                    "Divisional Administrator",
                    "Clerical Worker",
                    "G2D",
                    "Band 4",
                    "clinical_admin",
                    3.0,
                ),
            ),
            unit=division,
            parent=ddo,
            scale=s,
        )
        division_consultants: list[int] = []
        clinical_directors: list[int] = []
        ward_managers: list[tuple[int, str]] = []
        for sp in mine:
            name = c.MEDICAL_SPECIALTIES[sp.code]
            unit = f"{division}/{name}"
            gm = b.single(
                f"General Manager - {name}",
                "General Manager",
                "G1D",
                "Band 8b",
                "manager_ops",
                "middle",
                unit=unit,
                parent=ddo,
                priority=1,
            )
            if sp.consultants >= 8:
                b.single(
                    f"Service Manager - {name}",
                    "Service Manager",
                    "G1D",
                    "Band 8a",
                    "manager_ops",
                    "middle",
                    unit=unit,
                    parent=gm,
                    priority=2,
                )
            cons = b.shared(
                f"Consultant in {name}",
                "Consultant",
                sp.code,
                "Consultant",
                "consultant",
                sp.consultants * s,
                unit=unit,
                parent=ddo,
            )
            consultant_posts.append(cons)
            division_consultants.append(cons)
            lead = cons
            if sp.consultants * s >= 2.5:
                lead = b.second(
                    f"Clinical Director for {name}",
                    "Clinical Director - Medical",
                    "senior",
                    unit=unit,
                    parent=ddo,
                    pool_post=cons,
                    fte=float(b.rng.choice((0.1, 0.2, 0.2, 0.3))),
                )
                clinical_directors.append(lead)
                b.posts.parent[cons] = lead
            doctors: Team = (
                (
                    f"Specialty Doctor in {name}",
                    "Specialty Doctor",
                    sp.code,
                    "Specialty Doctor",
                    "specialty_doctor",
                    0.27 * sp.consultants,
                ),
                (
                    f"Specialty Registrar in {name}",
                    "Specialty Registrar",
                    sp.code,
                    "Resident Doctor",
                    "resident_registrar",
                    0.85 * sp.consultants,
                ),
            )
            add_team(b, doctors, unit=unit, parent=lead, scale=s)
            if ward_counts[sp.code] or sp.code in ("030", "034"):
                b.shared(
                    f"Foundation Doctor - {name}",
                    "Foundation Year 1",
                    sp.code,
                    "Resident Doctor",
                    "resident_foundation",
                    0.35 * sp.consultants * s,
                    unit=unit,
                    parent=lead,
                )
            add_team(
                b,
                (
                    (
                        "Medical Secretary",
                        "Medical Secretary",
                        "G2D",
                        "Band 4",
                        "clinical_admin",
                        0.55 * sp.consultants,
                    ),
                ),
                unit=unit,
                parent=gm,
                scale=s,
            )
            if sp.cns:
                b.shared(
                    f"Clinical Nurse Specialist - {name}",
                    "Specialist Nurse",
                    "N6A",
                    "Band 7",
                    "nurse_specialist",
                    sp.cns * s,
                    unit=unit,
                    parent=hon,
                )
            for _ in range(ward_counts[sp.code]):
                ward_unit = f"{unit}/Ward {ward_number}"
                ward_number += 1
                wm = b.single(
                    "Ward Manager",
                    "Ward Manager",
                    "N0A",
                    "Band 7",
                    "ward_manager",
                    "first_line",
                    unit=ward_unit,
                    parent=hon,
                )
                ward_managers.append((wm, unit))
                add_team(b, WARD, unit=ward_unit, parent=wm, scale=float(b.rng.uniform(0.8, 1.25)))
            _special_units(b, sp.code, unit, hon, gm, s)
        _matrons(b, ward_managers, hon)
        if "support" in families:
            _support_departments(b, division, ddo, s)
        lead_pool = max(division_consultants, key=lambda i: b.posts.weight[i])
        dd = b.second(
            "Divisional Medical Director",
            "Divisional Director",
            "senior",
            unit=division,
            parent=coo,
            pool_post=lead_pool,
            fte=0.4,
        )
        b.posts.parent[ddo] = dd
        for cd in clinical_directors:
            b.posts.parent[cd] = dd
    return consultant_posts


def _matrons(b: Builder, ward_managers: list[tuple[int, str]], hon: int) -> None:
    for start in range(0, len(ward_managers), 4):
        chunk = ward_managers[start : start + 4]
        matron = b.single(
            "Matron",
            "Matron",
            "NCA",
            "Band 8a",
            "matron",
            "middle",
            unit=chunk[0][1],
            parent=hon,
        )
        for wm, _ in chunk:
            b.posts.parent[wm] = matron


def _special_units(b: Builder, code: str, unit: str, hon: int, gm: int, s: float) -> None:
    if code == "030":
        _unit_with_manager(
            b,
            f"{unit}/Emergency Department",
            "Emergency Department Manager",
            "N0A",
            "Band 8a",
            hon,
            EMERGENCY_DEPARTMENT,
            s,
        )
    elif code == "034":
        _unit_with_manager(
            b,
            f"{unit}/Critical Care Unit",
            "Critical Care Unit Manager",
            "N0A",
            "Band 8a",
            hon,
            CRITICAL_CARE,
            s,
        )
    elif code == "091":
        _unit_with_manager(
            b, f"{unit}/Theatres", "Theatres Manager", "N0A", "Band 8b", hon, THEATRES, s
        )
    elif code == "002":
        _unit_with_manager(
            b,
            f"{unit}/Children's Ward",
            "Ward Manager",
            "N0B",
            "Band 7",
            hon,
            CHILDRENS_WARD,
            max(s, 0.3),
        )
        if s >= 0.4:
            _unit_with_manager(
                b,
                f"{unit}/Neonatal Unit",
                "Neonatal Unit Manager",
                "N0B",
                "Band 7",
                hon,
                NEONATAL,
                s,
            )
    elif code == "040":
        hom = b.single(
            "Head of Midwifery",
            "Head of Midwifery",
            "N0C",
            "Band 8c",
            "head_of_nursing",
            "senior",
            unit=f"{unit}/Maternity",
            parent=hon,
        )
        matron = b.single(
            "Maternity Matron",
            "Matron",
            "NCC",
            "Band 8a",
            "matron",
            "middle",
            unit=f"{unit}/Maternity",
            parent=hom,
        )
        for sub, lead_title, team in MATERNITY_UNITS:
            lead = b.single(
                lead_title,
                "Midwife - Manager",
                "N2C",
                "Band 7",
                "midwife_lead",
                "first_line",
                unit=f"{unit}/Maternity/{sub}",
                parent=matron,
            )
            add_team(b, team, unit=f"{unit}/Maternity/{sub}", parent=lead, scale=s)
    elif code == "001":
        om = b.single(
            "Outpatients Manager",
            "Service Manager",
            "G1D",
            "Band 8a",
            "manager_ops",
            "middle",
            unit=f"{unit}/Outpatients",
            parent=gm,
            priority=2,
        )
        add_team(b, OUTPATIENTS, unit=f"{unit}/Outpatients", parent=om, scale=s)


def _unit_with_manager(
    b: Builder, unit: str, title: str, code: str, band: str, parent: int, team: Team, s: float
) -> None:
    tier = "first_line" if band == "Band 7" else "middle"
    manager = b.single(
        title,
        "Nurse Manager",
        code,
        band,
        "ward_manager",
        tier,
        unit=unit,
        parent=parent,
    )
    add_team(b, team, unit=unit, parent=manager, scale=s)


def _support_departments(b: Builder, division: str, ddo: int, s: float) -> None:
    for name, (title, code, band, profile, tier), team in SUPPORT_DEPARTMENTS:
        if name == "Medical Physics" and s < 0.6:
            continue
        unit = f"{division}/{name}"
        head = b.single(title, "Manager", code, band, profile, tier, unit=unit, parent=ddo)
        add_team(b, team, unit=unit, parent=head, scale=s)
