"""Issue 11, attacks 5 and 6: who can ever read a 360° report, and what a database copy links.

Attack 5: an HR/OD administrator opens a cohort naming themself facilitator, closes the cycle early
and tries to read the report by page, print view and API. Attack 6: a full copy of the database
(every table, with keys and timestamps) is searched for anything that pairs an answer with its rater
by row order, primary key or time.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from mantle.capability import selectors, services
from mantle.capability.models import Cycle, Nomination, Response, SealedResponse
from mantle.core.access import build_actor

from .conftest import Team, deadline, full_answers

pytestmark = pytest.mark.django_db

REPORT_URLS = (
    "/leadership/360/{pk}/report/",
    "/leadership/360/{pk}/report/print/",
    "/api/v1/capability/cycles/{pk}/report",
)


def _launch(team: Team, cycle: Cycle, capture: Any, *, peers: int = 4, reports: int = 3) -> Cycle:
    actor = team.participant.actor
    cycle.limits = {**cycle.limits, "peer": [0, 10]}
    cycle.save(update_fields=["limits"])
    for member in team.peers[:peers]:
        services.nomination_add(actor=actor, cycle=cycle, group="peer", email=member.user.email)
    for member in team.reports[:reports]:
        services.nomination_add(
            actor=actor, cycle=cycle, group="direct_report", email=member.user.email
        )
    services.cycle_submit_for_approval(actor=actor, cycle=cycle)
    with capture(execute=True):
        services.cycle_approve(actor=team.manager.actor, cycle=cycle)
    cycle.refresh_from_db()
    return cycle


def _own_cycle(team: Team, frameworks: dict[str, Any], capture: Any, **kwargs: Any) -> Cycle:
    facilitator = kwargs.pop("facilitator", None)
    cycle = services.cycle_open(
        actor=team.participant.actor,
        participant=team.participant.person,
        framework_version=frameworks["hlm"],
        deadline=deadline(),
        mode=kwargs.pop("mode", "appraisal"),
        facilitator=facilitator,
    )
    return _launch(team, cycle, capture, **kwargs)


def _answer(cycle: Cycle, person: Any, value: int, comment: str = "") -> None:
    services.rater_submit(
        nomination=cycle.nominations.get(person=person),
        answers=full_answers(cycle.framework_version.spec(), value=value),
        comment=comment,
    )


def _everyone_answers(team: Team, cycle: Cycle) -> None:
    _answer(cycle, team.participant.person, 4, comment="My own view.")
    _answer(cycle, team.manager.person, 3, comment="Manager's view.")
    for index, member in enumerate(team.peers + team.reports):
        _answer(cycle, member.person, 1 + index % 4, comment=f"Comment {index}.")


def _report_doors(client: Client, cycle: Cycle) -> list[int]:
    return [client.get(url.format(pk=cycle.pk)).status_code for url in REPORT_URLS]


# --- attack 5: an administrator naming themself facilitator ---------------------------------------
def test_an_administrator_who_names_themself_facilitator_never_reads_the_report(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given HR opens a cohort for the participant naming themself facilitator
    hr = build_actor(team.hr)
    cohort = services.cohort_open(
        actor=hr,
        organisation=team.org,
        name="Ward leaders",
        framework_version=frameworks["hlm"],
        deadline=deadline(),
        mode="developmental",
        participants=[team.participant.person],
        facilitator=team.hr,
    )
    cycle = _launch(team, cohort.cycles.get(), django_capture_on_commit_callbacks)
    # and the participant even accepts them as facilitator
    services.cycle_facilitator_accept(actor=team.participant.actor, cycle=cycle)
    _everyone_answers(team, cycle)
    # when HR closes the cycle early and tries every door to the report
    services.cycle_close(actor=hr, cycle=cycle)
    cycle.refresh_from_db()
    client.force_login(team.hr)
    # then page, print view and API all say there is no report
    assert _report_doors(client, cycle) == [404, 404, 404]
    assert client.get(f"/api/v1/capability/cycles/{cycle.pk}").json()["report_available"] is False
    page = client.get(f"/leadership/360/{cycle.pk}/").content.decode()
    assert "Read the report" not in page
    # and the same after HR releases it
    services.cycle_release(actor=hr, cycle=cycle)
    assert _report_doors(client, cycle) == [404, 404, 404]
    # while the participant, its owner, reads it
    client.force_login(team.participant.user)
    assert _report_doors(client, cycle) == [200, 200, 200]


def test_closing_early_opens_the_report_to_no_one_but_an_accepted_facilitator(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given an appraisal-mode cycle with a facilitator (a board member, not HR) not yet accepted
    facilitator = team.executive
    cycle = _own_cycle(
        team, frameworks, django_capture_on_commit_callbacks, facilitator=facilitator
    )
    _everyone_answers(team, cycle)
    # when the facilitator closes it early
    services.cycle_close(actor=build_actor(facilitator), cycle=cycle)
    cycle.refresh_from_db()
    # then no one can read it: not the facilitator (not accepted), manager, HR, raters
    for user in (
        facilitator,
        team.manager.user,
        team.hr,
        team.peers[0].user,
        team.participant.user,
    ):
        client.force_login(user)
        assert set(_report_doors(client, cycle)) == {404}, user
    # when the participant accepts the facilitator
    services.cycle_facilitator_accept(actor=team.participant.actor, cycle=cycle)
    # then the facilitator (and only they) reads it before release, to prepare the debrief
    client.force_login(facilitator)
    assert _report_doors(client, cycle) == [200, 200, 200]
    for user in (team.manager.user, team.hr, team.participant.user):
        client.force_login(user)
        assert set(_report_doors(client, cycle)) == {404}, user
    # and after release the participant too, but still not the line manager (appraisal mode) or HR
    services.cycle_release(actor=build_actor(facilitator), cycle=cycle)
    client.force_login(team.participant.user)
    assert _report_doors(client, cycle) == [200, 200, 200]
    for user in (team.manager.user, team.hr):
        client.force_login(user)
        assert set(_report_doors(client, cycle)) == {404}, user


def test_only_the_participant_accepts_a_facilitator(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cycle = _own_cycle(
        team, frameworks, django_capture_on_commit_callbacks, facilitator=team.executive
    )
    for actor in (build_actor(team.executive), build_actor(team.hr), team.manager.actor):
        with pytest.raises(PermissionDenied):
            services.cycle_facilitator_accept(actor=actor, cycle=cycle)
    # the participant accepts from the cycle page (or the API)
    client.force_login(team.participant.user)
    page = client.get(f"/leadership/360/{cycle.pk}/").content.decode()
    assert "accept_facilitator" in page
    client.post(f"/leadership/360/{cycle.pk}/manage/", {"action": "accept_facilitator"})
    cycle.refresh_from_db()
    assert cycle.facilitator_accepted_at is not None
    api = client.get(f"/api/v1/capability/cycles/{cycle.pk}").json()
    assert api["facilitator_accepted"] is True


# --- attack 6: a database copy ---------------------------------------------------------------------
def _full_dump() -> list[dict[str, Any]]:
    """Every row of every table, as ``dumpdata`` writes it (keys and timestamps included)."""
    out = io.StringIO()
    call_command("dumpdata", format="json", stdout=out)
    rows: list[dict[str, Any]] = json.loads(out.getvalue())
    return rows


def _physical_order(table: str) -> list[tuple[int, str, str]]:
    """Rows as a plain SQL dump writes them: no ORDER BY, i.e. storage order (rowid, heap)."""
    group = connection.ops.quote_name("group")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cycle_id, {group}, comments FROM {table}")
        return [
            (row[0], row[1], row[2] if isinstance(row[2], str) else json.dumps(row[2]))
            for row in cursor
        ]


def _marker(comments: Any) -> str:
    text = comments if isinstance(comments, str) else json.dumps(comments)
    found = [word for word in text.replace('"', " ").split() if word.startswith("rater-")]
    return found[0].rstrip(".]") if found else ""


def _matches(raters_in_order: list[str], answers_in_order: list[str]) -> int:
    return sum(1 for a, b in zip(raters_in_order, answers_in_order, strict=True) if a == b)


def test_a_database_copy_pairs_no_answer_with_its_rater_by_order_key_or_time(
    team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given eight closed cycles, each answered by four peers and three direct reports in a random
    # order, each rater's comment carrying a marker naming them (so the test knows the truth)
    rng = random.Random(11)
    cycles = []
    for _ in range(8):
        cycle = _own_cycle(team, frameworks, django_capture_on_commit_callbacks)
        raters = team.peers + team.reports
        rng.shuffle(raters)
        for member in raters:
            _answer(cycle, member.person, 2, comment=f"rater-{member.person.pk}. cycle-{cycle.pk}")
        # while open, the copy holds none of this cycle's answers in the clear
        assert f"cycle-{cycle.pk}" not in json.dumps(_full_dump())
        assert SealedResponse.objects.filter(cycle=cycle).count() == len(raters)
        services.cycle_close(actor=build_actor(team.hr), cycle=cycle)
        cycles.append(cycle)
    # when an attacker with a full copy pairs the raters, ordered by every time on the nomination
    # and then its key, with the answers in dump order (primary key) and in storage order
    dump = _full_dump()
    nominations = [r for r in dump if r["model"] == "capability.nomination"]
    responses = [r for r in dump if r["model"] == "capability.response"]
    stored = _physical_order(Response._meta.db_table)
    time_fields = {
        k for r in nominations for k, v in r["fields"].items() if k.endswith(("_at", "_on")) and v
    }
    assert "responded_on" in time_fields
    chance, by_key, by_storage = 0.0, 0, 0
    for cycle in cycles:
        for group in ("peer", "direct_report"):
            mine = [
                r
                for r in nominations
                if r["fields"]["cycle"] == cycle.pk and r["fields"]["group"] == group
            ]
            # the best time order the copy offers: every timestamp, then the nomination key
            mine.sort(key=lambda r: ([str(r["fields"].get(k)) for k in time_fields], r["pk"]))
            raters_in_order = [f"rater-{r['fields']['person']}" for r in mine]
            answers = [
                _marker(r["fields"]["comments"])
                for r in responses
                if r["fields"]["cycle"] == cycle.pk and r["fields"]["group"] == group
            ]
            storage = [_marker(text) for c, g, text in stored if c == cycle.pk and g == group]
            assert sorted(answers) == sorted(raters_in_order)
            by_key += _matches(raters_in_order, answers)
            by_storage += _matches(raters_in_order, storage)
            chance += 1.0  # a random pairing gets one right on average, whatever the group size
    # then neither pairing does better than chance: 56 raters, about 8 expected right by luck;
    # an attacker on the old storage (insertion order + responded_at) got all 56. The bound is
    # five standard deviations above chance, so the test fails by bad luck about once in 10^5.
    bound = chance + 5 * chance**0.5
    assert by_key <= bound, (by_key, chance)
    assert by_storage <= bound, (by_storage, chance)
    # and no row anywhere keeps a submission time finer than the day
    for row in nominations:
        assert "responded_at" not in row["fields"]
        if row["fields"]["responded_on"]:
            assert len(row["fields"]["responded_on"]) == 10
    assert SealedResponse.objects.count() == 0


def test_a_cycle_frozen_by_its_deadline_reports_the_sealed_answers(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given answers sealed in an open cycle whose deadline then passes (before the daily close)
    cycle = _own_cycle(team, frameworks, django_capture_on_commit_callbacks, peers=3, reports=0)
    for member in team.peers[:3]:
        _answer(cycle, member.person, 2, comment="Sealed until the end.")
    _answer(cycle, team.participant.person, 4)
    Cycle.objects.filter(pk=cycle.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    cycle.refresh_from_db()
    # then the report (read by an accepted facilitator; here via release) includes them
    services.cycle_release(actor=build_actor(team.hr), cycle=cycle)
    cycle.refresh_from_db()
    report = selectors.cycle_report(team.participant.actor, cycle)
    assert report.dimensions[0].performance["peer"].mean == pytest.approx(2.0)
    assert "Sealed until the end." in report.comments.anonymous
    assert Response.objects.filter(cycle=cycle).count() == 4
    assert SealedResponse.objects.filter(cycle=cycle).count() == 0
    # and progress counts still come from the nominations
    assert Nomination.objects.filter(cycle=cycle, status="submitted").count() == 4


def test_a_saved_draft_is_sealed_but_the_rater_still_sees_it(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # given a peer who saves half their answers and a comment, without submitting
    cycle = _own_cycle(team, frameworks, django_capture_on_commit_callbacks, peers=3, reports=0)
    nomination = cycle.nominations.get(person=team.peers[0].person)
    answers = full_answers(cycle.framework_version.spec(), value=4)
    first = next(iter(answers["statements"]))
    services.rater_save_draft(
        nomination=nomination,
        answers={"statements": {first: 4}, "importance": {}},
        comment="Draft-marker-7 about the participant",
    )
    # then a full database copy holds neither the comment nor the answers in the clear
    dump = json.dumps(_full_dump())
    assert "Draft-marker-7" not in dump
    nomination.refresh_from_db()
    assert set(nomination.draft) == {"sealed"} and nomination.draft_comment == ""
    # and the rater's own form still shows what they saved
    client.force_login(team.peers[0].user)
    page = client.get(f"/leadership/feedback/{nomination.pk}/").content.decode()
    assert "Draft-marker-7 about the participant" in page
    assert selectors.rater_draft(nomination)[0]["statements"] == {first: 4}
