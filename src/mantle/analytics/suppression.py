"""Disclosure control for divide figures and other tables of people counts.

Rules (divide-metrics "Disclosure control"; the full catalogue is in docs/metrics.md):

* primary — a count of 1 to threshold−1 people is shown as ``"*"``; 0 stays 0;
* derived — a share, ratio or FTE calculated from a hidden count is hidden too;
* complementary — when a total and a part are both shown and their difference is a group of 1 to
  threshold−1 people (e.g. holders − clinician holders = 2 non-clinicians), the part is hidden;
* secondary — in every additive group (a tier aggregate and its tiers, clinician holders and
  their professions, a scope and its units) one hidden cell never stands alone while the total
  is shown: the smallest non-zero shown part, or else the total, is hidden as well.

Posts, filled and vacant posts are counts of posts (the establishment), not of people, and are
always shown.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import polars as pl

from mantle.analytics._disclosure import (
    Additive,
    Complement,
    Path,
    Suppressed,
    dotted,
    footnotes,
    solve,
)
from mantle.analytics._inputs import PROFESSIONS, TIERS
from mantle.analytics._measures import AGGREGATES, EXCLUDING_STATUTORY, PROFESSION_FIELD

__all__ = [
    "DEFAULT_THRESHOLD",
    "SUPPRESSED",
    "SuppressedTable",
    "suppress_breakdown",
    "suppress_divide",
    "suppress_table",
]

DEFAULT_THRESHOLD: Final = 5
SUPPRESSED: Final = "*"

_WORKFORCE: Final[Path] = ("workforce",)
_GROUP_PATHS: Final[tuple[Path, ...]] = (
    *(("tiers", t) for t in TIERS),
    *(("aggregates", a) for a in AGGREGATES),
    (EXCLUDING_STATUTORY,),
)
_GROUP_COUNTS: Final[tuple[tuple[str, ...], ...]] = (
    ("holders",),
    ("clinician_holders",),
    ("clinical_background_holders",),
    ("inferred_clinician_holders",),
    ("hybrid_holders",),
    *((PROFESSION_FIELD, p) for p in PROFESSIONS),
)
"""People counts inside one group's measures (relative paths)."""

_GROUP_DERIVED: Final[dict[str, tuple[str, ...]]] = {
    "clinician_share": ("clinician_holders", "holders"),
    "management_fte": ("holders",),
    "clinician_management_fte": ("clinician_holders",),
    "clinician_capacity_share": ("clinician_holders", "holders"),
    "representation_ratio": ("clinician_holders", "holders"),
    "hybrid_share": ("hybrid_holders", "clinician_holders"),
    "clinical_background_share": ("clinical_background_holders", "holders"),
}
"""Group figure → the counts of the same group it is calculated from (representation ratio also
uses the workforce clinician share, added below)."""

_WORKFORCE_COUNTS: Final = (
    "headcount",
    "clinician_headcount",
    "clinical_background_headcount",
    "inferred_clinician_headcount",
)
_WORKFORCE_DERIVED: Final[dict[str, tuple[str, ...]]] = {
    "fte": ("headcount",),
    "workforce_clinician_share": ("clinician_headcount", "headcount"),
    "workforce_clinical_background_share": ("clinical_background_headcount", "headcount"),
}

# (total, part, target, description of the never-shown difference): the complementary pairs
# inside one group and inside the workforce.
_GROUP_COMPLEMENTS: Final = (
    ("holders", "clinician_holders", "clinician_holders", "holders who are not clinicians"),
    (
        "holders",
        "clinical_background_holders",
        "clinical_background_holders",
        "holders without a clinical background",
    ),
    (
        "clinical_background_holders",
        "clinician_holders",
        "clinical_background_holders",
        "holders whose registration has lapsed",
    ),
    (
        "clinician_holders",
        "inferred_clinician_holders",
        "inferred_clinician_holders",
        "clinician holders with a recorded registration",
    ),
    (
        "clinician_holders",
        "hybrid_holders",
        "hybrid_holders",
        "clinician holders without a clinical assignment",
    ),
)
_WORKFORCE_COMPLEMENTS: Final = (
    ("headcount", "clinician_headcount", "clinician_headcount", "staff who are not clinicians"),
    (
        "headcount",
        "clinical_background_headcount",
        "clinical_background_headcount",
        "staff without a clinical background",
    ),
    (
        "clinical_background_headcount",
        "clinician_headcount",
        "clinical_background_headcount",
        "staff whose registration has lapsed",
    ),
    (
        "clinician_headcount",
        "inferred_clinician_headcount",
        "inferred_clinician_headcount",
        "clinicians with a recorded registration",
    ),
)


@dataclass
class _Catalogue:
    counts: dict[Path, int]
    additive: list[Additive]
    complements: list[Complement]
    derived: dict[Path, tuple[Path, ...]]


def _lookup(result: Mapping[str, Any], path: Path) -> Any:
    node: Any = result
    for key in path:
        node = node[key]
    return node


def _catalogue(result: Mapping[str, Any], prefix: Path = ()) -> _Catalogue:
    """Every count, relation and derivation in one ``divide_measures`` result."""
    cat = _Catalogue({}, [], [], {})
    workforce = (*prefix, *_WORKFORCE)
    for name in _WORKFORCE_COUNTS:
        cat.counts[(*workforce, name)] = _count(result, (*_WORKFORCE, name))
    for name, sources in _WORKFORCE_DERIVED.items():
        cat.derived[(*workforce, name)] = tuple((*workforce, s) for s in sources)
    for total, part, target, unshown in _WORKFORCE_COMPLEMENTS:
        cat.complements.append(
            Complement((*workforce, total), (*workforce, part), (*workforce, target), unshown)
        )
    for group in _GROUP_PATHS:
        where = (*prefix, *group)
        for relative in _GROUP_COUNTS:
            cat.counts[(*where, *relative)] = _count(result, (*group, *relative))
        for name, sources in _GROUP_DERIVED.items():
            cat.derived[(*where, name)] = tuple((*where, s) for s in sources)
        cat.derived[(*where, "representation_ratio")] += (
            (*workforce, "clinician_headcount"),
            (*workforce, "headcount"),
        )
        for total, part, target, unshown in _GROUP_COMPLEMENTS:
            cat.complements.append(
                Complement((*where, total), (*where, part), (*where, target), unshown)
            )
        cat.additive.append(
            Additive(
                (*where, "clinician_holders"),
                tuple((*where, PROFESSION_FIELD, p) for p in PROFESSIONS),
            )
        )
    for relative in _GROUP_COUNTS:
        for aggregate, tiers in AGGREGATES.items():
            cat.additive.append(
                Additive(
                    (*prefix, "aggregates", aggregate, *relative),
                    tuple((*prefix, "tiers", t, *relative) for t in tiers),
                )
            )
        cat.complements.append(
            Complement(
                (*prefix, "tiers", "board_executive", *relative),
                (*prefix, EXCLUDING_STATUTORY, *relative),
                (*prefix, EXCLUDING_STATUTORY, *relative),
                "board executives who hold only statutory clinical posts",
            )
        )
    sm = (*prefix, "aggregates", "senior_management")
    cat.derived[(*prefix, "divide_gap_pp")] = (
        (*workforce, "clinician_headcount"),
        (*workforce, "headcount"),
        (*sm, "clinician_holders"),
        (*sm, "holders"),
    )
    return cat


def _count(result: Mapping[str, Any], path: Path) -> int:
    value = _lookup(result, path)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(
            f"{dotted(path)} is {value!r}, not a count: is the result already suppressed?"
        )
    return value


def _apply(
    result: Mapping[str, Any], hidden: Mapping[Path, Suppressed], *, prefix: Path, threshold: int
) -> dict[str, Any]:
    """A deep copy of ``result`` with hidden cells set to ``"*"`` and the disclosure notes."""
    output: dict[str, Any] = copy.deepcopy(dict(result))
    notes = []
    for path, entry in hidden.items():
        if path[: len(prefix)] != prefix:
            continue
        relative = path[len(prefix) :]
        parent = _lookup(output, relative[:-1])
        parent[relative[-1]] = SUPPRESSED
        notes.append({"cell": dotted(relative), "reason": entry.reason, "detail": entry.detail})
    mine = {p: e for p, e in hidden.items() if p[: len(prefix)] == prefix}
    output["disclosure_control"] = {
        "threshold": threshold,
        "suppressed": notes,
        "footnotes": footnotes(mine, threshold=threshold),
    }
    return output


def suppress_divide(
    result: Mapping[str, Any], *, threshold: int = DEFAULT_THRESHOLD
) -> dict[str, Any]:
    """Apply disclosure control to one ``divide_measures`` result.

    Rules: primary, derived, complementary and secondary suppression as set out in this module's
    docstring and docs/metrics.md. Returns a new dict of the same shape, hidden cells set to
    ``"*"``, plus a ``"disclosure_control"`` key: ``{"threshold", "suppressed": [{"cell",
    "reason", "detail"}], "footnotes": [str]}``, for the UI's footnotes and the audit trail.
    """
    cat = _catalogue(result)
    hidden = solve(
        counts=cat.counts,
        additive=cat.additive,
        complements=cat.complements,
        derived=cat.derived,
        threshold=threshold,
    )
    return _apply(result, hidden, prefix=(), threshold=threshold)


def suppress_breakdown(
    *,
    scope: Mapping[str, Any],
    units: Sequence[Mapping[str, Any]],
    threshold: int = DEFAULT_THRESHOLD,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Disclosure control for a drill-down: a scope's result shown beside its units' results.

    Rules: everything ``suppress_divide`` does inside each result, and in addition each people
    count of the scope is treated as the total of the same count over its units, so a hidden unit
    cell cannot be recovered by subtracting the other units from the scope's figure. ``units`` are
    the ``measures`` dicts of ``unit_breakdown`` rows. Returns (scope, units) suppressed.
    """
    scope_cat = _catalogue(scope, ("scope",))
    unit_cats = [_catalogue(unit, ("unit", str(i))) for i, unit in enumerate(units)]
    cats = [scope_cat, *unit_cats]
    additive = [rule for cat in cats for rule in cat.additive]
    if units:
        for path in scope_cat.counts:
            relative = path[1:]
            additive.append(
                Additive(path, tuple(("unit", str(i), *relative) for i in range(len(units))))
            )
    hidden = solve(
        counts={p: v for cat in cats for p, v in cat.counts.items()},
        additive=additive,
        complements=[rule for cat in cats for rule in cat.complements],
        derived={p: s for cat in cats for p, s in cat.derived.items()},
        threshold=threshold,
    )
    return (
        _apply(scope, hidden, prefix=("scope",), threshold=threshold),
        [
            _apply(unit, hidden, prefix=("unit", str(i)), threshold=threshold)
            for i, unit in enumerate(units)
        ],
    )


@dataclass(frozen=True)
class SuppressedTable:
    """A table after disclosure control.

    ``table`` has every count and derived column as text (``"*"`` where hidden, nulls kept);
    ``mask`` has the same columns as booleans, True where hidden (for colouring a heatmap from
    the original numbers without showing them).
    """

    table: pl.DataFrame
    mask: pl.DataFrame


def suppress_table(
    df: pl.DataFrame,
    *,
    count_columns: Sequence[str],
    derived: Mapping[str, Sequence[str]],
    threshold: int = DEFAULT_THRESHOLD,
    complements: Sequence[tuple[str, str]] = (),
    additive_groups: Sequence[tuple[str, Sequence[str]]] = (),
) -> SuppressedTable:
    """Disclosure control for any table whose rows are independent aggregates.

    Rules, row by row: a count of 1 to threshold−1 is hidden (primary); for each ``(part,
    total)`` in ``complements``, when both are shown and total − part is 1 to threshold−1 the part
    is hidden (complementary); for each ``(total, parts)`` in ``additive_groups`` one hidden cell
    never stands alone (secondary); ``derived`` maps each derived column to the count columns it
    is calculated from, and it is hidden when any of them is. Tables whose *rows* add up to a
    total row need ``suppress_breakdown``-style handling, which this helper does not do.
    """
    missing = [c for c in (*count_columns, *derived) if c not in df.columns]
    if missing:
        raise ValueError(f"suppress_table: no column(s) {', '.join(missing)}")
    unknown_sources = sorted({s for ss in derived.values() for s in ss} - set(count_columns))
    if unknown_sources:
        raise ValueError(f"derived columns must come from count_columns: {unknown_sources}")
    values = df.select(pl.col(c).cast(pl.Float64) for c in count_columns).to_numpy()
    values = np.nan_to_num(values, nan=0.0)
    index = {c: i for i, c in enumerate(count_columns)}
    paths: dict[str, Path] = {c: (c,) for c in count_columns}
    rules = [
        Complement(paths[total], paths[part], paths[part], f"{total} minus {part}")
        for part, total in complements
    ]
    groups = [
        Additive(paths[total], tuple(paths[p] for p in parts)) for total, parts in additive_groups
    ]
    derivations: dict[Path, tuple[Path, ...]] = {
        (d,): tuple(paths[s] for s in sources) for d, sources in derived.items()
    }
    hidden_rows: list[set[str]] = []
    for row in values:
        hidden = solve(
            counts={paths[c]: int(row[index[c]]) for c in count_columns},
            additive=groups,
            complements=rules,
            derived=derivations,
            threshold=threshold,
        )
        hidden_rows.append({path[0] for path in hidden})
    affected = [*count_columns, *(d for d in derived if d not in index)]
    mask = pl.DataFrame(
        {c: [c in row for row in hidden_rows] for c in affected},
        schema=dict.fromkeys(affected, pl.Boolean),
    )
    table = df.with_columns(
        pl.when(mask[c]).then(pl.lit(SUPPRESSED)).otherwise(pl.col(c).cast(pl.String)).alias(c)
        for c in affected
    )
    return SuppressedTable(table=table, mask=mask)
