"""Equality of 9-box placement, WRES/WDES style: relative likelihoods, with small numbers hidden.

Rules (docs/talent.md, "Equality of placement"):

* The *outcome* is a placement in the top row of the grid (high potential), the gateway to
  succession and talent pools.
* For each characteristic, people are split into a **reference group**, a **focus group** and
  *not known*: ethnicity — White (codes A, B, C) against Black and minority ethnic (D–S); sex —
  men (1) against women (2); disability — non-disabled (N) against disabled (Y); clinician —
  non-clinicians against clinicians. Codes Z, 99, U, X, 9 and blanks are *not known*.
* Rate of a group = people placed in the outcome ÷ people in the group. **Relative likelihood** =
  reference rate ÷ focus rate, as WRES indicator 2 does (White ÷ BME): 1.00 is parity; above 1 the
  focus group is less likely to be placed; undefined when the focus rate is 0.
* Disclosure control (``mantle.analytics.disclosure.Family``, the counts engine), every row in one
  family: a count of 1 to threshold−1 is hidden; a "placed" count is hidden when the people *not*
  placed in that group number 1 to threshold−1; groups add up to the totals (the same cells in
  every row), so one hidden group never stands alone; rates and the relative likelihood are hidden
  when a count they use is. These figures are hidden for every viewer, HR included
  (docs/decisions/0007-…). A review's results protect the grid and this view together
  (``talent.disclosure.protect_review``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from mantle.analytics.disclosure import SUPPRESSED, Family

__all__ = ["CHARACTERISTICS", "PersonOutcome", "equality_rows", "group_of"]

Group = Literal["reference", "focus", "unknown"]


@dataclass(frozen=True)
class Characteristic:
    key: str
    label: str
    reference_label: str
    focus_label: str


CHARACTERISTICS: Final[tuple[Characteristic, ...]] = (
    Characteristic("ethnicity", "Ethnicity", "White", "Black and minority ethnic"),
    Characteristic("sex", "Sex", "Men", "Women"),
    Characteristic("disability", "Disability", "Non-disabled", "Disabled"),
    Characteristic("clinician", "Clinician", "Non-clinicians", "Clinicians"),
)

_WHITE: Final = frozenset("ABC")
_MINORITY: Final = frozenset("DEFGHJKLMNPRS")


@dataclass(frozen=True)
class PersonOutcome:
    sex: str
    ethnic_category: str
    disability: str
    clinician: bool | None
    placed: bool


def group_of(characteristic: str, person: PersonOutcome) -> Group:
    """Which group a person falls in for one characteristic (module rule)."""
    if characteristic == "ethnicity":
        code = person.ethnic_category.strip().upper()
        return "reference" if code in _WHITE else "focus" if code in _MINORITY else "unknown"
    if characteristic == "sex":
        code = person.sex.strip().upper()
        return "reference" if code == "1" else "focus" if code == "2" else "unknown"
    if characteristic == "disability":
        code = person.disability.strip().upper()
        return "reference" if code == "N" else "focus" if code == "Y" else "unknown"
    if characteristic == "clinician":
        if person.clinician is None:
            return "unknown"
        return "focus" if person.clinician else "reference"
    raise ValueError(f"Unknown characteristic {characteristic!r}")


_COUNTS: Final = (
    "total_people",
    "total_placed",
    "reference_people",
    "reference_placed",
    "focus_people",
    "focus_placed",
    "unknown_people",
    "unknown_placed",
)


def _raw_rows(people: Sequence[PersonOutcome]) -> list[dict[str, Any]]:
    rows = []
    for ch in CHARACTERISTICS:
        row: dict[str, Any] = dict.fromkeys(_COUNTS, 0)
        row["characteristic"] = ch.key
        for person in people:
            group = group_of(ch.key, person)
            row[f"{group}_people"] += 1
            row[f"{group}_placed"] += int(person.placed)
            row["total_people"] += 1
            row["total_placed"] += int(person.placed)
        ref = row["reference_placed"] / row["reference_people"] if row["reference_people"] else None
        foc = row["focus_placed"] / row["focus_people"] if row["focus_people"] else None
        row["reference_rate"] = ref
        row["focus_rate"] = foc
        row["relative_likelihood"] = ref / foc if ref is not None and foc else None
        rows.append(row)
    return rows


@dataclass(frozen=True)
class EqualityRow:
    characteristic: Characteristic
    values: dict[str, Any]
    """Counts (int or "*"), rates and relative likelihood (float, None or "*")."""

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def suppressed(self) -> bool:
        return any(v == SUPPRESSED for v in self.values.values())


def equality_rows(
    people: Sequence[PersonOutcome], *, threshold: int, suppress: bool = True
) -> list[EqualityRow]:
    """One row per characteristic: group counts, rates and the relative likelihood, suppressed by the
    module rule (``suppress=False`` only for tests and hand checks)."""
    raw = _raw_rows(people)
    if not suppress:
        return [EqualityRow(ch, row) for ch, row in zip(CHARACTERISTICS, raw, strict=True)]
    # One family through the counts engine (issue 11): the totals are the same cells in every
    # row; the groups add up to them; within a group, placed + not placed (never shown) = people.
    fam = Family(threshold=threshold)
    total_people, total_placed = ("total", "people"), ("total", "placed")
    fam.count(total_people, raw[0]["total_people"])
    fam.count(total_placed, raw[0]["total_placed"])
    fam.remainder(total_people, [total_placed], name=("total", "not_placed"))
    cell_of: dict[tuple[str, str], tuple[str, ...]] = {}
    for ch, row in zip(CHARACTERISTICS, raw, strict=True):
        cell_of[(ch.key, "total_people")] = total_people
        cell_of[(ch.key, "total_placed")] = total_placed
        for g in ("reference", "focus", "unknown"):
            in_group, placed = (ch.key, g, "people"), (ch.key, g, "placed")
            fam.count(in_group, row[f"{g}_people"])
            fam.count(placed, row[f"{g}_placed"])
            fam.remainder(in_group, [placed], name=(ch.key, g, "not_placed"))
            cell_of[(ch.key, f"{g}_people")] = in_group
            cell_of[(ch.key, f"{g}_placed")] = placed
        groups = ("reference", "focus", "unknown")
        fam.relation(total_people, [(ch.key, g, "people") for g in groups])
        fam.relation(total_placed, [(ch.key, g, "placed") for g in groups])
        for g in ("reference", "focus"):
            cell_of[(ch.key, f"{g}_rate")] = (ch.key, f"{g}_rate")
            fam.derived((ch.key, f"{g}_rate"), [(ch.key, g, "people"), (ch.key, g, "placed")])
        cell_of[(ch.key, "relative_likelihood")] = (ch.key, "relative_likelihood")
        fam.derived(
            (ch.key, "relative_likelihood"),
            [(ch.key, g, k) for g in ("reference", "focus") for k in ("people", "placed")],
        )
    protection = fam.protect()
    out = []
    for ch, original in zip(CHARACTERISTICS, raw, strict=True):
        values = {
            key: (
                protection.show(cell_of[(ch.key, key)], value)
                if (ch.key, key) in cell_of
                else value
            )
            for key, value in original.items()
        }
        out.append(EqualityRow(ch, values))
    return out
