"""Operational structure of an ambulance trust: areas and stations, control rooms, HART,
patient transport, fleet and clinical education."""

from __future__ import annotations

from mantle.demo.synthetic.establishment import Builder, Filler
from mantle.demo.synthetic.structures.common import (
    LOCALITIES,
    Board,
    add_led_team,
    add_team,
    team,
    ward_name,
)

STATION = team("""
Paramedic | Paramedic | ABA | Band 6 | paramedic | 14
Newly Qualified Paramedic | Paramedic | ABA | Band 5 | paramedic | 2.5
Specialist Paramedic | Advanced Paramedic | A5A | Band 7 | paramedic | 1.2
Emergency Medical Technician | Ambulance Technician | AEA | Band 4 | ambulance_crew | 7
Emergency Care Assistant | Emergency Care Assistant | A8A | Band 3 | ambulance_crew | 6
""")
CONTROL_ROOM = team("""
Emergency Call Handler | Call Handler | A8E | Band 3 | call_handler | 45
Dispatcher | Dispatcher | A8E | Band 4 | call_handler | 15
Clinical Advisor - Paramedic | Paramedic | ABE | Band 6 | paramedic | 10
Clinical Advisor - Nurse | Staff Nurse | N6A | Band 6 | nurse_senior | 10
""")
HART = team("HART Paramedic | Paramedic | ABB | Band 6 | paramedic | 12")
TRANSPORT = team("""
Ambulance Care Assistant | Ambulance Care Assistant | A9C | Band 3 | ambulance_crew | 60
PTS Planner | Clerical Worker | G2E | Band 3 | admin | 8
""")
FLEET = team("""
Fleet Technician | Technician | G3E | Band 4 | estates_trade | 10
Make Ready Operative | Support Worker | G3E | Band 2 | porter | 18
""")
EDUCATION = team("Clinical Tutor | Paramedic | ABD | Band 7 | paramedic | 8")


def build_ambulance(b: Builder, *, board: Board) -> list[int]:
    """Areas → stations, control rooms, HART, patient transport, fleet and education.

    Rules: each station has a band 7 clinical team leader (a first-line manager, usually a
    paramedic); each area a head of operations; each control room an EOC manager over three
    band 7 shift team leaders. The medical director is an emergency medicine doctor; the trust
    has no consultant pools. Returns no consultant pools.
    """
    f, s = b.target_fte, b.scale
    b.posts.occupation[board.medical_director] = "030"
    areas = LOCALITIES[: max(2, min(6, round(f / 900)))]
    stations = max(1, round(f * 0.55 / len(areas) / 45.0))
    ops = "Emergency Operations"
    deputy = b.single(
        "Deputy Director of Operations", "Deputy Director", "G0E", "Band 9", "senior_manager_ops",
        "senior", unit=ops, parent=board.operations_or_ceo(), priority=1,
    )  # fmt: skip
    b.anchor(unit=ops, parent=deputy, clinical=True)
    station_no = 0
    for area in areas:
        unit = f"{ops}/{area} Area"
        head = b.single(
            f"Head of Operations - {area}", "Ambulance Manager", "A0A", "Band 8b",
            "paramedic_lead", "middle", unit=unit, parent=deputy,
        )  # fmt: skip
        b.anchor(unit=unit, parent=head, clinical=True)
        for _ in range(stations):
            station = f"{unit}/{ward_name(station_no).replace(' Ward', '')} Ambulance Station"
            station_no += 1
            lead = ("Clinical Team Leader", "A0A", "Band 7", "paramedic_lead", "first_line")
            add_led_team(
                b, unit=station, lead=lead, parent=head, posts=STATION, scale=1.0,
                job_role="Team Leader",
            )  # fmt: skip
    for k in range(1 if f < 3500 else 2):
        unit = f"Emergency Operations Centre/{'Primary' if k == 0 else 'Secondary'} Centre"
        manager = b.single(
            "EOC Manager", "Ambulance Manager", "A0E", "Band 8a", "paramedic_lead", "middle",
            unit=unit, parent=deputy,
        )  # fmt: skip
        for _ in range(3):
            b.single(
                "EOC Team Leader", "Team Leader", "A0E", "Band 7", "paramedic_lead", "first_line",
                unit=unit, parent=manager,
            )  # fmt: skip
        add_team(b, CONTROL_ROOM, unit=unit, parent=manager, scale=s)
    lead = ("HART Team Leader", "A0B", "Band 7", "paramedic_lead", "first_line")
    add_led_team(
        b, unit="Hazardous Area Response Team", lead=lead, parent=deputy, posts=HART, scale=s,
        job_role="Team Leader",
    )  # fmt: skip
    for unit, title, posts in (
        ("Patient Transport Service", "PTS Manager", TRANSPORT),
        ("Fleet & Logistics", "Fleet Manager", FLEET),
    ):
        manager = b.single(
            title, "Manager", "G1E", "Band 8a", "manager_ops", "middle",
            unit=unit, parent=deputy, priority=1,
        )  # fmt: skip
        add_team(b, posts, unit=unit, parent=manager, scale=s)
    lead = ("Head of Clinical Education", "A0D", "Band 8b", "paramedic_lead", "middle")
    add_led_team(
        b, unit="Clinical Education", lead=lead, parent=board.medical_director, posts=EDUCATION,
        scale=s, job_role="Ambulance Manager",
    )  # fmt: skip
    return []


FILLERS_AMBULANCE: list[Filler] = [
    ("Resource Manager", "Manager", "G1E", "Band 8a", "manager_ops"),
    ("Area Support Manager", "Manager", "G1E", "Band 8a", "manager_ops"),
    ("Associate Director of Operations", "Associate Director", "G0E", "Band 8c",
     "senior_manager_ops"),
]  # fmt: skip
