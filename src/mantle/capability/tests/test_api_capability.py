"""Capability API: each endpoint scoped as the pages are."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mantle.capability import services

from .conftest import Team, deadline, full_answers

pytestmark = pytest.mark.django_db


def test_frameworks_are_listed_with_their_statements(client: Client, team: Team) -> None:
    client.force_login(team.peers[0].user)
    listing = client.get("/api/v1/capability/frameworks").json()
    assert {f["key"] for f in listing} == {"hlm", "lcf", "clcf", "mpi"}
    detail = client.get("/api/v1/capability/frameworks/lcf/2024-02").json()
    assert len(detail["dimensions"]) == 6
    assert detail["scale"][-1] == {
        "value": None,
        "label": "No chance to demonstrate",
        "description": detail["scale"][-1]["description"],
    }


def test_self_assessment_through_the_api(
    client: Client, team: Team, frameworks: dict[str, Any]
) -> None:
    client.force_login(team.reports[0].user)
    created = client.post(
        "/api/v1/capability/assessments",
        {"framework": "hlm", "version": "1.0"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assessment_id = created.json()["id"]
    spec = frameworks["hlm"].spec()
    answers: dict[str, Any] = dict.fromkeys(spec.dimension_of_statement, 3)
    answers.update({f"importance:{d.key}": 4 for d in spec.dimensions})
    saved = client.put(
        f"/api/v1/capability/assessments/{assessment_id}/answers",
        {"answers": answers},
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["answered"] == 36
    done = client.post(f"/api/v1/capability/assessments/{assessment_id}/complete")
    assert done.status_code == 200
    assert done.json()["scores"]["engaging_the_team"] == 3.0
    # someone else gets a 404
    client.force_login(team.manager.user)
    assert client.get(f"/api/v1/capability/assessments/{assessment_id}").status_code == 404


def test_bad_answers_are_a_422(client: Client, team: Team, frameworks: dict[str, Any]) -> None:
    client.force_login(team.reports[0].user)
    assessment_id = client.post(
        "/api/v1/capability/assessments",
        {"framework": "hlm", "version": "1.0"},
        content_type="application/json",
    ).json()["id"]
    bad = client.put(
        f"/api/v1/capability/assessments/{assessment_id}/answers",
        {"answers": {"inspiring_shared_purpose.1": 9}},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "validation_error"
    incomplete = client.post(f"/api/v1/capability/assessments/{assessment_id}/complete")
    assert incomplete.status_code == 422


def test_a_cycle_through_the_api(
    client: Client, team: Team, frameworks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(team.participant.user)
    created = client.post(
        "/api/v1/capability/cycles",
        {
            "framework": "hlm",
            "version": "1.0",
            "deadline": deadline().isoformat(),
            "mode": "appraisal",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    cycle_id = created.json()["id"]
    for member in team.peers[:3]:
        response = client.post(
            f"/api/v1/capability/cycles/{cycle_id}/nominations",
            {"group": "peer", "email": member.user.email},
            content_type="application/json",
        )
        assert response.status_code == 201
    assert client.post(f"/api/v1/capability/cycles/{cycle_id}/submit").status_code == 200
    # the participant cannot approve their own
    assert (
        client.post(
            f"/api/v1/capability/cycles/{cycle_id}/approve", {}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(team.manager.user)
    with django_capture_on_commit_callbacks(execute=True):
        approved = client.post(
            f"/api/v1/capability/cycles/{cycle_id}/approve", {}, content_type="application/json"
        )
    assert approved.json()["status"] == "open"
    assert client.get(f"/api/v1/capability/cycles/{cycle_id}/report").status_code == 404


def test_an_external_rater_uses_the_token_endpoints(
    client: Client,
    team: Team,
    frameworks: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    actor = team.participant.actor
    cycle = services.cycle_open(
        actor=actor,
        participant=team.participant.person,
        framework_version=frameworks["lcf"],
        deadline=deadline(),
        mode="developmental",
    )
    for member in team.peers[:3]:
        services.nomination_add(actor=actor, cycle=cycle, group="peer", email=member.user.email)
    services.nomination_add(
        actor=actor, cycle=cycle, group="other", email="nhse@example.org", name="Regional Lead"
    )
    services.cycle_submit_for_approval(actor=actor, cycle=cycle)
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_approve(actor=team.manager.actor, cycle=cycle)
    token = services.rater_link_token(cycle.nominations.get(external=True))
    spec = frameworks["lcf"].spec()
    answers = {
        k: ("na" if v is None else v) for k, v in full_answers(spec, value=4)["statements"].items()
    }
    # no sign-in: save, read back, submit, then the token is spent
    url = f"/api/v1/capability/responses/{token}"
    assert (
        client.put(
            url,
            {"answers": {spec.dimensions[0].statements[0].key: "na"}},
            content_type="application/json",
        ).status_code
        == 200
    )
    assert client.get(url).json()["answers"]["statements"] == {
        spec.dimensions[0].statements[0].key: None
    }
    assert (
        client.post(
            f"{url}/submit",
            {"answers": answers, "comment": "Clear thinker."},
            content_type="application/json",
        ).status_code
        == 204
    )
    spent = client.get(url)
    assert spent.status_code == 410
    assert client.get("/api/v1/capability/responses/forged.token").status_code == 404
