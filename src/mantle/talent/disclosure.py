"""Disclosure control for talent review results, built on the one engine
(``mantle.analytics.disclosure``; the succession figures are in ``succession_family``).

Rule (docs/talent.md, "Disclosure control"): counts of people of 1 to threshold−1 are shown as ``*``;
0 is shown; figures computed from a hidden count are hidden; every figure a reader can obtain from
the same people is protected in one family, so no hidden cell can be worked out by subtraction.
Counts of *posts* are not counts of people and are always shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mantle.analytics.disclosure import SUPPRESSED, Family, Figure, Protection, audit
from mantle.talent.rules.equality import (
    CHARACTERISTICS,
    EqualityRow,
    PersonOutcome,
    equality_rows,
    group_of,
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
class PlacedPerson:
    """One person of a review: their box at each stage and their equality data."""

    person_id: int
    boxes: Mapping[str, int]
    outcome: PersonOutcome


@dataclass(frozen=True)
class ReviewFigures:
    """Every aggregate of one talent review a reader can obtain, after disclosure control.

    ``grid[stage]`` is ``{"total", "box_1" … "box_9"}``; ``equality[stage]`` the rows of the
    equality view (``EqualityRow``); values are counts, rates, ``None`` or ``"*"``.
    """

    grid: dict[str, dict[str, Any]]
    equality: dict[str, list[EqualityRow]]
    footnotes: list[str]


Cell = tuple[Any, ...]


def _cells(people: Sequence[PlacedPerson]) -> dict[Cell, frozenset[int]]:
    """Every count of the results page (both stages), as the set of people it counts."""
    everyone = frozenset(p.person_id for p in people)
    cells: dict[Cell, frozenset[int]] = {("total",): everyone}
    for ch in CHARACTERISTICS:
        for g in _GROUPS:
            cells[(ch.key, g, "people")] = frozenset(
                p.person_id for p in people if group_of(ch.key, p.outcome) == g
            )
    for s in STAGES:
        for b in range(1, 10):
            cells[(s, "box", b)] = frozenset(p.person_id for p in people if p.boxes[s] == b)
        top = frozenset(p.person_id for p in people if p.boxes[s] in TOP_ROW)
        cells[(s, "placed")] = top
        cells[(s, "not_placed")] = everyone - top
        for ch in CHARACTERISTICS:
            for g in _GROUPS:
                group = cells[(ch.key, g, "people")]
                cells[(s, ch.key, g, "placed")] = group & top
                cells[(s, ch.key, g, "not_placed")] = group - top
    return cells


def _family(cells: Mapping[Cell, frozenset[int]], threshold: int) -> Family:
    fam = Family(threshold=threshold)
    for cell, members in cells.items():
        fam.count(cell, len(members))
    total = ("total",)
    for s in STAGES:
        fam.relation(total, [(s, "box", b) for b in range(1, 10)])
        fam.relation((s, "placed"), [(s, "box", b) for b in TOP_ROW])
        fam.relation((s, "not_placed"), [(s, "box", b) for b in range(1, 10) if b not in TOP_ROW])
        fam.relation(total, [(s, "placed"), (s, "not_placed")])
        for ch in CHARACTERISTICS:
            k = ch.key
            for g in _GROUPS:
                fam.relation((k, g, "people"), [(s, k, g, "placed"), (s, k, g, "not_placed")])
            fam.relation(total, [(k, g, "people") for g in _GROUPS])
            fam.relation((s, "placed"), [(s, k, g, "placed") for g in _GROUPS])
            fam.relation((s, "not_placed"), [(s, k, g, "not_placed") for g in _GROUPS])
            for g in ("reference", "focus"):
                fam.derived((s, k, f"{g}_rate"), [(k, g, "people"), (s, k, g, "placed")])
            fam.derived(
                (s, k, "relative_likelihood"),
                [(k, g, "people") for g in ("reference", "focus")]
                + [(s, k, g, "placed") for g in ("reference", "focus")],
            )
    return fam


def protect_review(
    *, people: Sequence[PlacedPerson], exact_grid: bool, threshold: int
) -> ReviewFigures:
    """Protect the 9-box grids (proposed and calibrated) and the equality views together.

    Rule (docs/talent.md, "Disclosure control"): the grid and the equality view are linked — the
    equality totals are the grid's total and its top row (boxes 7 + 8 + 9), each characteristic's
    groups add up to them, the people in a group are the same at both stages, and placed + not
    placed = people in every group — so every count of both stages is one family for the counts
    engine (``mantle.analytics.disclosure.Family``), checked by the auditor's linear programme
    (``review_audit_figures``, the published figures exactly); rates and relative likelihoods are derived figures. ``exact_grid`` (HR/OD of
    the organisation, and a calibration panel that sees every placement by name) shows the grid
    exactly; then an equality stage whose grid figure the family would have hidden is hidden
    whole, since the reader knows that figure anyway.
    """
    cells = _cells(people)
    fam = _family(cells, threshold)

    def render(protection: Protection) -> ReviewFigures:
        total = ("total",)
        n_total = len(cells[total])
        grids: dict[str, dict[str, Any]] = {}
        equality: dict[str, list[EqualityRow]] = {}
        for s in STAGES:
            outcomes = [
                PersonOutcome(
                    sex=p.outcome.sex,
                    ethnic_category=p.outcome.ethnic_category,
                    disability=p.outcome.disability,
                    clinician=p.outcome.clinician,
                    placed=p.boxes[s] in TOP_ROW,
                )
                for p in people
            ]
            raw = equality_rows(outcomes, threshold=threshold, suppress=False)
            grid_cells = [
                total,
                (s, "placed"),
                (s, "not_placed"),
                *((s, "box", b) for b in range(1, 10)),
            ]
            grid_hidden = any(not protection.released(c) for c in grid_cells)
            boxes = {b: len(cells[(s, "box", b)]) for b in range(1, 10)}
            if exact_grid:
                grids[s] = {"total": n_total, **{f"box_{b}": boxes[b] for b in range(1, 10)}}
            else:
                grids[s] = {
                    "total": protection.show(total, n_total),
                    **{f"box_{b}": protection.show((s, "box", b), boxes[b]) for b in range(1, 10)},
                }
            whole_stage = exact_grid and grid_hidden
            rows = []
            for row in raw:
                ch = row.characteristic.key
                cell_of: dict[str, Cell] = {
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
                    if cell is None or (exact_grid and name in ("total_people", "total_placed")):
                        values[name] = value
                    elif whole_stage:
                        values[name] = SUPPRESSED
                    else:
                        values[name] = protection.show(cell, value)
                rows.append(EqualityRow(row.characteristic, values))
            equality[s] = rows
        return ReviewFigures(grid=grids, equality=equality, footnotes=protection.footnotes())

    if exact_grid:
        return render(fam.protect())
    # Check exactly what the reader gets (the rendered grids and equality views) with the
    # auditor's linear programme; while a small count can be pinned down, hide the smallest
    # released count sharing people with it (its LP relaxation: fast, never narrower).
    extra: set[Cell] = set()
    while True:
        protection = fam.protect(also_hide=extra)
        figures = render(protection)
        published = review_audit_figures(people=people, figures=figures, system="", name="")
        violations = audit(published, threshold=threshold, integer=False)["violations"]
        if not violations:
            return figures
        members = {f.name: f.people for f in published}
        added = False
        for v in violations:
            target = members[v["figure"]]
            candidates = [
                c
                for c, m in cells.items()
                if m and m & target and c not in extra and protection.released(c)
            ]
            if candidates:
                extra.add(min(candidates, key=lambda c: (len(cells[c]), repr(c))))
                added = True
        if not added:
            extra.update(c for c, m in cells.items() if m)
            return render(fam.protect(also_hide=extra))


def review_audit_figures(
    *, people: Sequence[PlacedPerson], figures: ReviewFigures, system: str, name: str
) -> list[Figure]:
    """The figures of one review's results page (and its API and CSV) as the auditor's figures:
    the people each counts, and whether the reader sees it."""
    everyone = frozenset(p.person_id for p in people)
    out: list[Figure] = []

    def add(label: str, members: Iterable[int], value: Any) -> None:
        out.append(
            Figure(
                name=f"{name} {label}".strip(),
                people=frozenset(members),
                released=value != SUPPRESSED,
                system=system,
            )
        )

    for s in STAGES:
        grid = figures.grid[s]
        add(f"{s} total", everyone, grid["total"])
        for b in range(1, 10):
            add(f"{s} box {b}", (p.person_id for p in people if p.boxes[s] == b), grid[f"box_{b}"])
        top = {p.person_id for p in people if p.boxes[s] in TOP_ROW}
        for row, ch in zip(figures.equality[s], CHARACTERISTICS, strict=True):
            add(f"{s} {ch.key} total_placed", top, row["total_placed"])
            for g in _GROUPS:
                group = {p.person_id for p in people if group_of(ch.key, p.outcome) == g}
                add(f"{ch.key} {g}_people ({s} table)", group, row[f"{g}_people"])
                add(f"{s} {ch.key} {g}_placed", group & top, row[f"{g}_placed"])
    return out
