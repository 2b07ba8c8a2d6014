"""Table format for post templates, and the helpers every structure module uses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mantle.demo.synthetic.establishment import Builder

# A pooled post template: title, job role, occupation code, band, profile, weight (typical FTE in
# the reference 4,421-FTE acute trust; only ratios within a staff group matter).
PooledPost = tuple[str, str, str, str, str, float]
Team = tuple[PooledPost, ...]
# A single post template: title, occupation code, band, profile, tier.
Lead = tuple[str, str, str, str, str]


def rows(text: str) -> list[list[str]]:
    """Split a ``|``-separated table into cells: one row a line, blank lines ignored, and a line
    ending in ``|`` continued on the next (so long rows stay within the line length)."""
    joined = re.sub(r"\|\s*\n\s*", "| ", text.strip())
    return [
        [cell.strip() for cell in line.split("|")] for line in joined.splitlines() if line.strip()
    ]


def team(text: str) -> Team:
    """Parse ``title | job role | code | band | profile | weight`` rows into a team."""
    return tuple(
        (title, job_role, code, band, profile, float(weight))
        for title, job_role, code, band, profile, weight in rows(text)
    )


def add_team(b: Builder, posts: Team, *, unit: str, parent: int, scale: float = 1.0) -> None:
    """Add the pooled posts of one team, each weighted by ``scale``."""
    for title, job_role, occupation, band, profile, weight in posts:
        b.shared(
            title, job_role, occupation, band, profile, weight * scale, unit=unit, parent=parent
        )


def add_led_team(
    b: Builder, *, unit: str, lead: Lead, parent: int, posts: Team, scale: float, job_role: str
) -> int:
    """A team with a single lead post over its pooled posts; returns the lead."""
    title, code, band, profile, tier = lead
    head = b.single(title, job_role, code, band, profile, tier, unit=unit, parent=parent)
    add_team(b, posts, unit=unit, parent=head, scale=scale)
    return head


@dataclass
class Board:
    """Local post numbers of the board posts other structure code reports to."""

    chair: int
    chief_executive: int
    medical_director: int
    nursing_director: int
    finance_director: int
    operations_director: int  # -1 for ICBs
    people_director: int  # -1 when the board has none
    strategy_director: int  # -1 when the board has none

    def operations_or_ceo(self) -> int:
        """The chief operating officer's post, or the chief executive's where there is none."""
        return self.operations_director if self.operations_director >= 0 else self.chief_executive

    def people_or_ceo(self) -> int:
        """The director of people's post, or the chief executive's where there is none."""
        return self.people_director if self.people_director >= 0 else self.chief_executive


def add_doctors(b: Builder, *, code: str, name: str, weight: float, unit: str, parent: int) -> int:
    """Consultant, specialty doctor and resident pools of one specialty; returns the consultants.

    Rule: specialty doctors, registrars and foundation doctors report to the consultant pool
    (their clinical supervisors) until a clinical director post takes that place.
    """
    s = b.scale
    consultants = b.shared(
        f"Consultant {name}", "Consultant", code, "Consultant", "consultant", weight * s,
        unit=unit, parent=parent,
    )  # fmt: skip
    juniors: Team = (
        (f"Specialty Doctor - {name}", "Specialty Doctor", code, "Specialty Doctor",
         "specialty_doctor", 0.35 * weight),
        (f"Specialty Registrar - {name}", "Specialty Registrar", code, "Resident Doctor",
         "resident_registrar", 0.6 * weight),
        (f"Foundation Doctor - {name}", "Foundation Year 1", code, "Resident Doctor",
         "resident_foundation", 0.25 * weight),
        ("Medical Secretary", "Medical Secretary", "G2D", "Band 4", "clinical_admin", 0.5 * weight),
    )  # fmt: skip
    add_team(b, juniors, unit=unit, parent=consultants, scale=s)
    return consultants


def add_clinical_director(
    b: Builder, *, name: str, unit: str, parent: int, consultants: int
) -> int:
    """A consultant clinical director (0.2–0.3 FTE sessional) over a consultant pool big enough
    to need one; returns the post the consultants now report to."""
    if b.posts.weight[consultants] < 2.0:
        return consultants
    director = b.second(
        f"Clinical Director - {name}", "Clinical Director - Medical", "senior",
        unit=unit, parent=parent, pool_post=consultants, fte=float(b.rng.choice((0.2, 0.2, 0.3))),
    )  # fmt: skip
    b.posts.parent[consultants] = director
    return director


def ward_name(k: int) -> str:
    """Named wards (Willow Ward, Rowan Ward, …), numbered once the names run out."""
    stems = (
        "Willow", "Rowan", "Alder", "Hazel", "Juniper", "Sorrel", "Heather", "Linden", "Aspen",
        "Cedar", "Maple", "Elm", "Birch", "Holly", "Laurel", "Poplar",
    )  # fmt: skip
    suffix = "" if k < len(stems) else f" {k // len(stems) + 1}"
    return f"{stems[k % len(stems)]} Ward{suffix}"


LOCALITIES = ("North", "South", "East", "West", "Central", "Coastal", "Valley", "City")
