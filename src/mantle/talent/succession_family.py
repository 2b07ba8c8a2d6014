"""Disclosure control for the succession dashboard, its htmx partial, its API and its CSV: one
family per organisation and date (issue 11, docs/decisions/0011-disclosure-one-family.md).

Rule (docs/talent.md, "Disclosure control"): every count of people (or of nominations, which are
people put forward for a post) that a reader can obtain from the succession pages — bench strength
of the organisation and of **every unit at every depth** (each unit's row, the row of posts
directly in it, and its total), the exposure figures about holders, the clinical pipeline of every
unit, and the organisation's projection — is one cell of one ``Family``. The relations a reader
can use are registered once: a unit = the posts directly in it + its child units (per column),
bench strength = ready now + ready in 1–2 years, successors = bench strength + ready in 3+ years +
emergency cover, clinicians = Σ professions, and the never-shown differences (non-clinician
successors, ready-now non-clinicians, holders who are not clinicians, ...) as remainders. The
pattern is then checked with the auditor's linear programme over the people and nominations each
cell counts (``protect_checked``), so every page, partial, API answer and download is a slice of
one pattern: no combination of units, depths or tables recovers a hidden count.

Counts of *posts* (critical posts, posts with a ready-now successor, exposure levels, vacant posts)
are not counts of people and are always shown.

The pattern is cached by content: the key is a digest of every cell's members, so a change to any
plan, candidate, readiness or the register gives a new key (nothing to invalidate by hand).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache

from mantle.analytics.disclosure import Family, Figure, Protection
from mantle.analytics.disclosure.checked import content_digest, protect_checked
from mantle.talent.rules.bench import ancestors
from mantle.talent.rules.readiness import Readiness
from mantle.workforce.rules.registration import Profession

if TYPE_CHECKING:
    from mantle.talent.measures import PostRow, SuccessionReport

Cell = tuple[Hashable, ...]

#: Nomination counts (a person put forward for one post), rolled up the unit tree.
BENCH_NOMINATIONS = ("ready_now", "ready_1_2", "ready_3_plus", "bench_strength")
#: People counted once per scope however many posts they are put forward for.
BENCH_PEOPLE = ("distinct_ready_now", "distinct_bench")
EXPOSURE_PEOPLE = ("acting_only", "retirement_near_or_past", "flight_risk_high")
PROFESSION_COLUMNS = tuple(f"profession_{p.value}" for p in Profession)
PIPELINE = ("successors", "clinician_successors", "ready_now_clinicians", *PROFESSION_COLUMNS)
PROJECTION = (
    "current_holders",
    "current_clinicians",
    "projected_holders",
    "projected_clinicians",
    "appointments",
)
_CACHE_SECONDS = 24 * 3600

# Item ids for the auditor: people are their person ids (as in the divide's figures, so that the
# auditor links the two); nominations and posts live far above any person id.
_NOMINATION = 1 << 45
_POST = 1 << 46


def _nomination(post_id: int, person_id: int) -> int:
    return _NOMINATION + (post_id << 22) + person_id


def _post(post_id: int) -> int:
    return _POST + post_id


@dataclass(frozen=True)
class SuccessionFamily:
    """Every succession cell of one organisation on one date, with the people (or nominations)
    each counts, and the one protection pattern."""

    cells: dict[Cell, frozenset[int]]
    shown: frozenset[Cell]
    protection: Protection

    def value(self, cell: Cell) -> int:
        return len(self.cells.get(cell, frozenset()))

    def show(self, cell: Cell, value: Any) -> Any:
        return self.protection.show(cell, value)

    def audit_figures(self, *, system: str, name: str) -> list[Figure]:
        """Every cell as the auditor's figure (remainders are never released)."""
        return [
            Figure(
                name=f"{name} {' '.join(map(str, cell))}",
                people=members,
                released=cell in self.shown and self.protection.released(cell),
                system=system,
            )
            for cell, members in self.cells.items()
        ]


def _row_members(
    row: PostRow, clinician: dict[int, bool], profession: dict[int, str | None]
) -> dict[str, set[int]]:
    post = row.post_id
    counted = row.counted

    def nominations(*bands: Readiness) -> set[int]:
        return {
            _nomination(post, c.person_id) for c in counted if not bands or c.readiness in bands
        }

    now = nominations(Readiness.READY_NOW)
    soon = nominations(Readiness.READY_1_2_YEARS)
    later = nominations(Readiness.READY_3_PLUS_YEARS)
    every = nominations()
    clin = {_nomination(post, c.person_id) for c in counted if clinician.get(c.person_id, False)}
    members: dict[str, set[int]] = {
        "ready_now": now,
        "ready_1_2": soon,
        "ready_3_plus": later,
        "bench_strength": now | soon,
        "emergency_cover": every - now - soon - later,
        "distinct_ready_now": {c.person_id for c in counted if c.readiness is Readiness.READY_NOW},
        "distinct_bench": {
            c.person_id
            for c in counted
            if c.readiness in (Readiness.READY_NOW, Readiness.READY_1_2_YEARS)
        },
        "successors": every,
        "clinician_successors": clin,
        "non_clinician_successors": every - clin,
        "ready_now_clinicians": now & clin,
        "ready_now_non_clinicians": now - clin,
        "acting_only": {_post(post)} if row.exposure.acting_only else set(),
        "retirement_near_or_past": (
            {_post(post)}
            if row.exposure.retirement and row.exposure.retirement.value in ("past", "near")
            else set()
        ),
        "flight_risk_high": ({_post(post)} if row.exposure.flight_risk.value == "high" else set()),
    }
    for column in PROFESSION_COLUMNS:
        members[column] = set()
    for c in counted:
        if clinician.get(c.person_id, False):
            key = f"profession_{profession.get(c.person_id) or 'other_registered'}"
            members.setdefault(key, set()).add(_nomination(post, c.person_id))
    return members


_ROW_COLUMNS = (
    *BENCH_NOMINATIONS,
    "emergency_cover",
    *BENCH_PEOPLE,
    "successors",
    "clinician_successors",
    "non_clinician_successors",
    "ready_now_clinicians",
    "ready_now_non_clinicians",
    *EXPOSURE_PEOPLE,
    *PROFESSION_COLUMNS,
)
#: Columns shown for the posts directly in a unit (the bench table's own row).
_DIRECT_SHOWN = (*BENCH_NOMINATIONS, *BENCH_PEOPLE)
#: Columns shown for a unit's whole subtree (bench table rows, exposure, pipeline).
_ALL_SHOWN = (*BENCH_NOMINATIONS, *BENCH_PEOPLE, *EXPOSURE_PEOPLE, *PIPELINE)


def family_cells(
    report: SuccessionReport,
) -> tuple[dict[Cell, frozenset[int]], set[Cell], Family, int]:
    """Every cell with its members, the cells a reader can be shown, and the family (relations)."""
    from mantle.talent.measures import threshold

    clinician = {pid: f.is_clinician for pid, f in report.clinical.items()}
    profession = {pid: f.profession for pid, f in report.clinical.items()}
    limit = threshold()
    direct: dict[str, dict[str, set[int]]] = {}
    for row in report.all_posts:
        found = _row_members(row, clinician, profession)
        into = direct.setdefault(row.unit_path, {c: set() for c in _ROW_COLUMNS})
        for column in _ROW_COLUMNS:
            into[column] |= found.get(column, set())
    scopes = sorted({a for path in direct for a in ancestors(path)})
    children: dict[str, list[str]] = {s: [] for s in scopes}
    for s in scopes:
        if s:
            parent = s.rsplit("/", 1)[0] if "/" in s else ""
            children[parent].append(s)
    subtree: dict[str, dict[str, set[int]]] = {}
    for s in sorted(scopes, key=lambda p: -len(ancestors(p))):
        total = {c: set(direct.get(s, {}).get(c, set())) for c in _ROW_COLUMNS}
        for child in children[s]:
            for c in _ROW_COLUMNS:
                total[c] |= subtree[child][c]
        subtree[s] = total
    cells: dict[Cell, frozenset[int]] = {}
    shown: set[Cell] = set()
    fam = Family(threshold=limit)

    def add(cell: Cell, members: Iterable[int], visible: bool) -> None:
        frozen = frozenset(members)
        cells[cell] = frozen
        fam.count(cell, len(frozen), shown=visible)
        if visible:
            shown.add(cell)

    for s in scopes:
        has_direct = s in direct
        for c in _ROW_COLUMNS:
            add((c, "all", s), subtree[s][c], c in _ALL_SHOWN)
            add(
                (c, "direct", s), direct.get(s, {}).get(c, set()), has_direct and c in _DIRECT_SHOWN
            )
    for s in scopes:
        for kind in ("all", "direct"):
            fam.relation(
                ("bench_strength", kind, s), [("ready_now", kind, s), ("ready_1_2", kind, s)]
            )
            fam.relation(
                ("successors", kind, s),
                [
                    ("bench_strength", kind, s),
                    ("ready_3_plus", kind, s),
                    ("emergency_cover", kind, s),
                ],
            )
            fam.relation(
                ("successors", kind, s),
                [("clinician_successors", kind, s), ("non_clinician_successors", kind, s)],
            )
            fam.relation(
                ("clinician_successors", kind, s), [(p, kind, s) for p in PROFESSION_COLUMNS]
            )
            fam.relation(
                ("ready_now", kind, s),
                [("ready_now_clinicians", kind, s), ("ready_now_non_clinicians", kind, s)],
            )
        for c in _ROW_COLUMNS:
            fam.relation((c, "all", s), [(c, "direct", s), *((c, "all", k) for k in children[s])])
    projection = report.projection_sets
    if projection is not None:
        for key, members in projection.items():
            add(("projection", key), members, key in PROJECTION)
        for when in ("current", "projected"):
            fam.relation(
                ("projection", f"{when}_holders"),
                [("projection", f"{when}_clinicians"), ("projection", f"{when}_others")],
            )
    return cells, shown, fam, limit


def succession_family(report: SuccessionReport) -> SuccessionFamily:
    """The organisation's succession family on the report's date (module rule), cached by content."""
    cells, shown, fam, limit = family_cells(report)
    key = f"mantle:talent:succession-family:{content_digest(cells, shown=shown, threshold=limit)}"
    reasons = cache.get(key)
    if reasons is None:
        protection = protect_checked(fam, cells, threshold=limit)
        cache.set(key, dict(protection.reasons), _CACHE_SECONDS)
    else:
        protection = Protection(threshold=limit, reasons=reasons)
    protection = _projection_within_the_divide(report, cells, protection)
    return SuccessionFamily(cells=cells, shown=frozenset(shown), protection=protection)


def _projection_within_the_divide(
    report: SuccessionReport, cells: dict[Cell, frozenset[int]], protection: Protection
) -> Protection:
    """Rule: the projection's people are the divide's senior managers, whom the divide protects in
    its own family. Its counts (and the shares and change made from them) are released only when
    today's senior-management holders and clinicians are exactly what the divide releases for the
    organisation on that date; otherwise the whole projection is hidden (the difference between two
    ways of counting the same people would describe a few of them)."""
    from mantle.divide.family import family

    projection = [c for c in cells if c[0] == "projection"]
    if not projection:
        return protection
    divide = family(org=report.organisation, on=report.on)
    flat, hidden = divide.row(""), divide.hidden_in("")
    agrees = all(
        name not in hidden and int(flat.get(name) or 0) == len(cells[("projection", key)])
        for name, key in (
            ("senior_management__holders", "current_holders"),
            ("senior_management__clinician_holders", "current_clinicians"),
        )
    )
    if agrees:
        return protection
    reasons = dict(protection.reasons)
    for cell in projection:
        reasons.setdefault(cell, "secondary")
    return Protection(threshold=protection.threshold, reasons=reasons)
