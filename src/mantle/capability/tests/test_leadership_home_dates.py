"""Issue 13 item 15: the Leadership home dates a completed self-assessment by its completion, and
demo self-assessments were started before they were completed (not on the day the demo loaded)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from mantle.capability.models import SelfAssessment
from mantle.capability.services import (
    self_assessment_complete,
    self_assessment_save,
    self_assessment_start,
)

from .conftest import Team, full_answers

pytestmark = pytest.mark.django_db


def test_a_completed_self_assessment_shows_when_it_was_completed(
    client: Client, team: Team, frameworks: dict[str, Any]
) -> None:
    # Given a self-assessment completed on 3 February 2026 (recorded as started that day too)
    actor = team.reports[0].actor
    assessment = self_assessment_start(actor=actor, framework_version=frameworks["hlm"])
    self_assessment_save(
        actor=actor, assessment=assessment, answers=full_answers(frameworks["hlm"].spec(), value=2)
    )
    self_assessment_complete(actor=actor, assessment=assessment)
    february = dt.datetime(2026, 2, 3, 10, 0, tzinfo=dt.UTC)
    SelfAssessment.objects.filter(pk=assessment.pk).update(
        started_at=february - dt.timedelta(days=2), completed_at=february
    )

    # When the person opens the Leadership home
    client.force_login(team.reports[0].user)
    page = client.get("/leadership/").content.decode()

    # Then it says when it was completed, not a start date
    assert "Completed 3 February 2026" in page
    assert "Started " not in page.split("Your self-assessments")[1].split("</table>")[0]


def test_demo_self_assessments_start_before_they_complete(team: Team, frameworks: Any) -> None:
    # Given the demo's self-assessment step run for the team, as at 1 March 2026
    import random

    from mantle.capability.demo import _self_assessments

    people = [team.manager, team.participant, *team.peers, *team.reports]
    _self_assessments(
        frameworks["hlm"],
        {m.person.pk: 0 for m in people},
        {},
        as_of=dt.date(2026, 3, 1),
        rng=random.Random(0),
    )

    # Then every completed one was started a few days before it was completed
    completed = SelfAssessment.objects.filter(completed_at__isnull=False)
    assert completed.exists()
    for a in completed:
        assert a.completed_at is not None
        assert a.started_at == a.completed_at - dt.timedelta(days=3)
