"""Scenario pages: the list, the editor, a run's results (polled while it runs), the comparison of
up to four scenarios and the CSV export. Thin: selectors read, services write."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from mantle.analytics.scenarios import AssumptionError
from mantle.core.access import Actor, actor_for
from mantle.core.htmx import render_page
from mantle.workforce.models import Organisation

from . import selectors, services
from .disclosure import backtest_for, evidence_for, outputs_for, released_for, stock_for
from .forms import LEVER_LABELS, TIER_LABELS, ScenarioForm
from .models import Scenario, ScenarioRun
from .presentation import chart_series, comparison, summaries

MAX_COMPARE = 4
COMPARE_METRIC = "clinician_share.senior_leadership"


def _orgs(actor: Actor) -> list[Organisation]:
    orgs = list(selectors.scenario_organisations(actor).order_by("code"))
    if not orgs:
        raise PermissionDenied(
            "Workforce scenarios are for board members, directors, HR/OD administrators and analysts."
        )
    return orgs


def _org(request: HttpRequest, actor: Actor) -> Organisation:
    orgs = _orgs(actor)
    code = (request.GET.get("org") or request.POST.get("org") or "").upper()
    if not code:
        trusts = [o for o in orgs if o.org_type != Organisation.Type.ICB]
        return (trusts or orgs)[0]
    org = Organisation.objects.filter(code=code).first()
    if org is None or not selectors.scenario_may_use(actor, org):
        raise Http404("No such organisation, or you do not have access to it.")
    return org


def _scenario(request: HttpRequest, pk: int) -> Scenario:
    scenario = selectors.scenario_get(actor_for(request), pk=pk)
    if scenario is None:
        raise Http404("No such scenario, or you do not have access to it.")
    return scenario


def _crumbs(*items: tuple[str, str]) -> list[dict[str, str]]:
    return [{"text": "Home", "href": "/"}, *({"text": t, "href": h} for t, h in items)]


def scenario_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    org = _org(request, actor)
    scenarios = list(selectors.scenarios_for(actor, org=org)[:100])
    latest = {s.pk: selectors.latest_run(s) for s in scenarios}
    return render_page(
        request,
        "scenarios/scenario_list.html",
        {
            "org": org,
            "orgs": list(selectors.scenario_organisations(actor).order_by("code")),
            "scenarios": scenarios,
            "latest": latest,
            "max_compare": MAX_COMPARE,
            "breadcrumbs": _crumbs(("Workforce scenarios", "")),
        },
    )


def _editor(request: HttpRequest, *, org: Organisation, scenario: Scenario | None) -> HttpResponse:
    actor = actor_for(request)
    if request.method == "POST":
        form = ScenarioForm(request.POST)
        if form.is_valid():
            try:
                saved = services.scenario_save(
                    actor=actor, org=org, raw=form.assumptions(), scenario=scenario
                )
            except AssumptionError as exc:
                form.add_assumption_errors(exc.errors)
            else:
                return redirect("scenarios:scenario_detail", pk=saved.pk)
        status = 400
    else:
        initial = (
            ScenarioForm.initial_from(scenario.assumptions)
            if scenario is not None
            else {
                "start": dt.date.today().isoformat(),
                "years": 5,
                "runs": 1000,
                "hybrid_posts_per_year": 0,
                "hybrid_from_tier": "middle",
                "goal_probability": 80,
            }
        )
        form = ScenarioForm(initial=initial)
        status = 200
    run = selectors.latest_run(scenario) if scenario is not None else None
    released = (
        released_for(run, suppress=not actor.sees_unsuppressed(org.code))
        if run and run.estimated
        else None
    )
    title = f"Change {scenario.name}" if scenario else "New scenario"
    return render_page(
        request,
        "scenarios/scenario_edit.html",
        {
            "org": org,
            "form": form,
            "scenario": scenario,
            "title": title,
            "estimated": run.estimated if run and run.estimated else None,
            "evidence": evidence_for(run, released) if run and released else [],
            "tier_labels": TIER_LABELS,
            "breadcrumbs": _crumbs(
                ("Workforce scenarios", f"/scenarios/?org={org.code}"), (title, "")
            ),
        },
        status=status,
    )


def scenario_new(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    return _editor(request, org=_org(request, actor), scenario=None)


def scenario_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario(request, pk)
    return _editor(request, org=scenario.organisation, scenario=scenario)


def _run_context(actor: Actor, scenario: Scenario, run: ScenarioRun | None) -> dict[str, Any]:
    if run is None or run.status != ScenarioRun.Status.SUCCEEDED:
        return {"run": run}
    org = scenario.organisation
    released = released_for(run, suppress=not actor.sees_unsuppressed(org.code))
    outputs = outputs_for(run, released)
    return {
        "run": run,
        "stock": stock_for(run, released),
        "backtest": backtest_for(run, released),
        "evidence": evidence_for(run, released),
        "footnotes": released.footnotes(),
        "summaries": summaries(outputs, run),
        "charts": chart_series(outputs),
        "goal": run.goal_seek,
    }


def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    scenario = _scenario(request, pk)
    run = selectors.latest_run(scenario)
    return render_page(
        request,
        "scenarios/scenario_detail.html",
        {
            "org": scenario.organisation,
            "scenario": scenario,
            **_run_context(actor, scenario, run),
            "tier_labels": TIER_LABELS,
            "lever_labels": LEVER_LABELS,
            "breadcrumbs": _crumbs(
                ("Workforce scenarios", f"/scenarios/?org={scenario.organisation.code}"),
                (scenario.name, ""),
            ),
        },
    )


@require_POST
def scenario_run(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario(request, pk)
    services.scenario_run_start(actor=actor_for(request), scenario=scenario)
    return redirect("scenarios:scenario_detail", pk=scenario.pk)


def scenario_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every output by date (P10, P50, P90, mean), with the same suppression as the page."""
    actor = actor_for(request)
    scenario = _scenario(request, pk)
    run = selectors.latest_run(scenario)
    if run is None or run.status != ScenarioRun.Status.SUCCEEDED:
        raise Http404("This scenario has no finished run yet.")
    outputs = outputs_for(
        run, released_for(run, suppress=not actor.sees_unsuppressed(scenario.organisation.code))
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["scenario", "metric", "date", "p10", "p50", "p90", "mean"])
    for metric, series in outputs.items():
        for day, q in series.items():
            writer.writerow([scenario.name, metric, day, q["p10"], q["p50"], q["p90"], q["mean"]])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scenario-{scenario.pk}.csv"'
    return response


def scenario_compare(request: HttpRequest) -> HttpResponse:
    """Up to four scenarios side by side: each key measure at each year end."""
    actor = actor_for(request)
    _orgs(actor)
    ids = request.GET.getlist("ids")
    if not ids or len(ids) > MAX_COMPARE or not all(i.isdigit() for i in ids):
        return render_page(
            request,
            "scenarios/scenario_compare.html",
            {
                "error": f"Choose from 1 to {MAX_COMPARE} scenarios to compare.",
                "columns": [],
                "breadcrumbs": _crumbs(("Workforce scenarios", "/scenarios/"), ("Compare", "")),
            },
            status=400,
        )
    columns: list[dict[str, Any]] = []
    for pk in dict.fromkeys(int(i) for i in ids):
        scenario = _scenario(request, pk)
        run = selectors.latest_run(scenario)
        if run is None or run.status != ScenarioRun.Status.SUCCEEDED:
            columns.append({"scenario": scenario, "outputs": None})
            continue
        released = released_for(
            run, suppress=not actor.sees_unsuppressed(scenario.organisation.code)
        )
        columns.append({"scenario": scenario, "outputs": outputs_for(run, released), "run": run})
    return render_page(
        request,
        "scenarios/scenario_compare.html",
        {
            "columns": columns,
            "table": comparison(columns),
            "chart": {
                "series": [
                    {
                        "name": c["scenario"].name,
                        "dates": list((c["outputs"] or {}).get(COMPARE_METRIC, {})),
                        "p50": [
                            q["p50"] for q in (c["outputs"] or {}).get(COMPARE_METRIC, {}).values()
                        ],
                    }
                    for c in columns
                ]
            },
            "tier_labels": TIER_LABELS,
            "breadcrumbs": _crumbs(
                (
                    "Workforce scenarios",
                    f"/scenarios/?org={columns[0]['scenario'].organisation.code}",
                ),
                ("Compare", ""),
            ),
        },
    )
