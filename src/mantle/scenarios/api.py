"""API: workforce scenarios — save assumptions (checked; 422 names each bad field), start runs and
read their outputs (``outputs[metric][date] = {p10, p50, p90, mean}``), back-test and goal seek,
with the caller's disclosure control."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from mantle.analytics.scenarios import AssumptionError
from mantle.core.access import AccessDenied, Actor, actor_for
from mantle.core.schemas import ERRORS
from mantle.workforce.models import Organisation

from . import selectors, services
from .disclosure import backtest_for, evidence_for, outputs_for, released_for, stock_for
from .models import Scenario, ScenarioRun

router = Router(tags=["scenarios"])
PREFIX = "scenarios"


class ScenarioSummaryOut(Schema):
    id: int
    organisation: str
    name: str
    assumptions: dict[str, Any]
    latest_run: int | None = None


class ScenarioRunOut(Schema):
    id: int
    scenario: int
    status: str
    stage: str
    progress: float
    message: str
    assumptions: dict[str, Any]
    outputs: dict[str, Any] | None = None
    backtest: dict[str, Any] | None = None
    goal_seek: dict[str, Any] | None = None
    starting_stock: list[dict[str, Any]] | None = None
    rates: list[dict[str, Any]] | None = None
    footnotes: list[str] = []


class ScenarioIn(Schema):
    """The assumptions (docs/scenarios.md): ``organisation`` (ODS code), ``name``, ``start``,
    ``years``, ``runs``, ``seed``, optional ``unit``, ``levers``, ``rates`` and ``goal``."""

    organisation: str
    name: str
    start: str
    years: int = 5
    runs: int = 1000
    seed: int = 1
    unit: str | None = None
    levers: dict[str, Any] = {}
    rates: dict[str, Any] = {}
    goal: dict[str, Any] | None = None


def _summary(s: Scenario) -> dict[str, Any]:
    run = selectors.latest_run(s)
    return {
        "id": s.pk,
        "organisation": s.organisation.code,
        "name": s.name,
        "assumptions": s.assumptions,
        "latest_run": run.pk if run else None,
    }


def _run_out(actor: Actor, run: ScenarioRun) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": run.pk,
        "scenario": run.scenario_id,
        "status": run.status,
        "stage": run.stage,
        "progress": run.progress,
        "message": run.message,
        "assumptions": run.assumptions,
    }
    if run.status == ScenarioRun.Status.SUCCEEDED:
        org = run.scenario.organisation
        released = released_for(run, suppress=not actor.sees_unsuppressed(org.code))
        out.update(
            outputs=outputs_for(run, released),
            backtest=backtest_for(run, released),
            goal_seek=run.goal_seek,
            starting_stock=stock_for(run, released),
            rates=evidence_for(run, released),
            footnotes=released.footnotes(),
        )
    return out


def _scenario(request: HttpRequest, scenario_id: int) -> Scenario:
    scenario = selectors.scenario_get(actor_for(request), pk=scenario_id)
    if scenario is None:
        raise Http404("No such scenario, or you do not have access to it.")
    return scenario


def _invalid(exc: AssumptionError) -> Status:
    return Status(
        422,
        {
            "code": "validation_error",
            "message": "Some assumptions are not valid.",
            "errors": [
                {"field": k, "message": v, "type": "assumption"} for k, v in exc.errors.items()
            ],
        },
    )


@router.get(
    "/", summary="Scenarios of an organisation", response={200: list[ScenarioSummaryOut], **ERRORS}
)
def scenario_list(request: HttpRequest, organisation: str) -> list[dict[str, Any]]:
    actor = actor_for(request)
    org = Organisation.objects.filter(code=organisation.upper()).first()
    if org is None or not selectors.scenario_may_use(actor, org):
        raise Http404("No such organisation, or you do not have access to its scenarios.")
    return [
        _summary(s) for s in selectors.scenarios_for(actor, org=org).select_related("organisation")
    ]


@router.post(
    "/",
    summary="Save a scenario and start a run",
    response={201: ScenarioSummaryOut, **ERRORS},
)
def scenario_create(request: HttpRequest, payload: ScenarioIn) -> Status:
    """Checks every assumption against the register (422 names each field that is wrong: rates
    outside 0–1, hybrid posts beyond the tier's establishment, a start date without data…), saves
    the scenario and queues a run; poll ``/scenarios/{id}/runs/{run_id}``."""
    actor = actor_for(request)
    org = Organisation.objects.filter(code=payload.organisation.upper()).first()
    if org is None or not selectors.scenario_may_use(actor, org):
        if (
            org is not None
            and actor.user.is_authenticated
            and not actor.can_view_aggregates_anywhere
        ):
            raise AccessDenied("Scenarios are for board members, directors, HR/OD and analysts.")
        raise Http404("No such organisation, or you do not have access to it.")
    raw = payload.dict(exclude_none=True)
    try:
        with transaction.atomic():
            scenario = services.scenario_save(actor=actor, org=org, raw=raw)
    except AssumptionError as exc:
        return _invalid(exc)
    return Status(201, _summary(scenario))


@router.get(
    "/{scenario_id}",
    summary="A scenario and its latest run",
    response={200: ScenarioRunOut, **ERRORS},
)
def scenario_detail(request: HttpRequest, scenario_id: int) -> dict[str, Any]:
    scenario = _scenario(request, scenario_id)
    run = selectors.latest_run(scenario)
    if run is None:
        raise Http404("This scenario has not been run.")
    return _run_out(actor_for(request), run)


@router.post(
    "/{scenario_id}/runs", summary="Run a scenario again", response={202: ScenarioRunOut, **ERRORS}
)
def scenario_run_create(request: HttpRequest, scenario_id: int) -> Status:
    scenario = _scenario(request, scenario_id)
    with transaction.atomic():
        run = services.scenario_run_start(actor=actor_for(request), scenario=scenario)
    run.refresh_from_db()
    return Status(202, _run_out(actor_for(request), run))


@router.get(
    "/{scenario_id}/runs/{run_id}",
    summary="One run: progress, then outputs",
    response={200: ScenarioRunOut, **ERRORS},
)
def scenario_run_detail(request: HttpRequest, scenario_id: int, run_id: int) -> dict[str, Any]:
    scenario = _scenario(request, scenario_id)
    run = selectors.run_get(actor_for(request), scenario=scenario, pk=run_id)
    if run is None:
        raise Http404("No such run.")
    return _run_out(actor_for(request), run)
