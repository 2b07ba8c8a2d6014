"""Optimal allocation of a cohort round (issue 18; docs/opportunities.md, "Optimal allocation").

Pure (numpy, scipy): candidates in, placements and a sentence per person out. Solved as an integer
programme with ``scipy.optimize.milp`` (HiGHS):

* one binary ``x[i, j]`` per released application of person *i* to opportunity *j*;
* each person gets at most one place in the round; each opportunity at most its places;
* every place that *can* be filled is filled: first the largest number of placements possible is found
  (``fillable``), then the allocation must make that many — otherwise "place nobody" would always
  meet any fairness bound;
* **fairness bounds** (when a ratio *r* is chosen): for each characteristic (sex, ethnicity,
  disability) whose reference and focus groups both have applicants, the selection rate of each group
  (people placed ÷ people applying in the round) is at least *r* times the other's. As linear
  constraints: n_R·Σ_F x − r·n_F·Σ_R x ≥ 0 and n_F·Σ_R x − r·n_R·Σ_F x ≥ 0. People whose
  characteristic is not known count in neither group;
* the objective maximises total fit.

When no allocation meets the bounds the result says so, names each characteristic whose bound alone
cannot be met, and places nobody (the owner decides by hand, or chooses a looser ratio).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix

GROUP_LABELS = {
    "sex": ("men", "women"),
    "ethnicity": ("White staff", "Black and minority ethnic staff"),
    "disability": ("non-disabled staff", "disabled staff"),
}


@dataclass(frozen=True)
class Candidate:
    person_id: int
    opportunity_id: int
    fit: float


@dataclass
class AllocationResult:
    feasible: bool
    placements: dict[int, int]
    total_fit: float
    fillable: int
    ratio: float | None
    message: str
    explanations: dict[int, str] = field(default_factory=dict)
    rates: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    infeasible_characteristics: list[str] = field(default_factory=list)
    unconstrained: dict[int, int] = field(default_factory=dict)


class _Problem:
    def __init__(self, candidates: Sequence[Candidate], places: Mapping[int, int]) -> None:
        best: dict[tuple[int, int], float] = {}
        for c in candidates:
            if c.opportunity_id in places:
                key = (c.person_id, c.opportunity_id)
                best[key] = max(best.get(key, float("-inf")), float(c.fit))
        self.pairs = sorted(best)
        self.fit = np.array([best[p] for p in self.pairs], dtype=float)
        self.people = sorted({p for p, _ in self.pairs})
        self.opps = sorted({o for _, o in self.pairs})
        n = len(self.pairs)
        p_index = {p: k for k, p in enumerate(self.people)}
        o_index = {o: k for k, o in enumerate(self.opps)}
        cols = np.arange(n)
        self.person_rows = csr_matrix(
            coo_matrix(
                (np.ones(n), ([p_index[p] for p, _ in self.pairs], cols)),
                shape=(len(self.people), n),
            )
        )
        self.opp_rows = csr_matrix(
            coo_matrix(
                (np.ones(n), ([o_index[o] for _, o in self.pairs], cols)),
                shape=(len(self.opps), n),
            )
        )
        self.capacity = np.array([places[o] for o in self.opps], dtype=float)
        self.person_of = np.array([p for p, _ in self.pairs])

    def base(self) -> list[LinearConstraint]:
        return [
            LinearConstraint(self.person_rows, -np.inf, 1),
            LinearConstraint(self.opp_rows, -np.inf, self.capacity),
        ]

    def solve(
        self, objective: np.ndarray, extra: list[LinearConstraint], *, integer: bool = True
    ) -> np.ndarray | None:
        """Maximise ``objective``. Without ``extra`` rows the constraint matrix is a bipartite
        b-matching (totally unimodular), so the linear programme's optimal vertex is already whole
        and HiGHS's simplex finds it far faster than branch and bound; it is checked, and solved as
        an integer programme if it is not."""
        n = len(self.pairs)
        result = milp(
            c=-objective,
            constraints=self.base() + extra,
            integrality=np.ones(n) if integer else np.zeros(n),
            bounds=Bounds(0, 1),
            options={"time_limit": 60},
        )
        if result.x is None or result.status not in (0,):
            return None
        x = np.asarray(result.x)
        if not integer and np.abs(x - np.round(x)).max() > 1e-6:
            return self.solve(objective, extra, integer=True)
        return np.round(x).astype(int)

    def solve_bounded(
        self, objective: np.ndarray, extra: list[LinearConstraint]
    ) -> tuple[np.ndarray | None, float]:
        """Maximise ``objective`` with extra (fairness) rows, which break the b-matching structure.
        The linear relaxation is solved first: when it is infeasible, so is the integer programme.
        Its vertex has only a few fractional placements (at most about twice the number of extra
        rows), so every whole value is kept and an integer programme is solved over the pairs of
        the people and opportunities those fractional placements touch; if that has no solution,
        the whole integer programme is solved. Returns the allocation and its gap to the linear
        bound (0 when provably optimal)."""
        n = len(self.pairs)
        relaxed = milp(
            c=-objective,
            constraints=self.base() + extra,
            integrality=np.zeros(n),
            bounds=Bounds(0, 1),
            options={"time_limit": 60},
        )
        if relaxed.x is None or relaxed.status != 0:
            return None, 0.0
        lp = np.asarray(relaxed.x)
        bound = float(objective @ lp)
        fractional = np.flatnonzero(np.abs(lp - np.round(lp)) > 1e-6)
        if not len(fractional):
            return np.round(lp).astype(int), 0.0
        people = set(self.person_of[fractional].tolist())
        opps = {self.pairs[k][1] for k in fractional.tolist()}
        free = np.array([p in people or o in opps for p, o in self.pairs], dtype=bool)
        lower = np.where(free, 0.0, np.round(lp))
        upper = np.where(free, 1.0, np.round(lp))
        result = milp(
            c=-objective,
            constraints=self.base() + extra,
            integrality=np.ones(n),
            bounds=Bounds(lower, upper),
            options={"time_limit": 60},
        )
        if result.x is None or result.status != 0:
            x = self.solve(objective, extra)
            if x is None:
                return None, 0.0
        else:
            x = np.round(np.asarray(result.x)).astype(int)
        return x, max(0.0, bound - float(objective @ x))

    def placements(self, x: np.ndarray) -> dict[int, int]:
        return {self.pairs[k][0]: self.pairs[k][1] for k in np.flatnonzero(x)}


def _fairness_rows(
    problem: _Problem, characteristic: Mapping[int, str], ratio: float
) -> list[LinearConstraint]:
    ref = {p for p in problem.people if characteristic.get(p) == "reference"}
    foc = {p for p in problem.people if characteristic.get(p) == "focus"}
    if not ref or not foc:
        return []
    n_r, n_f = len(ref), len(foc)
    in_ref = np.array([p in ref for p in problem.person_of], dtype=float)
    in_foc = np.array([p in foc for p in problem.person_of], dtype=float)
    rows = np.vstack([n_r * in_foc - ratio * n_f * in_ref, n_f * in_ref - ratio * n_r * in_foc])
    return [LinearConstraint(csr_matrix(rows), 0, np.inf)]


def _rates(
    people: Sequence[int], placed: Mapping[int, int], groups: Mapping[str, Mapping[int, str]]
) -> dict[str, dict[str, tuple[int, int]]]:
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for name, of in groups.items():
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for p in people:
            g = of.get(p, "unknown")
            tally[g][1] += 1
            tally[g][0] += int(p in placed)
        out[name] = {g: (v[0], v[1]) for g, v in tally.items()}
    return out


def allocate(
    *,
    candidates: Sequence[Candidate],
    places: Mapping[int, int],
    groups: Mapping[str, Mapping[int, str]] | None = None,
    ratio: float | None = None,
    titles: Mapping[int, str] | None = None,
) -> AllocationResult:
    """Allocate the round's places (module rules). ``groups[characteristic][person]`` is
    ``reference``, ``focus`` or ``unknown``; ``ratio`` None means no fairness bounds."""
    groups = groups or {}
    titles = titles or {}
    if ratio is not None and not 0 < ratio <= 1:
        raise ValueError("The fairness ratio must be more than 0 and at most 1.")
    problem = _Problem(candidates, places)
    if not problem.pairs:
        return AllocationResult(True, {}, 0.0, 0, ratio, "No released applications to allocate.")
    # 1. Without fairness bounds: the most places that can be filled and, among allocations that
    # fill them, the greatest total fit. A bonus larger than any total fit for every placement
    # makes one objective do both (lexicographically) and keeps the problem a pure b-matching.
    bonus = float(np.abs(problem.fit).sum()) + 1.0
    free = problem.solve(problem.fit + bonus, [], integer=False)
    unconstrained = problem.placements(free) if free is not None else {}
    fillable = len(unconstrained)
    fill = LinearConstraint(np.ones((1, len(problem.pairs))), fillable, np.inf)
    fairness: list[LinearConstraint] = []
    if ratio is not None:
        for name in GROUP_LABELS:
            if name in groups:
                fairness += _fairness_rows(problem, groups[name], ratio)
    gap = 0.0
    if fairness:
        x, gap = problem.solve_bounded(problem.fit, [fill, *fairness])
    else:
        x = free
    if x is None:
        blocking = [
            name
            for name in GROUP_LABELS
            if name in groups
            and (rows := _fairness_rows(problem, groups[name], ratio or 1.0))
            and problem.solve_bounded(problem.fit, [fill, *rows])[0] is None
        ]
        named = ", ".join(blocking) if blocking else "the bounds taken together"
        message = (
            f"No allocation fills all {fillable} places that can be filled with selection rates "
            f"within a ratio of {ratio:.2f} of each other. Blocked by: {named}. "
            "Choose a lower ratio, add places, or decide by hand."
        )
        return AllocationResult(
            False,
            {},
            0.0,
            fillable,
            ratio,
            message,
            rates=_rates(problem.people, {}, groups),
            infeasible_characteristics=blocking,
            unconstrained=unconstrained,
        )
    placements = problem.placements(x)
    total = float(problem.fit @ x)
    result = AllocationResult(
        True,
        placements,
        round(total, 4),
        fillable,
        ratio,
        f"{len(placements)} of {fillable} fillable places allocated, total fit {total:.2f}"
        + (f", selection rates within a ratio of {ratio:.2f}" if ratio is not None else "")
        + (f" (at most {gap:.4f} below the best possible)." if gap > 1e-6 else "."),
        rates=_rates(problem.people, placements, groups),
        unconstrained=unconstrained,
    )
    result.explanations = _explain(problem, placements, unconstrained, titles, ratio)
    return result


def _explain(
    problem: _Problem,
    placed: Mapping[int, int],
    unconstrained: Mapping[int, int],
    titles: Mapping[int, str],
    ratio: float | None,
) -> dict[int, str]:
    fit_of = dict(zip(problem.pairs, problem.fit.tolist(), strict=True))
    placed_fits: dict[int, list[float]] = defaultdict(list)
    for person, opp in placed.items():
        placed_fits[opp].append(fit_of[(person, opp)])
    by_person: dict[int, list[int]] = defaultdict(list)
    for person, opp in problem.pairs:
        by_person[person].append(opp)

    def name(opp: int) -> str:
        return titles.get(opp, f"opportunity {opp}")

    out: dict[int, str] = {}
    for person in problem.people:
        if person in placed:
            opp = placed[person]
            text = (
                f"Placed in {name(opp)} (fit {fit_of[(person, opp)]:.2f}): the allocation with the "
                "greatest total fit gives you this place."
            )
            if ratio is not None and unconstrained.get(person) != opp:
                was = unconstrained.get(person)
                text += (
                    f" Without the fairness bounds you would have been placed in {name(was)}."
                    if was is not None
                    else " Without the fairness bounds you would not have been placed."
                )
            out[person] = text
            continue
        if person in unconstrained and ratio is not None:
            out[person] = (
                f"Not placed: without the fairness bounds you would have had a place in "
                f"{name(unconstrained[person])}; keeping selection rates within a ratio of "
                f"{ratio:.2f} of each other gave it to another applicant."
            )
            continue
        best = max(by_person[person], key=lambda o: fit_of[(person, o)])
        lowest = min(placed_fits.get(best, []), default=None)
        if lowest is None:
            out[person] = (
                f"Not placed: no place in {name(best)} could be given to you within the round's rules."
            )
        else:
            out[person] = (
                f"Not placed: every place in the opportunities you applied for went to someone else; "
                f"in {name(best)}, your best fit ({fit_of[(person, best)]:.2f}), the lowest fit "
                f"placed was {lowest:.2f}, and placing you would have lowered the total fit."
            )
    return out
