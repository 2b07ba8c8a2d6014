"""The demo seeder builds consistent capability records from a register."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.utils import timezone

from mantle.capability.demo import seed_demo
from mantle.capability.models import Cycle, PracticeAssessment, SelfAssessment
from mantle.capability.selectors import cycle_report

from .conftest import Team

pytestmark = pytest.mark.django_db


def test_demo_records_are_consistent_with_the_rules(team: Team, frameworks: dict[str, Any]) -> None:
    # given the small team's register
    today = timezone.localdate()
    # when the demo is seeded
    seed_demo(organisation=team.org, as_of=today, rng=random.Random(7))
    # then completed self-assessments carry scores for every dimension
    completed = SelfAssessment.objects.filter(status="completed")
    assert completed.exists()
    assert all(len(a.scores) == 9 for a in completed)
    # and the participant's released 360° (if drawn) can be read by them and by no one else
    for cycle in Cycle.objects.filter(status=Cycle.Status.RELEASED):
        assert cycle.closed_at is not None and cycle.closed_at.date() <= today
        if cycle.participant_id == team.participant.person.pk:
            assert cycle_report(team.participant.actor, cycle).dimensions
    # and management practice results are complete and comparable
    results = PracticeAssessment.objects.filter(status="completed")
    assert results.count() >= 2
    assert all(r.results["overall"] is not None for r in results)
    assert min(r.assessed_on for r in results) < today - dt.timedelta(days=300)
