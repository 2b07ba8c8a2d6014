"""Fairness monitoring of the marketplace (docs/opportunities.md and docs/metrics.md, "Opportunities:
fairness"). Pure: people's facts and stage memberships in, protected tables out (no Django).

* Stages: **staff** (everyone employed by the organisation on the report date) → **applied** (applied
  for one of its opportunities in the period) → **selected** (selected, whether or not completed yet)
  → **completed**. Each stage is a subset of the one before; applicants no longer employed on the
  report date are left out of every stage.
* Rates: application rate = applied ÷ staff; selection rate = selected ÷ applied; completion rate =
  completed ÷ selected, for each group of each characteristic.
* Relative likelihood (WRES method): for sex, ethnicity, disability and clinician status, the
  reference group's rate ÷ the focus group's rate (White ÷ Black and minority ethnic, men ÷ women,
  non-disabled ÷ disabled, non-clinicians ÷ clinicians); 1.00 is parity, above 1 the focus group is
  less likely. For pay band and profession, which have many groups, the rate of everyone else ÷ the
  group's rate.
* Disclosure control: every count of every stage, characteristic and group is one family of the
  shared counts engine (``mantle.analytics.disclosure.Family``; decision 0011) — groups add up to the
  stage total, each stage nests in the one before — checked by the auditor's linear programme; rates
  and likelihoods are derived figures, hidden when a count they use is. HR/OD administrators of the
  organisation see exact figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from mantle.analytics.disclosure import Family, Figure, Protection, audit

STAGES: Final = ("staff", "applied", "selected", "completed")
RATES: Final = (
    ("application_rate", "staff", "applied"),
    ("selection_rate", "applied", "selected"),
    ("completion_rate", "selected", "completed"),
)
BINARY: Final = {
    "sex": ("Men", "Women"),
    "ethnicity": ("White", "Black and minority ethnic"),
    "disability": ("Non-disabled", "Disabled"),
    "clinician": ("Non-clinicians", "Clinicians"),
}
CHARACTERISTICS: Final = (
    ("band", "Pay band"),
    ("profession", "Profession"),
    ("clinician", "Clinician status"),
    ("sex", "Sex"),
    ("ethnicity", "Ethnicity"),
    ("disability", "Disability"),
)


@dataclass(frozen=True)
class PersonFacts:
    person_id: int
    band: str
    profession: str
    clinician: str  # reference / focus / unknown
    sex: str
    ethnicity: str
    disability: str


@dataclass
class FairnessTable:
    key: str
    label: str
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class FairnessReport:
    totals: dict[str, Any]
    tables: list[FairnessTable]
    footnotes: list[str]
    exact: bool
    figures: list[Figure] = field(default_factory=list)
    """Every count of the report as the auditor's figures: the people it counts, and whether the
    reader gets it (``mantle disclosure-audit``)."""


def _group_label(key: str, group: str) -> str:
    if key in BINARY:
        ref, foc = BINARY[key]
        return {"reference": ref, "focus": foc}.get(group, "Not known")
    return group or "Not known"


def _rate(num: int, den: int) -> float | None:
    return num / den if den else None


def fairness_report(
    *,
    people: Sequence[PersonFacts],
    applied: set[int],
    selected: set[int],
    completed: set[int],
    threshold: int,
    exact: bool,
    system: str = "",
) -> FairnessReport:
    """The fairness tables (module rules). ``system`` names the auditor's system the figures
    belong to."""
    staff = {p.person_id for p in people}
    sets: dict[str, set[int]] = {
        "staff": staff,
        "applied": applied & staff,
        "selected": selected & applied & staff,
        "completed": completed & selected & applied & staff,
    }
    cells: dict[tuple[Any, ...], frozenset[int]] = {}
    for stage in STAGES:
        cells[("all", stage)] = frozenset(sets[stage])
    groups: dict[str, list[str]] = {}
    for key, _label in CHARACTERISTICS:
        members: dict[str, set[int]] = {}
        for p in people:
            members.setdefault(getattr(p, key), set()).add(p.person_id)
        order = (
            [g for g in ("reference", "focus", "unknown") if g in members]
            if key in BINARY
            else sorted(members, key=lambda g: (g == "", g))
        )
        groups[key] = order
        for g in order:
            for stage in STAGES:
                cells[(key, g, stage)] = frozenset(members[g] & sets[stage])
    fam = Family(threshold=threshold)
    for cell, who in cells.items():
        fam.count(cell, len(who), weight=5.0 if cell[0] == "all" else 1.0)
    for i, stage in enumerate(STAGES):
        for key, _ in CHARACTERISTICS:
            fam.relation(("all", stage), [(key, g, stage) for g in groups[key]])
        if i:
            before = STAGES[i - 1]
            fam.remainder(("all", before), [("all", stage)], name=("all", before, "not", stage))
            for key, _ in CHARACTERISTICS:
                for g in groups[key]:
                    fam.remainder(
                        (key, g, before), [(key, g, stage)], name=(key, g, before, "not", stage)
                    )
    for key, _ in CHARACTERISTICS:
        for name, den, num in RATES:
            for g in groups[key]:
                fam.derived((key, g, name), [(key, g, den), (key, g, num)])
                fam.derived(
                    (key, g, name, "rl"),
                    [(key, g, den), (key, g, num), ("all", den), ("all", num)]
                    + (
                        [(key, "reference", den), (key, "reference", num)]
                        if key in BINARY and "reference" in groups[key]
                        else []
                    ),
                )

    def render(protection: Protection | None) -> FairnessReport:
        def show(cell: Any, value: Any) -> Any:
            return value if protection is None else protection.show(cell, value)

        totals = {stage: show(("all", stage), len(cells[("all", stage)])) for stage in STAGES}
        tables = []
        for key, label in CHARACTERISTICS:
            table = FairnessTable(key, label)
            ref = "reference" if key in BINARY else None
            for g in groups[key]:
                n = {stage: len(cells[(key, g, stage)]) for stage in STAGES}
                row: dict[str, Any] = {"group": g, "label": _group_label(key, g)}
                for stage in STAGES:
                    row[stage] = show((key, g, stage), n[stage])
                for name, den, num in RATES:
                    rate = _rate(n[num], n[den])
                    row[name] = show((key, g, name), rate)
                    if ref is not None:
                        if g != "focus" or ref not in groups[key]:
                            likelihood = None
                        else:
                            r = _rate(len(cells[(key, ref, num)]), len(cells[(key, ref, den)]))
                            likelihood = r / rate if r is not None and rate else None
                    else:
                        rest_den = len(cells[("all", den)]) - n[den]
                        rest_num = len(cells[("all", num)]) - n[num]
                        r = _rate(rest_num, rest_den)
                        likelihood = r / rate if r is not None and rate else None
                    row[f"{name}_rl"] = show((key, g, name, "rl"), likelihood)
                table.rows.append(row)
            tables.append(table)
        return FairnessReport(
            totals=totals,
            tables=tables,
            footnotes=[] if protection is None else protection.footnotes(),
            exact=protection is None,
            figures=[
                Figure(
                    name=f"opportunities {cell}",
                    people=who,
                    released=protection is None or protection.released(cell),
                    system=system,
                )
                for cell, who in cells.items()
            ],
        )

    if exact:
        return render(None)
    extra: set[Any] = set()
    for _ in range(50):
        protection = fam.protect(also_hide=extra)
        figures = [
            Figure(name=repr(c), people=who, released=protection.released(c), system="")
            for c, who in cells.items()
        ]
        violations = audit(figures, threshold=threshold, integer=False)["violations"]
        if not violations:
            return render(protection)
        by_name = {repr(c): (c, who) for c, who in cells.items()}
        added = False
        for v in violations:
            _cell, target = by_name[v["figure"]]
            candidates = [
                c
                for c, who in cells.items()
                if who & target and c not in extra and protection.released(c)
            ]
            if candidates:
                extra.add(min(candidates, key=lambda c: (len(cells[c]), repr(c))))
                added = True
        if not added:
            break
    extra.update(c for c, who in cells.items() if who and len(who) < len(staff))
    return render(fam.protect(also_hide=extra))


def figures_of(report: FairnessReport) -> list[dict[str, Any]]:
    """Flat rows for the CSV and the API: one per characteristic and group."""
    out = []
    for table in report.tables:
        for row in table.rows:
            out.append({"characteristic": table.key, **row})
    return out
