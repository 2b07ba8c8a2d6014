"""The stock-and-flow simulation: monthly steps, every flow a binomial draw, vectorised over runs.

State: people by cell (staff group × tier × clinician × age band), an array of shape (runs, cells).
Each month, in this order (docs/scenarios.md, "The model"):

1. **leavers**: Binomial(n, leave rate of the cell's group and age band);
2. **retirements**: Binomial(n, retirement hazard of the cell's age band for the retirement age);
3. **step-downs**: people in a management tier leave management (to tier ``none``);
4. **ageing** (every 12th month): Binomial(n, 1 / band width) move to the next age band;
   with the retirement age at a band's upper edge, leaving the band is retiring;
5. **establishment**: each tier's posts grow by the lever's yearly growth (deterministic);
6. **appointments**, tier by tier from the top: vacancies = posts − people; filled =
   Binomial(vacancies, fill rate); first programme conversions (target tier), then hybrid posts
   waiting for a clinician, then Binomial(rest, clinician share) clinicians; of each,
   Binomial(·, 1 − external share) come from the tier below (people drawn in proportion to the
   cells there), the rest from outside, placed like the tier's own people on the start date.

Nobody is created or lost except by the recorded flows: stock(t) = stock(0) + appointments from
outside − leavers − retirements, run by run (tested). ``expected=True`` runs the same steps with
every draw replaced by its expectation (the expected-value model the Monte Carlo mean converges
to).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Protocol

import numpy as np

from .model import (
    AGE_BANDS,
    MANAGEMENT_TIERS,
    SOURCE_TIER,
    TIER_GROUPS,
    TIERS,
    Cell,
    Scenario,
)

OUTPUT_TIERS: Final[tuple[str, ...]] = (*TIERS, *TIER_GROUPS)
PER_TIER: Final[tuple[str, ...]] = ("headcount", "fte", "clinician_share", "vacancies", "pay_cost")
TOTALS: Final[tuple[str, ...]] = (
    "retirements.all",
    "retirements.management",
    "leavers.all",
    "leavers.management",
    "appointments_external.all",
)


def metric_names() -> list[str]:
    """Every output: ``<measure>.<tier or tier group>`` and the cumulative totals."""
    return [f"{m}.{t}" for m in PER_TIER for t in OUTPUT_TIERS] + list(TOTALS)


class _Sampler(Protocol):
    def binomial(self, n: np.ndarray, p: np.ndarray | float) -> np.ndarray: ...
    def multinomial(self, n: np.ndarray, pvals: np.ndarray) -> np.ndarray: ...


class _Random:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)

    def binomial(self, n: np.ndarray, p: np.ndarray | float) -> np.ndarray:
        return self.rng.binomial(n, p)

    def multinomial(self, n: np.ndarray, pvals: np.ndarray) -> np.ndarray:
        return self.rng.multinomial(n, pvals)


class _Expected:
    def binomial(self, n: np.ndarray, p: np.ndarray | float) -> np.ndarray:
        return n * p

    def multinomial(self, n: np.ndarray, pvals: np.ndarray) -> np.ndarray:
        return n[..., None] * pvals


@dataclass
class Layout:
    """The cells simulated: every (group, clinician) pair of the organisation × tier × age band."""

    cells: list[Cell]
    index: dict[Cell, int]
    pairs: list[tuple[str, bool]]

    @classmethod
    def of(cls, scenario: Scenario) -> Layout:
        pairs = sorted({(c.group, c.clinician) for c in scenario.stock.counts})
        for clinician in (False, True):
            if not any(p[1] == clinician for p in pairs):
                pairs.append(("unknown", clinician))
        # Tier-major, so each tier's cells are one contiguous slice of the state.
        cells = [Cell(g, t, k, a) for t in TIERS for g, k in pairs for a in range(len(AGE_BANDS))]
        return cls(cells=cells, index={c: i for i, c in enumerate(cells)}, pairs=pairs)

    def tier_slice(self, tier: str) -> slice:
        width = len(self.pairs) * len(AGE_BANDS)
        t = TIERS.index(tier)
        return slice(t * width, (t + 1) * width)

    def where(self, pred: Callable[[Cell], bool]) -> np.ndarray:
        return np.array([i for i, c in enumerate(self.cells) if pred(c)], dtype=np.int64)

    def cells_in(
        self,
        *,
        tier: str | None = None,
        group: str | None = None,
        clinician: bool | None = None,
        age: int | None = None,
    ) -> np.ndarray:
        """Indexes of the cells matching every criterion given."""
        return np.array(
            [
                i
                for i, c in enumerate(self.cells)
                if (tier is None or c.tier == tier)
                and (group is None or c.group == group)
                and (clinician is None or c.clinician == clinician)
                and (age is None or c.age == age)
            ],
            dtype=np.int64,
        )


@dataclass
class Result:
    """``series[metric]``: array (runs, months + 1), month 0 the start date."""

    months: int
    runs: int
    series: dict[str, np.ndarray]
    conservation: dict[str, np.ndarray]

    def quantiles(self, metric: str, qs: tuple[int, ...] = (10, 50, 90)) -> np.ndarray:
        values = self.series[metric]
        if np.isnan(values).any():
            with warnings.catch_warnings():  # a date on which no run has anyone: NaN, not a warning
                warnings.simplefilter("ignore", RuntimeWarning)
                return np.nanpercentile(values, qs, axis=0)
        return np.percentile(values, qs, axis=0)


def _retirement_tables(
    retirement_age: int, past_rate: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per age band: monthly retirement hazard, yearly probability of moving up a band, and
    whether moving up is retiring. Rule: module docstring, step 2 and 4."""
    bands = len(AGE_BANDS)
    hazard = np.zeros(bands)
    up = np.zeros(bands)
    up_retires = np.zeros(bands, dtype=bool)
    for b, (low, high) in enumerate(AGE_BANDS):
        top = b == bands - 1
        if high <= retirement_age:
            up[b] = 0.0 if top else 1.0 / (high - low)
            up_retires[b] = high == retirement_age
        elif low < retirement_age:
            hazard[b] = 1.0 / (12 * (retirement_age - low))
        else:
            hazard[b] = past_rate
            up[b] = 0.0 if top else 1.0 / (high - low)
    return hazard, up, up_retires


def simulate(
    scenario: Scenario,
    *,
    expected: bool = False,
    months: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> Result:
    """Run the scenario ``scenario.runs`` times (or once, with expected values)."""
    sc = scenario
    months = sc.months if months is None else months
    runs = 1 if expected else sc.runs
    sampler: _Sampler = _Expected() if expected else _Random(sc.seed)
    lay = Layout.of(sc)
    ncell = len(lay.cells)
    dtype: Any = np.float64 if expected else np.int64

    state = np.zeros((runs, ncell), dtype=dtype)
    for cell, n in sc.stock.counts.items():
        state[:, lay.index[cell]] = n

    tier_of = np.array([TIERS.index(c.tier) for c in lay.cells])
    age_of = np.array([c.age for c in lay.cells])
    clin_of = np.array([c.clinician for c in lay.cells])
    mgmt = np.isin(tier_of, [TIERS.index(t) for t in MANAGEMENT_TIERS])

    p_leave = np.array([sc.rates.leave_rate(c.group, c.age) for c in lay.cells])
    p_down = np.array(
        [sc.rates.step_down.get(c.tier, 0.0) if c.tier != "none" else 0.0 for c in lay.cells]
    )
    hazard_b, up_b, up_retires_b = _retirement_tables(
        sc.levers.retirement_age, sc.rates.past_age_retirement
    )
    p_retire = hazard_b[age_of]
    p_up = up_b[age_of]
    up_src = np.flatnonzero(p_up > 0)
    up_dst = np.array(
        [
            lay.index[
                Cell(
                    lay.cells[i].group,
                    lay.cells[i].tier,
                    lay.cells[i].clinician,
                    lay.cells[i].age + 1,
                )
            ]
            if not up_retires_b[age_of[i]]
            else -1
            for i in up_src
        ],
        dtype=np.int64,
    )
    up_moves = up_dst >= 0

    # Step-downs: each management cell → the same group, clinician status and age outside
    # management (one map per tier, so no destination repeats within a map).
    downs = []
    for tier in MANAGEMENT_TIERS:
        src = lay.cells_in(tier=tier)
        dst = np.array(
            [
                lay.index[
                    Cell(lay.cells[i].group, "none", lay.cells[i].clinician, lay.cells[i].age)
                ]
                for i in src
            ],
            dtype=np.int64,
        )
        downs.append((src, dst, p_down[src]))

    fte = np.array([sc.stock.fte.get(c, math.nan) for c in lay.cells])
    pay = np.array([sc.stock.pay.get(c, math.nan) for c in lay.cells])
    for t in range(len(TIERS)):  # cells empty on the start date take their tier's mean
        in_tier = tier_of == t
        known = in_tier & ~np.isnan(fte)
        fte[in_tier & np.isnan(fte)] = float(np.mean(fte[known])) if known.any() else 1.0
        known = in_tier & ~np.isnan(pay)
        pay[in_tier & np.isnan(pay)] = float(np.mean(pay[known])) if known.any() else 0.0

    # Where people appointed from outside go: like the tier's people (with that clinician status)
    # on the start date, else like the whole organisation's.
    start_counts = state[0].astype(np.float64)

    def profile(tier: str, clinician: bool) -> tuple[np.ndarray, np.ndarray]:
        idx = lay.where(lambda c: c.tier == tier and c.clinician == clinician)
        weights = start_counts[idx]
        if weights.sum() == 0:
            same = [
                start_counts[lay.cells_in(group=g, clinician=clinician, age=a)].sum()
                for g, k in lay.pairs
                if k == clinician
                for a in range(len(AGE_BANDS))
            ]
            weights = np.asarray(same, dtype=np.float64)
            if weights.sum() == 0:
                weights = np.ones(len(idx))
        return idx, weights / weights.sum()

    profiles = {(t, k): profile(t, k) for t in TIERS for k in (False, True)}

    def pair_map(src_tier: str, dst_tier: str, clinician: bool) -> tuple[np.ndarray, np.ndarray]:
        src = lay.where(lambda c: c.tier == src_tier and c.clinician == clinician)
        dst = np.array(
            [
                lay.index[Cell(lay.cells[i].group, dst_tier, clinician, lay.cells[i].age)]
                for i in src
            ],
            dtype=np.int64,
        )
        return src, dst

    moves = {
        (t, k): pair_map(s, t, k)
        for t, s in SOURCE_TIER.items()
        if s is not None
        for k in (False, True)
    }
    target = sc.levers.programme_target_tier
    conversions = pair_map("none", target, True)

    establishment = np.array([float(sc.establishment.get(t, 0)) for t in TIERS])
    growth = np.array(
        [(1.0 + sc.levers.establishment_growth.get(t, 0.0)) ** (1 / 12) for t in TIERS]
    )
    fill = np.array([sc.rates.fill.get(t, 0.0) for t in TIERS])
    clin_share = np.array(
        [
            sc.levers.clinician_vacancy_share
            if sc.levers.clinician_vacancy_share is not None and t in MANAGEMENT_TIERS
            else sc.rates.clinician_share.get(t, 0.0)
            for t in TIERS
        ]
    )
    external = np.array(
        [
            1.0
            if SOURCE_TIER[t] is None
            else (
                sc.levers.external_share
                if sc.levers.external_share is not None
                else sc.rates.external_share.get(t, 1.0)
            )
            for t in TIERS
        ]
    )
    hybrid_tier = TIERS.index(sc.levers.hybrid_from_tier)
    hybrid_per_month = sc.levers.hybrid_posts_per_year / 12
    extra_places_per_month = (
        max(sc.levers.programme_places_per_year - sc.levers.programme_places_baseline, 0.0) / 12
    )

    # Outputs: one matrix product a month gives every tier and tier-group sum.
    columns: list[tuple[str, str]] = []
    weights_cols: list[np.ndarray] = []
    for name in OUTPUT_TIERS:
        members = TIER_GROUPS.get(name, (name,))
        in_scope = np.isin(tier_of, [TIERS.index(t) for t in members]).astype(np.float64)
        for what, w in (
            ("headcount", in_scope),
            ("clinicians", in_scope * clin_of),
            ("fte", in_scope * fte),
            ("pay_cost", in_scope * fte * pay),
        ):
            columns.append((what, name))
            weights_cols.append(w)
    weights = np.stack(weights_cols, axis=1)
    col = {key: i for i, key in enumerate(columns)}
    sums = np.zeros((runs, months + 1, len(columns)))
    vacancies = np.zeros((runs, months + 1, len(TIERS)))
    totals = {name: np.zeros((runs, months + 1)) for name in TOTALS}

    slices = [lay.tier_slice(t) for t in TIERS]
    # Columns anyone may occupy (in some run): draws and sums are taken over these only, since most
    # cells (a board tier in most staff groups and age bands) stay empty and a binomial draw costs
    # the same for n = 0. A column joins the set when a flow can put someone in it.
    occupied = state[0] > 0
    live = np.flatnonzero(occupied)

    def occupy(columns: np.ndarray) -> None:
        nonlocal live
        if not occupied[columns].all():
            occupied[columns] = True
            live = np.flatnonzero(occupied)

    def record(m: int, vac: np.ndarray) -> None:
        sums[:, m, :] = state[:, live].astype(np.float64) @ weights[live]
        vacancies[:, m, :] = vac

    def headcounts() -> np.ndarray:
        return np.stack([state[:, sl].sum(axis=1) for sl in slices], axis=1)

    def posts(m: int) -> np.ndarray:
        return np.rint(establishment * growth**m)

    record(0, np.maximum(posts(0)[None, :] - headcounts(), 0))
    hybrid_waiting = np.zeros(runs, dtype=dtype)
    flows_in = np.zeros(runs)
    flows_out = np.zeros(runs)
    run_retire = np.zeros(runs)
    run_retire_mgmt = np.zeros(runs)
    run_leave = np.zeros(runs)
    run_leave_mgmt = np.zeros(runs)
    run_external = np.zeros(runs)
    downs = [(src, dst, p) for src, dst, p in downs if (p > 0).any()]
    downs = [(src[p > 0], dst[p > 0], p[p > 0]) for src, dst, p in downs]
    profiles = {key: (idx[pv > 0], pv[pv > 0]) for key, (idx, pv) in profiles.items()}

    def take(src: np.ndarray, need: np.ndarray) -> np.ndarray:
        """Draw ``need`` people per run from the cells ``src`` (runs × cells) in proportion to
        their counts, never more than a cell holds; a second draw covers what the first could not."""
        taken = np.zeros_like(src)
        for _ in range(2):
            left = src - taken
            total = left.sum(axis=1)
            want = np.minimum(need - taken.sum(axis=1), total)
            if not (want > 0).any():
                break
            pvals = np.where(
                total[:, None] > 0, left / np.maximum(total, 1e-12)[:, None], 1.0 / left.shape[1]
            )
            draw = sampler.multinomial(want, pvals)
            taken = taken + np.minimum(draw, left)
        return taken

    def move(src: np.ndarray, dst: np.ndarray, need: np.ndarray) -> np.ndarray:
        keep = occupied[src]
        src, dst = src[keep], dst[keep]
        if not len(src):
            return np.zeros(runs, dtype=dtype)
        moved = take(state[:, src], need)
        state[:, src] -= moved
        state[:, dst] += moved
        occupy(dst[moved.any(axis=0)])
        return moved.sum(axis=1)

    for m in range(1, months + 1):
        sub = state[:, live]
        leave = sampler.binomial(sub, p_leave[live])
        sub = sub - leave
        mgmt_live = mgmt[live]
        old = p_retire[live] > 0
        retire_sum = np.zeros(runs)
        retire_mgmt = np.zeros(runs)
        if old.any():
            retire = sampler.binomial(sub[:, old], p_retire[live][old])
            sub[:, old] -= retire
            retire_sum = retire.sum(axis=1)
            retire_mgmt = retire[:, mgmt_live[old]].sum(axis=1)
        state[:, live] = sub
        for src, dst, p in downs:
            keep = occupied[src]
            if keep.any():
                down = sampler.binomial(state[:, src[keep]], p[keep])
                state[:, src[keep]] -= down
                state[:, dst[keep]] += down
                occupy(dst[keep])
        aged_out = np.zeros(runs, dtype=np.float64)
        retire_mgmt_aged = np.zeros(runs)
        if m % 12 == 0:
            keep = occupied[up_src]
            src, dst, moves_up = up_src[keep], up_dst[keep], up_moves[keep]
            up = sampler.binomial(state[:, src], p_up[src])
            state[:, src] -= up
            state[:, dst[moves_up]] += up[:, moves_up]
            occupy(dst[moves_up])
            aged_out = up[:, ~moves_up].sum(axis=1)
            retire_mgmt_aged = up[:, ~moves_up][:, mgmt[src[~moves_up]]].sum(axis=1)
        leave_sum = leave.sum(axis=1)
        run_leave += leave_sum
        run_leave_mgmt += leave[:, mgmt_live].sum(axis=1)
        run_retire += retire_sum + aged_out
        run_retire_mgmt += retire_mgmt + retire_mgmt_aged
        flows_out += leave_sum + retire_sum + aged_out

        hybrid_waiting = hybrid_waiting + (
            math.floor(hybrid_per_month * m) - math.floor(hybrid_per_month * (m - 1))
        )
        completers = math.floor(extra_places_per_month * m) - math.floor(
            extra_places_per_month * (m - 1)
        )
        target_posts = posts(m)
        for t, tier in enumerate(TIERS):
            in_tier = state[:, slices[t]].sum(axis=1)
            vacant = np.maximum(target_posts[t] - in_tier, 0).astype(dtype)
            filled = sampler.binomial(vacant, fill[t])
            if tier == target and completers:
                converted = sampler.binomial(
                    np.full(runs, completers, dtype=dtype), sc.rates.programme_conversion
                )
                src, dst = conversions
                # converts fill vacancies first
                filled = filled - move(src, dst, np.minimum(converted, filled))
            hybrid = np.zeros(runs, dtype=dtype)
            if t == hybrid_tier:
                hybrid = np.minimum(hybrid_waiting, filled)
                hybrid_waiting = hybrid_waiting - hybrid
            rest = filled - hybrid
            clinicians = hybrid + sampler.binomial(rest, clin_share[t])
            others = filled - clinicians
            for is_clin, count in ((True, clinicians), (False, others)):
                if not count.any():
                    continue
                if SOURCE_TIER[tier] is not None:
                    inside = sampler.binomial(count, 1.0 - external[t])
                    src, dst = moves[(tier, is_clin)]
                    count = count - move(src, dst, inside)
                idx, pvals = profiles[(tier, is_clin)]
                arrived = sampler.multinomial(count, pvals)
                state[:, idx] += arrived
                occupy(idx)
                flows_in += count
                run_external += count
        record(m, np.maximum(target_posts[None, :] - headcounts(), 0))
        totals["retirements.all"][:, m] = run_retire
        totals["retirements.management"][:, m] = run_retire_mgmt
        totals["leavers.all"][:, m] = run_leave
        totals["leavers.management"][:, m] = run_leave_mgmt
        totals["appointments_external.all"][:, m] = run_external
        if progress is not None and m % 6 == 0:
            progress(m / months)

    series: dict[str, np.ndarray] = {}
    for name in OUTPUT_TIERS:
        head = sums[:, :, col[("headcount", name)]]
        series[f"headcount.{name}"] = head
        series[f"fte.{name}"] = sums[:, :, col[("fte", name)]]
        with np.errstate(invalid="ignore", divide="ignore"):
            series[f"clinician_share.{name}"] = np.where(
                head > 0, sums[:, :, col[("clinicians", name)]] / np.maximum(head, 1e-12), np.nan
            )
        series[f"pay_cost.{name}"] = sums[:, :, col[("pay_cost", name)]]
        members = TIER_GROUPS.get(name, (name,))
        series[f"vacancies.{name}"] = vacancies[:, :, [TIERS.index(x) for x in members]].sum(axis=2)
    series.update(totals)
    return Result(
        months=months,
        runs=runs,
        series=series,
        conservation={
            "start": np.full(runs, float(start_counts.sum())),
            "end": state.sum(axis=1).astype(np.float64),
            "in": flows_in,
            "out": flows_out,
        },
    )
