"""Management-practice assessment: a unit lead runs it with a panel, scores with evidence, completes,
and compares over time and across units; who may see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from mantle.capability import services
from mantle.capability.models import PracticeAssessment
from mantle.core.testing.factories import UnitFactory, make_user

from .conftest import Team, add_member

pytestmark = pytest.mark.django_db


def _start(
    team: Team, frameworks: dict[str, Any], *, unit: Any = None, day: dt.date | None = None
) -> PracticeAssessment:
    return services.practice_assessment_create(
        actor=team.manager.actor,
        unit=unit or team.unit,
        framework_version=frameworks["mpi"],
        assessed_on=day or timezone.localdate(),
        panel=[("Divisional Director", "chair"), ("Theatre Manager", "peer unit")],
    )


def _score_all(team: Team, assessment: PracticeAssessment, values: tuple[int, int]) -> None:
    spec = assessment.framework_version.spec()
    for member, value in zip(assessment.panel.all(), values, strict=True):
        services.panel_scores_save(
            actor=team.manager.actor,
            member=member,
            scores={d.key: value for d in spec.dimensions},
            evidence={spec.dimensions[0].key: f"Board round seen ({member.name})"},
        )


def test_a_ward_manager_runs_and_completes_an_assessment(
    team: Team, frameworks: dict[str, Any]
) -> None:
    # given the ward manager (first-line management post in Ward 7)
    assessment = _start(team, frameworks)
    # when the panel scores every practice 2 and 4
    _score_all(team, assessment, (2, 4))
    services.practice_assessment_complete(actor=team.manager.actor, assessment=assessment)
    # then every practice, area and the overall score is 3
    assessment.refresh_from_db()
    assert assessment.status == PracticeAssessment.Status.COMPLETED
    assert assessment.results["overall"] == pytest.approx(3.0)
    assert set(assessment.results["areas"]) == {"operations", "monitoring", "targets", "talent"}


def test_completion_needs_every_practice_scored(team: Team, frameworks: dict[str, Any]) -> None:
    assessment = _start(team, frameworks)
    member = assessment.panel.first()
    assert member is not None
    spec = assessment.framework_version.spec()
    services.panel_scores_save(
        actor=team.manager.actor, member=member, scores={spec.dimensions[0].key: 3}, evidence={}
    )
    with pytest.raises(ValidationError, match="Not yet scored"):
        services.practice_assessment_complete(actor=team.manager.actor, assessment=assessment)


def test_scores_must_be_on_the_scale(team: Team, frameworks: dict[str, Any]) -> None:
    assessment = _start(team, frameworks)
    member = assessment.panel.first()
    assert member is not None
    key = assessment.framework_version.spec().dimensions[0].key
    with pytest.raises(ValidationError, match="not on the 1–5 scale"):
        services.panel_scores_save(
            actor=team.manager.actor, member=member, scores={key: 6}, evidence={}
        )


def test_staff_without_a_management_post_cannot_run_one(
    team: Team, frameworks: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        services.practice_assessment_create(
            actor=team.peers[0].actor,
            unit=team.unit,
            framework_version=frameworks["mpi"],
            assessed_on=timezone.localdate(),
            panel=[("A", "")],
        )


def test_a_leader_cannot_assess_a_unit_outside_their_own(
    team: Team, frameworks: dict[str, Any]
) -> None:
    other = UnitFactory(organisation=team.org, name="Pharmacy", path="Trust/Pharmacy")
    with pytest.raises(PermissionDenied):
        _start(team, frameworks, unit=other)


def test_pages_show_results_over_time_and_across_units(
    client: Client, team: Team, frameworks: dict[str, Any]
) -> None:
    # given two completed assessments of Ward 7 (3.0 then 4.0) and one of Ward 8 (2.0) by a
    # divisional manager who leads Surgery
    director = add_member(
        org=team.org,
        unit=team.unit.parent,  # type: ignore[arg-type]
        username="director",
        title="Divisional Director",
        tier="senior",
    )
    team.manager = director
    ward8 = UnitFactory(
        organisation=team.org,
        name="Ward 8",
        path="Trust/Surgery/Ward 8",
        parent=team.unit.parent,
        depth=3,
    )
    first = _start(team, frameworks, day=timezone.localdate() - dt.timedelta(days=200))
    _score_all(team, first, (2, 4))
    services.practice_assessment_complete(actor=director.actor, assessment=first)
    second = _start(team, frameworks)
    _score_all(team, second, (4, 4))
    services.practice_assessment_complete(actor=director.actor, assessment=second)
    eight = _start(team, frameworks, unit=ward8)
    _score_all(team, eight, (2, 2))
    services.practice_assessment_complete(actor=director.actor, assessment=eight)
    client.force_login(director.user)
    # when they open the latest Ward 7 result
    detail = client.get(f"/leadership/practice/{second.pk}/").content.decode()
    # then it shows its history and the evidence notes
    assert "Over time" in detail and "Board round seen" in detail
    # and the comparison lists both wards with Ward 7's change since its previous assessment
    compare = client.get(f"/leadership/practice/compare/?org={team.org.code}").content.decode()
    assert "Trust/Surgery/Ward 7" in compare and "Trust/Surgery/Ward 8" in compare
    assert "(+1.00)" in compare


def test_the_page_flow_and_who_may_see_it(
    client: Client, team: Team, frameworks: dict[str, Any]
) -> None:
    client.force_login(team.manager.user)
    form = client.get("/leadership/practice/new/")
    assert form.status_code == 200
    response = client.post(
        "/leadership/practice/new/",
        {
            "unit": team.unit.pk,
            "framework_version": frameworks["mpi"].pk,
            "assessed_on": timezone.localdate().isoformat(),
            "panel": "Sam Patel, peer unit manager\nAlex Doe, improvement lead",
        },
    )
    assert response.status_code == 302
    assessment = PracticeAssessment.objects.get()
    member = assessment.panel.first()
    assert member is not None
    spec = assessment.framework_version.spec()
    data = {f"score:{d.key}": "3" for d in spec.dimensions}
    data[f"evidence:{spec.dimensions[0].key}"] = "Huddle board used daily."
    url = f"/leadership/practice/{assessment.pk}/panel/{member.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    client.post(f"/leadership/practice/{assessment.pk}/complete/")
    assessment.refresh_from_db()
    assert assessment.status == PracticeAssessment.Status.COMPLETED
    # a staff nurse on the ward does not see it; an executive does
    client.force_login(team.peers[0].user)
    assert client.get(f"/leadership/practice/{assessment.pk}/").status_code == 404
    assert client.get("/leadership/practice/new/").status_code == 403
    client.force_login(team.executive)
    assert client.get(f"/leadership/practice/{assessment.pk}/").status_code == 200
    assert client.get("/api/v1/capability/practice").json()[0]["results"]["overall"] == 3.0


def test_new_assessment_lists_one_organisations_units_at_a_time(client: Client, team: Team) -> None:
    # Given a second trust with its own unit
    from mantle.workforce.models import Organisation, Unit

    other = Organisation.objects.create(code="RZZ", name="Other Trust")
    Unit.objects.create(organisation=other, name="Elsewhere", path="Elsewhere", depth=1)
    # When HR/OD of the first trust opens the form, even asking for the other trust
    client.force_login(team.hr)
    page = client.get("/leadership/practice/new/?org=RZZ").content.decode()
    # Then only their own trust's units are offered
    assert "Trust/Surgery/Ward 7" in page and "Elsewhere" not in page
    # and a superuser chooses the organisation, one at a time
    admin = make_user(username="root", superuser=True)
    client.force_login(admin)
    page = client.get("/leadership/practice/new/?org=RZZ").content.decode()
    assert "Elsewhere" in page and "Trust/Surgery/Ward 7" not in page
    assert 'name="org"' in page
