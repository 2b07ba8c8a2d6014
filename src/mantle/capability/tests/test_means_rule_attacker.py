"""The means rule against an attacker with linear algebra (issue 11): random organisations (unit
trees with people attached at every level, staff groups, tiers) and random sequences of tables
requested (by unit at any depth, by staff group, by tier, the organisation). Whatever the reader
collects, no person's score, and no hidden group of fewer than five, follows from the means shown."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from mantle.analytics.disclosure.means import MeanGroup, protect_means, recoverable_sets
from mantle.capability.engine.release import build_groups, unit_key

THRESHOLD = 5

UNITS = ["T", "T/A", "T/B", "T/A/x", "T/A/y", "T/B/z", "T/A/x/1", "T/A/x/2"]


@st.composite
def organisations(draw: st.DrawFn) -> pl.DataFrame:
    size = draw(st.integers(1, 45))
    return pl.DataFrame(
        {
            "person_id": list(range(size)),
            "unit_path": draw(st.lists(st.sampled_from(UNITS), min_size=size, max_size=size)),
            "staff_group": draw(
                st.lists(
                    st.sampled_from(["Nursing", "Medical", "Estates"]), min_size=size, max_size=size
                )
            ),
            "tier": draw(
                st.lists(st.sampled_from(["none", "middle"]), min_size=size, max_size=size)
            ),
        }
    )


requests = st.lists(
    st.one_of(
        st.tuples(st.just("unit"), st.integers(1, 5)),
        st.tuples(st.sampled_from(["staff_group", "tier", "org"]), st.just(0)),
    ),
    min_size=1,
    max_size=8,
)


def _table(frame: pl.DataFrame, members, has_children, kind: str, depth: int):  # type: ignore[no-untyped-def]
    """The group keys one table shows rows for (as the heatmap builds them)."""
    if kind == "org":
        return [("org", "")]
    if kind in ("staff_group", "tier"):
        return [(kind, v) for v in set(frame[kind].to_list())]
    labels = {"/".join(p.split("/")[:depth]) for p in frame["unit_path"].to_list()}
    return [unit_key(label, depth=depth, has_children=has_children) for label in labels]


@settings(max_examples=60, deadline=None)
@given(frame=organisations(), asked=requests)
def test_no_sequence_of_tables_recovers_a_person_or_a_small_hidden_group(
    frame: pl.DataFrame, asked: list[tuple[str, int]]
) -> None:
    # Given a random organisation, decided once over every group a reader can obtain
    members, parents, has_children = build_groups(frame)
    groups = [
        MeanGroup(key=k, members=m, parent=parents[k])
        for k, m in members.items()
        if k != ("org", "")
    ]
    groups.append(MeanGroup(key=("org", ""), members=members[("org", "")]))
    decision = protect_means(groups, threshold=THRESHOLD)
    # When the reader requests a random sequence of tables and keeps every mean shown
    released: dict[object, MeanGroup] = {}
    for kind, depth in asked:
        for key in _table(frame, members, has_children, kind, depth):
            if decision.shown(key) and members[key]:
                released[key] = MeanGroup(key=key, members=members[key])
    # Then every shown mean is over at least five people...
    assert all(len(g.members) >= THRESHOLD for g in released.values())
    # ...and solving the linear system of everything collected pins down no single person and no
    # hidden group of one to four people
    people = [frozenset({p}) for p in frame["person_id"].to_list()]
    small_hidden = [members[k] for k in decision.hidden if 0 < len(members[k]) < THRESHOLD]
    assert recoverable_sets(list(released.values()), people + small_hidden) == []


def test_the_issue_attack_shape_hides_a_second_figure() -> None:
    # Given a parent with one person attached directly and four teams of six
    rows = [{"person_id": 0, "unit_path": "T/M", "staff_group": "Nursing", "tier": "none"}]
    rows += [
        {
            "person_id": 1 + 6 * t + i,
            "unit_path": f"T/M/{t}",
            "staff_group": "Nursing",
            "tier": "none",
        }
        for t in range(4)
        for i in range(6)
    ]
    frame = pl.DataFrame(rows)
    members, parents, _ = build_groups(frame)
    groups = [MeanGroup(key=k, members=m, parent=parents[k]) for k, m in members.items()]
    decision = protect_means(groups, threshold=THRESHOLD)
    # Then the direct row is hidden (primary) and one team with it (complementary)
    assert decision.hidden[("direct", "T/M")] == "primary"
    assert sum(1 for t in range(4) if not decision.shown(("unit", f"T/M/{t}"))) == 1
    released = [MeanGroup(key=k, members=members[k]) for k in members if decision.shown(k)]
    assert recoverable_sets(released, [frozenset({0})]) == []
