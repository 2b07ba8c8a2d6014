"""The cell-suppression engine behind ``suppression``: cells, relations, and the fixed point.

A *cell* is one figure, addressed by a path of keys. Counts of people are the cells that can be
small; every other figure is *derived* from one or more counts. Two kinds of relation tie counts
together:

* ``Additive``: total = sum of parts (a tier aggregate, the split by profession). When exactly
  one cell of the relation is hidden, the others give it away by subtraction, so a second one is
  hidden (secondary suppression).
* ``Complement``: total = part + a group that is never shown (non-clinicians = holders −
  clinician holders). When both are shown and that unshown group has 1 to threshold−1 people,
  the subtraction would reveal it, so ``target`` is hidden (complementary suppression).

The engine only ever adds suppressions, so repeating the two rules reaches a fixed point.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

Path = tuple[str, ...]
Reason = Literal["primary", "complementary", "secondary", "derived"]

REASONS: Final[tuple[Reason, ...]] = ("primary", "complementary", "secondary", "derived")


@dataclass(frozen=True)
class Additive:
    """total = sum(parts); at most one hidden cell would be recoverable."""

    total: Path
    parts: tuple[Path, ...]


@dataclass(frozen=True)
class Complement:
    """total = part + an unshown group of people described by ``unshown``."""

    total: Path
    part: Path
    target: Path
    unshown: str


@dataclass(frozen=True)
class Suppressed:
    """Why one cell is hidden."""

    reason: Reason
    detail: str


def dotted(path: Path) -> str:
    """A path as the dotted name used in footnotes, e.g. ``tiers.senior.clinician_holders``."""
    return ".".join(path)


def _is_small(value: float, threshold: int) -> bool:
    return 0 < value < threshold


def solve(
    *,
    counts: Mapping[Path, int],
    additive: Sequence[Additive],
    complements: Sequence[Complement],
    derived: Mapping[Path, Sequence[Path]],
    threshold: int,
) -> dict[Path, Suppressed]:
    """Decide which cells to hide: primary, then complementary and secondary to a fixed point.

    Rules: a count of 1 to threshold−1 people is hidden (primary); 0 is never hidden; a derived
    figure is hidden when any count it is computed from is hidden.
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    hidden: dict[Path, Suppressed] = {
        path: Suppressed("primary", f"fewer than {threshold} people")
        for path, value in counts.items()
        if _is_small(value, threshold)
    }

    def shown_nonzero(cells: Iterable[Path]) -> list[Path]:
        return [c for c in cells if c not in hidden and counts[c] > 0]

    changed = True
    while changed:
        changed = False
        for rule in complements:
            if rule.total in hidden or rule.part in hidden:
                continue
            if not _is_small(counts[rule.total] - counts[rule.part], threshold):
                continue
            # The target is normally non-zero (a zero target makes the total itself small, so
            # already hidden); the fallbacks keep the rule sound on inconsistent input too.
            candidates = shown_nonzero((rule.target, rule.total, rule.part))
            if candidates:
                hidden[candidates[0]] = Suppressed(
                    "complementary",
                    f"{dotted(rule.total)} minus {dotted(rule.part)} would reveal {rule.unshown}",
                )
                changed = True
        for group in additive:
            cells = (group.total, *group.parts)
            hidden_cells = [c for c in cells if c in hidden]
            if len(hidden_cells) != 1:
                continue
            parts = sorted(shown_nonzero(group.parts), key=lambda c: counts[c])
            choice = parts[:1] or shown_nonzero((group.total,))
            if choice:
                hidden[choice[0]] = Suppressed(
                    "secondary",
                    f"so that {dotted(hidden_cells[0])} cannot be worked out from "
                    f"{dotted(group.total)}",
                )
                changed = True
    for path, sources in derived.items():
        culprits = [s for s in sources if s in hidden]
        if culprits and path not in hidden:
            hidden[path] = Suppressed("derived", f"calculated from {dotted(culprits[0])}")
    return hidden


FOOTNOTES: Final[dict[Reason, str]] = {
    "primary": "Fewer than {threshold} people: hidden to protect the individuals concerned.",
    "complementary": (
        "Hidden because, subtracted from a total that is shown, it would reveal a group of fewer "
        "than {threshold} people."
    ),
    "secondary": (
        "Hidden so that another hidden figure cannot be worked out by subtraction from a total."
    ),
    "derived": "Calculated from a hidden count, so hidden too.",
}


def footnotes(hidden: Mapping[Path, Suppressed], *, threshold: int) -> list[str]:
    """One footnote per reason that occurs, in a fixed order (primary first)."""
    present = {entry.reason for entry in hidden.values()}
    return [FOOTNOTES[r].format(threshold=threshold) for r in REASONS if r in present]
