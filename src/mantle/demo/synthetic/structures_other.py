"""Clinical structure of mental health, community and ambulance trusts, and the directorates of an
integrated care board."""

from __future__ import annotations

from mantle.demo.synthetic.establishment import Builder, Filler
from mantle.demo.synthetic.structures_common import Board, Team, add_team

LOCALITIES = ("North", "South", "East", "West", "Central", "Coastal", "Valley", "City")

MH_WARD: Team = (
    ("Charge Nurse", "Sister/Charge Nurse", "N6E", "Band 6", "nurse_senior", 5.0),
    ("Staff Nurse", "Staff Nurse", "N6E", "Band 5", "nurse", 12.0),
    ("Healthcare Assistant", "Healthcare Assistant", "H1D", "Band 3", "healthcare_assistant", 14.0),
    ("Support Time Recovery Worker", "Support Worker", "H2D", "Band 3", "support_worker", 2.0),
    ("Occupational Therapist", "Occupational Therapist", "S1C", "Band 6", "ahp", 1.5),
    ("Ward Clerk", "Ward Clerk", "G2D", "Band 3", "clinical_admin", 1.0),
    ("Ward Housekeeper", "Housekeeper", "H2R", "Band 2", "domestic", 1.5),
)
LD_WARD: Team = (
    ("Charge Nurse", "Sister/Charge Nurse", "N6G", "Band 6", "nurse_senior", 4.0),
    ("Staff Nurse", "Staff Nurse", "N6G", "Band 5", "nurse", 10.0),
    ("Healthcare Assistant", "Healthcare Assistant", "H1D", "Band 3", "healthcare_assistant", 16.0),
    ("Ward Housekeeper", "Housekeeper", "H2R", "Band 2", "domestic", 1.0),
)
CMHT: Team = (
    (
        "Community Mental Health Nurse",
        "Community Mental Health Nurse",
        "N4D",
        "Band 6",
        "nurse_senior",
        9.0,
    ),
    ("Clinical Psychologist", "Clinical Psychologist", "S1L", "Band 8a", "psychologist", 1.5),
    ("Occupational Therapist", "Occupational Therapist", "S1C", "Band 6", "ahp", 1.5),
    ("Social Worker", "Social Worker", "S1U", "Band 6", "therapist_other", 2.0),
    ("Support Time Recovery Worker", "Support Worker", "H2D", "Band 3", "support_worker", 3.0),
    ("Team Administrator", "Clerical Worker", "G2D", "Band 3", "clinical_admin", 2.0),
)
CRISIS: Team = (
    ("Crisis Nurse", "Community Mental Health Nurse", "N4D", "Band 6", "nurse_senior", 10.0),
    ("Support Time Recovery Worker", "Support Worker", "H2D", "Band 3", "support_worker", 3.0),
    ("Team Administrator", "Clerical Worker", "G2D", "Band 3", "clinical_admin", 1.0),
)
TALKING_THERAPIES: Team = (
    (
        "High Intensity Therapist",
        "Psychological Therapist",
        "S1M",
        "Band 7",
        "therapist_other",
        10.0,
    ),
    (
        "Psychological Wellbeing Practitioner",
        "Psychological Wellbeing Practitioner",
        "S5M",
        "Band 5",
        "stt_support",
        12.0,
    ),
    ("Team Administrator", "Clerical Worker", "G2D", "Band 3", "clinical_admin", 3.0),
)
CAMHS: Team = (
    ("CAMHS Nurse", "Community Mental Health Nurse", "N4D", "Band 6", "nurse_senior", 5.0),
    ("Clinical Psychologist", "Clinical Psychologist", "S1L", "Band 8a", "psychologist", 3.0),
    ("Family Therapist", "Psychological Therapist", "S1M", "Band 7", "therapist_other", 2.0),
    ("Occupational Therapist", "Occupational Therapist", "S1C", "Band 6", "ahp", 1.0),
    ("Support Worker", "Support Worker", "H2D", "Band 3", "support_worker", 2.0),
    ("Team Administrator", "Clerical Worker", "G2D", "Band 3", "clinical_admin", 1.5),
)
MH_PHARMACY: Team = (
    ("Pharmacist", "Pharmacist", "S2P", "Band 7", "pharmacist", 6.0),
    ("Pharmacy Technician", "Pharmacy Technician", "S4P", "Band 5", "pharmacy_technician", 4.0),
)

# Mental health care groups: name, consultant code, consultant weight, ward share, team kind.
MH_GROUPS = (
    ("Adult Acute & Urgent Care", "052", 25.0, 0.45, "crisis"),
    ("Community Mental Health", "052", 20.0, 0.0, "cmht"),
    ("Older People's Services", "056", 10.0, 0.25, "cmht"),
    ("Children & Young People's Services", "053", 8.0, 0.1, "camhs"),
    ("Specialist & Forensic Services", "054", 6.0, 0.2, "ld"),
)


def _doctors(b: Builder, code: str, name: str, weight: float, unit: str, parent: int) -> int:
    """Consultant, specialty doctor and resident pools of one specialty; returns the consultants."""
    s = b.scale
    cons = b.shared(
        f"Consultant {name}",
        "Consultant",
        code,
        "Consultant",
        "consultant",
        weight * s,
        unit=unit,
        parent=parent,
    )
    add_team(
        b,
        (
            (
                f"Specialty Doctor - {name}",
                "Specialty Doctor",
                code,
                "Specialty Doctor",
                "specialty_doctor",
                0.35 * weight,
            ),
            (
                f"Specialty Registrar - {name}",
                "Specialty Registrar",
                code,
                "Resident Doctor",
                "resident_registrar",
                0.6 * weight,
            ),
            (
                f"Foundation Doctor - {name}",
                "Foundation Year 1",
                code,
                "Resident Doctor",
                "resident_foundation",
                0.25 * weight,
            ),
            (
                "Medical Secretary",
                "Medical Secretary",
                "G2D",
                "Band 4",
                "clinical_admin",
                0.5 * weight,
            ),
        ),
        unit=unit,
        parent=cons,
        scale=s,
    )
    return cons


def _clinical_director(b: Builder, name: str, unit: str, parent: int, cons: int) -> int:
    if b.posts.weight[cons] < 2.0:
        return cons
    cd = b.second(
        f"Clinical Director - {name}",
        "Clinical Director - Medical",
        "senior",
        unit=unit,
        parent=parent,
        pool_post=cons,
        fte=float(b.rng.choice((0.2, 0.2, 0.3))),
    )
    b.posts.parent[cons] = cd
    return cd


def _team(
    b: Builder,
    unit: str,
    lead: tuple[str, str, str, str, str],
    parent: int,
    team: Team,
    scale: float,
) -> int:
    title, code, band, profile, tier = lead
    head = b.single(title, "Team Leader", code, band, profile, tier, unit=unit, parent=parent)
    add_team(b, team, unit=unit, parent=head, scale=scale)
    return head


def build_mental_health(b: Builder, board: Board) -> list[int]:
    """Care groups → inpatient wards and community teams for a mental health trust.

    Rule: each care group has an associate director of operations, a head of nursing and a
    consultant psychiatrist clinical director (sessional second assignment); wards have a band 7
    ward manager under a matron; community teams a band 7 team manager.
    """
    f, s = b.target_fte, b.scale
    groups = MH_GROUPS if f >= 4000 else MH_GROUPS[:4] if f >= 1500 else MH_GROUPS[:3]
    wards = max(1, round(f * 0.31 * 0.40 / 20.0))
    localities = LOCALITIES[: max(1, min(len(LOCALITIES), round(f / 800)))]
    coo = board.operations_or_ceo()
    consultants: list[int] = []
    ward_no = 0
    share_total = sum(g[3] for g in groups)
    for name, code, weight, ward_share, team_kind in groups:
        ado = b.single(
            "Associate Director of Operations",
            "Associate Director",
            "G0D",
            "Band 8c",
            "senior_manager_ops",
            "senior",
            unit=name,
            parent=coo,
            priority=1,
        )
        hon = b.single(
            "Head of Nursing",
            "Head of Nursing",
            "N0E",
            "Band 8b",
            "head_of_nursing",
            "middle",
            unit=name,
            parent=ado,
        )
        b.anchor(unit=name, parent=ado, clinical=True)
        cons = _doctors(b, code, "Psychiatrist", weight, name, ado)
        consultants.append(cons)
        cd = _clinical_director(b, name, name, coo, cons)
        if cd != cons:
            b.posts.parent[ado] = cd
        n_wards = round(wards * ward_share / share_total) if share_total else 0
        matron = -1
        for k in range(n_wards):
            if k % 4 == 0:
                matron = b.single(
                    "Matron",
                    "Matron",
                    "NCE",
                    "Band 8a",
                    "matron",
                    "middle",
                    unit=name,
                    parent=hon,
                )
            ward_unit = f"{name}/{_ward_name(ward_no)}"
            ward_no += 1
            team = LD_WARD if team_kind == "ld" and k % 2 else MH_WARD
            _team(
                b,
                ward_unit,
                ("Ward Manager", "N0E", "Band 7", "ward_manager", "first_line"),
                matron,
                team,
                1.0,
            )
        for loc in localities:
            sm = b.single(
                f"Service Manager - {loc}",
                "Service Manager",
                "G1D",
                "Band 8a",
                "manager_ops",
                "middle",
                unit=f"{name}/{loc}",
                parent=ado,
                priority=2,
            )
            kind_team = {"crisis": CRISIS, "cmht": CMHT, "camhs": CAMHS, "ld": CMHT}[team_kind]
            label = {
                "crisis": "Crisis Resolution & Home Treatment",
                "cmht": "Community Team",
                "camhs": "CAMHS Team",
                "ld": "Community Learning Disability Team",
            }[team_kind]
            _team(
                b,
                f"{name}/{loc}/{label}",
                ("Team Manager", "N0D", "Band 7", "ward_manager", "first_line"),
                sm,
                kind_team,
                s * 4 / len(localities),
            )
        if team_kind == "cmht":
            _team(
                b,
                f"{name}/Talking Therapies",
                ("Talking Therapies Service Lead", "S0L", "Band 8b", "ahp_head", "middle"),
                ado,
                TALKING_THERAPIES,
                s * 2,
            )
    head_psych = b.single(
        "Head of Psychological Services",
        "Manager",
        "S0L",
        "Band 8c",
        "ahp_head",
        "senior",
        unit="Psychological Services",
        parent=board.nursing_director,
    )
    add_team(
        b,
        (
            (
                "Clinical Psychologist",
                "Clinical Psychologist",
                "S1L",
                "Band 8a",
                "psychologist",
                6.0,
            ),
        ),
        unit="Psychological Services",
        parent=head_psych,
        scale=s,
    )
    chief = b.single(
        "Chief Pharmacist",
        "Manager",
        "S0P",
        "Band 8c",
        "ahp_head",
        "senior",
        unit="Pharmacy",
        parent=board.medical_director,
    )
    add_team(b, MH_PHARMACY, unit="Pharmacy", parent=chief, scale=s)
    return consultants


def _ward_name(k: int) -> str:
    stems = (
        "Willow",
        "Rowan",
        "Alder",
        "Hazel",
        "Juniper",
        "Sorrel",
        "Heather",
        "Linden",
        "Aspen",
        "Cedar",
        "Maple",
        "Elm",
        "Birch",
        "Holly",
        "Laurel",
        "Poplar",
    )
    suffix = "" if k < len(stems) else f" {k // len(stems) + 1}"
    return f"{stems[k % len(stems)]} Ward{suffix}"


DISTRICT_NURSING: Team = (
    ("District Nurse", "District Nurse", "N4H", "Band 6", "nurse_senior", 9.0),
    ("Community Staff Nurse", "Staff Nurse", "N6H", "Band 5", "nurse", 8.0),
    ("Community Matron", "Community Matron", "NEH", "Band 8a", "nurse_specialist", 1.5),
    ("Healthcare Assistant", "Healthcare Assistant", "H1F", "Band 3", "healthcare_assistant", 5.0),
    ("Team Administrator", "Clerical Worker", "G2D", "Band 3", "clinical_admin", 1.5),
)
REHABILITATION: Team = (
    ("Physiotherapist", "Physiotherapist", "S1E", "Band 6", "ahp", 4.0),
    ("Occupational Therapist", "Occupational Therapist", "S1C", "Band 6", "ahp", 4.0),
    ("Rehabilitation Assistant", "Therapy Assistant", "H1J", "Band 3", "stt_support", 4.0),
    ("Support Worker", "Support Worker", "H2F", "Band 3", "support_worker", 3.0),
)
COMMUNITY_WARD: Team = (
    ("Sister/Charge Nurse", "Sister/Charge Nurse", "N6H", "Band 6", "nurse_senior", 4.0),
    ("Staff Nurse", "Staff Nurse", "N6H", "Band 5", "nurse", 12.0),
    ("Healthcare Assistant", "Healthcare Assistant", "H1F", "Band 3", "healthcare_assistant", 12.0),
    ("Ward Clerk", "Ward Clerk", "G2D", "Band 2", "clinical_admin", 1.0),
    ("Ward Housekeeper", "Housekeeper", "H2R", "Band 2", "domestic", 1.5),
)
HEALTH_VISITING: Team = (
    ("Health Visitor", "Health Visitor", "N3H", "Band 6", "health_visitor", 8.0),
    ("Community Staff Nurse", "Staff Nurse", "N6H", "Band 5", "nurse", 2.0),
    ("Community Nursery Nurse", "Nursery Nurse", "H2F", "Band 4", "support_worker", 2.0),
    ("Team Administrator", "Clerical Worker", "G2D", "Band 3", "clinical_admin", 1.0),
)
SCHOOL_NURSING: Team = (
    ("School Nurse", "School Nurse", "NBK", "Band 6", "nurse_senior", 5.0),
    ("School Staff Nurse", "Staff Nurse", "N6H", "Band 5", "nurse", 2.0),
    ("Support Worker", "Support Worker", "H2F", "Band 3", "support_worker", 1.5),
)
SPECIALIST_SERVICES: tuple[tuple[str, tuple[str, str, str, str, str], Team], ...] = (
    (
        "Podiatry",
        ("Head of Podiatry", "S0A", "Band 8a", "ahp_head", "middle"),
        (
            ("Podiatrist", "Podiatrist", "S1A", "Band 6", "ahp", 10.0),
            ("Podiatry Assistant", "Therapy Assistant", "H1J", "Band 3", "stt_support", 3.0),
        ),
    ),
    (
        "MSK Physiotherapy",
        ("MSK Service Lead", "S0E", "Band 8a", "ahp_head", "middle"),
        (
            ("Physiotherapist", "Physiotherapist", "S1E", "Band 6", "ahp", 12.0),
            ("Senior Physiotherapist", "Physiotherapist", "S1E", "Band 7", "ahp_senior", 4.0),
        ),
    ),
    (
        "Dietetics",
        ("Dietetics Lead", "S1B", "Band 7", "ahp_senior", "first_line"),
        (("Dietitian", "Dietitian", "S1B", "Band 6", "ahp", 5.0),),
    ),
    (
        "Speech & Language Therapy",
        ("SLT Lead", "S1J", "Band 7", "ahp_senior", "first_line"),
        (
            (
                "Speech and Language Therapist",
                "Speech and Language Therapist",
                "S1J",
                "Band 6",
                "ahp",
                8.0,
            ),
        ),
    ),
    (
        "Sexual Health",
        ("Sexual Health Nurse Lead", "N0H", "Band 7", "ward_manager", "first_line"),
        (
            ("Sexual Health Nurse", "Specialist Nurse", "N6H", "Band 6", "nurse_senior", 8.0),
            (
                "Healthcare Assistant",
                "Healthcare Assistant",
                "H1F",
                "Band 3",
                "healthcare_assistant",
                2.0,
            ),
            ("Clinic Receptionist", "Receptionist", "G2D", "Band 2", "clinical_admin", 3.0),
        ),
    ),
)
URGENT_CARE: Team = (
    (
        "Emergency Nurse Practitioner",
        "Advanced Practitioner",
        "N6A",
        "Band 7",
        "nurse_specialist",
        8.0,
    ),
    ("Staff Nurse", "Staff Nurse", "N6A", "Band 5", "nurse", 6.0),
    ("Healthcare Assistant", "Healthcare Assistant", "H1A", "Band 3", "healthcare_assistant", 4.0),
    ("Receptionist", "Receptionist", "G2D", "Band 2", "clinical_admin", 4.0),
)


def build_community(b: Builder, board: Board) -> list[int]:
    """Divisions → locality teams, community hospitals and specialist services.

    Rule: each division has an associate director of operations and a head of nursing and
    therapies; localities have district nursing, rehabilitation, health visiting and school
    nursing teams led by band 7 team leaders; community paediatrics and geriatrics run consultant
    pools with a sessional clinical director.
    """
    f, s = b.target_fte, b.scale
    localities = LOCALITIES[: max(1, min(len(LOCALITIES), round(f / 500)))]
    per_loc = 5.0 / len(localities)
    coo = board.operations_or_ceo()
    names = ("Adult Community Services", "Children & Families", "Specialist & Urgent Care")
    consultants: list[int] = []
    heads: dict[str, tuple[int, int]] = {}
    for name in names:
        ado = b.single(
            "Associate Director of Operations",
            "Associate Director",
            "G0D",
            "Band 8c",
            "senior_manager_ops",
            "senior",
            unit=name,
            parent=coo,
            priority=1,
        )
        hon = b.single(
            "Head of Nursing and Therapies",
            "Head of Nursing",
            "N0H",
            "Band 8b",
            "head_of_nursing",
            "middle",
            unit=name,
            parent=ado,
        )
        b.anchor(unit=name, parent=ado, clinical=True)
        heads[name] = (ado, hon)
    adult_ado, adult_hon = heads[names[0]]
    child_ado, child_hon = heads[names[1]]
    spec_ado, spec_hon = heads[names[2]]
    for loc in localities:
        lm = b.single(
            f"Locality Manager - {loc}",
            "Service Manager",
            "G1D",
            "Band 8a",
            "manager_ops",
            "middle",
            unit=f"{names[0]}/{loc}",
            parent=adult_ado,
            priority=2,
        )
        _team(
            b,
            f"{names[0]}/{loc}/District Nursing",
            ("District Nursing Team Leader", "N0H", "Band 7", "ward_manager", "first_line"),
            lm,
            DISTRICT_NURSING,
            s * per_loc * 3,
        )
        _team(
            b,
            f"{names[0]}/{loc}/Community Rehabilitation",
            ("Rehabilitation Team Lead", "S1E", "Band 7", "ahp_senior", "first_line"),
            lm,
            REHABILITATION,
            s * per_loc * 3,
        )
        _team(
            b,
            f"{names[1]}/{loc}/Health Visiting",
            ("Health Visiting Team Leader", "N0H", "Band 7", "ward_manager", "first_line"),
            child_hon,
            HEALTH_VISITING,
            s * per_loc * 3,
        )
        _team(
            b,
            f"{names[1]}/{loc}/School Nursing",
            ("School Nursing Team Leader", "N0H", "Band 7", "ward_manager", "first_line"),
            child_hon,
            SCHOOL_NURSING,
            s * per_loc * 2,
        )
    matron = b.single(
        "Matron - Community Hospitals",
        "Matron",
        "NCH",
        "Band 8a",
        "matron",
        "middle",
        unit=f"{names[0]}/Community Hospitals",
        parent=adult_hon,
    )
    for k in range(max(1, round(f / 700))):
        _team(
            b,
            f"{names[0]}/Community Hospitals/{_ward_name(k)}",
            ("Ward Manager", "N0H", "Band 7", "ward_manager", "first_line"),
            matron,
            COMMUNITY_WARD,
            1.0,
        )
    paeds = _doctors(
        b, "002", "Community Paediatrician", 6.0, f"{names[1]}/Community Paediatrics", child_ado
    )
    consultants.append(paeds)
    _clinical_director(b, names[1], names[1], child_ado, paeds)
    add_team(
        b,
        (
            (
                "Speech and Language Therapist",
                "Speech and Language Therapist",
                "S1J",
                "Band 6",
                "ahp",
                6.0,
            ),
            ("Occupational Therapist", "Occupational Therapist", "S1C", "Band 6", "ahp", 3.0),
            ("Physiotherapist", "Physiotherapist", "S1E", "Band 6", "ahp", 3.0),
            ("Therapy Assistant", "Therapy Assistant", "H1J", "Band 3", "stt_support", 2.0),
        ),
        unit=f"{names[1]}/Children's Therapies",
        parent=child_hon,
        scale=s,
    )
    geri = _doctors(b, "011", "Geriatrician", 4.0, f"{names[2]}/Intermediate Care", spec_ado)
    consultants.append(geri)
    _clinical_director(b, names[2], names[2], spec_ado, geri)
    sexual_health = _doctors(
        b, "041", "in Sexual Health", 2.0, f"{names[2]}/Sexual Health", spec_ado
    )
    consultants.append(sexual_health)
    for name, (title, code, band, profile, tier), team in SPECIALIST_SERVICES:
        unit = f"{names[2]}/{name}"
        head = b.single(title, "Team Leader", code, band, profile, tier, unit=unit, parent=spec_hon)
        add_team(b, team, unit=unit, parent=head, scale=s)
    _team(
        b,
        f"{names[2]}/Urgent Treatment Centre",
        ("Urgent Care Lead Nurse", "N0A", "Band 8a", "matron", "middle"),
        spec_hon,
        URGENT_CARE,
        s,
    )
    chief = b.single(
        "Head of Medicines Management",
        "Manager",
        "S0P",
        "Band 8b",
        "ahp_head",
        "middle",
        unit="Medicines Management",
        parent=board.medical_director,
    )
    add_team(b, MH_PHARMACY, unit="Medicines Management", parent=chief, scale=s)
    return consultants


STATION: Team = (
    ("Paramedic", "Paramedic", "ABA", "Band 6", "paramedic", 14.0),
    ("Newly Qualified Paramedic", "Paramedic", "ABA", "Band 5", "paramedic", 2.5),
    ("Specialist Paramedic", "Advanced Paramedic", "A5A", "Band 7", "paramedic", 1.2),
    (
        "Emergency Medical Technician",
        "Ambulance Technician",
        "AEA",
        "Band 4",
        "ambulance_crew",
        7.0,
    ),
    (
        "Emergency Care Assistant",
        "Emergency Care Assistant",
        "A8A",
        "Band 3",
        "ambulance_crew",
        6.0,
    ),
)
CONTROL_ROOM: Team = (
    ("Emergency Call Handler", "Call Handler", "A8E", "Band 3", "call_handler", 45.0),
    ("Dispatcher", "Dispatcher", "A8E", "Band 4", "call_handler", 15.0),
    ("Clinical Advisor - Paramedic", "Paramedic", "ABE", "Band 6", "paramedic", 10.0),
    ("Clinical Advisor - Nurse", "Staff Nurse", "N6A", "Band 6", "nurse_senior", 10.0),
)


def build_ambulance(b: Builder, board: Board) -> list[int]:
    """Areas → stations, control rooms, HART, patient transport, fleet and education.

    Rule: each station has a band 7 clinical team leader (first-line manager, usually a
    paramedic); each area a head of operations; control rooms an EOC manager with band 7 shift
    team leaders.
    """
    f, s = b.target_fte, b.scale
    board_ops = board.operations_or_ceo()
    b.posts.occupation[board.medical_director] = "030"
    areas = LOCALITIES[: max(2, min(6, round(f / 900)))]
    stations = max(1, round(f * 0.55 / len(areas) / 45.0))
    ops = "Emergency Operations"
    ddo = b.single(
        "Deputy Director of Operations",
        "Deputy Director",
        "G0E",
        "Band 9",
        "senior_manager_ops",
        "senior",
        unit=ops,
        parent=board_ops,
        priority=1,
    )
    b.anchor(unit=ops, parent=ddo, clinical=True)
    station_no = 0
    for area in areas:
        unit = f"{ops}/{area} Area"
        head = b.single(
            f"Head of Operations - {area}",
            "Ambulance Manager",
            "A0A",
            "Band 8b",
            "paramedic_lead",
            "middle",
            unit=unit,
            parent=ddo,
        )
        b.anchor(unit=unit, parent=head, clinical=True)
        for _ in range(stations):
            station = f"{unit}/{_ward_name(station_no).replace(' Ward', '')} Ambulance Station"
            station_no += 1
            _team(
                b,
                station,
                ("Clinical Team Leader", "A0A", "Band 7", "paramedic_lead", "first_line"),
                head,
                STATION,
                1.0,
            )
    for k in range(1 if f < 3500 else 2):
        unit = f"Emergency Operations Centre/{'Primary' if k == 0 else 'Secondary'} Centre"
        manager = b.single(
            "EOC Manager",
            "Ambulance Manager",
            "A0E",
            "Band 8a",
            "paramedic_lead",
            "middle",
            unit=unit,
            parent=ddo,
        )
        for _ in range(3):
            b.single(
                "EOC Team Leader",
                "Team Leader",
                "A0E",
                "Band 7",
                "paramedic_lead",
                "first_line",
                unit=unit,
                parent=manager,
            )
        add_team(b, CONTROL_ROOM, unit=unit, parent=manager, scale=s)
    hart = b.single(
        "HART Team Leader",
        "Team Leader",
        "A0B",
        "Band 7",
        "paramedic_lead",
        "first_line",
        unit="Hazardous Area Response Team",
        parent=ddo,
    )
    add_team(
        b,
        (("HART Paramedic", "Paramedic", "ABB", "Band 6", "paramedic", 12.0),),
        unit="Hazardous Area Response Team",
        parent=hart,
        scale=s,
    )
    for unit, head, team in (
        (
            "Patient Transport Service",
            "PTS Manager",
            (
                (
                    "Ambulance Care Assistant",
                    "Ambulance Care Assistant",
                    "A9C",
                    "Band 3",
                    "ambulance_crew",
                    60.0,
                ),
                ("PTS Planner", "Clerical Worker", "G2E", "Band 3", "admin", 8.0),
            ),
        ),
        (
            "Fleet & Logistics",
            "Fleet Manager",
            (
                ("Fleet Technician", "Technician", "G3E", "Band 4", "estates_trade", 10.0),
                ("Make Ready Operative", "Support Worker", "G3E", "Band 2", "porter", 18.0),
            ),
        ),
    ):
        manager = b.single(
            head,
            "Manager",
            "G1E",
            "Band 8a",
            "manager_ops",
            "middle",
            unit=unit,
            parent=ddo,
            priority=1,
        )
        add_team(b, team, unit=unit, parent=manager, scale=s)
    education = b.single(
        "Head of Clinical Education",
        "Ambulance Manager",
        "A0D",
        "Band 8b",
        "paramedic_lead",
        "middle",
        unit="Clinical Education",
        parent=board.medical_director,
    )
    add_team(
        b,
        (("Clinical Tutor", "Paramedic", "ABD", "Band 7", "paramedic", 8.0),),
        unit="Clinical Education",
        parent=education,
        scale=s,
    )
    return []


FILLERS_AMBULANCE: list[Filler] = [
    ("Resource Manager", "Manager", "G1E", "Band 8a", "manager_ops"),
    ("Area Support Manager", "Manager", "G1E", "Band 8a", "manager_ops"),
    (
        "Associate Director of Operations",
        "Associate Director",
        "G0E",
        "Band 8c",
        "senior_manager_ops",
    ),
]


def build_icb(b: Builder, board: Board) -> list[int]:
    """Directorates of an integrated care board: strategy, finance and contracting, nursing and
    quality (continuing healthcare, safeguarding), the medical directorate (GP clinical leads,
    medicines optimisation), primary care, corporate affairs, people, intelligence and places.
    """
    ceo = board.chief_executive
    strategy = board.strategy_director if board.strategy_director >= 0 else ceo
    directorates: tuple[tuple[str, int, tuple[str, str, str, str], Team], ...] = (
        (
            "Strategy & Transformation",
            strategy,
            ("Deputy Director of Strategy", "G0A", "Band 8d", "senior_manager"),
            (
                ("Transformation Officer", "Officer", "G2A", "Band 6", "admin_senior", 20.0),
                ("Project Support Officer", "Clerical Worker", "G2A", "Band 4", "admin", 10.0),
            ),
        ),
        (
            "Finance & Contracting",
            board.finance_director,
            ("Deputy Chief Finance Officer", "G0A", "Band 8d", "senior_manager"),
            (
                ("Finance Officer", "Officer", "G2A", "Band 5", "admin_senior", 15.0),
                ("Contracts Officer", "Officer", "G2A", "Band 6", "admin_senior", 10.0),
                ("Management Accountant", "Accountant", "G2A", "Band 7", "admin_senior", 8.0),
            ),
        ),
        (
            "Primary Care",
            ceo,
            ("Director of Primary Care", "G0A", "Band 9", "director"),
            (("Primary Care Officer", "Officer", "G2A", "Band 5", "admin_senior", 10.0),),
        ),
        (
            "Corporate Affairs",
            ceo,
            ("Director of Corporate Affairs", "G0A", "Band 9", "director"),
            (
                ("Governance Officer", "Officer", "G2A", "Band 5", "admin_senior", 8.0),
                ("Executive Assistant", "Personal Assistant", "G2A", "Band 5", "admin", 6.0),
                ("Communications Officer", "Officer", "G2A", "Band 5", "admin_senior", 6.0),
            ),
        ),
        (
            "People",
            board.people_or_ceo(),
            ("Deputy Director of People", "G0A", "Band 8d", "senior_manager"),
            (("HR Advisor", "Human Resources Adviser", "G2A", "Band 5", "admin_senior", 6.0),),
        ),
        (
            "Digital & Intelligence",
            ceo,
            ("Chief Digital Officer", "G0A", "Band 9", "director"),
            (
                ("Business Intelligence Analyst", "Analyst", "G2A", "Band 6", "admin_senior", 20.0),
                ("Data Officer", "Officer", "G2A", "Band 4", "admin", 6.0),
            ),
        ),
    )
    for unit, parent, (title, code, band, profile), team in directorates:
        head = b.single(
            title, "Senior Manager", code, band, profile, "senior", unit=unit, parent=parent
        )
        b.anchor(unit=unit, parent=head, clinical=False)
        add_team(b, team, unit=unit, parent=head)
    for place in LOCALITIES[: 2 + int(b.rng.integers(0, 3))]:
        unit = f"Place Partnerships/{place} Place"
        head = b.single(
            "Place Director",
            "Senior Manager",
            "G0A",
            "Band 9",
            "director",
            "senior",
            unit=unit,
            parent=ceo,
            priority=1,
        )
        b.anchor(unit=unit, parent=head, clinical=False)
        add_team(
            b,
            (
                ("Commissioning Officer", "Officer", "G2A", "Band 6", "admin_senior", 10.0),
                ("Administrator", "Clerical Worker", "G2A", "Band 3", "admin", 4.0),
            ),
            unit=unit,
            parent=head,
        )
    dcn = b.single(
        "Deputy Chief Nurse",
        "Deputy Director of Nursing",
        "N0H",
        "Band 8d",
        "nurse_director_office",
        "senior",
        unit="Nursing & Quality",
        parent=board.nursing_director,
    )
    for unit, lead, team in (
        (
            "Nursing & Quality/Continuing Healthcare",
            ("Head of Continuing Healthcare", "N0H", "Band 8b", "head_of_nursing", "middle"),
            (
                ("CHC Nurse Assessor", "Specialist Nurse", "N6H", "Band 6", "nurse_senior", 20.0),
                ("CHC Coordinator", "Clerical Worker", "G2D", "Band 4", "clinical_admin", 6.0),
            ),
        ),
        (
            "Nursing & Quality/Safeguarding",
            ("Designated Nurse for Safeguarding", "N0H", "Band 8c", "head_of_nursing", "senior"),
            (("Safeguarding Nurse", "Specialist Nurse", "N6H", "Band 7", "nurse_specialist", 6.0),),
        ),
        (
            "Nursing & Quality/Quality",
            ("Head of Quality", "N0H", "Band 8b", "head_of_nursing", "middle"),
            (("Quality Lead", "Specialist Nurse", "N6H", "Band 8a", "nurse_specialist", 6.0),),
        ),
    ):
        _team(b, unit, lead, dcn, team, 1.0)
    md = board.medical_director
    b.posts.occupation[md] = "221"
    gp = b.shared(
        "GP Clinical Lead",
        "Clinical Lead",
        "221",
        "Consultant",
        "gp_lead",
        10.0,
        unit="Medical Directorate",
        parent=md,
    )
    medicines = b.single(
        "Head of Medicines Optimisation",
        "Manager",
        "S0P",
        "Band 8b",
        "ahp_head",
        "middle",
        unit="Medical Directorate/Medicines Optimisation",
        parent=md,
    )
    add_team(
        b,
        (
            (
                "Medicines Optimisation Pharmacist",
                "Pharmacist",
                "S2P",
                "Band 8a",
                "pharmacist",
                15.0,
            ),
            (
                "Medicines Optimisation Technician",
                "Pharmacy Technician",
                "S4P",
                "Band 5",
                "pharmacy_technician",
                5.0,
            ),
        ),
        unit="Medical Directorate/Medicines Optimisation",
        parent=medicines,
    )
    return [gp]


FILLERS_ICB: list[Filler] = [
    ("Senior Commissioning Manager", "Manager", "G1A", "Band 8b", "manager"),
    ("Commissioning Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Transformation Programme Manager", "Programme Manager", "G1A", "Band 8b", "manager"),
    ("Contracts Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Primary Care Contracts Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Analytics Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Deputy Director of Commissioning", "Deputy Director", "G0A", "Band 8d", "senior_manager"),
    (
        "Associate Director of Transformation",
        "Associate Director",
        "G0A",
        "Band 8c",
        "senior_manager",
    ),
    (
        "Associate Director of Primary Care",
        "Associate Director",
        "G0A",
        "Band 8c",
        "senior_manager",
    ),
    ("Head of Strategic Planning", "Senior Manager", "G0A", "Band 8c", "senior_manager"),
]
