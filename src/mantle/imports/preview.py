"""What a workforce import would do, worked out before anything is kept, and the mass-leaver guard.

The preview runs the real loader inside a transaction that is always rolled back, so its figures
are the import's own (no second implementation of the snapshot rules to drift apart), then
compares the register's current assignments before and after: starters, leavers, people whose
assignment changed, and new posts, by unit, with the people named (the page that shows them is
open only to the organisation's HR administrators).

The guard: a snapshot is the organisation's whole workforce, so a file that leaves people out
ends their assignments. An import that would end more than a set share of the current assignments
(setting ``MANTLE_IMPORT_MASS_LEAVER_SHARE``, default 0.10) goes ahead only when the user names
the number of assignments it ends. An import that ends fewer than
``MANTLE_IMPORT_MASS_LEAVER_MINIMUM`` assignments (default 25) never needs it: in a small register
one ordinary leaver is already more than 10%.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from mantle.workforce.models import Assignment, EmployeeNumber, Organisation, PostVersion

from .loaders.workforce import ImportCounts, workforce_import

DEFAULT_MASS_LEAVER_SHARE = 0.10
DEFAULT_MASS_LEAVER_MINIMUM = 25
PEOPLE_LISTED = 2000  # per kind; the totals are always exact


def mass_leaver_share() -> float:
    """The share of current assignments an import may end without confirmation."""
    return float(getattr(settings, "MANTLE_IMPORT_MASS_LEAVER_SHARE", DEFAULT_MASS_LEAVER_SHARE))


def current_assignment_count(org: Organisation) -> int:
    """Assignments in the register now (not ended, not retracted)."""
    return Assignment.objects.filter(organisation=org, valid_to__isnull=True).live().count()


def mass_leavers_refusal(
    *, ended: int, current: int, confirmed: int | None, share: float | None = None
) -> str | None:
    """Why an import that ends ``ended`` of ``current`` assignments may not go ahead (None when it
    may). Rule: more than ``share`` of the current assignments, and at least the minimum, needs
    ``confirmed == ended``."""
    limit = mass_leaver_share() if share is None else share
    minimum = int(
        getattr(settings, "MANTLE_IMPORT_MASS_LEAVER_MINIMUM", DEFAULT_MASS_LEAVER_MINIMUM)
    )
    if current == 0 or ended < minimum or ended <= limit * current or confirmed == ended:
        return None
    told = (
        f" You confirmed {confirmed:,}, which is not the number it would end."
        if confirmed is not None
        else ""
    )
    return (
        f"This import would end {ended:,} of the {current:,} current assignments "
        f"({ended / current:.0%}), more than the {limit:.0%} allowed without confirmation. "
        "A file is the organisation's whole workforce on its date: everyone left out of it is "
        f"treated as a leaver. If that is what you mean, confirm the number {ended:,} "
        f"(on the command line: --allow-mass-leavers {ended}).{told}"
    )


class MassLeavers(Exception):
    """Raised inside the import's transaction so that nothing it wrote is kept."""

    def __init__(self, message: str, *, ended: int, current: int) -> None:
        super().__init__(message)
        self.ended = ended
        self.current = current


def workforce_import_guarded(
    *,
    org: Organisation,
    as_of: dt.date,
    rows: Sequence[Any],
    correct: bool = False,
    confirmed_ended: int | None = None,
    progress: Any = None,
) -> ImportCounts:
    """``workforce_import`` that rolls back and raises ``MassLeavers`` when the guard refuses.

    Rule: the count of ended assignments is the loader's own, compared with the current
    assignments read in the same transaction."""
    with transaction.atomic():
        current = current_assignment_count(org)
        counts = workforce_import(
            org=org, as_of=as_of, rows=rows, correct=correct, progress=progress
        )
        refusal = mass_leavers_refusal(
            ended=counts.ended_assignments, current=current, confirmed=confirmed_ended
        )
        if refusal:
            raise MassLeavers(refusal, ended=counts.ended_assignments, current=current)
    return counts


@dataclass
class PreviewPerson:
    employee_number: str
    name: str
    post: str
    unit: str


@dataclass
class PreviewUnit:
    unit: str
    starters: int = 0
    leavers: int = 0
    changes: int = 0
    new_posts: int = 0


@dataclass
class ImportPreview:
    counts: dict[str, int]
    current_assignments: int
    ended_assignments: int
    refusal: str | None
    # People counted in each list (the lists hold at most PEOPLE_LISTED).
    totals: dict[str, int] = field(default_factory=dict)
    units: list[PreviewUnit] = field(default_factory=list)
    starters: list[PreviewPerson] = field(default_factory=list)
    leavers: list[PreviewPerson] = field(default_factory=list)
    changed: list[PreviewPerson] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Rollback(Exception):
    pass


def _register(org: Organisation) -> dict[int, tuple[str, str, str, str, tuple[Any, ...]]]:
    """Person id → (employee number, name, post title, unit path, assignment signature) for the
    organisation's current assignments (the first assignment names the post and unit)."""
    titles = {
        post_id: (title, unit_path or "")
        for post_id, title, unit_path in PostVersion.objects.filter(
            organisation=org, valid_to__isnull=True
        )
        .live()
        .values_list("post_id", "title", "unit__path")
    }
    people: dict[int, list[Any]] = {}
    for person_id, first, last, post_id, fte, number in (
        Assignment.objects.filter(organisation=org, valid_to__isnull=True)
        .live()
        .order_by("person_id", "assignment_number")
        .values_list(
            "person_id",
            "person__first_name",
            "person__last_name",
            "post_id",
            "fte",
            "assignment_number",
        )
    ):
        entry = people.setdefault(person_id, [first, last, post_id, []])
        entry[3].append((number, post_id, str(fte)))
    numbers = dict(
        EmployeeNumber.objects.filter(organisation=org).values_list("person_id", "number")
    )
    result = {}
    for person_id, (first, last, post_id, signature) in people.items():
        title, unit = titles.get(post_id, ("", ""))
        result[person_id] = (
            numbers.get(person_id) or "",
            f"{first} {last}",
            title,
            unit,
            tuple(sorted(signature)),
        )
    return result


def import_preview(
    *,
    org: Organisation,
    as_of: dt.date,
    rows: Sequence[Any],
    correct: bool = False,
    confirmed_ended: int | None = None,
) -> ImportPreview:
    """What importing ``rows`` would do; nothing is kept.

    Rule: the real loader runs in a transaction that is rolled back; starters are people with a
    current assignment after and none before, leavers the reverse, changes people whose
    assignments (number, post, FTE) differ; each is counted under the unit of their post (a
    leaver's as it was, others' as it would be)."""
    before = _register(org)
    post_ids_before = set(
        PostVersion.objects.filter(organisation=org).values_list("post_id", flat=True)
    )
    current = current_assignment_count(org)
    captured: dict[str, Any] = {}
    try:
        with transaction.atomic():
            counts = workforce_import(org=org, as_of=as_of, rows=rows, correct=correct)
            captured["counts"] = counts
            captured["after"] = _register(org)
            captured["new_posts"] = list(
                PostVersion.objects.filter(organisation=org, valid_to__isnull=True)
                .live()
                .exclude(post_id__in=post_ids_before)
                .values_list("unit__path", flat=True)
            )
            raise _Rollback
    except _Rollback:
        pass
    counts = captured["counts"]
    after = captured["after"]
    units: dict[str, PreviewUnit] = defaultdict(lambda: PreviewUnit(unit=""))

    def unit(path: str) -> PreviewUnit:
        entry = units[path or "(no unit)"]
        entry.unit = path or "(no unit)"
        return entry

    def person(entry: tuple[str, str, str, str, tuple[Any, ...]]) -> PreviewPerson:
        return PreviewPerson(employee_number=entry[0], name=entry[1], post=entry[2], unit=entry[3])

    starters = [person(after[p]) for p in after.keys() - before.keys()]
    leavers = [person(before[p]) for p in before.keys() - after.keys()]
    changed = [
        person(after[p]) for p in after.keys() & before.keys() if after[p][4] != before[p][4]
    ]
    for kind, people in (("starters", starters), ("leavers", leavers), ("changes", changed)):
        for entry in people:
            target = unit(entry.unit)
            setattr(target, kind, getattr(target, kind) + 1)
    for path in captured["new_posts"]:
        unit(path or "").new_posts += 1

    def listed(people: list[PreviewPerson]) -> list[PreviewPerson]:
        return sorted(people, key=lambda p: (p.unit, p.name, p.employee_number))[:PEOPLE_LISTED]

    return ImportPreview(
        counts=counts.as_dict(),
        current_assignments=current,
        ended_assignments=counts.ended_assignments,
        refusal=mass_leavers_refusal(
            ended=counts.ended_assignments, current=current, confirmed=confirmed_ended
        ),
        totals={"starters": len(starters), "leavers": len(leavers), "changed": len(changed)},
        units=sorted(units.values(), key=lambda u: u.unit),
        starters=listed(starters),
        leavers=listed(leavers),
        changed=listed(changed),
    )
