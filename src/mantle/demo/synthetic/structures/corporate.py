"""Corporate directorates every trust has: finance, people, digital, estates and facilities,
nursing and quality, the medical director's office, operations, governance and strategy.

Both tables report by *key*: a board post (``ceo``, ``dof``, ``don``, ``md``, ``coo``,
``people``, ``strategy``) or a head defined earlier in :data:`HEADS`. ``NURSE`` stands for the
organisation type's nurse-manager code. ``types`` is ``all``, ``acute`` or ``not ambulance``.
"""

from __future__ import annotations

from mantle.demo.synthetic.establishment import Builder, Filler
from mantle.demo.synthetic.structures.common import Board, rows

# key | reports to | unit | title | job role | code | band | profile | tier | priority | count |
# types | filler anchor (corp = corporate fillers, clin = clinical operations fillers)
HEADS = rows("""
ddf | dof | Finance | Deputy Director of Finance | Deputy Director of Finance | G0A | Band 8d |
    senior_manager | senior | 1 | 1 | all | corp
hfm | ddf | Finance/Financial Management | Head of Financial Management | Manager | G1A | Band 8b |
    manager | middle | 1 | 1 | all | -
fc | ddf | Finance/Financial Services | Financial Controller | Manager | G1A | Band 8b | manager |
    middle | 1 | 1 | all | -
hop | ddf | Finance/Procurement | Head of Procurement | Manager | G1A | Band 8b | manager | middle |
    2 | 1 | all | -
pay | ddf | Finance/Payroll | Payroll Manager | Manager | G1A | Band 8a | manager | middle | 2 | 1 |
    all | -
ddp | people | People | Deputy Director of People | Deputy Director of People | G0A | Band 8c |
    senior_manager | senior | 1 | 1 | all | corp
hrbp | ddp | People/HR Business Partnering | HR Business Partner | Human Resources Manager | G1A |
    Band 8a | manager | middle | 2 | div | all | -
rec | ddp | People/Recruitment | Head of Recruitment | Manager | G1A | Band 8a | manager | middle |
    2 | 1 | all | -
ld | ddp | People/Learning & Development | Head of Learning & Development | Manager | G1A |
    Band 8a | manager | middle | 2 | 1 | all | -
ms | ddp | People/Medical Staffing | Medical Staffing Manager | Manager | G1A | Band 8a | manager |
    middle | 3 | 1 | not ambulance | -
oh | ddp | People/Occupational Health | Occupational Health Manager | Nurse Manager | NURSE |
    Band 8a | matron | middle | 0 | 1 | all | -
dd | dof | Digital | Director of Digital | Director of Digital | G0A | Band 9 | director | senior |
    0 | 1 | all | corp
its | dd | Digital/IT Services | IT Service Manager | Manager | G1A | Band 8a | manager | middle |
    2 | 1 | all | -
hoi | dd | Digital/Information & Analytics | Head of Information | Manager | G1A | Band 8b |
    manager | middle | 1 | 1 | all | -
csm | dd | Digital/Clinical Systems | Clinical Systems Manager | Manager | G1A | Band 8a | manager |
    middle | 3 | 1 | all | -
hrm | dd | Digital/Health Records | Health Records Manager | Service Manager | G1D | Band 8a |
    manager_ops | middle | 3 | 1 | not ambulance | -
de | dof | Estates & Facilities | Director of Estates and Facilities | Director of Estates | G0B |
    Band 9 | director | senior | 0 | 1 | all | corp
ade | de | Estates & Facilities | Associate Director of Estates | Associate Director | G0B |
    Band 8c | senior_manager | senior | 2 | 1 | all | -
em | de | Estates & Facilities/Estates Maintenance | Estates Manager | Estates Manager | G1B |
    Band 8a | manager | middle | 2 | 1 | all | -
fm | de | Estates & Facilities | Facilities Manager | Facilities Manager | G1B | Band 8a | manager |
    middle | 2 | 1 | all | -
port | fm | Estates & Facilities/Portering | Portering Supervisor | Supervisor | H2R | Band 4 |
    hotel_supervisor | first_line | 0 | 1 | not ambulance | -
dom | fm | Estates & Facilities/Domestic Services | Domestic Supervisor | Supervisor | H2R |
    Band 4 | hotel_supervisor | first_line | 0 | 1 | all | -
cat | fm | Estates & Facilities/Catering | Catering Supervisor | Supervisor | H2R | Band 4 |
    hotel_supervisor | first_line | 0 | 1 | not ambulance | -
sec | fm | Estates & Facilities/Security | Security Supervisor | Supervisor | H2R | Band 4 |
    hotel_supervisor | first_line | 0 | 1 | all | -
ddn | don | Nursing & Quality | Deputy Director of Nursing | Deputy Director of Nursing | NURSE |
    Band 8d | nurse_director_office | senior | 0 | 1 | all | -
sg | ddn | Nursing & Quality/Safeguarding | Head of Safeguarding | Nurse Manager | NURSE | Band 8b |
    nurse_director_office | middle | 0 | 1 | all | -
ipc | ddn | Nursing & Quality/Infection Prevention & Control | Infection Prevention Lead |
    Nurse Manager | NURSE | Band 8a | nurse_director_office | middle | 0 | 1 | not ambulance | -
pe | ddn | Nursing & Quality/Patient Experience | Patient Experience Manager | Manager | G1A |
    Band 8a | manager | middle | 2 | 1 | all | -
ps | ddn | Nursing & Quality/Patient Safety | Head of Patient Safety | Manager | G1A | Band 8b |
    manager | middle | 2 | 1 | all | -
mem | md | Medical Director's Office/Medical Education | Medical Education Manager | Manager | G1A |
    Band 8a | manager | middle | 3 | 1 | not ambulance | -
dcoo | coo | Operations | Deputy Chief Operating Officer | Deputy Chief Operating Officer | G0D |
    Band 9 | senior_manager_ops | senior | 1 | 1 | not ambulance | clin
hpf | dcoo | Operations/Patient Flow | Head of Patient Flow | Service Manager | G1D | Band 8b |
    manager_ops | middle | 2 | 1 | acute | -
hperf | dcoo | Operations/Performance | Head of Performance | Manager | G1A | Band 8b | manager |
    middle | 2 | 1 | all | -
epm | dcoo | Operations/Emergency Planning | Emergency Planning Manager | Manager | G1A | Band 8a |
    manager | middle | 3 | 1 | all | -
dca | ceo | Corporate Governance | Director of Corporate Affairs | Company Secretary | G0A |
    Band 9 | director | senior | 0 | 1 | all | corp
risk | dca | Corporate Governance/Risk & Compliance | Head of Risk | Manager | G1A | Band 8a |
    manager | middle | 2 | 1 | all | -
ig | dca | Corporate Governance/Information Governance | Information Governance Manager | Manager |
    G1A | Band 8a | manager | middle | 3 | 1 | all | -
legal | dca | Corporate Governance/Legal Services | Legal Services Manager | Manager | G1A |
    Band 8a | manager | middle | 3 | 1 | all | -
comms | ceo | Chief Executive's Office | Head of Communications | Manager | G1A | Band 8a |
    manager | middle | 2 | 1 | all | -
dds | strategy | Strategy | Deputy Director of Strategy | Deputy Director | G0A | Band 8c |
    senior_manager | senior | 2 | 1 | all | corp
""")

# reports to | unit | title | job role | code | band | profile | weight | tier | types
TEAMS = rows("""
hfm | Finance/Financial Management | Management Accountant | Accountant | G2A | Band 6 |
    admin_senior | 12 | none | all
hfm | Finance/Financial Management | Finance Assistant | Clerical Worker | G2A | Band 3 | admin |
    8 | none | all
fc | Finance/Financial Services | Accounts Payable Clerk | Clerical Worker | G2A | Band 3 | admin |
    10 | none | all
fc | Finance/Financial Services | Financial Accountant | Accountant | G2A | Band 6 | admin_senior |
    5 | none | all
hop | Finance/Procurement | Buyer | Buyer | G2A | Band 5 | admin_senior | 8 | none | all
pay | Finance/Payroll | Payroll Officer | Clerical Worker | G2A | Band 4 | admin | 10 | none | all
ddp | People/HR Business Partnering | HR Advisor | Human Resources Adviser | G2A | Band 5 |
    admin_senior | 10 | none | all
ddp | People/HR Business Partnering | HR Assistant | Clerical Worker | G2A | Band 3 | admin | 6 |
    none | all
rec | People/Recruitment | Recruitment Officer | Clerical Worker | G2A | Band 3 | admin | 10 |
    none | all
ld | People/Learning & Development | Learning & Development Facilitator | Trainer | G2A | Band 5 |
    admin_senior | 8 | none | all
ms | People/Medical Staffing | Medical Staffing Officer | Clerical Worker | G2A | Band 4 | admin |
    5 | none | not ambulance
oh | People/Occupational Health | Occupational Health Adviser | Specialist Nurse | N6A | Band 6 |
    nurse_specialist | 5 | none | all
its | Digital/IT Services | IT Service Desk Analyst | Technician | G2A | Band 4 | admin | 15 |
    none | all
its | Digital/IT Services | Infrastructure Engineer | Technician | G2A | Band 6 | admin_senior |
    12 | none | all
hoi | Digital/Information & Analytics | Information Analyst | Analyst | G2A | Band 6 |
    admin_senior | 12 | none | all
csm | Digital/Clinical Systems | Clinical Systems Trainer | Trainer | G2A | Band 5 | admin_senior |
    8 | none | all
hrm | Digital/Health Records | Health Records Clerk | Clerical Worker | G2D | Band 2 |
    clinical_admin | 30 | none | not ambulance
em | Estates & Facilities/Estates Maintenance | Maintenance Technician | Maintenance Craftsperson |
    G3B | Band 4 | estates_trade | 25 | none | all
em | Estates & Facilities/Estates Maintenance | Estates Officer | Clerical Worker | G2B | Band 4 |
    admin | 6 | none | all
port | Estates & Facilities/Portering | Porter | Porter | H2R | Band 2 | porter | 60 | none |
    not ambulance
dom | Estates & Facilities/Domestic Services | Domestic Assistant | Domestic | H2R | Band 2 |
    domestic | 90 | none | all
cat | Estates & Facilities/Catering | Chef | Cook | H2R | Band 3 | catering | 8 | none |
    not ambulance
cat | Estates & Facilities/Catering | Catering Assistant | Catering Assistant | H2R | Band 2 |
    catering | 32 | none | not ambulance
sec | Estates & Facilities/Security | Security Officer | Security Officer | H2R | Band 2 |
    security | 12 | none | all
sg | Nursing & Quality/Safeguarding | Safeguarding Nurse | Specialist Nurse | N6A | Band 7 |
    nurse_specialist | 8 | none | all
ipc | Nursing & Quality/Infection Prevention & Control | Infection Prevention Nurse |
    Specialist Nurse | N6A | Band 6 | nurse_senior | 6 | none | not ambulance
ddn | Nursing & Quality/Practice Education | Practice Educator | Practice Educator | N6J | Band 7 |
    nurse_specialist | 10 | none | all
pe | Nursing & Quality/Patient Experience | Patient Advice and Liaison Officer | Clerical Worker |
    G2A | Band 4 | admin | 6 | none | all
ps | Nursing & Quality/Patient Safety | Patient Safety Officer | Officer | G2A | Band 5 |
    admin_senior | 5 | none | all
mem | Medical Director's Office/Medical Education | Medical Education Coordinator |
    Clerical Worker | G2A | Band 4 | admin | 6 | none | not ambulance
mem | Medical Director's Office/Medical Education | Revalidation Officer | Clerical Worker | G2A |
    Band 4 | admin | 3 | none | not ambulance
hpf | Operations/Patient Flow | Clinical Site Manager | Nurse Manager | NURSE | Band 8a |
    nurse_specialist | 8 | middle | acute
hpf | Operations/Patient Flow | Patient Flow Coordinator | Clerical Worker | G2D | Band 4 |
    clinical_admin | 6 | none | acute
hperf | Operations/Performance | Performance Analyst | Analyst | G2A | Band 6 | admin_senior | 8 |
    none | all
epm | Operations/Emergency Planning | Emergency Planning Officer | Officer | G2A | Band 6 |
    admin_senior | 2 | none | all
risk | Corporate Governance/Risk & Compliance | Risk Officer | Officer | G2A | Band 5 |
    admin_senior | 5 | none | all
ig | Corporate Governance/Information Governance | Information Governance Officer | Officer | G2A |
    Band 5 | admin_senior | 3 | none | all
legal | Corporate Governance/Legal Services | Claims Officer | Officer | G2A | Band 5 |
    admin_senior | 3 | none | all
dca | Corporate Governance | Board Secretary | Personal Assistant | G2A | Band 6 | admin_senior |
    2 | none | all
comms | Chief Executive's Office | Communications Officer | Officer | G2A | Band 5 | admin_senior |
    6 | none | all
comms | Chief Executive's Office | Executive Assistant | Personal Assistant | G2A | Band 5 | admin |
    6 | none | all
dds | Strategy | Project Support Officer | Clerical Worker | G2A | Band 5 | admin_senior | 5 |
    none | all
""")


def _applies(types: str, org_type: str) -> bool:
    if types == "all":
        return True
    if types.startswith("not "):
        return org_type != types[4:]
    return org_type == types


def add_corporate(b: Builder, board: Board, *, divisions: int, nursing_code: str) -> None:
    """Add the corporate directorates, scaled to the organisation.

    Rules: heads are single posts (directors and deputies in the senior tier, heads of service in
    the middle tier, supervisors first-line); their teams are pooled posts weighted by the
    organisation's size. A head the organisation type does not have passes its reports up to its
    own manager; directorates without a strategy director have no strategy unit.
    """
    posts: dict[str, int] = {
        "ceo": board.chief_executive,
        "dof": board.finance_director,
        "don": board.nursing_director,
        "md": board.medical_director,
        "coo": board.operations_or_ceo(),
        "people": board.people_or_ceo(),
    }
    if board.strategy_director >= 0:
        posts["strategy"] = board.strategy_director
    for (
        key,
        parent,
        unit,
        title,
        role,
        code,
        band,
        profile,
        tier,
        prio,
        count,
        types,
        anchor,
    ) in HEADS:
        if parent not in posts:
            continue
        if not _applies(types, b.org_type):
            posts[key] = posts[parent]
            continue
        code = nursing_code if code == "NURSE" else code
        for _ in range(max(divisions, 1) if count == "div" else int(count)):
            posts[key] = b.single(
                title, role, code, band, profile, tier,
                unit=unit, parent=posts[parent], priority=int(prio),
            )  # fmt: skip
        if anchor != "-":
            b.anchor(unit=unit, parent=posts[key], clinical=anchor == "clin")
    for parent, unit, title, role, code, band, profile, weight, tier, types in TEAMS:
        if parent not in posts or not _applies(types, b.org_type):
            continue
        code = nursing_code if code == "NURSE" else code
        b.shared(
            title, role, code, band, profile, float(weight) * b.scale,
            unit=unit, parent=posts[parent], tier=tier,
        )  # fmt: skip


FILLERS_CORPORATE: list[Filler] = [
    ("Programme Manager", "Programme Manager", "G1A", "Band 8b", "manager"),
    ("Project Manager", "Project Manager", "G1A", "Band 8a", "manager"),
    ("Business Intelligence Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Workforce Planning Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Contracts Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Quality Improvement Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Associate Director of Transformation", "Associate Director", "G0A", "Band 8c",
     "senior_manager"),
    ("Associate Director of Finance", "Associate Director", "G0A", "Band 8c", "senior_manager"),
    ("Associate Director of Workforce", "Associate Director", "G0A", "Band 8c", "senior_manager"),
    ("Associate Director of Quality Governance", "Associate Director", "G0A", "Band 8d",
     "senior_manager"),
]  # fmt: skip
FILLERS_CLINICAL: list[Filler] = [
    ("Business Manager", "Business Manager", "G1D", "Band 8a", "manager_ops"),
    ("Operational Manager", "Service Manager", "G1D", "Band 8a", "manager_ops"),
    ("Assistant General Manager", "Service Manager", "G1D", "Band 8a", "manager_ops"),
    ("Performance and Improvement Manager", "Manager", "G1D", "Band 8a", "manager_ops"),
    ("Associate Director of Operations", "Associate Director", "G0D", "Band 8c",
     "senior_manager_ops"),
    ("Deputy Divisional Director of Operations", "Associate Director", "G0D", "Band 8c",
     "senior_manager_ops"),
]  # fmt: skip
