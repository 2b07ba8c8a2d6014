"""The means rule against an attacker who also compares adjacent month-ends (issue 11).

Random small organisations evolve over three month-ends (people join, leave, move unit, complete a
new assessment); the heatmap of each month-end is decided as the selector decides it (linked to
the previous month-end's figures, ``engine.heatmap.heatmap_decision``). The reader asks a random
sequence of tables — by unit at any depth, by staff group, by tier, the organisation — at the last
two month-ends and keeps every mean shown with its group (the worst case: as if the exact number of
people were published, not a band). Solving the linear system of the sums, they never recover one
person's score, nor the sum of a hidden group of one to four records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mantle.analytics.disclosure.means import MeanGroup, recoverable_sets
from mantle.capability.engine.heatmap import heatmap_decision, latest_per_person
from mantle.capability.engine.release import ORG, build_groups

THRESHOLD = 5
DATES = [dt.date(2026, 9, 30), dt.date(2026, 10, 31), dt.date(2026, 11, 30)]
UNITS = ["T/A", "T/B", "T/A/x", "T/B/z"]
GROUPS = ["Nursing", "Medical"]
TIERS = ["none", "middle"]


@st.composite
def histories(draw: st.DrawFn) -> list[pl.DataFrame]:
    """Assessments in force at each month-end: person_id, record_id, completed_on, unit_path,
    staff_group, tier, score."""
    size = draw(st.integers(2, 60))
    people: dict[int, dict[str, Any]] = {}
    for p in range(size):
        people[p] = {
            "unit_path": draw(st.sampled_from(UNITS)),
            "staff_group": draw(st.sampled_from(GROUPS)),
            "tier": draw(st.sampled_from(TIERS)),
            "record": f"self:{p}",
            "score": float(draw(st.integers(1, 4))),
            "here": True,
        }
    frames = []
    next_record = size
    for month, day in enumerate(DATES):
        if month:
            for person in people.values():
                change = draw(st.sampled_from(["stay"] * 12 + ["leave", "return", "move", "new"]))
                if change == "leave":
                    person["here"] = False
                elif change == "return":
                    person["here"] = True
                elif change == "move":
                    person["unit_path"] = draw(st.sampled_from(UNITS))
                elif change == "new":
                    person["record"] = f"self:{next_record}"
                    person["score"] = float(draw(st.integers(1, 4)))
                    next_record += 1
            for _ in range(draw(st.integers(0, 3))):  # joiners
                people[len(people)] = {
                    "unit_path": draw(st.sampled_from(UNITS)),
                    "staff_group": draw(st.sampled_from(GROUPS)),
                    "tier": draw(st.sampled_from(TIERS)),
                    "record": f"self:{next_record}",
                    "score": float(draw(st.integers(1, 4))),
                    "here": True,
                }
                next_record += 1
        rows = [
            {
                "person_id": p,
                "record_id": person["record"],
                "completed_on": day,
                "unit_path": person["unit_path"],
                "staff_group": person["staff_group"],
                "tier": person["tier"],
                "score": person["score"],
            }
            for p, person in people.items()
            if person["here"]
        ]
        frames.append(
            pl.DataFrame(
                rows,
                schema={
                    "person_id": pl.Int64,
                    "record_id": pl.String,
                    "completed_on": pl.Date,
                    "unit_path": pl.String,
                    "staff_group": pl.String,
                    "tier": pl.String,
                    "score": pl.Float64,
                },
            )
        )
    return frames


queries = st.lists(
    st.tuples(
        st.sampled_from([1, 2]),  # which of the last two month-ends
        st.one_of(
            st.tuples(st.just("unit"), st.integers(1, 5)),
            st.tuples(st.sampled_from(["staff_group", "tier", "org_code"]), st.none()),
        ),
    ),
    min_size=1,
    max_size=10,
)


def _groups_of(frame: pl.DataFrame) -> tuple[dict[Any, frozenset[Any]], frozenset[str]]:
    """Each group's members as (person, record) pairs: the unknowns a reader solves for."""
    latest = latest_per_person(frame, ["score"])
    members, _, has_children = build_groups(latest)
    record = dict(zip(latest["person_id"].to_list(), latest["record_id"].to_list(), strict=True))
    return {k: frozenset((p, record[p]) for p in m) for k, m in members.items()}, has_children


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(history=histories(), asked=queries)
def test_no_sequence_across_adjacent_month_ends_recovers_a_score(
    history: list[pl.DataFrame], asked: list[tuple[int, tuple[str, int | None]]]
) -> None:
    # Given each month-end decided as the selector decides it (with the month-end before it)
    decisions = {
        month: heatmap_decision(
            history[month], dimensions=["score"], threshold=THRESHOLD, previous=history[month - 1]
        )
        for month in (1, 2)
    }
    # When the reader asks a random sequence of tables at the last two month-ends
    released: dict[Any, MeanGroup] = {}
    every_record: set[Any] = set()
    small_hidden: list[frozenset[Any]] = []
    for month in (1, 2):
        members, _ = _groups_of(history[month])
        every_record |= members[ORG]
        for key, (n, _, reason) in ((k, cells[0]) for k, cells in decisions[month].cells.items()):
            if reason is not None and 0 < n < THRESHOLD:
                small_hidden.append(members[key])
    for month, (by, depth) in asked:
        snapshot = decisions[month]
        members, _ = _groups_of(history[month])
        for _label, key in snapshot.labels.rows(by=by, unit_depth=depth):  # type: ignore[arg-type]
            n, _, reason = snapshot.cells[key][0]
            if n and reason is None:
                released[(month, key)] = MeanGroup(key=(month, key), members=members[key])
    # Then every mean shown is over at least five records, and no person's score (their record)
    # nor a hidden group of one to four records follows from everything collected
    assert all(len(g.members) >= THRESHOLD for g in released.values())
    people = [frozenset({r}) for r in every_record]
    assert recoverable_sets(list(released.values()), people + small_hidden) == []


def test_one_joiner_between_month_ends_is_not_revealed() -> None:
    # Given a ward of six assessed people at one month-end, and a seventh who joins by the next
    def ward(n: int) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "person_id": list(range(n)),
                "record_id": [f"self:{i}" for i in range(n)],
                "completed_on": [dt.date(2026, 10, 1)] * n,
                "unit_path": ["T/W"] * n,
                "staff_group": ["Nursing"] * n,
                "tier": ["none"] * n,
                "score": [2.0] * 6 + [4.0] * (n - 6),
            }
        )

    before, after = ward(6), ward(7)
    decision = heatmap_decision(after, dimensions=["score"], threshold=5, previous=before)
    # Then the ward's mean (and every twin of it) is hidden at the later month-end: seven times
    # its mean minus six times last month's would be the joiner's score
    table = decision.table(by="unit", unit_depth=2, exact=False)
    assert table["mean"].to_list() == [None]
    assert table["suppression"].to_list() == ["linked"]
