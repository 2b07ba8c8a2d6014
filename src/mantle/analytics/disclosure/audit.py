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

Some counts are published only as a *band* ("5–9", "100 or more"): a released figure with ``low``
and ``high`` tells the reader only that its count lies in that range (a row with two bounds instead
of an equation). A *share* (``kind="share"``) published to the nearest 10% is a released figure over
``people`` (the numerator) with ``of`` (the denominator) and ``low`` ≤ |people| / |of| ≤ ``high``:
two linear inequalities, |people| − high·|of| ≤ 0 ≤ |people| − low·|of|.

A statistic (``kind="statistic"``: a mean or score over a group of *records*, each record one
person's one set of scores) is a violation when it is released over 1 to threshold−1 records; when
two released statistics in one system cover nested groups that differ by 1 to threshold−1 records
(the difference of their sums describes that small group); or when the sums of the released
statistics of a system determine, by linear algebra, the sum over a hidden group of 1 to
threshold−1 records, over one cell of the cross-classification (records in exactly the same
figures) of 1 to threshold−1 records, or over two such cells together with fewer than threshold
(``means.leaked_sets``). A statistic's system need not be a date: records keep their identity
across month-ends (the same assessment is the same unknown at both), so statistics of adjacent
month-ends share one system and a person joining or leaving a group between them is protected.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from mantle.analytics.disclosure.counts import DEFAULT_THRESHOLD, MIN_WIDTH

Kind = Literal["count", "statistic", "share"]


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
    #: A released count published as a band: the reader knows only low ≤ count ≤ high (None: an
    #: exact count). For a share: the published range of |people| / |of|.
    low: float | None = None
    high: float | None = None
    #: A share's denominator (``kind="share"``).
    of: frozenset[int] | None = None


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


@dataclass
class Ranges:
    """Feasible ranges of protected figures, and for each too-narrow one the released figures
    whose combination pins it (from the LP's dual solution): what to hide next."""

    ranges: dict[int, tuple[float, float]]
    certificates: dict[int, list[int]]


def protected_ranges(
    *,
    member_figure: np.ndarray,
    member_person: np.ndarray,
    values: np.ndarray,
    released: np.ndarray,
    targets: np.ndarray,
    integer: bool = True,
    samples: int = 12,
    seed: int = 0,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
    ratios: Sequence[tuple[int, int, float, float, int]] = (),
) -> Ranges:
    """The exact attack, on arrays: figure ``i`` counts the people ``member_person[member_figure
    == i]`` (``values[i]`` of them); the reader knows every ``released`` figure. Returns the range
    of each figure in ``targets``. Random objectives first certify most targets cheaply (any two
    feasible whole-number points at least ``MIN_WIDTH`` apart prove the range wide enough); the
    rest get their own minimisation and maximisation (as integers when ``integer`` and the
    relaxation is close to the limit).

    ``lower``/``upper`` (per figure, optional): a released figure known only within a band.
    ``ratios``: (numerator figure, denominator figure, low, high, figure to blame) for a released
    share, low ≤ numerator / denominator ≤ high."""
    import highspy

    n_fig = len(values)
    order = np.lexsort((member_figure, member_person))
    mf, mp = member_figure[order], member_person[order]
    cuts = np.flatnonzero(np.diff(mp)) + 1
    atom_of: dict[bytes, int] = {}
    atom_size: list[int] = []
    pair_fig: list[np.ndarray] = []
    pair_atom: list[int] = []
    for figs in np.split(mf, cuts) if len(mf) else []:
        key = figs.tobytes()
        atom = atom_of.get(key)
        if atom is None:
            atom = atom_of[key] = len(atom_size)
            atom_size.append(0)
            pair_fig.append(figs)
            pair_atom.append(atom)
        atom_size[atom] += 1
    n_atoms = len(atom_size)
    if pair_fig:
        pf = np.concatenate(pair_fig)
        pa = np.repeat(np.asarray(pair_atom), [len(f) for f in pair_fig])
    else:
        pf = pa = np.zeros(0, dtype=np.int64)
    by_fig = np.argsort(pf, kind="stable")
    pf, pa = pf[by_fig], pa[by_fig]
    fig_starts = np.searchsorted(pf, np.arange(n_fig + 1))

    def atoms(i: int) -> np.ndarray:
        return pa[fig_starts[i] : fig_starts[i + 1]]

    low_of = values.astype(np.float64) if lower is None else lower
    high_of = values.astype(np.float64) if upper is None else upper
    zero = np.zeros(n_atoms, dtype=bool)
    for i in np.flatnonzero(released & (values == 0) & (high_of <= 0)).tolist():
        zero[atoms(i)] = True  # (a released zero has no people, so no atoms: kept for safety)
    row_of_key: dict[bytes, int] = {}
    row_figs: list[list[int]] = []
    row_atoms: list[np.ndarray] = []
    row_low: list[float] = []
    row_high: list[float] = []
    for i in np.flatnonzero(released & (values > 0)).tolist():
        a = atoms(i)
        key = a.tobytes()
        r = row_of_key.get(key)
        if r is None:
            row_of_key[key] = len(row_figs)
            row_figs.append([i])
            row_atoms.append(a)
            row_low.append(float(low_of[i]))
            row_high.append(float(high_of[i]))
        else:  # the same people published twice: both bounds hold
            row_figs[r].append(i)
            row_low[r] = max(row_low[r], float(low_of[i]))
            row_high[r] = min(row_high[r], float(high_of[i]))
    h = _highs()
    inf = highspy.kHighsInf
    h.addVars(n_atoms, np.zeros(n_atoms), np.where(zero, 0.0, inf))
    if row_atoms:
        lengths = np.asarray([len(a) for a in row_atoms])
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int32)
        index = np.concatenate(row_atoms).astype(np.int32)
        lows = np.asarray(row_low)
        highs = np.where(np.isfinite(row_high), np.asarray(row_high), inf)
        h.addRows(len(row_atoms), lows, highs, len(index), starts, index, np.ones(len(index)))
    for numerator, denominator, low, high, blame in ratios:
        # |num| − r·|den| over atoms: num's atoms are inside den's (a share of a group).
        coef = np.zeros(n_atoms)
        for r_bound, lo_row, hi_row in ((high, -inf, 0.0), (low, 0.0, inf)):
            coef[:] = 0.0
            coef[atoms(denominator)] -= r_bound
            coef[atoms(numerator)] += 1.0
            nz = np.flatnonzero(np.abs(coef) > 1e-12).astype(np.int32)
            if nz.size == 0:
                continue
            h.addRows(
                1,
                np.asarray([lo_row]),
                np.asarray([hi_row]),
                len(nz),
                np.zeros(1, dtype=np.int32),
                nz,
                coef[nz],
            )
            row_figs.append([blame])
    all_idx = np.arange(n_atoms, dtype=np.int32)
    zeros = np.zeros(n_atoms)
    target_list = [int(t) for t in targets]
    target_atoms = [atoms(t) for t in target_list]
    true = np.asarray(atom_size, dtype=np.float64)
    lo = np.asarray([true[a].sum() for a in target_atoms])
    hi = lo.copy()
    lo_f, hi_f = lo.copy(), hi.copy()

    def solve(cost: np.ndarray) -> np.ndarray | None:
        h.changeColsCost(n_atoms, all_idx, cost)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return np.asarray(h.getSolution().col_value)

    ok = highspy.HighsModelStatus.kOptimal
    unbounded = highspy.HighsModelStatus.kUnbounded
    rng = np.random.default_rng(seed)
    open_targets = np.arange(len(target_list))
    for _ in range(samples if n_atoms else 0):
        if open_targets.size == 0:
            break
        cost = zeros.copy()
        for k in open_targets.tolist():
            cost[target_atoms[k]] += rng.choice((-1.0, 1.0))
        x = solve(cost)
        if x is None:
            continue
        if np.abs(x - np.round(x)).max(initial=0.0) > 1e-6:
            # A fractional point (shares and bands make them common) proves only the relaxation's
            # range, rounded inwards: trusted, as for a target's own solves below, only when it
            # is at least MIN_WIDTH + 3 wide (closer to the limit the integers must decide).
            for k in open_targets.tolist():
                v = float(x[target_atoms[k]].sum())
                lo_f[k], hi_f[k] = min(lo_f[k], v), max(hi_f[k], v)
            wide = np.floor(hi_f + 1e-6) - np.ceil(lo_f - 1e-6) >= MIN_WIDTH + 3
            lo[wide] = np.minimum(lo[wide], np.ceil(lo_f[wide] - 1e-6))
            hi[wide] = np.maximum(hi[wide], np.floor(hi_f[wide] + 1e-6))
        else:
            for k in open_targets.tolist():
                v = float(round(x[target_atoms[k]].sum()))  # whole people (x is integral)
                lo[k], hi[k] = min(lo[k], v), max(hi[k], v)
        open_targets = open_targets[(hi[open_targets] - lo[open_targets]) < MIN_WIDTH - 1e-6]
    result: dict[int, tuple[float, float]] = {}
    certificates: dict[int, list[int]] = {}
    for k in range(len(target_list)):
        if k not in set(open_targets.tolist()):
            result[target_list[k]] = (lo[k], hi[k])
    for k in open_targets.tolist():
        idx = target_atoms[k].astype(np.int32)
        bounds: list[float] = []
        duals: list[np.ndarray] = []
        for sense in (1.0, -1.0):
            cost = zeros.copy()
            cost[idx] = sense
            h.changeColsCost(n_atoms, all_idx, cost)
            h.run()
            status = h.getModelStatus()
            if status not in (ok, unbounded):  # a stale warm start: solve again from scratch
                h.clearSolver()
                h.run()
                status = h.getModelStatus()
            if status == ok:
                bounds.append(sense * h.getInfo().objective_function_value)
                duals.append(np.asarray(h.getSolution().row_dual))
            elif status == unbounded and sense < 0:
                bounds.append(math.inf)
            else:  # never call a range wide on a solver failure: take the true value
                bounds.append(float(true[target_atoms[k]].sum()))
        low, high = float(max(0, math.ceil(bounds[0] - 1e-6))), bounds[1]
        if math.isfinite(high):
            high = float(math.floor(high + 1e-6))
        if integer and MIN_WIDTH <= high - low < MIN_WIDTH + 3:
            low, high = _integer_range(h, idx, n_atoms, (low, high))
        result[target_list[k]] = (low, high)
        if high - low < MIN_WIDTH:
            rows = sorted({r for d in duals for r in np.flatnonzero(np.abs(d) > 1e-9).tolist()})
            certificates[target_list[k]] = [f for r in rows for f in row_figs[r]]
    return Ranges(ranges=result, certificates=certificates)


def _integer_range(
    h: Any, idx: np.ndarray, n_atoms: int, relaxed: tuple[float, float]
) -> tuple[float, float]:
    """The same range with the atom sizes as integers (never wider than the relaxation)."""
    import highspy

    all_idx = np.arange(n_atoms, dtype=np.int32)
    h.changeColsIntegrality(n_atoms, all_idx, np.full(n_atoms, highspy.HighsVarType.kInteger))
    h.setOptionValue("time_limit", _MIP_SECONDS)
    bounds: list[float] = []
    try:
        for sense in (1.0, -1.0):
            cost = np.zeros(n_atoms)
            cost[idx] = sense
            h.changeColsCost(n_atoms, all_idx, cost)
            h.run()
            status = h.getModelStatus()
            if status == highspy.HighsModelStatus.kOptimal:
                bounds.append(round(sense * h.getInfo().objective_function_value))
            elif status == highspy.HighsModelStatus.kTimeLimit:
                # The proved (dual) bound: never narrower than the integer range, rounded inwards.
                dual = sense * h.getInfo().mip_dual_bound
                bound = math.ceil(dual - 1e-6) if sense > 0 else math.floor(dual + 1e-6)
                bounds.append(max(relaxed[0], bound) if sense > 0 else min(relaxed[1], bound))
            else:
                bounds.append(relaxed[0] if sense > 0 else relaxed[1])
    finally:
        h.setOptionValue("time_limit", math.inf)
        h.changeColsIntegrality(
            n_atoms, all_idx, np.full(n_atoms, highspy.HighsVarType.kContinuous)
        )
    return bounds[0], bounds[1]


#: Each integer refinement stops after this long with its proved bound (issue 11: the audit of one
#: role on the demo trust must take seconds, and a hard integer programme could take minutes).
_MIP_SECONDS = 0.5


def _audit_counts(
    figures: Sequence[Figure], *, threshold: int, integer: bool
) -> tuple[int, list[dict[str, Any]]]:
    """(released count figures, one entry per protected figure with its feasible range). Shares
    are released inequalities between two counts (their denominators join as hidden helpers)."""
    counts = [f for f in figures if f.kind != "share"]
    shares = [f for f in figures if f.kind == "share" and f.released and f.of is not None]
    helpers = [
        Figure(name=f"{f.name} (denominator)", people=f.of or frozenset(), released=False)
        for f in shares
    ]
    numerators = [
        Figure(name=f"{f.name} (numerator)", people=f.people, released=False) for f in shares
    ]
    every = [*counts, *helpers, *numerators]
    member_figure = np.asarray([i for i, f in enumerate(every) for _ in f.people], dtype=np.int64)
    member_person = np.asarray([p for f in every for p in f.people], dtype=np.int64)
    values = np.asarray([len(f.people) for f in every], dtype=np.int64)
    released = np.asarray([f.released for f in every], dtype=bool)
    lower = np.asarray(
        [f.low if f.released and f.low is not None else len(f.people) for f in every],
        dtype=np.float64,
    )
    upper = np.asarray(
        [f.high if f.released and f.high is not None else len(f.people) for f in every],
        dtype=np.float64,
    )
    base = len(counts)
    ratios = [
        (base + len(shares) + k, base + k, float(f.low or 0.0), float(f.high or 1.0), base + k)
        for k, f in enumerate(shares)
    ]
    in_counts = np.arange(len(every)) < base
    targets = np.flatnonzero(in_counts & (values > 0) & (values < threshold))
    found = protected_ranges(
        member_figure=member_figure,
        member_person=member_person,
        values=values,
        released=released,
        targets=targets,
        integer=integer,
        lower=lower,
        upper=upper,
        ratios=ratios,
    )
    report = []
    for i in targets.tolist():
        lo, hi = found.ranges[i]
        report.append(
            {
                "figure": every[i].name,
                "value": int(values[i]),
                "released": bool(released[i]),
                "min": round(lo),
                "max": hi if math.isinf(hi) else round(hi),
            }
        )
    return int(released[:base].sum()) + len(shares), report


def _audit_statistics(figures: Sequence[Figure], *, threshold: int) -> list[dict[str, Any]]:
    """Violations among one system's statistics (module rules)."""
    from mantle.analytics.disclosure.means import MeanGroup, leaked_sets

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
    # Figures over the same records are one group: shown if any of them is.
    released_sets: dict[frozenset[int], bool] = {}
    for f in figures:
        released_sets[f.people] = released_sets.get(f.people, False) or f.released
    groups = [MeanGroup(key=k, members=frozenset(m)) for k, m in enumerate(released_sets)]
    hidden: dict[Hashable, str] = {
        k: "primary" for k, shown in enumerate(released_sets.values()) if not shown
    }
    for leaked in leaked_sets(groups, hidden, threshold=threshold):
        problems.append(
            {
                "figure": f"statistics over {len(leaked)} record(s) determined by the released "
                f"figures of {figures[0].system!r}",
                "value": len(leaked),
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
        systems[(fig.system, "statistic" if fig.kind == "statistic" else "count")].append(fig)
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
