"""Disclosure control for means and scores (capability heatmaps, 360 group figures, survey-style
aggregates): which group means may be shown, reasoning about every group a reader can obtain.

A *group* is a set of records (one record = one person's one set of scores); its mean is released
together with its size, so a reader who sees a mean knows the group's **sum**. Sums are linear, so
a reader who can obtain several groups can add and subtract them. The rule (docs/metrics.md,
"Means and scores"):

* **primary** — a mean over 1 to threshold−1 records is never shown (0 records: nothing to show);
* **complementary** — groups of one hierarchy (units at every depth, a breakdown under the
  organisation's total) are *laminar*: a group's parent minus its shown children is a remainder
  (people attached directly to the parent are an implicit child, so the remainder is never empty
  by accident). Every remainder must be 0 or at least the threshold, so when one is small the
  smallest shown child is hidden too (or the parent, when it has no shown child);
* **linked** — across hierarchies and cross-classifications (unit × staff group × tier, and the
  same groups at the adjacent month-end), no protected set may be a linear combination of shown
  groups: a hidden small group, a cell of the cross-classification (*atom*) with 1 to threshold−1
  records, or two such cells together with fewer than threshold records. When one is, a shown
  group used to obtain it is hidden (the smallest), and the check repeats to a fixed point.

Groups with exactly the same members are one figure: hidden in one place, hidden everywhere.
``fixed`` groups are already released (e.g. the previous month-end's figures): they constrain the
decision but are never hidden by it.

Pure: numpy only; no Django, no database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np

__all__ = [
    "MeanGroup",
    "MeansDecision",
    "leaked_sets",
    "protect_means",
    "recoverable_sets",
]

Reason = Literal["primary", "complementary", "linked"]

REASON_TEXT: Final[dict[str, str]] = {
    "primary": "Fewer than {threshold} people: hidden to protect the individuals concerned.",
    "complementary": (
        "Hidden so that subtracting it from a figure that is shown cannot reveal the scores of "
        "fewer than {threshold} people."
    ),
    "linked": (
        "Hidden because, combined with other figures you can see (other depths, breakdowns or the "
        "previous month), it would reveal the scores of fewer than {threshold} people."
    ),
}
_TOLERANCE: Final = 1e-7
_MAX_LEAKS_PER_ROUND: Final = 500
_RESTORE_TRIES: Final = 6
#: The pair test needs a square matrix over the small atoms: beyond this many (a trust of
#: 100,000 assessed people cross-classified into 24,000 cells) it is skipped, and only single
#: atoms and hidden groups are tested (docs/metrics.md 5.8).
_MAX_PAIRABLE: Final = 4000


@dataclass(frozen=True)
class MeanGroup:
    """One figure a reader can obtain: a mean (and its size) over ``members``.

    ``parent`` is the key of the nearest enclosing group of the same hierarchy (None at the top);
    children of one parent must be disjoint subsets of it. ``fixed`` marks a group released
    elsewhere, which this decision must respect but may not hide.
    """

    key: Hashable
    members: frozenset[Hashable]
    parent: Hashable | None = None
    fixed: bool = False


@dataclass(frozen=True)
class MeansDecision:
    """Which groups' means are hidden, and why."""

    threshold: int
    hidden: Mapping[Hashable, Reason]
    #: Protected sets still determined by fixed groups alone (nothing this decision may hide).
    unresolved: tuple[frozenset[Hashable], ...] = field(default=())

    def shown(self, key: Hashable) -> bool:
        return key not in self.hidden

    def footnotes(self) -> list[str]:
        present = set(self.hidden.values())
        return [
            REASON_TEXT[r].format(threshold=self.threshold)
            for r in ("primary", "complementary", "linked")
            if r in present
        ]


def _small(size: int, threshold: int) -> bool:
    return 0 < size < threshold


def protect_means(groups: Sequence[MeanGroup], *, threshold: int) -> MeansDecision:
    """Decide which means to hide (module rules: primary, complementary, linked, to a fixed point).

    Raises ValueError for a threshold below 2, duplicate keys, an unknown parent, a child that is
    not inside its parent, or a fixed group over 1 to threshold−1 records.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 2:
        raise ValueError(f"threshold must be an integer of at least 2, not {threshold!r}")
    by_key = _index(groups)
    for g in groups:
        if g.fixed and _small(len(g.members), threshold):
            raise ValueError(f"fixed group {g.key!r} has fewer than {threshold} members")
    hidden: dict[Hashable, Reason] = {}
    same = _same_members(groups)

    def hide(key: Hashable, reason: Reason) -> None:
        for twin in same[by_key[key].members]:
            if twin not in hidden and not by_key[twin].fixed:
                hidden[twin] = reason

    for g in groups:
        if not g.fixed and _small(len(g.members), threshold):
            hide(g.key, "primary")
    children = _children(groups)
    unresolved: list[frozenset[Hashable]] = []
    while True:
        _remainders(groups, children, by_key, hidden, hide, threshold)
        leaks = _leaks(groups, hidden, threshold, skip=set(unresolved))
        if not leaks:
            break
        # One round breaks every leak found: for each, hide its smallest culprit unless a culprit
        # already chosen in this round is among its own.
        chosen: set[Hashable] = set()
        for protected, culprits in leaks:
            candidates = [by_key[k] for k in culprits if k not in hidden and not by_key[k].fixed]
            if not candidates:
                # Determined by fixed (already released) groups alone: nothing here can help.
                unresolved.append(protected)
                continue
            if any(c.key in chosen for c in candidates):
                continue
            chosen.add(min(candidates, key=lambda g: (len(g.members), repr(g.key))).key)
        for key in sorted(chosen, key=repr):
            hide(key, "linked")
    # The smallest culprit is not always needed once others are hidden: show again a linked group
    # whose return keeps every rule satisfied (latest first; a few tries, each a full check).
    skip = set(unresolved)
    linked = [k for k, r in reversed(list(hidden.items())) if r == "linked"]
    for key in linked[:_RESTORE_TRIES]:
        if key not in hidden:
            continue
        twins = [t for t in same[by_key[key].members] if hidden.get(t) == "linked"]
        trial = {k: r for k, r in hidden.items() if k not in twins}
        if _satisfied(groups, children, by_key, trial, threshold, skip=skip):
            hidden = trial
    return MeansDecision(threshold=threshold, hidden=hidden, unresolved=tuple(unresolved))


def recoverable_sets(
    released: Sequence[MeanGroup],
    protected: Iterable[frozenset[Hashable]],
) -> list[frozenset[Hashable]]:
    """The protected sets whose sum follows exactly from the released groups' sums (an attacker's
    linear algebra over everything released, for the auditor and the tests)."""
    protected = list(protected)
    records = sorted(
        {m for g in released for m in g.members} | {m for p in protected for m in p}, key=repr
    )
    index = {r: i for i, r in enumerate(records)}
    matrix = np.zeros((len(released), len(records)))
    for row, g in enumerate(released):
        matrix[row, [index[m] for m in g.members]] = 1.0
    basis = _row_basis(matrix)
    found = []
    for p in protected:
        vector = np.zeros(len(records))
        vector[[index[m] for m in p]] = 1.0
        if p and _in_span(basis, vector):
            found.append(p)
    return found


def leaked_sets(
    groups: Sequence[MeanGroup], hidden: Mapping[Hashable, str], *, threshold: int
) -> list[frozenset[Hashable]]:
    """The protected sets (module rule ``linked``: a hidden group of 1 to threshold−1 records, a
    cross-classification cell of 1 to threshold−1 records, or two such cells together with fewer
    than threshold) whose sum follows from the sums of the groups not in ``hidden``: the
    auditor's check of a release it did not decide."""
    _index(groups)
    return [p for p, _ in _leaks(groups, hidden, threshold, skip=set())]  # type: ignore[arg-type]


# --- internals ---------------------------------------------------------------------------------
def _index(groups: Sequence[MeanGroup]) -> dict[Hashable, MeanGroup]:
    by_key: dict[Hashable, MeanGroup] = {}
    for g in groups:
        if g.key in by_key:
            raise ValueError(f"duplicate group key {g.key!r}")
        by_key[g.key] = g
    for g in groups:
        if g.parent is None:
            continue
        parent = by_key.get(g.parent)
        if parent is None:
            raise ValueError(f"group {g.key!r} names an unknown parent {g.parent!r}")
        if not g.members <= parent.members:
            raise ValueError(f"group {g.key!r} is not inside its parent {g.parent!r}")
    return by_key


def _same_members(groups: Sequence[MeanGroup]) -> dict[frozenset[Hashable], list[Hashable]]:
    same: dict[frozenset[Hashable], list[Hashable]] = defaultdict(list)
    for g in groups:
        same[g.members].append(g.key)
    return same


def _children(groups: Sequence[MeanGroup]) -> dict[Hashable, list[Hashable]]:
    children: dict[Hashable, list[Hashable]] = defaultdict(list)
    for g in groups:
        if g.parent is not None:
            children[g.parent].append(g.key)
    return children


def _remainders(
    groups: Sequence[MeanGroup],
    children: Mapping[Hashable, list[Hashable]],
    by_key: Mapping[Hashable, MeanGroup],
    hidden: dict[Hashable, Reason],
    hide: Callable[[Hashable, Reason], None],
    threshold: int,
) -> None:
    """Complementary rule over each hierarchy: every shown group's remainder (itself minus its
    shown maximal descendants) is 0 or at least the threshold."""

    def shown_below(key: Hashable) -> list[Hashable]:
        out: list[Hashable] = []
        for child in children.get(key, ()):
            if child in hidden:
                out.extend(shown_below(child))
            else:
                out.append(child)
        return out

    changed = True
    while changed:
        changed = False
        for g in groups:
            if g.key in hidden or not children.get(g.key):
                continue
            below = shown_below(g.key)
            remainder = len(g.members) - sum(len(by_key[k].members) for k in below)
            if not _small(remainder, threshold):
                continue
            movable = [by_key[k] for k in below if by_key[k].members and not by_key[k].fixed]
            if movable:
                choice = min(movable, key=lambda c: (len(c.members), repr(c.key)))
                hide(choice.key, "complementary")
            elif not g.fixed:
                hide(g.key, "complementary")
            else:
                continue
            changed = True


class _Dirty(Exception):
    pass


def _satisfied(
    groups: Sequence[MeanGroup],
    children: Mapping[Hashable, list[Hashable]],
    by_key: Mapping[Hashable, MeanGroup],
    hidden: dict[Hashable, Reason],
    threshold: int,
    *,
    skip: set[frozenset[Hashable]],
) -> bool:
    """True when ``hidden`` needs no further hiding under the complementary and linked rules."""

    def refuse(key: Hashable, reason: Reason) -> None:
        raise _Dirty

    try:
        _remainders(groups, children, by_key, dict(hidden), refuse, threshold)
    except _Dirty:
        return False
    return not _leaks(groups, hidden, threshold, skip=skip)


def _leaks(
    groups: Sequence[MeanGroup],
    hidden: Mapping[Hashable, Reason],
    threshold: int,
    *,
    skip: set[frozenset[Hashable]],
) -> list[tuple[frozenset[Hashable], list[Hashable]]]:
    """Every protected set (module rule) determined by the shown groups, each with the shown
    groups a minimum-norm reconstruction of it uses; empty when there is none."""
    # Atoms: records with the same membership in every group are indistinguishable to a reader.
    signature: dict[Hashable, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        for m in g.members:
            signature[m].append(i)
    atoms_of: dict[tuple[int, ...], list[Hashable]] = defaultdict(list)
    for record, sig in signature.items():
        atoms_of[tuple(sig)].append(record)
    atom_list = sorted(atoms_of.items(), key=lambda item: item[0])
    if not atom_list:
        return []
    sizes = np.array([len(records) for _, records in atom_list])
    shown = [i for i, g in enumerate(groups) if g.key not in hidden and g.members]
    if not shown:
        return []
    matrix = np.zeros((len(shown), len(atom_list)))
    row_of = {gi: r for r, gi in enumerate(shown)}
    for col, (signature_of_atom, _) in enumerate(atom_list):
        for gi in signature_of_atom:
            r = row_of.get(gi)
            if r is not None:
                matrix[r, col] = 1.0
    left, sv, basis = _decompose(matrix)

    def culprits(vector: np.ndarray) -> list[Hashable]:
        coef = left @ ((basis @ vector) / sv)
        return [groups[shown[r]].key for r in np.flatnonzero(np.abs(coef) > 1e-7)]

    def members(vector: np.ndarray) -> frozenset[Hashable]:
        return frozenset(m for a in np.flatnonzero(vector) for m in atom_list[a][1])

    found: list[tuple[frozenset[Hashable], list[Hashable]]] = []

    def report(vector: np.ndarray) -> None:
        who = members(vector)
        if who not in skip and len(found) < _MAX_LEAKS_PER_ROUND:
            found.append((who, culprits(vector)))

    atom_index = {sig: a for a, (sig, _) in enumerate(atom_list)}
    # 1. hidden groups of 1 to threshold−1 records.
    for g in groups:
        if g.key in hidden and _small(len(g.members), threshold):
            vector = np.zeros(len(atom_list))
            for m in g.members:
                vector[atom_index[tuple(signature[m])]] = 1.0
            if _in_span(basis, vector):
                report(vector)
    # 2. small atoms, alone or in pairs with fewer than threshold records together. With P the
    # projection onto the row space, e_a is determined when P_aa = 1; e_a − c·e_b is when the
    # parts of e_a and e_b outside the row space are parallel: |P_ab| = |outside_a||outside_b|.
    small = np.flatnonzero(sizes < threshold)
    if small.size == 0:
        return found
    block = basis[:, small]
    outside_sq = np.clip(1.0 - np.einsum("ij,ij->j", block, block), 0.0, None)
    determined = outside_sq <= 1e-10
    for j in np.flatnonzero(determined):
        vector = np.zeros(len(atom_list))
        vector[small[j]] = 1.0
        report(vector)
    pairable = np.flatnonzero(~determined & (sizes[small] <= threshold - 2))
    if 1 < pairable.size <= _MAX_PAIRABLE:
        norms = np.sqrt(outside_sq[pairable])
        sub_block = block[:, pairable]
        projection = sub_block.T @ sub_block
        sub = np.abs(projection)
        ratio = sub / np.outer(norms, norms)
        for j, k in np.argwhere(np.triu(ratio, k=1) >= 1 - 1e-6):
            a, b = small[pairable[j]], small[pairable[k]]
            if sizes[a] + sizes[b] >= threshold:
                continue
            # outside_a · outside_b = −P_ab, and outside_a = c · outside_b.
            vector = np.zeros(len(atom_list))
            vector[a] = 1.0
            vector[b] = float(projection[j, k]) / float(norms[k] ** 2)
            report(vector)
    return found


def _decompose(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A thin SVD of a wide 0/1 matrix (groups × atoms) through its small Gram matrix: (left
    singular vectors, singular values, orthonormal row-space basis as rows), rank-truncated.
    Why: with 24,000 atoms the full SVD took 19 s; the Gram route costs one product."""
    if matrix.size == 0 or matrix.shape[0] == 0:
        return np.zeros((matrix.shape[0], 0)), np.zeros(0), np.zeros((0, matrix.shape[1]))
    gram = matrix @ matrix.T
    values, vectors = np.linalg.eigh(gram)
    top = float(values[-1]) if values.size else 0.0
    # Zero eigenvalues of an integer Gram matrix come out near 1e-16 × the largest.
    keep = values > 1e-10 * max(1.0, top)
    sv = np.sqrt(values[keep])
    left = vectors[:, keep]
    basis = (left.T @ matrix) / sv[:, None]
    return left, sv, basis


def _row_basis(matrix: np.ndarray) -> np.ndarray:
    """An orthonormal basis (as rows) of the row space of ``matrix``."""
    return _decompose(matrix)[2]


def _in_span(basis: np.ndarray, vector: np.ndarray) -> bool:
    residual = vector - basis.T @ (basis @ vector)
    return bool(np.linalg.norm(residual) <= 1e-6 * max(1.0, float(np.linalg.norm(vector))))
