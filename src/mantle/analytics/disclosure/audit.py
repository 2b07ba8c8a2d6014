"""The auditor: an attacker with a linear-programming solver, run over every figure a reader can get.

Model. Each figure is a count of a set of people (or, for ``kind="statistic"``, a mean or score
computed over a set of people). People who belong to exactly the same figures are
indistinguishable to a reader, so they form one *atom*; every count is the sum of its atoms'
sizes, exactly (people in two units, or in two tiers, are handled because an atom is defined by
every figure its people are in). The reader knows every released count; the unknowns are the atom
sizes, integers ≥ 0. For every *protected* figure (a count of 1 to threshold−1 people, released or
not) the auditor solves for the smallest and largest value consistent with everything released
(HiGHS through ``highspy``; the LP relaxation, rounded inwards, then confirmed as an integer
programme where the range is close to the limit). A **violation** is a protected figure whose
feasible range is narrower than ``MIN_WIDTH`` (3) people: the reader could rule out 0 or the
threshold.

Figures are grouped in *systems* (one per date): the same person on two dates is a different
unknown, because no released figure combines two dates linearly (a change since a date is
released only when both of its counts are).

A statistic (``kind="statistic"``) is a violation when it is released over 1 to threshold−1
people, or when two released statistics in one system cover nested groups that differ by 1 to
threshold−1 people (the difference of their sums describes that small group).
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from mantle.analytics.disclosure.counts import DEFAULT_THRESHOLD, MIN_WIDTH

Kind = Literal["count", "statistic"]


@dataclass(frozen=True)
class Figure:
    """One figure a reader can obtain (``released``) or that is hidden from them.

    ``name`` says where it appears (e.g. ``"divide R1A Medicine/Ward 2 senior clinician_holders"``);
    ``people`` are the ids of the people it counts (or the statistic's group); ``system`` keeps
    figures about different dates apart.
    """

    name: str
    people: frozenset[int]
    released: bool
    system: str = ""
    kind: Kind = "count"


@dataclass
class _System:
    figures: list[Figure]


_QUIET: list[bool] = []


def _highs() -> Any:
    """A silent HiGHS instance (the first one in a process prints a banner on the C stdout,
    which would corrupt the auditor's JSON: it is sent to /dev/null)."""
    import highspy

    if not _QUIET:
        sys.stdout.flush()
        saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
        _QUIET.append(True)
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")  # warm starts between objectives matter more
    return h


def _ranges(
    *,
    n_atoms: int,
    rows: Sequence[tuple[tuple[int, ...], int]],
    targets: Sequence[tuple[int, ...]],
    integer: bool,
    near: float,
) -> list[tuple[float, float]]:
    """Min and max of sum(x[atoms]) for each target, s.t. each row sum(x[atoms]) == value, x ≥ 0."""
    import highspy

    h = _highs()
    inf = highspy.kHighsInf
    for _ in range(n_atoms):
        h.addVar(0.0, inf)
    for atoms, value in rows:
        idx = np.asarray(atoms, dtype=np.int32)
        h.addRow(float(value), float(value), len(idx), idx, np.ones(len(idx)))
    out: list[tuple[float, float]] = []
    zero_all = np.zeros(n_atoms)
    all_idx = np.arange(n_atoms, dtype=np.int32)
    for atoms in targets:
        idx = np.asarray(atoms, dtype=np.int32)
        bounds: list[float] = []
        for sense in (1.0, -1.0):
            h.changeColsCost(len(idx), idx, np.full(len(idx), sense))
            h.run()
            status = h.getModelStatus()
            if status == highspy.HighsModelStatus.kUnbounded:
                bounds.append(math.inf if sense < 0 else -math.inf)
            elif status == highspy.HighsModelStatus.kOptimal:
                bounds.append(sense * h.getInfo().objective_function_value)
            else:  # the true data always satisfy the system: treat anything else as unbounded
                bounds.append(math.inf if sense < 0 else -math.inf)
            h.changeColsCost(n_atoms, all_idx, zero_all)
        lo, hi = max(0, math.ceil(bounds[0] - 1e-6)), bounds[1]
        if math.isfinite(hi):
            hi = math.floor(hi + 1e-6)
        out.append((lo, hi))
    if integer:
        near_idx = [i for i, (lo, hi) in enumerate(out) if MIN_WIDTH <= hi - lo < near]
        if near_idx:
            h.changeColsIntegrality(
                n_atoms, all_idx, np.full(n_atoms, highspy.HighsVarType.kInteger)
            )
            for i in near_idx:
                idx = np.asarray(targets[i], dtype=np.int32)
                bounds = []
                for sense in (1.0, -1.0):
                    h.changeColsCost(len(idx), idx, np.full(len(idx), sense))
                    h.run()
                    if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                        bounds.append(sense * h.getInfo().objective_function_value)
                    else:
                        bounds.append(out[i][0] if sense > 0 else out[i][1])
                    h.changeColsCost(n_atoms, all_idx, zero_all)
                out[i] = (round(bounds[0]), round(bounds[1]))
    return out


def _audit_counts(
    figures: Sequence[Figure], *, threshold: int, integer: bool
) -> tuple[int, list[dict[str, Any]]]:
    """(released count figures, one entry per protected figure with its feasible range)."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, fig in enumerate(figures):
        for person in fig.people:
            members[person].append(i)
    atom_of_signature: dict[tuple[int, ...], int] = {}
    for person_figs in members.values():
        sig = tuple(person_figs)
        if sig not in atom_of_signature:
            atom_of_signature[sig] = len(atom_of_signature)
    atoms_of_figure: list[list[int]] = [[] for _ in figures]
    for sig, atom in atom_of_signature.items():
        for i in sig:
            atoms_of_figure[i].append(atom)
    # Presolve: atoms in a released zero are zero; drop them.
    fixed_zero: set[int] = set()
    for i, fig in enumerate(figures):
        if fig.released and not fig.people:
            fixed_zero.update(atoms_of_figure[i])
    rows: dict[tuple[int, ...], int] = {}
    for i, fig in enumerate(figures):
        if fig.released:
            key = tuple(sorted(a for a in atoms_of_figure[i] if a not in fixed_zero))
            if key:
                rows[key] = len(fig.people)
    protected: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for i, fig in enumerate(figures):
        if 0 < len(fig.people) < threshold:
            protected[tuple(sorted(atoms_of_figure[i]))].append(i)
    targets = list(protected)
    ranges = _ranges(
        n_atoms=len(atom_of_signature),
        rows=list(rows.items()),
        targets=targets,
        integer=integer,
        near=MIN_WIDTH + 3,
    )
    report = []
    for key, (lo, hi) in zip(targets, ranges, strict=True):
        for i in protected[key]:
            report.append(
                {
                    "figure": figures[i].name,
                    "value": len(figures[i].people),
                    "released": figures[i].released,
                    "min": lo,
                    "max": hi,
                }
            )
    released = sum(1 for f in figures if f.released)
    return released, report


def _audit_statistics(figures: Sequence[Figure], *, threshold: int) -> list[dict[str, Any]]:
    problems = []
    shown = [f for f in figures if f.released]
    for f in shown:
        if 0 < len(f.people) < threshold:
            problems.append({"figure": f.name, "value": len(f.people), "min": 0, "max": 0})
    by_size = sorted(shown, key=lambda f: len(f.people))
    for i, small in enumerate(by_size):
        for big in by_size[i + 1 :]:
            gap = len(big.people) - len(small.people)
            if gap >= threshold:
                break
            if gap > 0 and small.people <= big.people:
                problems.append(
                    {
                        "figure": f"{big.name} minus {small.name}",
                        "value": gap,
                        "min": 0,
                        "max": 0,
                    }
                )
    return problems


def audit(
    figures: Iterable[Figure], *, threshold: int = DEFAULT_THRESHOLD, integer: bool = True
) -> dict[str, Any]:
    """Audit every figure a reader can obtain (module rules). Returns the JSON-able summary
    ``{"cells_released", "protected_cells", "narrowest_range", "violations", "seconds"}``;
    ``narrowest_range`` is the smallest max − min over protected figures (None when none)."""
    started = time.perf_counter()
    systems: dict[tuple[str, Kind], list[Figure]] = defaultdict(list)
    for fig in figures:
        systems[(fig.system, fig.kind)].append(fig)
    released = 0
    protected: list[dict[str, Any]] = []
    violations: list[dict[str, Any]] = []
    for (_system, kind), figs in sorted(systems.items()):
        if kind == "count":
            n, report = _audit_counts(figs, threshold=threshold, integer=integer)
            released += n
            protected += report
            violations += [r for r in report if r["max"] - r["min"] < MIN_WIDTH]
        else:
            released += sum(1 for f in figs if f.released)
            violations += _audit_statistics(figs, threshold=threshold)
    widths = [p["max"] - p["min"] for p in protected]
    narrowest = min(widths) if widths else None
    return {
        "cells_released": released,
        "protected_cells": len(protected),
        "narrowest_range": (
            None if narrowest is None else (narrowest if math.isfinite(narrowest) else "unbounded")
        ),
        "violations": violations,
        "seconds": round(time.perf_counter() - started, 3),
    }
