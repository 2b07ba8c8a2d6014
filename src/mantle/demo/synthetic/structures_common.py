"""Board and corporate directorates shared by every kind of NHS trust."""

from __future__ import annotations

from dataclasses import dataclass

from mantle.demo.synthetic.establishment import Builder, Filler

# A pooled post template: title, job role, occupation code, band, profile, weight (typical FTE in
# the reference 4,421-FTE acute trust).
Team = tuple[tuple[str, str, str, str, str, float], ...]


@dataclass
class Board:
    """Local post numbers of the board posts other structure code reports to."""

    chair: int
    chief_executive: int
    medical_director: int
    nursing_director: int
    finance_director: int
    operations_director: int
    people_director: int
    strategy_director: int  # -1 when the board has none

    def operations_or_ceo(self) -> int:
        return self.operations_director if self.operations_director >= 0 else self.chief_executive

    def people_or_ceo(self) -> int:
        return self.people_director if self.people_director >= 0 else self.chief_executive


def add_team(b: Builder, team: Team, *, unit: str, parent: int, scale: float = 1.0) -> None:
    """Add the pooled posts of one team, each weighted by ``scale``."""
    for title, job_role, occupation, band, profile, weight in team:
        b.shared(
            title, job_role, occupation, band, profile, weight * scale, unit=unit, parent=parent
        )


def add_board(b: Builder, *, unit: str, nursing_code: str, operations_code: str) -> Board:
    """The unitary board of an NHS trust or ICB.

    Rule: a chair, non-executives, the chief executive and voting executive directors, among them
    the two statutory clinical posts (medical director and director of nursing). Board posts
    report to the chair (non-executives, chief executive) or to the chief executive (executives).
    """
    icb = b.org_type == "icb"
    rng = b.rng
    ne, ex = "board_non_executive", "board_executive"
    chair = b.single(
        "Chair",
        "Chair",
        "Z2E",
        "Non-Executive",
        "chair",
        ne,
        unit=unit,
        parent=-1,
        fte=0.6,
        statutory="N",
    )
    ceo = b.single(
        "Chief Executive",
        "Chief Executive",
        "G0A",
        "VSM",
        "chief_executive",
        ex,
        unit=unit,
        parent=chair,
        statutory="N",
    )
    if icb:
        for _ in range(int(rng.integers(3, 5))):
            b.single(
                "Non-Executive Member",
                "Non-Executive Director",
                "Z2E",
                "Non-Executive",
                "non_executive",
                ne,
                unit=unit,
                parent=chair,
                fte=0.2,
                statutory="N",
            )
        partners = (
            "Partner Member - Trusts",
            "Partner Member - Primary Care",
            "Partner Member - Local Authority",
        )
        for title in partners[: int(rng.integers(2, 4))]:
            b.single(
                title,
                "Non-Executive Director",
                "Z2E",
                "Non-Executive",
                "non_executive",
                ne,
                unit=unit,
                parent=chair,
                fte=0.1,
                statutory="N",
            )
    else:
        for _ in range(int(rng.integers(5, 8))):
            b.single(
                "Non-Executive Director",
                "Non-Executive Director",
                "Z2E",
                "Non-Executive",
                "non_executive",
                ne,
                unit=unit,
                parent=chair,
                fte=0.2,
                statutory="N",
            )
    md_title = "Chief Medical Officer" if icb or rng.random() < 0.3 else "Medical Director"
    # The occupation code is replaced by the specialty of the consultant pool chosen later.
    md = b.single(
        md_title,
        "Medical Director",
        "001",
        "VSM",
        "medical_director",
        ex,
        unit=unit,
        parent=ceo,
        statutory="Y",
    )
    don_title = "Chief Nurse" if icb or rng.random() < 0.4 else "Director of Nursing"
    if b.org_type == "ambulance":
        don_title = "Director of Quality and Nursing"
    don = b.single(
        don_title,
        "Director of Nursing",
        nursing_code,
        "VSM",
        "nursing_director",
        ex,
        unit=unit,
        parent=ceo,
        statutory="Y",
    )
    dof_title = "Chief Finance Officer" if icb or rng.random() < 0.35 else "Director of Finance"
    dof = b.single(
        dof_title,
        "Finance Director",
        "G0A",
        "VSM",
        "finance_director",
        ex,
        unit=unit,
        parent=ceo,
        statutory="N",
    )
    coo = -1
    if not icb:
        coo_title = (
            "Director of Operations" if b.org_type == "ambulance" else "Chief Operating Officer"
        )
        coo = b.single(
            coo_title,
            "Chief Operating Officer",
            operations_code,
            "VSM",
            "operations_director",
            ex,
            unit=unit,
            parent=ceo,
            statutory="N",
        )
    people = -1
    if not icb or rng.random() < 0.5:
        people = b.single(
            "Director of People",
            "Director of People",
            "G0A",
            "VSM",
            "people_director",
            ex,
            unit=unit,
            parent=ceo,
            statutory="N",
        )
    strategy = -1
    if rng.random() < (0.6 if icb else 0.5):
        title = "Chief Delivery Officer" if icb else "Director of Strategy"
        strategy = b.single(
            title,
            "Director of Strategy",
            "G0A",
            "VSM",
            "strategy_director",
            ex,
            unit=unit,
            parent=ceo,
            statutory="N",
        )
    return Board(chair, ceo, md, don, dof, coo, people, strategy)


def add_corporate(b: Builder, board: Board, *, divisions: int, nursing_code: str) -> None:
    """Corporate directorates: finance, people, digital, estates and facilities, nursing and
    quality, the medical director's office, operations, governance and the chief executive's
    office. Pooled teams scale with the organisation; heads are single posts.
    """
    s = b.scale
    ceo, dof = board.chief_executive, board.finance_director
    # Finance
    ddf = b.single(
        "Deputy Director of Finance",
        "Deputy Director of Finance",
        "G0A",
        "Band 8d",
        "senior_manager",
        "senior",
        unit="Finance",
        parent=dof,
        priority=1,
    )
    b.anchor(unit="Finance", parent=ddf, clinical=False)
    for sub, head, team in (
        (
            "Financial Management",
            ("Head of Financial Management", "G1A", "Band 8b", 1),
            (
                ("Management Accountant", "Accountant", "G2A", "Band 6", "admin_senior", 12.0),
                ("Finance Assistant", "Clerical Worker", "G2A", "Band 3", "admin", 8.0),
            ),
        ),
        (
            "Financial Services",
            ("Financial Controller", "G1A", "Band 8b", 1),
            (
                ("Accounts Payable Clerk", "Clerical Worker", "G2A", "Band 3", "admin", 10.0),
                ("Financial Accountant", "Accountant", "G2A", "Band 6", "admin_senior", 5.0),
            ),
        ),
        (
            "Procurement",
            ("Head of Procurement", "G1A", "Band 8b", 2),
            (("Buyer", "Buyer", "G2A", "Band 5", "admin_senior", 8.0),),
        ),
        (
            "Payroll",
            ("Payroll Manager", "G1A", "Band 8a", 2),
            (("Payroll Officer", "Clerical Worker", "G2A", "Band 4", "admin", 10.0),),
        ),
    ):
        _department(b, f"Finance/{sub}", ddf, head, team, s)
    # People
    dp = board.people_or_ceo()
    ddp = b.single(
        "Deputy Director of People",
        "Deputy Director of People",
        "G0A",
        "Band 8c",
        "senior_manager",
        "senior",
        unit="People",
        parent=dp,
        priority=1,
    )
    b.anchor(unit="People", parent=ddp, clinical=False)
    for _ in range(max(divisions, 1)):
        b.single(
            "HR Business Partner",
            "Human Resources Manager",
            "G1A",
            "Band 8a",
            "manager",
            "middle",
            unit="People/HR Business Partnering",
            parent=ddp,
            priority=2,
        )
    add_team(
        b,
        (
            ("HR Advisor", "Human Resources Adviser", "G2A", "Band 5", "admin_senior", 10.0),
            ("HR Assistant", "Clerical Worker", "G2A", "Band 3", "admin", 6.0),
        ),
        unit="People/HR Business Partnering",
        parent=ddp,
        scale=s,
    )
    for sub, head, team in (
        (
            "Recruitment",
            ("Head of Recruitment", "G1A", "Band 8a", 2),
            (("Recruitment Officer", "Clerical Worker", "G2A", "Band 3", "admin", 10.0),),
        ),
        (
            "Learning & Development",
            ("Head of Learning & Development", "G1A", "Band 8a", 2),
            (
                (
                    "Learning & Development Facilitator",
                    "Trainer",
                    "G2A",
                    "Band 5",
                    "admin_senior",
                    8.0,
                ),
            ),
        ),
        (
            "Medical Staffing",
            ("Medical Staffing Manager", "G1A", "Band 8a", 3),
            (("Medical Staffing Officer", "Clerical Worker", "G2A", "Band 4", "admin", 5.0),),
        ),
    ):
        _department(b, f"People/{sub}", ddp, head, team, s)
    oh = b.single(
        "Occupational Health Manager",
        "Nurse Manager",
        nursing_code,
        "Band 8a",
        "matron",
        "middle",
        unit="People/Occupational Health",
        parent=ddp,
    )
    add_team(
        b,
        (
            (
                "Occupational Health Adviser",
                "Specialist Nurse",
                "N6A",
                "Band 6",
                "nurse_specialist",
                5.0,
            ),
        ),
        unit="People/Occupational Health",
        parent=oh,
        scale=s,
    )
    # Digital and information
    dd = b.single(
        "Director of Digital",
        "Director of Digital",
        "G0A",
        "Band 9",
        "director",
        "senior",
        unit="Digital",
        parent=dof,
    )
    b.anchor(unit="Digital", parent=dd, clinical=False)
    for sub, head, team in (
        (
            "IT Services",
            ("IT Service Manager", "G1A", "Band 8a", 2),
            (
                ("IT Service Desk Analyst", "Technician", "G2A", "Band 4", "admin", 15.0),
                ("Infrastructure Engineer", "Technician", "G2A", "Band 6", "admin_senior", 12.0),
            ),
        ),
        (
            "Information & Analytics",
            ("Head of Information", "G1A", "Band 8b", 1),
            (("Information Analyst", "Analyst", "G2A", "Band 6", "admin_senior", 12.0),),
        ),
        (
            "Clinical Systems",
            ("Clinical Systems Manager", "G1A", "Band 8a", 3),
            (("Clinical Systems Trainer", "Trainer", "G2A", "Band 5", "admin_senior", 8.0),),
        ),
    ):
        _department(b, f"Digital/{sub}", dd, head, team, s)
    hr_head = b.single(
        "Health Records Manager",
        "Service Manager",
        "G1D",
        "Band 8a",
        "manager_ops",
        "middle",
        unit="Digital/Health Records",
        parent=dd,
        priority=3,
    )
    add_team(
        b,
        (("Health Records Clerk", "Clerical Worker", "G2D", "Band 2", "clinical_admin", 30.0),),
        unit="Digital/Health Records",
        parent=hr_head,
        scale=s,
    )
    # Estates and facilities
    de = b.single(
        "Director of Estates and Facilities",
        "Director of Estates",
        "G0B",
        "Band 9",
        "director",
        "senior",
        unit="Estates & Facilities",
        parent=dof,
    )
    b.anchor(unit="Estates & Facilities", parent=de, clinical=False)
    b.single(
        "Associate Director of Estates",
        "Associate Director",
        "G0B",
        "Band 8c",
        "senior_manager",
        "senior",
        unit="Estates & Facilities",
        parent=de,
        priority=2,
    )
    em = b.single(
        "Estates Manager",
        "Estates Manager",
        "G1B",
        "Band 8a",
        "manager",
        "middle",
        unit="Estates & Facilities/Estates Maintenance",
        parent=de,
        priority=2,
    )
    add_team(
        b,
        (
            (
                "Maintenance Technician",
                "Maintenance Craftsperson",
                "G3B",
                "Band 4",
                "estates_trade",
                25.0,
            ),
            ("Estates Officer", "Clerical Worker", "G2B", "Band 4", "admin", 6.0),
        ),
        unit="Estates & Facilities/Estates Maintenance",
        parent=em,
        scale=s,
    )
    fm = b.single(
        "Facilities Manager",
        "Facilities Manager",
        "G1B",
        "Band 8a",
        "manager",
        "middle",
        unit="Estates & Facilities",
        parent=de,
        priority=2,
    )
    for sub, supervisor, team in (
        (
            "Portering",
            "Portering Supervisor",
            (("Porter", "Porter", "H2R", "Band 2", "porter", 60.0),),
        ),
        (
            "Domestic Services",
            "Domestic Supervisor",
            (("Domestic Assistant", "Domestic", "H2R", "Band 2", "domestic", 90.0),),
        ),
        (
            "Catering",
            "Catering Supervisor",
            (
                ("Chef", "Cook", "H2R", "Band 3", "catering", 8.0),
                ("Catering Assistant", "Catering Assistant", "H2R", "Band 2", "catering", 32.0),
            ),
        ),
        (
            "Security",
            "Security Supervisor",
            (("Security Officer", "Security Officer", "H2R", "Band 2", "security", 12.0),),
        ),
    ):
        unit = f"Estates & Facilities/{sub}"
        sup = b.single(
            supervisor,
            "Supervisor",
            "H2R",
            "Band 4",
            "hotel_supervisor",
            "first_line",
            unit=unit,
            parent=fm,
        )
        add_team(b, team, unit=unit, parent=sup, scale=s)
    # Nursing and quality
    don = board.nursing_director
    ddn = b.single(
        "Deputy Director of Nursing",
        "Deputy Director of Nursing",
        nursing_code,
        "Band 8d",
        "nurse_director_office",
        "senior",
        unit="Nursing & Quality",
        parent=don,
    )
    for sub, title, code, band, team in (
        (
            "Safeguarding",
            "Head of Safeguarding",
            nursing_code,
            "Band 8b",
            (("Safeguarding Nurse", "Specialist Nurse", "N6A", "Band 7", "nurse_specialist", 8.0),),
        ),
        (
            "Infection Prevention & Control",
            "Infection Prevention Lead",
            nursing_code,
            "Band 8a",
            (
                (
                    "Infection Prevention Nurse",
                    "Specialist Nurse",
                    "N6A",
                    "Band 6",
                    "nurse_senior",
                    6.0,
                ),
            ),
        ),
    ):
        head = b.single(
            title,
            "Nurse Manager",
            code,
            band,
            "nurse_director_office",
            "middle",
            unit=f"Nursing & Quality/{sub}",
            parent=ddn,
        )
        add_team(b, team, unit=f"Nursing & Quality/{sub}", parent=head, scale=s)
    add_team(
        b,
        (("Practice Educator", "Practice Educator", "N6J", "Band 7", "nurse_specialist", 10.0),),
        unit="Nursing & Quality/Practice Education",
        parent=ddn,
        scale=s,
    )
    for sub, head, team in (
        (
            "Patient Experience",
            ("Patient Experience Manager", "G1A", "Band 8a", 2),
            (
                (
                    "Patient Advice and Liaison Officer",
                    "Clerical Worker",
                    "G2A",
                    "Band 4",
                    "admin",
                    6.0,
                ),
            ),
        ),
        (
            "Patient Safety",
            ("Head of Patient Safety", "G1A", "Band 8b", 2),
            (("Patient Safety Officer", "Officer", "G2A", "Band 5", "admin_senior", 5.0),),
        ),
    ):
        _department(b, f"Nursing & Quality/{sub}", ddn, head, team, s)
    # Medical director's office: its sessional posts are added once consultants exist.
    _department(
        b,
        "Medical Director's Office/Medical Education",
        board.medical_director,
        ("Medical Education Manager", "G1A", "Band 8a", 3),
        (
            ("Medical Education Coordinator", "Clerical Worker", "G2A", "Band 4", "admin", 6.0),
            ("Revalidation Officer", "Clerical Worker", "G2A", "Band 4", "admin", 3.0),
        ),
        s,
    )
    # Operations
    coo = board.operations_or_ceo()
    dcoo = b.single(
        "Deputy Chief Operating Officer",
        "Deputy Chief Operating Officer",
        "G0D",
        "Band 9",
        "senior_manager_ops",
        "senior",
        unit="Operations",
        parent=coo,
        priority=1,
    )
    b.anchor(unit="Operations", parent=dcoo, clinical=True)
    pf = b.single(
        "Head of Patient Flow",
        "Service Manager",
        "G1D",
        "Band 8b",
        "manager_ops",
        "middle",
        unit="Operations/Patient Flow",
        parent=dcoo,
        priority=2,
    )
    b.shared(
        "Clinical Site Manager",
        "Nurse Manager",
        nursing_code,
        "Band 8a",
        "nurse_specialist",
        8.0 * s,
        unit="Operations/Patient Flow",
        parent=pf,
        tier="middle",
    )
    add_team(
        b,
        (("Patient Flow Coordinator", "Clerical Worker", "G2D", "Band 4", "clinical_admin", 6.0),),
        unit="Operations/Patient Flow",
        parent=pf,
        scale=s,
    )
    for sub, head, team in (
        (
            "Performance",
            ("Head of Performance", "G1A", "Band 8b", 2),
            (("Performance Analyst", "Analyst", "G2A", "Band 6", "admin_senior", 8.0),),
        ),
        (
            "Emergency Planning",
            ("Emergency Planning Manager", "G1A", "Band 8a", 3),
            (("Emergency Planning Officer", "Officer", "G2A", "Band 6", "admin_senior", 2.0),),
        ),
    ):
        _department(b, f"Operations/{sub}", dcoo, head, team, s)
    # Governance and the chief executive's office
    dca = b.single(
        "Director of Corporate Affairs",
        "Company Secretary",
        "G0A",
        "Band 9",
        "director",
        "senior",
        unit="Corporate Governance",
        parent=ceo,
    )
    b.anchor(unit="Corporate Governance", parent=dca, clinical=False)
    for sub, head, team in (
        (
            "Risk & Compliance",
            ("Head of Risk", "G1A", "Band 8a", 2),
            (("Risk Officer", "Officer", "G2A", "Band 5", "admin_senior", 5.0),),
        ),
        (
            "Information Governance",
            ("Information Governance Manager", "G1A", "Band 8a", 3),
            (("Information Governance Officer", "Officer", "G2A", "Band 5", "admin_senior", 3.0),),
        ),
        (
            "Legal Services",
            ("Legal Services Manager", "G1A", "Band 8a", 3),
            (("Claims Officer", "Officer", "G2A", "Band 5", "admin_senior", 3.0),),
        ),
    ):
        _department(b, f"Corporate Governance/{sub}", dca, head, team, s)
    add_team(
        b,
        (("Board Secretary", "Personal Assistant", "G2A", "Band 6", "admin_senior", 2.0),),
        unit="Corporate Governance",
        parent=dca,
        scale=s,
    )
    _department(
        b,
        "Chief Executive's Office",
        ceo,
        ("Head of Communications", "G1A", "Band 8a", 2),
        (
            ("Communications Officer", "Officer", "G2A", "Band 5", "admin_senior", 6.0),
            ("Executive Assistant", "Personal Assistant", "G2A", "Band 5", "admin", 6.0),
        ),
        s,
    )
    if board.strategy_director >= 0:
        dds = b.single(
            "Deputy Director of Strategy",
            "Deputy Director",
            "G0A",
            "Band 8c",
            "senior_manager",
            "senior",
            unit="Strategy",
            parent=board.strategy_director,
            priority=2,
        )
        b.anchor(unit="Strategy", parent=dds, clinical=False)
        add_team(
            b,
            (("Project Support Officer", "Clerical Worker", "G2A", "Band 5", "admin_senior", 5.0),),
            unit="Strategy",
            parent=dds,
            scale=s,
        )


def _department(
    b: Builder,
    unit: str,
    parent: int,
    head: tuple[str, str, str, int],
    team: Team,
    scale: float,
) -> int:
    title, occupation, band, priority = head
    head_post = b.single(
        title,
        "Manager",
        occupation,
        band,
        "manager",
        "middle",
        unit=unit,
        parent=parent,
        priority=priority,
    )
    add_team(b, team, unit=unit, parent=head_post, scale=scale)
    return head_post


def add_medical_leadership(b: Builder, board: Board, consultant_posts: list[int]) -> None:
    """Sessional medical leadership posts held by consultants, and the medical director's
    specialty (with clinical sessions kept by about half of medical directors).
    """
    md = board.medical_director
    p = b.posts
    if not consultant_posts:
        return
    home = b.pick(consultant_posts)
    p.occupation[md] = p.occupation[home]
    if b.rng.random() < 0.5:
        p.extra_post[md] = home
    unit = "Medical Director's Office"
    b.second(
        "Deputy Medical Director",
        "Deputy Medical Director",
        "senior",
        unit=unit,
        parent=md,
        pool_post=b.pick(consultant_posts),
        fte=0.4,
    )
    for _ in range(1 + int(b.scale * 1.5)):
        b.second(
            "Associate Medical Director",
            "Associate Medical Director",
            "senior",
            unit=unit,
            parent=md,
            pool_post=b.pick(consultant_posts),
            fte=0.2,
        )
    b.second(
        "Director of Medical Education",
        "Clinical Lead",
        "middle",
        unit=f"{unit}/Medical Education",
        parent=md,
        pool_post=b.pick(consultant_posts),
        fte=0.2,
    )
    b.second(
        "Chief Clinical Information Officer",
        "Clinical Lead",
        "middle",
        unit=unit,
        parent=md,
        pool_post=b.pick(consultant_posts),
        fte=0.2,
    )
    b.second(
        "Guardian of Safe Working Hours",
        "Clinical Lead",
        "none",
        unit=unit,
        parent=md,
        pool_post=b.pick(consultant_posts),
        fte=0.1,
    )


FILLERS_CORPORATE: list[Filler] = [
    ("Programme Manager", "Programme Manager", "G1A", "Band 8b", "manager"),
    ("Project Manager", "Project Manager", "G1A", "Band 8a", "manager"),
    ("Business Intelligence Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Workforce Planning Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Contracts Manager", "Manager", "G1A", "Band 8a", "manager"),
    ("Quality Improvement Manager", "Manager", "G1A", "Band 8a", "manager"),
    (
        "Associate Director of Transformation",
        "Associate Director",
        "G0A",
        "Band 8c",
        "senior_manager",
    ),
    ("Associate Director of Finance", "Associate Director", "G0A", "Band 8c", "senior_manager"),
    ("Associate Director of Workforce", "Associate Director", "G0A", "Band 8c", "senior_manager"),
    (
        "Associate Director of Quality Governance",
        "Associate Director",
        "G0A",
        "Band 8d",
        "senior_manager",
    ),
]
FILLERS_CLINICAL: list[Filler] = [
    ("Business Manager", "Business Manager", "G1D", "Band 8a", "manager_ops"),
    ("Operational Manager", "Service Manager", "G1D", "Band 8a", "manager_ops"),
    ("Assistant General Manager", "Service Manager", "G1D", "Band 8a", "manager_ops"),
    ("Performance and Improvement Manager", "Manager", "G1D", "Band 8a", "manager_ops"),
    (
        "Associate Director of Operations",
        "Associate Director",
        "G0D",
        "Band 8c",
        "senior_manager_ops",
    ),
    (
        "Deputy Divisional Director of Operations",
        "Associate Director",
        "G0D",
        "Band 8c",
        "senior_manager_ops",
    ),
]
