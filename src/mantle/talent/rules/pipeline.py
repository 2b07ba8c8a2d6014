"""The clinical pipeline: are clinicians among the people lined up for critical management posts?

Rules (docs/talent.md, "The clinical pipeline"):

* For each critical management post on a date, ``successors`` are its counted candidates (any
  band) and ``clinician_successors`` those who are clinicians on that date (the divide's rule:
  a current registration, or failing any registration a professionally qualified clinical
  occupation code), split by profession. ``ready_now`` and ``ready_now_clinicians`` likewise.
* **Projected clinician share of senior management** (board executive + senior tiers): a what-if in
  which each critical senior-management post with a ready-now successor is filled by its best-ranked
  ready-now successor. Posts are taken in the given order; a person is appointed to one post at most
  (the next ready-now candidate fills the later post). The appointee's previous post, if any, is not
  back-filled. The projected holders are then the people holding a senior-management post not being
  filled, plus the appointees — each person once — and the projected share is clinicians among them
  ÷ all of them. The current share is computed from today's holders the same way, so the two are
  comparable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .readiness import CountedCandidate, Readiness

__all__ = ["PipelineProjection", "PostPipeline", "post_pipeline", "project_senior_share"]


@dataclass(frozen=True)
class PostPipeline:
    post_id: int
    successors: int
    clinician_successors: int
    by_profession: dict[str, int]
    ready_now: int
    ready_now_clinicians: int

    @property
    def clinician_share(self) -> float | None:
        return self.clinician_successors / self.successors if self.successors else None


def post_pipeline(
    *,
    post_id: int,
    counted: Sequence[CountedCandidate],
    clinician: Mapping[int, bool],
    profession: Mapping[int, str | None],
) -> PostPipeline:
    """Successor counts for one post (module rule); people missing from ``clinician`` are not
    clinicians."""
    clinicians = [c for c in counted if clinician.get(c.person_id, False)]
    by_prof = Counter(profession.get(c.person_id) or "other_registered" for c in clinicians)
    ready = [c for c in counted if c.readiness is Readiness.READY_NOW]
    return PostPipeline(
        post_id=post_id,
        successors=len(counted),
        clinician_successors=len(clinicians),
        by_profession=dict(sorted(by_prof.items())),
        ready_now=len(ready),
        ready_now_clinicians=sum(1 for c in ready if clinician.get(c.person_id, False)),
    )


@dataclass(frozen=True)
class PipelineProjection:
    current_holders: int
    current_clinicians: int
    projected_holders: int
    projected_clinicians: int
    appointments: tuple[tuple[int, int], ...]
    """(post_id, person_id) pairs of the what-if."""

    @property
    def current_share(self) -> float | None:
        return self.current_clinicians / self.current_holders if self.current_holders else None

    @property
    def projected_share(self) -> float | None:
        return (
            self.projected_clinicians / self.projected_holders if self.projected_holders else None
        )

    @property
    def change_pp(self) -> float | None:
        """Projected minus current share, in percentage points."""
        if self.current_share is None or self.projected_share is None:
            return None
        return (self.projected_share - self.current_share) * 100


def project_senior_share(
    *,
    senior_holdings: Sequence[tuple[int, int]],
    ready_now_by_post: Sequence[tuple[int, Sequence[int]]],
    clinician: Mapping[int, bool],
) -> PipelineProjection:
    """The what-if of the module rule.

    ``senior_holdings``: (post_id, person_id) for every current holding of a senior-management post.
    ``ready_now_by_post``: for each critical senior-management post, in order, its ready-now
    successors best rank first.
    """
    appointed: dict[int, int] = {}
    taken: set[int] = set()
    for post_id, people in ready_now_by_post:
        if post_id in appointed:
            continue
        for person_id in people:
            if person_id not in taken:
                appointed[post_id] = person_id
                taken.add(person_id)
                break
    current = {person for _, person in senior_holdings}
    staying = {person for post, person in senior_holdings if post not in appointed}
    projected = staying | taken

    def clinicians(people: set[int]) -> int:
        return sum(1 for p in people if clinician.get(p, False))

    return PipelineProjection(
        current_holders=len(current),
        current_clinicians=clinicians(current),
        projected_holders=len(projected),
        projected_clinicians=clinicians(projected),
        appointments=tuple(sorted(appointed.items())),
    )
