"""The divide's family of tables: every people count of every unit at every depth, protected at once.

One organisation on one date is one family. Its cells are the people counts of the divide measures
(``PEOPLE_COUNTS``) for every *node*: the organisation (node ``""``) and every unit subtree
(node = unit path). The relations a reader can use are registered once:

* hierarchy — a node's count = the sum of its child units' counts + the people attached directly
  to the node (the implicit child, never shown);
* professions — clinician holders = the sum of the six professions;
* tiers — board = non-executive + executive; senior management = executive + senior; all
  management = the five tiers;
* subsets, with the never-shown difference as a remainder — holders ⊇ clinical background ⊇
  clinicians ⊇ inferred clinicians; clinicians ⊇ hybrids; executive board ⊇ executive board
  excluding statutory clinical posts; the workforce ⊇ all management.

Derived figures (shares, ratios, FTE, filled and vacant posts, the gap) are released only when
every count they are computed from is released. Counts of posts are the establishment, not
people, and are always released.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import polars as pl

from mantle.analytics._inputs import PROFESSIONS, TIERS
from mantle.analytics._measures import (
    AGGREGATES,
    EXCLUDING_STATUTORY,
    GROUP_PEOPLE_COUNTS,
    GROUPS,
    PROFESSION_FIELD,
    SEP,
    WORKFORCE_PEOPLE_COUNTS,
    derive,
)
from mantle.analytics.disclosure.audit import Figure, protected_ranges
from mantle.analytics.disclosure.counts import (
    DEFAULT_THRESHOLD,
    FOOTNOTE_ORDER,
    FOOTNOTES,
    MIN_WIDTH,
    SUPPRESSED,
    Reason,
    Relations,
    solve_arrays,
)

_GROUP_COUNTS: Final[tuple[str, ...]] = (
    *GROUP_PEOPLE_COUNTS,
    *(f"{PROFESSION_FIELD}{SEP}{p}" for p in PROFESSIONS),
)
PEOPLE_COUNTS: Final[tuple[str, ...]] = (
    *(f"workforce{SEP}{c}" for c in WORKFORCE_PEOPLE_COUNTS),
    *(f"{g.name}{SEP}{c}" for g in GROUPS for c in _GROUP_COUNTS),
)
"""Flat names of every people count in one node's divide measures."""

_SLOT: Final[dict[str, int]] = {name: i for i, name in enumerate(PEOPLE_COUNTS)}

_SUBSETS: Final[tuple[tuple[str, str], ...]] = (
    ("holders", "clinical_background_holders"),
    ("clinical_background_holders", "clinician_holders"),
    ("clinician_holders", "inferred_clinician_holders"),
    ("clinician_holders", "hybrid_holders"),
)
_WORKFORCE_SUBSETS: Final[tuple[tuple[str, str], ...]] = (
    ("headcount", "clinical_background_headcount"),
    ("clinical_background_headcount", "clinician_headcount"),
    ("clinician_headcount", "inferred_clinician_headcount"),
)
_WORKFORCE_VS_MANAGEMENT: Final[tuple[tuple[str, str], ...]] = (
    ("headcount", "holders"),
    ("clinician_headcount", "clinician_holders"),
    ("clinical_background_headcount", "clinical_background_holders"),
    ("inferred_clinician_headcount", "inferred_clinician_holders"),
)


def _within_node_template() -> tuple[list[tuple[int, list[int]]], list[tuple[int, list[int]]]]:
    """(exact relations, subset relations needing a remainder) as slot numbers in one node."""
    exact: list[tuple[int, list[int]]] = []
    subset: list[tuple[int, list[int]]] = []
    s = _SLOT
    for g in GROUPS:
        exact.append(
            (
                s[f"{g.name}{SEP}clinician_holders"],
                [s[f"{g.name}{SEP}{PROFESSION_FIELD}{SEP}{p}"] for p in PROFESSIONS],
            )
        )
        for big, small in _SUBSETS:
            subset.append((s[f"{g.name}{SEP}{big}"], [s[f"{g.name}{SEP}{small}"]]))
    for big, small in _WORKFORCE_SUBSETS:
        subset.append((s[f"workforce{SEP}{big}"], [s[f"workforce{SEP}{small}"]]))
    for workforce, holders in _WORKFORCE_VS_MANAGEMENT:
        subset.append((s[f"workforce{SEP}{workforce}"], [s[f"all_management{SEP}{holders}"]]))
    for c in _GROUP_COUNTS:
        # A person in two tiers counts once in an aggregate: the tiers add up to at least the
        # aggregate. Registered as exact sums; the auditor works on people and is exact.
        for name, tiers in AGGREGATES.items():
            exact.append((s[f"{name}{SEP}{c}"], [s[f"{t}{SEP}{c}"] for t in tiers]))
        # ... and the sums a reader gets by combining them (all − senior management, ...).
        for mixed in (
            ("board_non_executive", "senior_management", "middle", "first_line"),
            ("board", "senior", "middle", "first_line"),
        ):
            exact.append((s[f"all_management{SEP}{c}"], [s[f"{g}{SEP}{c}"] for g in mixed]))
        subset.append((s[f"board_executive{SEP}{c}"], [s[f"{EXCLUDING_STATUTORY}{SEP}{c}"]]))
    return exact, subset


_EXACT, _SUBSET = _within_node_template()

_COUNT_SUPERSETS: Final[dict[str, tuple[str, ...]]] = {
    "holders": _GROUP_COUNTS,
    "clinical_background_holders": tuple(c for c in _GROUP_COUNTS if c != "holders"),
    "clinician_holders": (
        "clinician_holders",
        "inferred_clinician_holders",
        "hybrid_holders",
        *(f"{PROFESSION_FIELD}{SEP}{p}" for p in PROFESSIONS),
    ),
    **{c: (c,) for c in _GROUP_COUNTS if c not in ("holders", "clinical_background_holders")},
}
"""Group count → the group counts (of the same group) that count a subset of its people."""
_TIER_SETS: Final[dict[str, frozenset[str]]] = {g.name: frozenset(g.tiers) for g in GROUPS}
_WORKFORCE_SUPERSETS: Final[dict[str, tuple[str, ...]]] = {
    "headcount": _GROUP_COUNTS,
    "clinical_background_headcount": _COUNT_SUPERSETS["clinical_background_holders"],
    "clinician_headcount": _COUNT_SUPERSETS["clinician_holders"],
    "inferred_clinician_headcount": ("inferred_clinician_holders",),
}
_WORKFORCE_CHAIN: Final[tuple[str, ...]] = WORKFORCE_PEOPLE_COUNTS


def _nested_template() -> list[tuple[int, int]]:
    """(superset slot, subset slot) inside one node, identity excluded."""
    s = _SLOT
    pairs: list[tuple[int, int]] = []
    for ga in GROUPS:
        for gb in GROUPS:
            group_nested = _TIER_SETS[gb.name] <= _TIER_SETS[ga.name] and (
                gb.exclude_statutory or not ga.exclude_statutory
            )
            if not group_nested:
                continue
            for ca, subs in _COUNT_SUPERSETS.items():
                for cb in subs:
                    if (ga.name, ca) != (gb.name, cb):
                        pairs.append((s[f"{ga.name}{SEP}{ca}"], s[f"{gb.name}{SEP}{cb}"]))
    for i, wa in enumerate(_WORKFORCE_CHAIN):
        subs_wf = (
            _WORKFORCE_CHAIN[i + 1 :]
            if wa != "clinical_background_headcount"
            else ("clinician_headcount", "inferred_clinician_headcount")
        )
        for wb in subs_wf:
            pairs.append((s[f"workforce{SEP}{wa}"], s[f"workforce{SEP}{wb}"]))
        for g in GROUPS:
            for cb in _WORKFORCE_SUPERSETS[wa]:
                pairs.append((s[f"workforce{SEP}{wa}"], s[f"{g.name}{SEP}{cb}"]))
    return pairs


_AUXILIARY: Final = (
    "clinical_background",
    "inferred_clinician",
    "hybrid_holders",
)


def _weights() -> np.ndarray:
    """Cost per person of hiding each slot as a second cell: auxiliary counts (clinical
    background, inferred, hybrid) go first, then the executive board excluding statutory posts,
    then single tiers; the headline figures (the aggregates of tiers and the workforce) last."""
    w = np.ones(_WIDTH)
    for name, slot in _SLOT.items():
        if any(a in name for a in _AUXILIARY):
            w[slot] = 0.1
        elif name.startswith(EXCLUDING_STATUTORY):
            w[slot] = 0.5
        elif name.startswith(("board__", "senior_management__", "all_management__", "workforce__")):
            w[slot] = 3.0
    return w


_NESTED: Final = _nested_template()
_NESTED_SUP: Final = np.asarray([a for a, _ in _NESTED], dtype=np.int64)
_NESTED_SUB: Final = np.asarray([b for _, b in _NESTED], dtype=np.int64)
_NESTED_OR_SAME_SUP: Final = np.concatenate([_NESTED_SUP, np.arange(len(PEOPLE_COUNTS))])
_NESTED_OR_SAME_SUB: Final = np.concatenate([_NESTED_SUB, np.arange(len(PEOPLE_COUNTS))])
_K: Final = len(PEOPLE_COUNTS)
_WIDTH: Final = 2 * _K + len(_SUBSET)
"""Slots per node: the counts, one remainder per subset relation, one 'attached directly' per count."""
_OWN0: Final = _K + len(_SUBSET)
_WEIGHTS: Final = _weights()


def _derived_sources() -> dict[str, tuple[str, ...]]:
    d: dict[str, tuple[str, ...]] = {
        f"workforce{SEP}fte": (f"workforce{SEP}headcount",),
        f"workforce{SEP}workforce_clinician_share": (
            f"workforce{SEP}clinician_headcount",
            f"workforce{SEP}headcount",
        ),
        f"workforce{SEP}workforce_clinical_background_share": (
            f"workforce{SEP}clinical_background_headcount",
            f"workforce{SEP}headcount",
        ),
    }
    for g in GROUPS:

        def c(name: str, group: str = g.name) -> str:
            return f"{group}{SEP}{name}"

        d[c("filled")] = (c("holders"),)
        d[c("vacant")] = (c("holders"),)
        d[c("clinician_share")] = (c("clinician_holders"), c("holders"))
        d[c("management_fte")] = (c("holders"),)
        d[c("clinician_management_fte")] = (c("clinician_holders"),)
        d[c("clinician_capacity_share")] = (c("clinician_holders"), c("holders"))
        d[c("representation_ratio")] = (c("clinician_holders"), c("holders"))
        d[c("hybrid_share")] = (c("hybrid_holders"), c("clinician_holders"))
        d[c("clinical_background_share")] = (c("clinical_background_holders"), c("holders"))
    d["divide_gap_pp"] = (
        f"senior_management{SEP}clinician_holders",
        f"senior_management{SEP}holders",
    )
    return d


ORGANISATION_BASIS: Final[tuple[str, ...]] = (
    *(f"{g.name}{SEP}representation_ratio" for g in GROUPS),
    "divide_gap_pp",
)
"""Figures every node computes from the *organisation's* workforce clinician share (the default
basis, ``_measures.WORKFORCE_BASES``): hidden everywhere when the organisation's workforce
headcount or clinician headcount is hidden."""
_BASIS_COUNTS: Final = (f"workforce{SEP}clinician_headcount", f"workforce{SEP}headcount")


DERIVED: Final[dict[str, tuple[str, ...]]] = _derived_sources()
"""Flat derived figure → the people counts it is computed from."""


def parent_of(node: str) -> str | None:
    """The parent node ("" is the organisation; None above it)."""
    if node == "":
        return None
    return node.rsplit("/", 1)[0] if "/" in node else ""


def _exploded(frame: pl.DataFrame, key: str) -> pl.DataFrame:
    """One row per (row, node it counts in): the organisation and every ancestor unit of its
    unit_path, written as ``system|node`` in column ``key``."""
    parts = (
        pl.when(pl.col("unit_path") == "")
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .otherwise(pl.col("unit_path").str.split("/"))
    )
    return (
        frame.with_columns(_parts=parts)
        .with_columns(_k=pl.int_ranges(0, pl.col("_parts").list.len() + 1))
        .explode("_k")
        .with_columns(
            (
                pl.col("org_code")
                + pl.lit("|")
                + pl.col("_parts").list.head(pl.col("_k")).list.join("/")
            ).alias(key)
        )
        .drop("_parts", "_k")
    )


def node_measures(
    *, holdings: pl.DataFrame, posts: pl.DataFrame, org_holdings: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The flat divide measures of every node (the organisation and every unit subtree).

    Rules as ``divide_measures`` for each node. ``org_code`` is the *system* key: pass one
    organisation's frames, or several dates with the date written into ``org_code`` of all three
    frames (hybrid status is matched on it). Returns columns ``system``, ``node`` and the flat
    measures.
    """
    from mantle.analytics.divide import _KEY, _grouped_raw, _validated

    holdings, posts, whole_org = _validated(
        holdings=holdings, posts=posts, org_holdings=org_holdings
    )

    raw = _grouped_raw(
        holdings=_exploded(holdings, _KEY), posts=_exploded(posts, _KEY), whole_org=whole_org
    )
    flat = derive(raw, keep=[_KEY])
    return flat.select(
        pl.col(_KEY)
        .str.split_exact("|", 1)
        .struct.rename_fields(["system", "node"])
        .struct.unnest(),
        pl.exclude(_KEY),
    ).sort("system", "node")


def memberships(
    *, holdings: pl.DataFrame, org_holdings: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Who is counted in every people count of every node: columns ``system``, ``node``,
    ``figure`` (a name in ``PEOPLE_COUNTS``) and ``person_id`` (for the auditor). Same rules and
    ``system`` convention as ``node_measures``."""
    from mantle.analytics._inputs import NON_MANAGEMENT_TIER, clinical_work, prepare_holdings

    holdings = prepare_holdings(holdings)
    whole = holdings if org_holdings is None else prepare_holdings(org_holdings)
    hybrid = (
        whole.filter(clinical_work())
        .select("org_code", "person_id")
        .unique()
        .with_columns(pl.lit(True).alias("_has_clinical_role"))
    )
    people = (
        holdings.select(
            "org_code",
            "person_id",
            "is_clinician",
            "clinician_inferred",
            "clinical_background",
            "profession",
        )
        .unique(subset=["org_code", "person_id"], keep="first")
        .join(hybrid, on=["org_code", "person_id"], how="left")
        .with_columns(pl.col("_has_clinical_role").fill_null(False))
    )
    exploded = _exploded(holdings, "_node")
    clin = pl.col("is_clinician")
    conditions: dict[str, pl.Expr] = {
        "holders": pl.lit(True),
        "clinician_holders": clin,
        "clinical_background_holders": pl.col("clinical_background"),
        "inferred_clinician_holders": clin & pl.col("clinician_inferred"),
        "hybrid_holders": clin & pl.col("_has_clinical_role"),
        **{f"{PROFESSION_FIELD}{SEP}{p}": clin & (pl.col("profession") == p) for p in PROFESSIONS},
    }
    workforce_conditions: dict[str, pl.Expr] = {
        "headcount": pl.lit(True),
        "clinician_headcount": clin,
        "clinical_background_headcount": pl.col("clinical_background"),
        "inferred_clinician_headcount": clin & pl.col("clinician_inferred"),
    }
    wf = (
        exploded.select("org_code", "_node", "person_id")
        .unique()
        .join(people, on=["org_code", "person_id"], how="left")
    )
    tier = pl.col("tier")
    managers = (
        exploded.filter(tier != NON_MANAGEMENT_TIER)
        .group_by("org_code", "_node", "person_id")
        .agg(
            *((tier == t).any().alias(f"_in_{t}") for t in TIERS),
            ((tier == "board_executive") & ~pl.col("statutory_clinical")).any().alias("_in_excl"),
        )
        .join(people, on=["org_code", "person_id"], how="left")
    )
    pieces: list[pl.DataFrame] = []
    for name, cond in workforce_conditions.items():
        pieces.append(
            wf.filter(cond).select(
                "_node", pl.lit(f"workforce{SEP}{name}").alias("figure"), "person_id"
            )
        )
    for g in GROUPS:
        member = (
            pl.col("_in_excl")
            if g.exclude_statutory
            else pl.any_horizontal(pl.col(f"_in_{t}") for t in g.tiers)
        )
        for name, cond in conditions.items():
            pieces.append(
                managers.filter(member & cond).select(
                    "_node", pl.lit(f"{g.name}{SEP}{name}").alias("figure"), "person_id"
                )
            )
    long = pl.concat(pieces)
    return long.select(
        pl.col("_node")
        .str.split_exact("|", 1)
        .struct.rename_fields(["system", "node"])
        .struct.unnest(),
        "figure",
        "person_id",
    )


@dataclass(frozen=True)
class DivideProtection:
    """Hidden flat figures per node for one family, and why."""

    threshold: int
    hidden: Mapping[str, Mapping[str, Reason]]
    """node → flat figure name → reason (only nodes with something hidden)."""

    def hidden_in(self, node: str) -> Mapping[str, Reason]:
        return self.hidden.get(node, {})

    def released(self, node: str, figure: str) -> bool:
        return figure not in self.hidden_in(node)


@dataclass
class _Cells:
    """One family as arrays: node × slot cells (counts, then remainders), relations, pairs."""

    nodes: list[str]
    index: dict[str, int]
    values: np.ndarray
    shown: np.ndarray
    relations: Relations
    nested: tuple[np.ndarray, np.ndarray]
    children: dict[int, list[int]]


def _cells(nodes: Sequence[str], counts: np.ndarray) -> _Cells:
    n = len(nodes)
    if counts.shape != (n, _K):
        raise ValueError(f"counts must be {n} × {_K}")
    index = {node: i for i, node in enumerate(nodes)}
    values = np.zeros((n, _WIDTH), dtype=np.int64)
    values[:, :_K] = counts
    shown = np.zeros((n, _WIDTH), dtype=bool)
    shown[:, :_K] = True
    rel = Relations()
    base = np.arange(n) * _WIDTH
    for total, parts in _EXACT:
        for b in base.tolist():
            rel.add(b + total, [b + p for p in parts])
    for j, (total, parts) in enumerate(_SUBSET):
        slot = _K + j
        values[:, slot] = np.maximum(counts[:, total] - counts[:, parts].sum(axis=1), 0)
        for b in base.tolist():
            rel.add(b + total, [*(b + p for p in parts), b + slot])
    children: dict[int, list[int]] = {}
    for node, i in index.items():
        parent = parent_of(node)
        while parent is not None and parent not in index:
            parent = parent_of(parent)
        if parent is not None:
            children.setdefault(index[parent], []).append(i)
    for p, kids in children.items():
        direct = counts[p] - counts[kids].sum(axis=0)
        values[p, _OWN0 : _OWN0 + _K] = np.maximum(direct, 0)
        pb = p * _WIDTH
        kid_bases = [k * _WIDTH for k in kids]
        for m in range(_K):
            rel.add(pb + m, [*(kb + m for kb in kid_bases), pb + _OWN0 + m])
    # Nested pairs: inside each node, and from every ancestor to every descendant.
    sup_list = [base[:, None] + _NESTED_SUP[None, :]]
    sub_list = [base[:, None] + _NESTED_SUB[None, :]]
    for node, i in index.items():
        ancestor = parent_of(node)
        while ancestor is not None:
            if ancestor in index:
                a = index[ancestor]
                sup_list.append(np.asarray([a * _WIDTH + _NESTED_OR_SAME_SUP]))
                sub_list.append(np.asarray([i * _WIDTH + _NESTED_OR_SAME_SUB]))
            ancestor = parent_of(ancestor)
    nested = (
        np.concatenate([x.ravel() for x in sup_list]),
        np.concatenate([x.ravel() for x in sub_list]),
    )
    return _Cells(list(nodes), index, values, shown, rel, nested, children)


def _fixed_point(
    cells: _Cells,
    *,
    threshold: int,
    min_hidden_mass: int,
    extra: np.ndarray,
    trace: dict[int, str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    return solve_arrays(
        values=cells.values.ravel(),
        shown=cells.shown.ravel(),
        relations=cells.relations,
        threshold=threshold,
        min_hidden_mass=min_hidden_mass,
        hidden=extra,
        nested=cells.nested,
        trace=trace,
        weights=np.tile(_WEIGHTS, len(cells.nodes)),
    )


def _member_arrays(cells: _Cells, members: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(cell id, person id) for every count and every remainder of the family, from the long
    ``memberships`` frame of one system (columns node, figure, person_id)."""
    slot_frame = pl.DataFrame(
        {"figure": list(PEOPLE_COUNTS), "_slot": list(range(_K))},
        schema={"figure": pl.String, "_slot": pl.Int64},
    )
    node_frame = pl.DataFrame(
        {"node": cells.nodes, "_node": list(range(len(cells.nodes)))},
        schema={"node": pl.String, "_node": pl.Int64},
    )
    long = (
        members.join(node_frame, on="node", how="inner")
        .join(slot_frame, on="figure", how="inner")
        .select("_node", "_slot", "person_id")
    )
    pieces = [long]
    for j, (total, parts) in enumerate(_SUBSET):
        big = long.filter(pl.col("_slot") == total)
        small = long.filter(pl.col("_slot").is_in(parts)).select("_node", "person_id")
        pieces.append(
            big.join(small, on=["_node", "person_id"], how="anti").with_columns(
                pl.lit(_K + j, dtype=pl.Int64).alias("_slot")
            )
        )
    parent_of_child = pl.DataFrame(
        [(k, p) for p, kids in cells.children.items() for k in kids],
        schema={"_node": pl.Int64, "_parent": pl.Int64},
        orient="row",
    )
    in_children = (
        long.join(parent_of_child, on="_node", how="inner")
        .select(pl.col("_parent").alias("_node"), "_slot", "person_id")
        .unique()
    )
    parents = pl.DataFrame({"_node": list(cells.children)}, schema={"_node": pl.Int64})
    own = (
        long.join(parents, on="_node", how="semi")
        .join(in_children, on=["_node", "_slot", "person_id"], how="anti")
        .with_columns((pl.col("_slot") + _OWN0).alias("_slot"))
    )
    pieces.append(own)
    every = pl.concat(pieces)
    cell = (every["_node"] * _WIDTH + every["_slot"]).to_numpy().astype(np.int64)
    return cell, every["person_id"].to_numpy().astype(np.int64)


def family_figures(
    *,
    nodes: Sequence[str],
    members: pl.DataFrame,
    hidden: Mapping[str, Mapping[str, Any]],
    system: str,
    name: str,
) -> list[Figure]:
    """The auditor's figures for one family: every people count of every node (released unless
    in ``hidden``), and every never-shown remainder (people attached directly to a node, the
    differences of the subset relations) as a hidden figure."""
    nodes = sorted(set(nodes) | set(members["node"].unique().to_list()))
    cells = _cells(nodes, np.zeros((len(nodes), _K), dtype=np.int64))
    cell_ids, people = _member_arrays(cells, members)
    by_cell: dict[int, list[int]] = {}
    for c, p in zip(cell_ids.tolist(), people.tolist(), strict=True):
        by_cell.setdefault(c, []).append(p)
    figures = []
    for i, node in enumerate(cells.nodes):
        mine = hidden.get(node, {})
        for slot in range(_WIDTH):
            if slot >= _OWN0 and i not in cells.children:
                continue
            cell = i * _WIDTH + slot
            if slot < _K:
                label, released = PEOPLE_COUNTS[slot], PEOPLE_COUNTS[slot] not in mine
            elif slot < _OWN0:
                total, parts = _SUBSET[slot - _K]
                label = f"{PEOPLE_COUNTS[total]} not {PEOPLE_COUNTS[parts[0]]}"
                released = False
            else:
                label, released = f"attached directly: {PEOPLE_COUNTS[slot - _OWN0]}", False
            figures.append(
                Figure(
                    name=f"{name} {node or '(organisation)'} {label}",
                    people=frozenset(by_cell.get(cell, ())),
                    released=released,
                    system=system,
                )
            )
    return figures


def protect_divide(
    *,
    nodes: Sequence[str],
    counts: np.ndarray,
    threshold: int = DEFAULT_THRESHOLD,
    min_hidden_mass: int = MIN_WIDTH,
    also_hide: Mapping[str, Sequence[str]] | None = None,
    trace: dict[str, str] | None = None,
    members: pl.DataFrame | None = None,
    max_rounds: int = 30,
) -> DivideProtection:
    """Protect one family (module rules). ``counts`` is nodes × ``PEOPLE_COUNTS`` (int).

    With ``members`` (the ``memberships`` of the same system), the pattern is then *audited and
    fixed*: the auditor's linear programme over people finds every protected cell (counts of 1 to
    threshold−1, and the never-shown remainders) whose feasible range is narrower than
    ``MIN_WIDTH``; for each, the cheapest released cell in the combination that pins it is hidden,
    the fixed point is run again, and the cells found are checked again (hiding more can only widen
    the ranges of the others) until none is left. ``also_hide`` (node → flat count names) adds
    hidden cells before the fixed point.
    """
    cells = _cells(nodes, counts)
    n = len(cells.nodes)
    grid = np.zeros((n, _WIDTH), dtype=bool)
    for node_name, names in (also_hide or {}).items():
        for name in names:
            grid[cells.index[node_name], _SLOT[name]] = True
    extra = grid.ravel()
    if members is not None and n:
        # The never-shown groups' true sizes (a person in two child units makes parent − Σ
        # children smaller than the people attached directly to the parent).
        member_cell, member_person = _member_arrays(cells, members)
        sizes = np.bincount(member_cell, minlength=cells.values.size).reshape(cells.values.shape)
        cells.values[:, _K:] = sizes[:, _K:]
    raw_trace: dict[int, str] | None = {} if trace is not None else None
    hide, reason = _fixed_point(
        cells, threshold=threshold, min_hidden_mass=min_hidden_mass, extra=extra, trace=raw_trace
    )
    if members is not None and n:
        values = cells.values.ravel()
        targets = np.flatnonzero((values > 0) & (values < threshold))
        weights = np.tile(_WEIGHTS, n) * values
        for _ in range(max_rounds):
            found = protected_ranges(
                member_figure=member_cell,
                member_person=member_person,
                values=values,
                released=~hide,
                targets=targets,
                integer=True,
            )
            narrow = [t for t, (lo, hi) in found.ranges.items() if hi - lo < MIN_WIDTH]
            if not narrow:
                break
            # Keep everything hidden so far: the new pattern only adds cells, so the ranges of
            # targets already proved wide enough can only widen.
            extra |= hide & cells.shown.ravel()
            for t in narrow:
                options = [
                    c for c in found.certificates.get(t, []) if not hide[c] and values[c] > 0
                ]
                if options:
                    extra[min(options, key=lambda c: (weights[c], c))] = True
                else:  # no certificate to break: hide the node's counts outright
                    first = (t // _WIDTH) * _WIDTH
                    extra[first : first + _K] = True
            hide, reason = _fixed_point(
                cells,
                threshold=threshold,
                min_hidden_mass=min_hidden_mass,
                extra=extra,
                trace=raw_trace,
            )
            targets = np.asarray(narrow, dtype=np.int64)
        else:  # pragma: no cover - a safety net: never release what could not be protected
            hide[:] = True
            reason[~cells.shown.ravel()] = 2
    if trace is not None and raw_trace is not None:

        def label(cell: int) -> str:
            node, slot = divmod(cell, _WIDTH)
            name = PEOPLE_COUNTS[slot] if slot < _K else f"remainder{slot - _K}"
            return f"{cells.nodes[node]}|{name}"

        for cell, why in raw_trace.items():
            words = [label(int(w)) if w.isdigit() else w for w in why.split()]
            trace[label(cell)] = " ".join(words)
    hide_k = hide.reshape(n, _WIDTH)[:, :_K]
    reason_k = reason.reshape(n, _WIDTH)[:, :_K]
    reason_names: dict[int, Reason] = {1: "primary", 3: "secondary", 2: "secondary"}
    hidden: dict[str, dict[str, Reason]] = {}
    root = cells.index.get("")
    basis_hidden = root is not None and any(hide_k[root, _SLOT[c]] for c in _BASIS_COUNTS)
    for i, node in enumerate(cells.nodes):
        cols = np.flatnonzero(hide_k[i])
        if cols.size == 0 and not basis_hidden:
            continue
        mine: dict[str, Reason] = {
            PEOPLE_COUNTS[m]: reason_names[int(reason_k[i, m])] for m in cols
        }
        for figure, sources in DERIVED.items():
            if any(src in mine for src in sources) and figure not in mine:
                mine[figure] = "derived"
        if basis_hidden:
            for figure in ORGANISATION_BASIS:
                mine.setdefault(figure, "derived")
        hidden[node] = mine
    return DivideProtection(threshold=threshold, hidden=hidden)


def protect_frame(
    flat: pl.DataFrame,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    members: pl.DataFrame | None = None,
    **kwargs: Any,
) -> DivideProtection:
    """``protect_divide`` for one system's rows of ``node_measures`` (columns ``node`` + flat),
    audited and fixed when ``members`` (that system's ``memberships``) is given."""
    nodes = flat["node"].to_list()
    counts = flat.select(PEOPLE_COUNTS).to_numpy().astype(np.int64)
    return protect_divide(
        nodes=nodes, counts=counts, threshold=threshold, members=members, **kwargs
    )


def apply_flat(row: Mapping[str, Any], hidden: Mapping[str, Reason]) -> dict[str, Any]:
    """A flat measures row with hidden figures replaced by ``"*"``."""
    return {k: (SUPPRESSED if k in hidden else v) for k, v in row.items()}


def footnotes(hidden: Mapping[str, Reason], *, threshold: int) -> list[str]:
    present = set(hidden.values())
    return [FOOTNOTES[r].format(threshold=threshold) for r in FOOTNOTE_ORDER if r in present]


__all__ = [
    "DERIVED",
    "PEOPLE_COUNTS",
    "TIERS",
    "DivideProtection",
    "apply_flat",
    "family_figures",
    "footnotes",
    "memberships",
    "node_measures",
    "parent_of",
    "protect_divide",
    "protect_frame",
]
