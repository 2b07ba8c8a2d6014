"""Issue 13 item 6: ``voting`` is an optional column of the workforce extract.

A non-voting executive director (a chief operating officer) imported through the extract is not on
the board line; the flag is effective-dated on the post, a blank keeps what the post has, a
re-import changes nothing, and a bad value names row, column, value and what is allowed and
writes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mantle.divide import services as divide
from mantle.imports.exports import export_csv
from mantle.imports.parsers.extract import template_csv
from mantle.imports.parsers.extract.columns import YES_NO_FORMAT
from mantle.imports.services import workforce_file_import
from mantle.workforce.models import Assignment, Organisation, Post, PostVersion

pytestmark = pytest.mark.django_db

HEADER = (
    "org_code,employee_number,assignment_number,last_name,date_of_birth,position_number,"
    "position_title,unit_path,occupation_code,pay_band,assignment_fte,assignment_start_date,"
    "management_tier,Board Voting"
)


def board(coo_voting: str, ceo_voting: str = "Y") -> list[str]:
    return [
        f"RXV,1,1-1,Okafor,1969-03-14,P1,Chief Executive,Board,G0A,VSM,1,2019-01-01,"
        f"board_executive,{ceo_voting}",
        "RXV,2,2-1,Jones,1970-01-01,P2,Finance Director,Board,G0A,VSM,1,2019-01-01,"
        "board_executive,yes",
        f"RXV,3,3-1,Hill,1975-01-01,P3,Chief Operating Officer,Board,G0A,VSM,1,2019-01-01,"
        f"board_executive,{coo_voting}",
    ]


def write(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def org(db: Any) -> Organisation:
    return Organisation.objects.create(code="RXV", name="Vale NHS Trust", org_type="acute")


def run(path: Path, org: Organisation, day: str) -> Any:
    return workforce_file_import(path=path, org=org, as_of=dt.date.fromisoformat(day))


def voting_on(org: Organisation, position: str, day: str) -> bool:
    return (
        PostVersion.objects.current_on(dt.date.fromisoformat(day))
        .get(post__organisation=org, post__position_number=position)
        .voting
    )


def test_a_non_voting_coo_imported_from_the_extract_is_not_on_the_board_line(
    tmp_path: Path, org: Organisation
) -> None:
    # given an extract whose chief operating officer is marked N in the voting column
    outcome = run(write(tmp_path, "jan.csv", board("N")), org, "2026-01-31")
    assert outcome.status == "succeeded", outcome.message
    # when the divide is measured
    report = divide.divide_report(org=org, on=dt.date(2026, 1, 31), suppress=False)
    # then the board executive line counts the chief executive and the finance director only
    assert report["tiers"]["board_executive"]["holders"] == 2
    assert report["tiers"]["senior"]["holders"] == 1
    assert voting_on(org, "P3", "2026-01-31") is False
    assert voting_on(org, "P2", "2026-01-31") is True


def test_voting_changes_are_effective_dated_and_a_reimport_changes_nothing(
    tmp_path: Path, org: Organisation
) -> None:
    # given January with a voting COO, then February with the COO made non-voting
    run(write(tmp_path, "jan.csv", board("Y")), org, "2026-01-31")
    feb = write(tmp_path, "feb.csv", board("false"))
    run(feb, org, "2026-02-28")
    # then history answers both dates
    assert voting_on(org, "P3", "2026-01-31") is True
    assert voting_on(org, "P3", "2026-02-28") is False
    versions = PostVersion.objects.filter(post__position_number="P3").count()
    # when February is imported again
    again = run(feb, org, "2026-02-28")
    # then nothing changes
    assert again.counts.changed_posts == 0
    assert PostVersion.objects.filter(post__position_number="P3").count() == versions


def test_a_blank_voting_cell_keeps_the_posts_setting(tmp_path: Path, org: Organisation) -> None:
    # given a COO marked non-voting in January (as the post edit page would)
    run(write(tmp_path, "jan.csv", board("N")), org, "2026-01-31")
    # when February's file leaves the COO's voting blank
    outcome = run(write(tmp_path, "feb.csv", board("")), org, "2026-02-28")
    # then the post keeps its setting and no new version is opened
    assert outcome.counts.changed_posts == 0
    assert voting_on(org, "P3", "2026-02-28") is False


def test_a_file_without_the_column_leaves_voting_alone_and_new_posts_vote(
    tmp_path: Path, org: Organisation
) -> None:
    run(write(tmp_path, "jan.csv", board("N")), org, "2026-01-31")
    header = HEADER.rsplit(",", 1)[0]
    rows = [row.rsplit(",", 1)[0] for row in board("")]
    rows.append(
        "RXV,4,4-1,Ng,1980-01-01,P4,Director of Nursing,Board,N0A,VSM,1,2026-02-01,board_executive"
    )
    path = tmp_path / "feb.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    outcome = run(path, org, "2026-02-28")
    assert outcome.status == "succeeded", outcome.message
    assert voting_on(org, "P3", "2026-02-28") is False
    assert voting_on(org, "P4", "2026-02-28") is True


def test_a_bad_voting_value_names_row_column_value_and_allowed_and_writes_nothing(
    tmp_path: Path, org: Organisation
) -> None:
    # given a file whose COO row says "abstain"
    outcome = run(write(tmp_path, "jan.csv", board("abstain")), org, "2026-01-31")
    # then the import is refused with one precise error, and nothing is written
    assert outcome.status == "invalid"
    [error] = outcome.parse.errors
    assert (error.row, error.column, error.value) == (4, "Board Voting", "abstain")
    assert error.message == "voting 'abstain' is not yes or no"
    assert error.allowed == YES_NO_FORMAT
    assert Post.objects.count() == 0
    assert Assignment.objects.count() == 0


def test_one_post_has_one_voting_setting(tmp_path: Path, org: Organisation) -> None:
    rows = [
        *board("N"),
        "RXV,5,5-1,Lee,1980-01-01,P3,Chief Operating Officer,Board,G0A,VSM,0.2,2019-01-01,"
        "board_executive,Y",
    ]
    outcome = run(write(tmp_path, "jan.csv", rows), org, "2026-01-31")
    assert outcome.status == "invalid"
    [error] = outcome.parse.errors
    assert (error.row, error.column, error.value) == (5, "Board Voting", "Y")
    assert "position P3 has voting 'N' on row 4 but 'Y' here" in error.message


def test_the_export_and_template_carry_voting_and_round_trip(
    tmp_path: Path, org: Organisation
) -> None:
    run(write(tmp_path, "jan.csv", board("N")), org, "2026-01-31")
    exported = export_csv(org, on=dt.date(2026, 1, 31))
    header = exported.splitlines()[0].split(",")
    assert header[-1] == "voting"
    assert "voting" in template_csv().splitlines()[0].split(",")
    path = tmp_path / "export.csv"
    path.write_text(exported, encoding="utf-8")
    again = run(path, org, "2026-01-31")
    assert again.counts.changed_posts == 0
    assert voting_on(org, "P3", "2026-01-31") is False
