"""The unitary board every trust and ICB has, and the medical director's sessional posts."""

from __future__ import annotations

from mantle.demo.synthetic.establishment import Builder
from mantle.demo.synthetic.structures.common import Board

NE, EX = "board_non_executive", "board_executive"


def add_board(b: Builder, *, unit: str, nursing_code: str, operations_code: str) -> Board:
    """The board of an NHS trust or ICB.

    Rules: a chair, five to seven non-executives (an ICB: three or four non-executive members
    and two or three partner members), the chief executive and voting executive directors, among
    them the two statutory clinical posts (medical director and director of nursing, flagged
    ``Y``; other board posts ``N``). Non-executives and the chief executive report to the chair,
    executives to the chief executive; the chair is the root of the reporting tree.
    """
    icb = b.org_type == "icb"
    rng = b.rng

    def board_post(title: str, job_role: str, code: str, band: str, profile: str, tier: str,
                   parent: int, *, fte: float = 1.0, statutory: str = "N") -> int:  # fmt: skip
        return b.single(
            title, job_role, code, band, profile, tier,
            unit=unit, parent=parent, fte=fte, statutory=statutory,
        )  # fmt: skip

    chair = board_post("Chair", "Chair", "Z2E", "Non-Executive", "chair", NE, -1, fte=0.6)
    ceo = board_post(
        "Chief Executive", "Chief Executive", "G0A", "VSM", "chief_executive", EX, chair
    )
    if icb:
        non_executives = ["Non-Executive Member"] * int(rng.integers(3, 5))
        partners = ["Partner Member - Trusts", "Partner Member - Primary Care",
                    "Partner Member - Local Authority"]  # fmt: skip
        non_executives += partners[: int(rng.integers(2, 4))]
    else:
        non_executives = ["Non-Executive Director"] * int(rng.integers(5, 8))
    for title in non_executives:
        fte = 0.1 if title.startswith("Partner") else 0.2
        board_post(title, "Non-Executive Director", "Z2E", "Non-Executive", "non_executive", NE,
                   chair, fte=fte)  # fmt: skip
    md_title = "Chief Medical Officer" if icb or rng.random() < 0.3 else "Medical Director"
    # The code is replaced by the specialty of the consultant pool the director comes from.
    md = board_post(md_title, "Medical Director", "001", "VSM", "medical_director", EX, ceo,
                    statutory="Y")  # fmt: skip
    don_title = "Chief Nurse" if icb or rng.random() < 0.4 else "Director of Nursing"
    if b.org_type == "ambulance":
        don_title = "Director of Quality and Nursing"
    don = board_post(don_title, "Director of Nursing", nursing_code, "VSM", "nursing_director", EX,
                     ceo, statutory="Y")  # fmt: skip
    dof_title = "Chief Finance Officer" if icb or rng.random() < 0.35 else "Director of Finance"
    dof = board_post(dof_title, "Finance Director", "G0A", "VSM", "finance_director", EX, ceo)
    coo = -1
    if not icb:
        coo_title = (
            "Director of Operations" if b.org_type == "ambulance" else "Chief Operating Officer"
        )
        coo = board_post(coo_title, "Chief Operating Officer", operations_code, "VSM",
                         "operations_director", EX, ceo)  # fmt: skip
    people = -1
    if not icb or rng.random() < 0.5:
        people = board_post("Director of People", "Director of People", "G0A", "VSM",
                            "people_director", EX, ceo)  # fmt: skip
    strategy = -1
    if rng.random() < (0.6 if icb else 0.5):
        title = "Chief Delivery Officer" if icb else "Director of Strategy"
        strategy = board_post(title, "Director of Strategy", "G0A", "VSM", "strategy_director", EX,
                              ceo)  # fmt: skip
    return Board(chair, ceo, md, don, dof, coo, people, strategy)


def add_medical_leadership(b: Builder, *, board: Board, consultant_posts: list[int]) -> None:
    """Sessional medical leadership posts held by consultants, and the medical director's
    specialty.

    Rules: the medical director keeps the medical occupation code of a consultant specialty, and
    about half keep 0.1–0.2 FTE of consultant sessions there; deputy and associate medical
    directors (senior tier), the director of medical education and chief clinical information
    officer (middle) and the guardian of safe working hours (not management) are consultants'
    second assignments.
    """
    if not consultant_posts:
        return
    md = board.medical_director
    p = b.posts
    home = b.pick(consultant_posts)
    p.occupation[md] = p.occupation[home]
    if b.rng.random() < 0.5:
        p.extra_post[md] = home
    office = "Medical Director's Office"
    sessional = [
        ("Deputy Medical Director", "Deputy Medical Director", "senior", office, 0.4),
        *[("Associate Medical Director", "Associate Medical Director", "senior", office, 0.2)]
        * (1 + int(b.scale * 1.5)),
        ("Director of Medical Education", "Clinical Lead", "middle", f"{office}/Medical Education",
         0.2),
        ("Chief Clinical Information Officer", "Clinical Lead", "middle", office, 0.2),
        ("Guardian of Safe Working Hours", "Clinical Lead", "none", office, 0.1),
    ]  # fmt: skip
    for title, job_role, tier, unit, fte in sessional:
        b.second(title, job_role, tier, unit=unit, parent=md, pool_post=b.pick(consultant_posts),
                 fte=fte)  # fmt: skip
