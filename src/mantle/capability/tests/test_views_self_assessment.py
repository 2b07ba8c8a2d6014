"""Self-assessment: start, save and resume, complete, result with history; private to the person."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from mantle.capability.models import SelfAssessment
from mantle.capability.services import (
    self_assessment_complete,
    self_assessment_save,
    self_assessment_start,
)

from .conftest import Team, form_data, full_answers

pytestmark = pytest.mark.django_db


def test_starting_twice_resumes_the_same_draft(team: Team, frameworks: dict[str, Any]) -> None:
    # given a staff member with a draft self-assessment
    actor = team.peers[0].actor
    first = self_assessment_start(actor=actor, framework_version=frameworks["hlm"])
    # when they start again on the same framework
    second = self_assessment_start(actor=actor, framework_version=frameworks["hlm"])
    # then they resume the same draft and the framework version is now frozen
    assert first.pk == second.pk
    frameworks["hlm"].refresh_from_db()
    assert frameworks["hlm"].in_use


def test_completing_needs_every_statement(team: Team, frameworks: dict[str, Any]) -> None:
    # given a draft with one statement missing
    actor = team.peers[0].actor
    assessment = self_assessment_start(actor=actor, framework_version=frameworks["hlm"])
    spec = frameworks["hlm"].spec()
    answers = full_answers(spec)
    del answers["statements"]["leading_with_care.2"]
    self_assessment_save(actor=actor, assessment=assessment, answers=answers)
    # when they try to complete it
    # then they are told what is missing and it stays a draft
    with pytest.raises(ValidationError, match="Leading with care: 1 statement not answered"):
        self_assessment_complete(actor=actor, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == SelfAssessment.Status.DRAFT


def test_completing_fixes_hand_computed_scores(team: Team, frameworks: dict[str, Any]) -> None:
    # given answers 4,3,3,2 on "Inspiring shared purpose" (mean 3.0) and 1 everywhere else
    actor = team.peers[0].actor
    spec = frameworks["hlm"].spec()
    assessment = self_assessment_start(actor=actor, framework_version=frameworks["hlm"])
    answers = full_answers(spec, value=1)
    for key, value in zip(
        [s.key for s in spec.dimension_by_key["inspiring_shared_purpose"].statements],
        [4, 3, 3, 2],
        strict=True,
    ):
        answers["statements"][key] = value
    self_assessment_save(actor=actor, assessment=assessment, answers=answers)
    # when completed
    self_assessment_complete(actor=actor, assessment=assessment)
    # then the dimension means are fixed on the record
    assessment.refresh_from_db()
    assert assessment.status == SelfAssessment.Status.COMPLETED
    assert assessment.scores["inspiring_shared_purpose"] == pytest.approx(3.0)
    assert assessment.scores["leading_with_care"] == pytest.approx(1.0)


def test_lcf_not_applicable_answers_are_left_out(team: Team, frameworks: dict[str, Any]) -> None:
    # given LCF answers 4, "no chance to demonstrate", 2, 3 in one domain
    actor = team.peers[0].actor
    spec = frameworks["lcf"].spec()
    assessment = self_assessment_start(actor=actor, framework_version=frameworks["lcf"])
    answers = full_answers(spec, value=3)
    first = spec.dimensions[0]
    for statement, value in zip(first.statements, [4, None, 2, 3], strict=False):
        answers["statements"][statement.key] = value
    self_assessment_save(actor=actor, assessment=assessment, answers=answers)
    # when completed
    self_assessment_complete(actor=actor, assessment=assessment)
    # then the mean is (4 + 2 + 3) / 3 = 3.0
    assessment.refresh_from_db()
    assert assessment.scores[first.key] == pytest.approx(3.0)


def test_save_and_resume_through_the_page(
    client: Client, team: Team, frameworks: dict[str, Any]
) -> None:
    # given a signed-in porter-to-paediatrician staff member
    client.force_login(team.reports[0].user)
    response = client.post("/leadership/self/start/", {"framework_version": frameworks["hlm"].pk})
    assert response.status_code == 302
    edit_url = response["Location"]
    # when they answer one statement and save
    response = client.post(edit_url, {"s:inspiring_shared_purpose.1": "2", "save": "1"})
    assert response.status_code == 302
    # then the page shows the saved answer when they come back
    page = client.get(edit_url)
    assert page.status_code == 200
    assert b'value="2" checked' in page.content
    assert b"You have answered 1 of 36 statements" in page.content


def test_complete_through_the_page_and_see_result(
    client: Client, team: Team, frameworks: dict[str, Any]
) -> None:
    # given a draft
    client.force_login(team.reports[0].user)
    edit_url = client.post("/leadership/self/start/", {"framework_version": frameworks["hlm"].pk})[
        "Location"
    ]
    answers = full_answers(frameworks["hlm"].spec(), value=2)
    # when every statement is answered and completed
    response = client.post(edit_url, {**form_data(answers), "complete": "1"})
    # then the result page shows each dimension at "Proficient"
    assert response.status_code == 302
    result = client.get(response["Location"])
    assert result.status_code == 200
    assert result.content.count(b"<td>Proficient</td>") == 9
    assert b"2.00" in result.content


def test_incomplete_submission_shows_what_is_missing(
    client: Client, team: Team, frameworks: dict[str, Any]
) -> None:
    client.force_login(team.reports[0].user)
    edit_url = client.post("/leadership/self/start/", {"framework_version": frameworks["hlm"].pk})[
        "Location"
    ]
    response = client.post(edit_url, {"s:inspiring_shared_purpose.1": "2", "complete": "1"})
    assert response.status_code == 400
    assert b"importance to the role not given" in response.content


@pytest.mark.parametrize("who", ["manager", "hr", "executive", "peer", "outsider"])
def test_no_one_else_can_open_a_self_assessment(
    client: Client, team: Team, frameworks: dict[str, Any], who: str
) -> None:
    # given a staff member's self-assessment
    assessment = self_assessment_start(
        actor=team.reports[0].actor, framework_version=frameworks["hlm"]
    )
    users = {
        "manager": team.manager.user,
        "hr": team.hr,
        "executive": team.executive,
        "peer": team.peers[0].user,
        "outsider": team.outsider.user,
    }
    client.force_login(users[who])
    # when anyone else guesses its address
    # then it does not exist for them
    assert client.get(f"/leadership/self/{assessment.pk}/").status_code == 404
    assert client.get(f"/leadership/self/{assessment.pk}/result/").status_code == 404
    assert client.post(f"/leadership/self/{assessment.pk}/discard/").status_code == 404


def test_history_lists_earlier_assessments(
    client: Client, team: Team, frameworks: dict[str, Any]
) -> None:
    # given two completed self-assessments on the same framework
    actor = team.reports[0].actor
    spec = frameworks["hlm"].spec()
    ids = []
    for value in (1, 3):
        assessment = self_assessment_start(actor=actor, framework_version=frameworks["hlm"])
        self_assessment_save(
            actor=actor, assessment=assessment, answers=full_answers(spec, value=value)
        )
        self_assessment_complete(actor=actor, assessment=assessment)
        ids.append(assessment.pk)
    # when the latest result is opened
    client.force_login(team.reports[0].user)
    page = client.get(f"/leadership/self/{ids[1]}/result/")
    # then it shows both scores for each dimension
    assert page.status_code == 200
    assert page.content.count(b"<td>1.00</td>") == 9
    assert page.content.count(b"<td>3.00</td>") == 18


def test_home_page_renders_for_staff(client: Client, team: Team) -> None:
    client.force_login(team.reports[0].user)
    page = client.get("/leadership/")
    assert page.status_code == 200
    assert b"Start or continue a self-assessment" in page.content
