"""Disclosure control for talent aggregates, built on the shared engine
(``mantle.analytics.suppression`` / ``_disclosure``).

Rule (docs/talent.md, "Disclosure control"): counts of people of 1 to threshold−1 are shown as ``*``;
0 is shown; figures computed from a hidden count are hidden; when rows of a breakdown add up to a total
row that is shown, one hidden cell never stands alone (secondary suppression). Counts of *posts* are
not counts of people and are always shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mantle.analytics._disclosure import Additive, Complement, solve
from mantle.analytics._disclosure import footnotes as engine_footnotes
from mantle.analytics.suppression import SUPPRESSED


@dataclass(frozen=True)
class Breakdown:
    total: dict[str, Any]
    parts: list[dict[str, Any]]
    footnotes: list[str]


def suppress_breakdown_rows(
    *,
    total: Mapping[str, Any],
    parts: Sequence[Mapping[str, Any]],
    people_columns: Sequence[str],
    additive_columns: Sequence[str],
    derived: Mapping[str, Sequence[str]],
    complements: Sequence[tuple[str, str]] = (),
    row_additive: Sequence[tuple[str, Sequence[str]]] = (),
    threshold: int,
) -> Breakdown:
    """Hide small people counts in a total row and its parts (module rule).

    ``additive_columns`` are people columns for which the parts add up exactly to the total;
    ``complements`` are (part, total) column pairs within a row whose difference is a group of people
    not shown; ``row_additive`` are (total column, part columns) that add up within each row;
    ``derived`` maps a figure to the people columns it is computed from."""
    rows: list[tuple[str, Mapping[str, Any]]] = [("total", total)] + [
        (str(i), p) for i, p in enumerate(parts)
    ]
    counts: dict[tuple[str, ...], int] = {
        (name, col): int(row[col] or 0) for name, row in rows for col in people_columns
    }
    additive = [
        Additive(("total", col), tuple((str(i), col) for i in range(len(parts))))
        for col in additive_columns
        if parts
    ]
    additive += [
        Additive((name, tot), tuple((name, p) for p in cols))
        for name, _ in rows
        for tot, cols in row_additive
    ]
    comps = [
        Complement((name, tot), (name, part), (name, part), f"{tot} minus {part}")
        for name, _ in rows
        for part, tot in complements
    ]
    deriv: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {
        (name, col): tuple((name, s) for s in sources)
        for name, _ in rows
        for col, sources in derived.items()
    }
    hidden = solve(
        counts=counts, additive=additive, complements=comps, derived=deriv, threshold=threshold
    )

    def apply(name: str, row: Mapping[str, Any]) -> dict[str, Any]:
        return {k: (SUPPRESSED if (name, k) in hidden else v) for k, v in row.items()}

    return Breakdown(
        total=apply("total", total),
        parts=[apply(str(i), p) for i, p in enumerate(parts)],
        footnotes=engine_footnotes(hidden, threshold=threshold),
    )
