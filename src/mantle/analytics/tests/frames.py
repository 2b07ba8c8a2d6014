"""Builders for the holdings and posts frames, and a hypothesis strategy for random ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from hypothesis import strategies as st

from mantle.analytics._inputs import HOLDINGS_SCHEMA, POSTS_SCHEMA, PROFESSIONS, TIERS


@dataclass(frozen=True)
class Person:
    """Clinical facts about one person on the measurement date."""

    person_id: int
    is_clinician: bool = False
    clinician_inferred: bool = False
    clinical_background: bool = False
    profession: str | None = None


def clinician(
    person_id: int, profession: str = "nursing_midwifery", *, inferred: bool = False
) -> Person:
    """A registered (or, with ``inferred``, occupation-inferred) clinician."""
    return Person(person_id, True, inferred, True, profession)


def lapsed(person_id: int, profession: str = "medical") -> Person:
    """Someone previously registered: clinical background, not a clinician."""
    return Person(person_id, False, False, True, profession)


def non_clinician(person_id: int) -> Person:
    """Someone who has never been registered."""
    return Person(person_id, False, False, False, None)


@dataclass(frozen=True)
class Post:
    """One post in the establishment."""

    post_id: int
    tier: str
    unit_path: str = "Unit"
    statutory_clinical: bool = False
    org_code: str = "RAA"
    # Clinical work (a professionally qualified clinical occupation code); None: no code recorded.
    clinical: bool | None = None


def posts_frame(posts: list[Post]) -> pl.DataFrame:
    """The posts frame the selectors would give for these posts."""
    return pl.DataFrame(
        [(p.post_id, p.org_code, p.unit_path, p.tier, p.statutory_clinical) for p in posts],
        schema=POSTS_SCHEMA,
        orient="row",
    )


def holdings_frame(assignments: list[tuple[Person, Post, float]]) -> pl.DataFrame:
    """The holdings frame for (person, post, fte) assignments."""
    return pl.DataFrame(
        [
            (
                person.person_id,
                post.org_code,
                post.unit_path,
                post.post_id,
                post.tier,
                post.statutory_clinical,
                fte,
                person.is_clinician,
                person.clinician_inferred,
                person.clinical_background,
                person.profession,
                post.clinical,
            )
            for person, post, fte in assignments
        ],
        schema=HOLDINGS_SCHEMA,
        orient="row",
    )


ORG_CODES = ("RAA", "RBB", "RCC")
UNITS = ("", "Medicine", "Medicine/Ward 1", "Medicine/Ward 2", "Surgery", "Surgery/Theatres")
# Eighths are exact in binary, so FTE sums do not depend on the order rows are added.
FTES = (0.125, 0.25, 0.5, 0.75, 1.0)


@st.composite
def people(draw: Any, person_id: int) -> Person:
    """A random person: clinician (maybe inferred), lapsed, or never registered."""
    kind = draw(st.sampled_from(("clinician", "inferred", "lapsed", "none")))
    profession = draw(st.sampled_from(PROFESSIONS))
    if kind == "clinician":
        return clinician(person_id, profession)
    if kind == "inferred":
        return clinician(person_id, profession, inferred=True)
    if kind == "lapsed":
        return lapsed(person_id, profession)
    return non_clinician(person_id)


@st.composite
def workforces(
    draw: Any, *, orgs: tuple[str, ...] = ORG_CODES, max_people: int = 14, max_posts: int = 14
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Random but valid (holdings, posts): shared posts, vacancies, several posts per person,
    people working in more than one organisation, posts at every depth of the unit tree."""
    staff = [draw(people(i + 1)) for i in range(draw(st.integers(0, max_people)))]
    establishment = []
    for i in range(draw(st.integers(0, max_posts))):
        tier = draw(st.sampled_from((*TIERS, "none", "none")))
        statutory = tier == "board_executive" and draw(st.booleans())
        establishment.append(
            Post(
                post_id=100 + i,
                tier=tier,
                unit_path=draw(st.sampled_from(UNITS)),
                statutory_clinical=statutory,
                org_code=draw(st.sampled_from(orgs)),
            )
        )
    assignments = []
    if staff and establishment:
        pairs = draw(
            st.lists(
                st.tuples(st.sampled_from(staff), st.sampled_from(establishment)),
                max_size=30,
                unique_by=lambda pair: (pair[0].person_id, pair[1].post_id),
            )
        )
        assignments = [(person, post, draw(st.sampled_from(FTES))) for person, post in pairs]
    return holdings_frame(assignments), posts_frame(establishment)
