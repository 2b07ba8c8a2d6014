"""The auditor models what is published as a band or a rounded share (issue 11): a reader who knows
a count only as "5–9" and a share to the nearest 10% can still narrow a hidden count, and the
auditor must see it; and statistics of two month-ends share records, so a joiner is caught."""

from __future__ import annotations

from mantle.analytics.disclosure import Figure, audit


def _staff_and_covered(*, share: Figure | None) -> list[Figure]:
    staff = frozenset(range(7))
    covered = frozenset(range(3))
    figures = [
        Figure(name="staff", people=staff, released=True, low=5, high=9),
        Figure(name="covered", people=covered, released=False),
    ]
    return figures + ([share] if share is not None else [])


def test_a_band_alone_leaves_a_hidden_count_wide() -> None:
    # Given staff published as 5–9 and the 3 assessed hidden
    summary = audit(_staff_and_covered(share=None), threshold=5)
    # Then the reader knows only 0 ≤ covered ≤ 9
    assert summary["violations"] == []


def test_a_rounded_share_with_a_band_pins_a_hidden_count() -> None:
    # Given the share covered / staff published as 0.4 (that is, 0.35 to 0.45)
    share = Figure(
        name="share",
        people=frozenset(range(3)),
        of=frozenset(range(7)),
        released=True,
        kind="share",
        low=0.35,
        high=0.45,
    )
    summary = audit(_staff_and_covered(share=share), threshold=5)
    # Then covered lies between 0.35 × 5 and 0.45 × 9, i.e. 2 to 4: narrower than 3 people
    assert [v["figure"] for v in summary["violations"]] == ["covered"]
    assert (summary["violations"][0]["min"], summary["violations"][0]["max"]) == (2, 4)


def test_statistics_of_two_month_ends_reveal_a_joiner() -> None:
    # Given a ward's mean over six records at one month-end and over the same six and one more at
    # the next (one system: records keep their identity across month-ends)
    before = Figure(
        name="ward Oct", people=frozenset(range(6)), released=True, system="m", kind="statistic"
    )
    after = Figure(
        name="ward Nov", people=frozenset(range(7)), released=True, system="m", kind="statistic"
    )
    # Then the auditor reports the joiner's score as recoverable
    assert audit([before, after], threshold=5)["violations"]
    # and hiding the later mean clears it
    hidden = Figure(
        name="ward Nov", people=frozenset(range(7)), released=False, system="m", kind="statistic"
    )
    assert audit([before, hidden], threshold=5)["violations"] == []


def test_a_small_cell_of_a_cross_classification_is_caught() -> None:
    # Given a unit (8 records) and a staff group (9) sharing 2 records, and the staff group's
    # other 7 records shown as a third group: group − third = the 2 shared records
    unit = Figure(name="unit", people=frozenset(range(8)), released=True, kind="statistic")
    group = Figure(name="group", people=frozenset(range(6, 15)), released=True, kind="statistic")
    rest = Figure(name="rest", people=frozenset(range(8, 15)), released=True, kind="statistic")
    assert audit([unit, group, rest], threshold=5)["violations"]
