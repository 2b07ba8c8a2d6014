"""``mantle disclosure-audit`` over the capability and talent figures (issue 11): every heatmap mean
(every framework, both sources), every coverage count and every talent review figure that a non-HR
reader can obtain on two adjacent month-ends, attacked with the auditor's linear programme."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from mantle.divide.disclosure_audit import disclosure_audit
from mantle.workforce.models import Organisation

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 30)
NON_HR = ("executive", "chair", "analyst")


@pytest.fixture
def demo() -> Organisation:
    call_command("demo", "--staff", "300", "--as-of", ON.isoformat(), stdout=StringIO())
    return Organisation.objects.exclude(org_type="icb").get()


def test_capability_and_talent_figures_pass_the_auditor_for_every_non_hr_role(
    demo: Organisation,
) -> None:
    for role in NON_HR:
        # When everything the role can read about the trust's capability and talent is attacked
        summary = disclosure_audit(
            org=demo, as_of=ON, role=role, threshold=5, only={"capability", "talent"}
        )
        # Then the enumerators found figures, and no small group can be pinned down
        assert summary["figures_by_app"]["capability"] > 0
        assert summary["violations"] == [], summary["violations"][:3]


def test_staff_see_no_capability_or_talent_aggregates(demo: Organisation) -> None:
    summary = disclosure_audit(
        org=demo, as_of=ON, role="staff", threshold=5, only={"capability", "talent"}
    )
    assert summary["figures_by_app"] == {"capability": 0, "talent": 0}
