"""A family's protection confirmed by the auditor: for tables whose cells cross-classify people
(units × staff groups × tiers, characteristics × 9-box rows), which the family's additive relations
alone do not describe. Used by the capability coverage table and the talent review results (A2).

Rule: protect the family; attack every count with the auditor's linear programme over the people
each cell counts (its relaxation, which is fast); while a small count can be pinned to a range narrower than ``MIN_WIDTH``, also
hide the smallest released non-zero count sharing people with it, and protect again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from mantle.analytics.disclosure.audit import Figure, audit
from mantle.analytics.disclosure.counts import ENGINE_VERSION, Family, Protection

#: Each round hides at most this many extra cells (one per violation found).
_PER_ROUND = 50


def protect_checked(
    family: Family, cells: Mapping[Any, frozenset[int]], *, threshold: int
) -> Protection:
    """``family.protect()``, with extra hidden cells until the auditor finds no violation (rule
    in the module docstring). ``cells`` maps each count cell of the family to its people."""
    extra: set[Hashable] = set()
    names = {repr(c): c for c in cells}
    while True:
        protection = family.protect(also_hide=extra)
        figures = [
            Figure(name=repr(c), people=m, released=protection.released(c))
            for c, m in cells.items()
        ]
        # The LP relaxation (ranges rounded inwards): the integer refinement took 28 s on a
        # review of 40 people, the relaxation under 1 s; its ranges are never narrower.
        violations = audit(figures, threshold=threshold, integer=False)["violations"]
        if not violations:
            return protection
        added = 0
        for v in violations:
            target = cells[names[v["figure"]]]
            candidates = [
                c
                for c, m in cells.items()
                if m and m & target and c not in extra and protection.released(c)
            ]
            if candidates:
                extra.add(min(candidates, key=lambda c: (len(cells[c]), repr(c))))
                added += 1
                if added >= _PER_ROUND:
                    break
        if not added:
            # Nothing released is left near the violations: hide every non-zero count.
            extra.update(c for c, m in cells.items() if m)
            return family.protect(also_hide=extra)


def content_digest(
    cells: Mapping[Any, frozenset[int]], *, shown: Iterable[Any] = (), threshold: int
) -> str:
    """A key for caching a checked protection: it changes whenever any cell's members, the cells
    a reader may be shown, the threshold or the engine's rules change (so a cache keyed by it
    needs no invalidation by hand)."""
    visible = set(shown)
    h = hashlib.sha256(f"{ENGINE_VERSION}|{threshold}".encode())
    for cell in sorted(cells, key=repr):
        h.update(repr(cell).encode())
        h.update(b"+" if cell in visible else b"-")
        h.update(",".join(map(str, sorted(cells[cell]))).encode())
        h.update(b";")
    return h.hexdigest()
