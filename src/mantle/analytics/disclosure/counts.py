"""Complementary suppression of people counts over a whole *family* of linked tables at once.

Method (docs/decisions/0011-disclosure-one-family.md): every count an organisation releases on a
date (every unit at every depth, every tier, profession and aggregate) is one cell of one family.
The relations a reader can use are registered once (``total = sum(parts)``), including groups that
are never shown but are implied by subtraction (the people attached directly to a parent unit, the
holders who are not clinicians, ...), which are *remainder* cells: never released, protected like
any other small count. One pattern of hidden cells is computed for the whole family, so every
response, table and export is a slice of the same globally consistent pattern.

Rules (the fixed point):

* primary — a count of 1 to threshold−1 people is hidden; 0 is released;
* remainders are never released;
* protection — in every relation whose total is released, a hidden non-zero part never stands
  alone (it would be the total minus the rest), and when a protected cell is among the hidden
  parts, the hidden parts hold at least ``min_hidden_mass`` people together (default 3: two
  hidden cells of 1 would leave each in [0, 2], which is too narrow); otherwise the smallest
  released non-zero part or the total, whichever costs less to hide (people × the cell's weight:
  auxiliary figures weigh less than the headline ones), is hidden as well. Hidden zeros do not
  count: a group that is empty (and whose emptiness the posts reveal) protects nobody;
* nested — when a cell counts a subset of another's people (clinicians of holders, a ward of
  its directorate, a tier of all management) and both are released, their difference is a group
  too: it must be 0 or at least the threshold, otherwise the subset is hidden; and when the two
  are the same size they are the same people, so they are hidden or released together;
* derived — a figure computed from counts is released only when every one of them is.

The auditor (``mantle.analytics.disclosure.audit``) checks the result with an exact linear
programme over the people; the engine itself is vectorised and needs no solver.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt

Reason = Literal["primary", "remainder", "secondary", "derived"]

SUPPRESSED: Final = "*"
ENGINE_VERSION: Final = "2026-12-07.5"
"""Changes whenever a rule changes, so that cached patterns are recomputed."""
DEFAULT_THRESHOLD: Final = 5
MIN_WIDTH: Final = 3
"""A protected cell must have a feasible range at least this many people wide."""


@dataclass
class Relations:
    """Relations as flat arrays (CSR): ``totals[r] = sum(values[parts[indptr[r]:indptr[r+1]]])``."""

    totals: list[int] = field(default_factory=list)
    parts: list[int] = field(default_factory=list)
    indptr: list[int] = field(default_factory=lambda: [0])

    def add(self, total: int, parts: Iterable[int]) -> None:
        before = len(self.parts)
        self.parts.extend(parts)
        if len(self.parts) == before:
            return
        self.totals.append(total)
        self.indptr.append(len(self.parts))


def solve_arrays(
    *,
    values: npt.NDArray[np.int64],
    shown: npt.NDArray[np.bool_],
    relations: Relations,
    threshold: int,
    min_hidden_mass: int = MIN_WIDTH,
    hidden: npt.NDArray[np.bool_] | None = None,
    nested: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None = None,
    trace: dict[int, str] | None = None,
    weights: npt.NDArray[np.float64] | None = None,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int8]]:
    """The fixed point on arrays: returns (hidden mask, reason code: 0 released, 1 primary,
    2 remainder, 3 secondary). ``hidden`` may carry cells already hidden (e.g. by an audit).
    ``nested`` = (supersets, subsets): pairs of cells where the second counts a subset of the
    first's people; when both are released their difference must be 0 or at least the
    threshold, else the subset is hidden."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    n = len(values)
    protected = (values >= 1) & (values < threshold)
    reason = np.zeros(n, dtype=np.int8)
    reason[protected] = 1
    reason[~shown] = 2
    hide = protected | ~shown
    if n == 0:
        return hide, reason
    if hidden is not None:
        extra = hidden & ~hide
        reason[extra] = 3
        hide = hide | hidden
    sup = nested[0] if nested is not None else np.zeros(0, dtype=np.int64)
    sub = nested[1] if nested is not None else np.zeros(0, dtype=np.int64)
    gap = values[sup] - values[sub]
    small_gap = (gap > 0) & (gap < threshold)
    same = (gap == 0) & (values[sub] > 0)  # nested and the same size: the same people
    same_a, same_b = sup[same], sub[same]
    sup, sub = sup[small_gap], sub[small_gap]
    if not relations.totals:
        relations = Relations(totals=[0], parts=[0], indptr=[0, 1])  # a harmless 0 = 0
    totals = np.asarray(relations.totals, dtype=np.int64)
    parts = np.asarray(relations.parts, dtype=np.int64)
    indptr = np.asarray(relations.indptr, dtype=np.int64)
    starts = indptr[:-1]
    part_values = values[parts]
    row_of = np.repeat(np.arange(len(totals)), np.diff(indptr))
    cost = values.astype(np.float64) * (np.ones(n) if weights is None else weights)
    # Candidate order inside each relation: parts by cost of hiding (cheapest first).
    order = np.lexsort((parts, cost[parts], row_of))
    nonzero = part_values > 0
    # A remainder that is not small may be worked out: it is never shown and protects nobody.
    guarded = (shown | protected)[parts]
    while True:
        hidden_parts = hide[parts] & nonzero
        n_hidden = np.add.reduceat(hidden_parts.astype(np.int64), starts)
        n_guarded = np.add.reduceat((hidden_parts & guarded).astype(np.int64), starts)
        mass = np.add.reduceat(np.where(hidden_parts, part_values, 0), starts)
        prot = np.add.reduceat((hidden_parts & protected[parts]).astype(np.int64), starts)
        bad = (~hide[totals]) & (
            ((n_hidden == 1) & (n_guarded == 1)) | ((prot > 0) & (mass < min_hidden_mass))
        )
        rows = np.flatnonzero(bad)
        chosen: list[int] = []

        def take(cell: int, why: str, chosen: list[int] = chosen) -> None:
            hide[cell] = True
            chosen.append(cell)
            if trace is not None:
                trace.setdefault(cell, why)

        # One rule at a time, each choice seen by the next: relations first, then nested pairs,
        # then same-people pairs (fewer cells hidden than choosing for all at once).
        for r in rows.tolist():
            lo, hi = indptr[r], indptr[r + 1]
            total = int(totals[r])
            members = parts[lo:hi]
            hidden_now = hide[members] & nonzero[lo:hi]
            still_bad = not hide[total] and (
                (hidden_now.sum() == 1 and (hidden_now & guarded[lo:hi]).sum() == 1)
                or (
                    (hidden_now & protected[members]).any()
                    and part_values[lo:hi][hidden_now].sum() < min_hidden_mass
                )
            )
            if not still_bad:
                continue
            pick = -1
            for k in order[lo:hi].tolist():
                cell = int(parts[k])
                if not hide[cell] and values[cell] > 0:
                    pick = cell
                    break
            if pick < 0 or cost[total] < cost[pick]:
                pick = total
            take(pick, f"relation {total} = {' '.join(map(str, members))}")
        if not chosen:
            for k in np.flatnonzero(~hide[sup] & ~hide[sub]).tolist():
                a, b = int(sup[k]), int(sub[k])
                if not hide[a] and not hide[b]:
                    pick = a if cost[a] < cost[b] else b
                    take(pick, f"nested {a} {b}")
        if not chosen:
            for k in np.flatnonzero(hide[same_a] != hide[same_b]).tolist():
                a, b = int(same_a[k]), int(same_b[k])
                if hide[a] != hide[b]:
                    take(b if hide[a] else a, f"twin of {a if hide[a] else b}")
        if not chosen:
            return hide, reason
        picked = np.asarray(chosen, dtype=np.int64)
        reason[picked] = np.where(reason[picked] == 0, 3, reason[picked])


REASON_NAMES: Final[dict[int, Reason]] = {1: "primary", 2: "remainder", 3: "secondary"}

FOOTNOTES: Final[dict[Reason, str]] = {
    "primary": "Fewer than {threshold} people: hidden to protect the individuals concerned.",
    "remainder": (
        "A group that is never shown (such as people attached directly to a unit rather than "
        "one of its teams) is protected too."
    ),
    "secondary": (
        "Hidden so that a hidden figure cannot be worked out by subtraction from totals shown "
        "anywhere in Mantle (other tables, units or exports)."
    ),
    "derived": "Calculated from a hidden count, so hidden too.",
}


FOOTNOTE_ORDER: Final[tuple[Reason, ...]] = ("primary", "secondary", "derived", "remainder")


@dataclass(frozen=True)
class Protection:
    """The outcome for one family: which cells and derived figures are hidden, and why."""

    threshold: int
    reasons: Mapping[Hashable, Reason]

    def released(self, cell: Hashable) -> bool:
        return cell not in self.reasons

    def show(self, cell: Hashable, value: Any) -> Any:
        """``value`` if the cell (or derived figure) is released, else ``"*"``."""
        return SUPPRESSED if cell in self.reasons else value

    def footnotes(self, cells: Iterable[Hashable] | None = None) -> list[str]:
        """One footnote per reason among ``cells`` (default: all hidden cells), fixed order."""
        present = (
            set(self.reasons.values())
            if cells is None
            else {self.reasons[c] for c in cells if c in self.reasons}
        )
        return [
            FOOTNOTES[r].format(threshold=self.threshold) for r in FOOTNOTE_ORDER if r in present
        ]


class Family:
    """A family of linked people counts, protected together (the API other apps call).

    Usage (a 9-box table with a total row, by unit)::

        from mantle.analytics.disclosure import Family

        fam = Family(threshold=5)
        for unit, boxes in counts.items():            # counts[unit][box] = people
            for box, n in boxes.items():
                fam.count((unit, box), n)
            fam.count((unit, "all"), sum(boxes.values()))
            fam.relation((unit, "all"), [(unit, b) for b in boxes])
        # a parent row whose people are not all in the child rows: register the remainder
        fam.remainder(("org", "all"), [(u, "all") for u in counts], name=("org", "direct"))
        fam.derived((unit, "share_box9"), [(unit, "box9"), (unit, "all")])
        result = fam.protect()
        result.show((unit, "box9"), 7)   # 7, or "*" when hidden
        result.footnotes()               # text for the page

    Every figure you release from the same people (other tables, units, dates, exports) belongs
    in the SAME family, or a reader can combine them; the auditor
    (``mantle disclosure-audit``) checks that no protected count can be pinned down.
    """

    def __init__(self, *, threshold: int = DEFAULT_THRESHOLD, min_hidden_mass: int = MIN_WIDTH):
        self.threshold = threshold
        self.min_hidden_mass = min_hidden_mass
        self._index: dict[Hashable, int] = {}
        self._values: list[int] = []
        self._shown: list[bool] = []
        self._relations = Relations()
        self._derived: dict[Hashable, tuple[Hashable, ...]] = {}
        self._nested: list[tuple[int, int]] = []
        self._weights: list[float] = []

    def count(self, cell: Hashable, value: int, *, shown: bool = True, weight: float = 1.0) -> None:
        """A count of people (``shown=False``: a group that is never released). ``weight``
        scales the cost of hiding it as a second cell (lower = hidden first)."""
        if cell in self._index:
            i = self._index[cell]
            if self._values[i] != int(value):
                raise ValueError(f"cell {cell!r} given two values")
            self._shown[i] = self._shown[i] and shown
            return
        self._index[cell] = len(self._values)
        self._values.append(int(value))
        self._shown.append(shown)
        self._weights.append(float(weight))

    def relation(self, total: Hashable, parts: Sequence[Hashable]) -> None:
        """``total`` = sum of ``parts`` (all already registered with ``count``)."""
        self._relations.add(self._index[total], (self._index[p] for p in parts))

    def nested(self, superset: Hashable, subset: Hashable) -> None:
        """``subset`` counts some of the people ``superset`` counts (e.g. clinicians ⊆ holders,
        a ward ⊆ its directorate): when both are shown, their difference is a group too."""
        self._nested.append((self._index[superset], self._index[subset]))

    def remainder(self, total: Hashable, parts: Sequence[Hashable], *, name: Hashable) -> None:
        """Register the never-shown group ``total − sum(parts)`` as ``name`` and the relation."""
        rest = self._values[self._index[total]] - sum(self._values[self._index[p]] for p in parts)
        self.count(name, max(rest, 0), shown=False)
        self.relation(total, [*parts, name])

    def derived(self, figure: Hashable, sources: Sequence[Hashable]) -> None:
        """A figure computed from ``sources`` (counts): released only when all of them are."""
        self._derived[figure] = tuple(sources)

    def protect(self, *, also_hide: Iterable[Hashable] = ()) -> Protection:
        values = np.asarray(self._values, dtype=np.int64)
        extra = np.zeros(len(values), dtype=bool)
        for cell in also_hide:
            extra[self._index[cell]] = True
        hide, reason = solve_arrays(
            values=values,
            shown=np.asarray(self._shown, dtype=bool),
            relations=self._relations,
            threshold=self.threshold,
            min_hidden_mass=self.min_hidden_mass,
            hidden=extra,
            weights=np.asarray(self._weights, dtype=np.float64),
            nested=(
                np.asarray([a for a, _ in self._nested], dtype=np.int64),
                np.asarray([b for _, b in self._nested], dtype=np.int64),
            ),
        )
        cells = list(self._index)
        reasons: dict[Hashable, Reason] = {
            cells[i]: REASON_NAMES[int(reason[i])] for i in np.flatnonzero(hide).tolist()
        }
        for figure, sources in self._derived.items():
            if figure not in reasons and any(s in reasons for s in sources):
                reasons[figure] = "derived"
        return Protection(threshold=self.threshold, reasons=reasons)
