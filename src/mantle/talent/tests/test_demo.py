"""Demo seeding works on the register and is safe to run twice."""

from __future__ import annotations

import random

import pytest

from mantle.talent.demo import seed_demo
from mantle.talent.measures import succession_report
from mantle.talent.models import SuccessionPlan, TalentPool, TalentReview

from .conftest import AS_OF, Trust

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_plans_pools_and_a_review_once(trust: Trust) -> None:
    seed_demo(organisation=trust.org, as_of=AS_OF, rng=random.Random(1))
    assert SuccessionPlan.objects.filter(organisation=trust.org).count() == 4
    assert TalentPool.objects.filter(organisation=trust.org).count() == 3
    review = TalentReview.objects.get(organisation=trust.org)
    assert review.placements.count() == 4  # the board executives and the clinical director
    report = succession_report(organisation=trust.org, on=AS_OF)
    assert report.rollups[""].critical_posts == 4
    seed_demo(organisation=trust.org, as_of=AS_OF, rng=random.Random(1))
    assert TalentPool.objects.filter(organisation=trust.org).count() == 3
