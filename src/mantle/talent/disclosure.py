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
from mantle.analytics.disclosure import Family
from mantle.analytics.suppression import SUPPRESSED
from mantle.talent.rules.equality import EqualityRow, PersonOutcome, equality_rows


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


# --- 9-box results and the equality view, protected as one family (issue 11, attack 4) ---------
OFFICIAL_SENSITIVE = (
    "OFFICIAL-SENSITIVE: exact figures including small numbers of people. For the organisation's "
    "HR/OD administrators only; do not forward or publish."
)
STAGES = ("proposed", "calibrated")
TOP_ROW = (7, 8, 9)
_GROUPS = ("reference", "focus", "unknown")


@dataclass(frozen=True)
class ReviewFigures:
    """Every aggregate of one talent review a reader can obtain, after disclosure control.

    ``grid[stage]`` is ``{"total", "box_1" … "box_9"}``; ``equality[stage]`` the rows of the
    equality view (``EqualityRow``); values are counts, rates, ``None`` or ``"*"``.
    """

    grid: dict[str, dict[str, Any]]
    equality: dict[str, list[EqualityRow]]
    footnotes: list[str]


def protect_review(
    *,
    boxes: Mapping[str, Mapping[int, int]],
    people: Mapping[str, Sequence[PersonOutcome]],
    exact_grid: bool,
    threshold: int,
) -> ReviewFigures:
    """Protect the 9-box grids (proposed and calibrated) and the equality views together.

    Rule (docs/talent.md, "Disclosure control"): the grid and the equality view are linked — the
    equality totals are the grid's total and its top row (boxes 7 + 8 + 9), each characteristic's
    groups add up to them, the people in a group are the same at both stages, and placed + not
    placed = people in every group — so every count of both stages is one family for the counts
    engine (``mantle.analytics.disclosure.Family``), and the rates and relative likelihoods are
    derived figures. ``exact_grid`` (HR/OD of the organisation, and a calibration panel that sees
    every placement by name) shows the grid exactly; then an equality stage whose grid figure the
    family would have hidden is hidden whole, since the reader knows that figure anyway.
    """
    raw = {s: equality_rows(people[s], threshold=threshold, suppress=False) for s in STAGES}
    fam = Family(threshold=threshold)
    total = ("total",)
    n_total = sum(boxes[STAGES[0]].values())
    fam.count(total, n_total)
    for s in STAGES:
        grid = boxes[s]
        if sum(grid.values()) != n_total:
            raise ValueError("both stages must place the same people")
        for b in range(1, 10):
            fam.count((s, "box", b), grid.get(b, 0))
        fam.relation(total, [(s, "box", b) for b in range(1, 10)])
        placed = sum(grid.get(b, 0) for b in TOP_ROW)
        fam.count((s, "placed"), placed)
        fam.count((s, "not_placed"), n_total - placed)
        fam.relation((s, "placed"), [(s, "box", b) for b in TOP_ROW])
        fam.relation((s, "not_placed"), [(s, "box", b) for b in range(1, 10) if b not in TOP_ROW])
        fam.relation(total, [(s, "placed"), (s, "not_placed")])
        for row in raw[s]:
            ch = row.characteristic.key
            for g in _GROUPS:
                n, k = row[f"{g}_people"], row[f"{g}_placed"]
                fam.count((ch, g, "people"), n)
                fam.count((s, ch, g, "placed"), k)
                fam.count((s, ch, g, "not_placed"), n - k)
                fam.relation((ch, g, "people"), [(s, ch, g, "placed"), (s, ch, g, "not_placed")])
            fam.relation(total, [(ch, g, "people") for g in _GROUPS])
            fam.relation((s, "placed"), [(s, ch, g, "placed") for g in _GROUPS])
            fam.relation((s, "not_placed"), [(s, ch, g, "not_placed") for g in _GROUPS])
            for g in ("reference", "focus"):
                fam.derived((s, ch, f"{g}_rate"), [(ch, g, "people"), (s, ch, g, "placed")])
            fam.derived(
                (s, ch, "relative_likelihood"),
                [(ch, g, m) for g in ("reference", "focus") for m in ("people",)]
                + [(s, ch, g, "placed") for g in ("reference", "focus")],
            )
    protection = fam.protect()
    grids: dict[str, dict[str, Any]] = {}
    equality: dict[str, list[EqualityRow]] = {}
    for s in STAGES:
        grid_cells = [
            total,
            (s, "placed"),
            (s, "not_placed"),
            *((s, "box", b) for b in range(1, 10)),
        ]
        grid_hidden = any(not protection.released(c) for c in grid_cells)
        if exact_grid:
            grids[s] = {
                "total": n_total,
                **{f"box_{b}": boxes[s].get(b, 0) for b in range(1, 10)},
            }
        else:
            grids[s] = {
                "total": protection.show(total, n_total),
                **{
                    f"box_{b}": protection.show((s, "box", b), boxes[s].get(b, 0))
                    for b in range(1, 10)
                },
            }
        whole_stage = exact_grid and grid_hidden
        rows = []
        for row in raw[s]:
            ch = row.characteristic.key
            cell_of = {
                "total_people": total,
                "total_placed": (s, "placed"),
                **{f"{g}_people": (ch, g, "people") for g in _GROUPS},
                **{f"{g}_placed": (s, ch, g, "placed") for g in _GROUPS},
                "reference_rate": (s, ch, "reference_rate"),
                "focus_rate": (s, ch, "focus_rate"),
                "relative_likelihood": (s, ch, "relative_likelihood"),
            }
            values: dict[str, Any] = {}
            for name, value in row.values.items():
                cell = cell_of.get(name)
                if cell is None:
                    values[name] = value
                elif whole_stage and name not in ("total_people", "total_placed"):
                    values[name] = SUPPRESSED
                elif exact_grid and name in ("total_people", "total_placed"):
                    values[name] = value
                else:
                    values[name] = protection.show(cell, value)
            rows.append(EqualityRow(row.characteristic, values))
        equality[s] = rows
    return ReviewFigures(grid=grids, equality=equality, footnotes=protection.footnotes())
