"""Scenarios end to end on a small trust: build and run through the API, errors naming the field,
who may use scenarios, disclosure of the starting stock, the CLI's JSON and pay-scale loading."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from mantle.scenarios import services
from mantle.scenarios.models import PayScale, Scenario, ScenarioRun

from .conftest import ON, Trust, assumptions

pytestmark = pytest.mark.django_db


def _create(client: Any, raw: dict[str, Any], capture: Any) -> Any:
    with capture(execute=True):
        return client.post("/api/v1/scenarios/", raw, content_type="application/json")


def test_a_planner_builds_and_runs_a_scenario_through_the_api(
    client: Any, trust: Trust, django_capture_on_commit_callbacks: Any
) -> None:
    # given an executive of the trust
    client.force_login(trust.users["exec"])
    # when they save a scenario with a goal
    raw = assumptions(
        goal={
            "metric": "clinician_share.senior_leadership",
            "target": 0.6,
            "by": "2028-06-30",
            "probability": 0.8,
            "lever": "clinician_vacancy_share",
        }
    )
    answer = _create(client, raw, django_capture_on_commit_callbacks)
    assert answer.status_code == 201, answer.content
    scenario_id = answer.json()["id"]
    # then the run has finished (the test worker runs tasks at once) with bands for every month
    got = client.get(f"/api/v1/scenarios/{scenario_id}").json()
    assert got["status"] == "succeeded", got["message"]
    share = got["outputs"]["clinician_share.senior_leadership"]
    assert len(share) == 25
    assert set(share["2028-06-30"]) == {"p10", "p50", "p90", "mean"}
    assert share["2028-06-30"]["p10"] <= share["2028-06-30"]["p50"] <= share["2028-06-30"]["p90"]
    # the goal is answered, and the back-test compares every management tier
    assert got["goal_seek"]["lever"] == "clinician_vacancy_share"
    assert got["goal_seek"]["message"]
    assert {r["tier"] for r in got["backtest"]["rows"]} >= {"senior", "middle", "management"}
    # rates come with their counts and intervals
    leave = [r for r in got["rates"] if r["rate"] == "leave"]
    assert leave and all("trials" in r and "low" in r for r in leave)
    # and running again makes a second run
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/api/v1/scenarios/{scenario_id}/runs")
    assert again.status_code == 202
    assert ScenarioRun.objects.filter(scenario_id=scenario_id).count() == 2


def test_bad_assumptions_answer_422_naming_each_field(
    client: Any, trust: Trust, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(trust.users["exec"])
    answer = _create(
        client,
        assumptions(
            levers={
                "clinician_vacancy_share": 1.5,
                "hybrid_posts_per_year": 10,
                "hybrid_from_tier": "middle",
            },
            rates={"fill": {"senior": 2}},
        ),
        django_capture_on_commit_callbacks,
    )
    assert answer.status_code == 422
    fields = {e["field"]: e["message"] for e in answer.json()["errors"]}
    assert set(fields) == {
        "levers.clinician_vacancy_share",
        "levers.hybrid_posts_per_year",
        "rates.fill.senior",
    }
    assert "the middle tier has 6 posts" in fields["levers.hybrid_posts_per_year"]
    # a start date the register does not cover
    answer = _create(client, assumptions(start="2001-01-31"), django_capture_on_commit_callbacks)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["start"]
    assert "nobody in post" in answer.json()["errors"][0]["message"]
    assert not Scenario.objects.exists()


@pytest.mark.parametrize(
    ("username", "list_status", "detail_status"),
    [
        ("exec", 200, 200),
        ("hr", 200, 200),
        ("analyst", 200, 200),
        ("manager", 403, 404),
        ("nurse", 403, 404),
        ("outsider", 404, 404),
    ],
)
def test_who_may_use_scenarios(
    client: Any, trust: Trust, username: str, list_status: int, detail_status: int
) -> None:
    # given a saved scenario of RXA (no run needed to check access)
    scenario = Scenario.objects.create(organisation=trust.org, name="A", assumptions=assumptions())
    client.force_login(trust.users[username])
    # then the list page and the scenario answer as the role allows; another trust's executive
    # gets the same 404 as for a scenario that does not exist
    assert client.get("/scenarios/?org=RXA").status_code == list_status
    assert client.get(f"/scenarios/{scenario.pk}/").status_code == detail_status
    # the API answers the same; with no run yet a visible scenario is "not run" (also 404)
    api = client.get(f"/api/v1/scenarios/{scenario.pk}")
    assert api.status_code == 404
    assert ("not been run" in api.json()["message"]) == (detail_status == 200)
    assert client.get("/scenarios/99999/").status_code in (403, 404)


def test_starting_stock_counts_are_suppressed_below_hr(
    client: Any, trust: Trust, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(trust.users["exec"])
    scenario_id = _create(client, assumptions(), django_capture_on_commit_callbacks).json()["id"]
    run = client.get(f"/api/v1/scenarios/{scenario_id}").json()
    board = next(r for r in run["starting_stock"] if r["tier"] == "board_executive")
    # two executive directors: too few to show a board member
    assert board["headcount"] == "*"
    start = run["outputs"]["headcount.board_executive"][ON.isoformat()]
    assert start["p50"] == "*"
    assert run["footnotes"]
    # an HR/OD administrator of the trust sees the exact figures
    client.force_login(trust.users["hr"])
    run = client.get(f"/api/v1/scenarios/{scenario_id}").json()
    board = next(r for r in run["starting_stock"] if r["tier"] == "board_executive")
    assert board["headcount"] == 2
    assert board["clinicians"] == 1
    assert run["outputs"]["headcount.board_executive"][ON.isoformat()]["p50"] == 2


def test_pages_build_run_and_compare(
    client: Any, trust: Trust, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(trust.users["exec"])
    form = {
        "org": "RXA",
        "name": "Pages",
        "start": ON.isoformat(),
        "years": 2,
        "runs": 1000,
        "hybrid_posts_per_year": 0,
        "hybrid_from_tier": "middle",
        "clinician_vacancy_share": 60,
    }
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/scenarios/new", form)
    assert answer.status_code == 302
    pk = int(answer["Location"].rstrip("/").split("/")[-1])
    page = client.get(f"/scenarios/{pk}/").content.decode()
    assert "How well the model did on the last 12 months" in page
    assert page.index("How well the model did") < page.index("<h2>Projection</h2>")
    assert "Clinician share of senior leadership" in page
    csv_text = client.get(f"/scenarios/{pk}/export.csv").content.decode()
    assert csv_text.splitlines()[0] == "scenario,metric,date,p10,p50,p90,mean"
    # a bad lever comes back on the form, naming the field
    bad = client.post("/scenarios/new", {**form, "hybrid_posts_per_year": 50})
    assert bad.status_code == 400
    assert "the middle tier has 6 posts" in bad.content.decode()
    compare = client.get(f"/scenarios/compare?ids={pk}&ids={pk}")
    assert compare.status_code == 200
    assert client.get("/scenarios/compare?ids=1&ids=2&ids=3&ids=4&ids=5").status_code == 400


def test_cli_runs_a_file_and_prints_json(trust: Trust, tmp_path: Path) -> None:
    path = tmp_path / "scenario.json"
    path.write_text(
        json.dumps(
            assumptions(
                goal={
                    "metric": "clinician_share.management",
                    "target": 0.99,
                    "by": "2027-06-30",
                    "probability": 0.8,
                    "lever": "clinician_vacancy_share",
                }
            )
        )
    )
    out = StringIO()
    call_command("scenario", "run", str(path), "--format", "json", stdout=out)
    document = json.loads(out.getvalue())
    assert set(document["outputs"]["headcount.middle"]["2027-06-30"]) == {"p10", "p50", "p90"}
    assert document["goal_seek"]["reached"] is False
    assert "backtest" in document
    path.write_text(json.dumps(assumptions(rates={"leave": {"nursing_midwifery": {"<35": 3}}})))
    with pytest.raises(CommandError, match=r"rates\.leave\.nursing_midwifery\.<35"):
        call_command("scenario", "run", str(path), stdout=StringIO())


def test_pay_scales_load_atomically_with_row_errors(trust: Trust) -> None:
    assert (
        services.pay_scales_load(text="band,annual_pay\nBand 5,32000\nVSM,150000\n", source="Test")
        == 2
    )
    with pytest.raises(services.PayScaleError) as caught:
        services.pay_scales_load(text="band,annual_pay\nBand 6,40000\nBand 7,lots\n", source="Test")
    assert caught.value.errors[0]["row"] == 3
    assert caught.value.errors[0]["column"] == "annual_pay"
    # nothing changed
    assert set(PayScale.objects.values_list("band", flat=True)) == {"Band 5", "VSM"}


def test_a_queued_run_shows_a_progress_bar_that_polls(client: Any, trust: Trust) -> None:
    # given a scenario whose run is waiting for the worker (on-commit callbacks not run)
    client.force_login(trust.users["exec"])
    form = {
        "org": "RXA",
        "name": "Queued",
        "start": ON.isoformat(),
        "years": 1,
        "runs": 1000,
        "hybrid_posts_per_year": 0,
        "hybrid_from_tier": "middle",
    }
    pk = int(client.post("/scenarios/new", form)["Location"].rstrip("/").split("/")[-1])
    ScenarioRun.objects.filter(scenario_id=pk).update(stage="Projecting", progress=0.4)
    # when the page is opened, and then polled by htmx
    page = client.get(f"/scenarios/{pk}/").content.decode()
    partial = client.get(f"/scenarios/{pk}/", headers={"HX-Request": "true"}).content.decode()
    # then it shows the stage and a progress bar at 40%, and the poll gets only the run's block
    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="progress"' in page and 'value="40"' in page
    assert partial.lstrip().startswith('<div id="run"')
    assert "Projecting" in partial and "<html" not in partial
