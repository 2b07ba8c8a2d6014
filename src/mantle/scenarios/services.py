"""Scenario writes: save a scenario's assumptions (checked), run it in the background, load pay
scales. Rules: docs/scenarios.md; who may: ``selectors.scenario_may_use``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
import time
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from mantle.analytics.scenarios import (
    TIERS,
    AssumptionError,
    Levers,
    backtest_errors,
    bands,
    goal_from_json,
    goal_seek,
    simulate,
)
from mantle.analytics.scenarios import (
    Scenario as Model,
)
from mantle.analytics.scenarios.estimate import estimate
from mantle.analytics.scenarios.model import (
    TIER_GROUPS,
    horizon_from_json,
    levers_from_json,
    rates_from_json,
)
from mantle.core.access import AccessDenied, Actor
from mantle.core.audit import audit_record
from mantle.talent.rules.retirement import add_months
from mantle.workforce.models import Organisation, Unit

from . import selectors
from .models import PayScale, Scenario, ScenarioRun

BACKTEST_MONTHS = 12
FIT_MONTHS = 12
BACKTEST_RUNS = 500
KNOWN_KEYS = {
    "name",
    "organisation",
    "start",
    "years",
    "runs",
    "seed",
    "unit",
    "levers",
    "rates",
    "goal",
}


def _start(raw: Mapping[str, Any], org: Organisation, errors: dict[str, str]) -> dt.date | None:
    try:
        start = dt.date.fromisoformat(str(raw.get("start", "")))
    except ValueError:
        errors["start"] = f"Enter the start date as YYYY-MM-DD (got {raw.get('start')!r})."
        return None
    if not dt.date(1948, 7, 5) <= start <= dt.date(2099, 12, 31):
        errors["start"] = "Enter a start date from 1948-07-05 to 2099-12-31."
        return None
    if selectors.people_in_post(org, start) == 0:
        errors["start"] = (
            f"The register has nobody in post in {org.code} on {start}: choose a date the "
            "register covers."
        )
        return None
    return start


def assumptions_check(*, org: Organisation, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Check a planner's assumptions against the register; raise ``AssumptionError`` naming every
    field that is wrong (start date without data, years, runs, rates outside 0–1, levers beyond
    the establishment, a goal that cannot be asked). Returns the assumptions as stored."""
    if not isinstance(raw, Mapping):
        raise AssumptionError({"assumptions": "Give the assumptions as a JSON object."})
    errors: dict[str, str] = {}
    for key in raw:
        if key not in KNOWN_KEYS:
            errors[key] = f"Unknown field; fields are {', '.join(sorted(KNOWN_KEYS))}."
    start = _start(raw, org, errors)
    try:
        months, _, _ = horizon_from_json(raw)
    except AssumptionError as exc:
        errors.update(exc.errors)
        months = 12
    unit = raw.get("unit") or None
    if (
        unit is not None
        and not Unit.objects.filter(
            organisation__in=selectors.scope_organisations(org), path=unit
        ).exists()
    ):
        errors["unit"] = f"No unit {unit!r} in {org.code}."
    if not isinstance(raw.get("levers", {}), Mapping):
        errors["levers"] = "Give the levers as a JSON object."
    if not isinstance(raw.get("rates", {}), Mapping):
        errors["rates"] = "Give the rate edits as a JSON object."
    if start is not None and "levers" not in errors and "rates" not in errors:
        states = selectors.register_states(org=org, days=[start], unit=unit)
        _, establishment, _ = selectors.stock_from(
            states.details[start], vacant=states.vacancies[0], pay={}
        )
        try:
            levers_from_json(
                raw.get("levers", {}), base=Levers(), establishment=establishment, years=months / 12
            )
        except AssumptionError as exc:
            errors.update(exc.errors)
        try:
            from mantle.analytics.scenarios import Rates

            rates_from_json(raw.get("rates", {}), base=Rates({}, {}, {}, {}, {}))
        except AssumptionError as exc:
            errors.update(exc.errors)
        if raw.get("goal"):
            if not isinstance(raw["goal"], Mapping):
                errors["goal"] = "Give the goal as a JSON object."
            else:
                try:
                    goal_from_json(raw["goal"], start=start, months=months)
                except AssumptionError as exc:
                    errors.update(exc.errors)
    name = raw.get("name", "")
    if not isinstance(name, str) or not name.strip() or len(name) > 120:
        errors["name"] = "Enter a name of 1 to 120 characters."
    if errors:
        raise AssumptionError(errors)
    stored = {k: v for k, v in raw.items() if k not in ("organisation",)}
    stored.setdefault("years", months // 12)
    stored.setdefault("runs", 1000)
    stored.setdefault("seed", 1)
    return stored


def _check_may_use(actor: Actor, org: Organisation) -> None:
    if not selectors.scenario_may_use(actor, org):
        raise AccessDenied("Scenarios are for board members, directors, HR/OD and analysts.")


@transaction.atomic
def scenario_save(
    *,
    actor: Actor,
    org: Organisation,
    raw: Mapping[str, Any],
    scenario: Scenario | None = None,
    run: bool = True,
) -> Scenario:
    """Create or change a scenario (its assumptions checked) and, with ``run``, start a run.
    Rule: only people who may see the organisation's aggregates."""
    _check_may_use(actor, org)
    stored = assumptions_check(org=org, raw=raw)
    if scenario is None:
        scenario = Scenario.objects.create(
            organisation=org,
            name=stored["name"].strip(),
            assumptions=stored,
            created_by=cast(Any, actor.user) if actor.user.is_authenticated else None,
        )
    else:
        scenario.name = stored["name"].strip()
        scenario.assumptions = stored
        scenario.save(update_fields=["name", "assumptions", "updated_at"])
    audit_record(
        actor=actor.user,
        action="scenario.save",
        object_type="scenario",
        object_id=scenario.pk,
        object_label=scenario.name,
        organisation_code=org.code,
    )
    if run:
        scenario_run_start(actor=actor, scenario=scenario)
    return scenario


def scenario_run_start(*, actor: Actor, scenario: Scenario) -> ScenarioRun:
    """Queue a run of the scenario's current assumptions (the worker runs it after commit)."""
    _check_may_use(actor, scenario.organisation)
    from .tasks import run_scenario

    run = ScenarioRun.objects.create(scenario=scenario, assumptions=scenario.assumptions)
    transaction.on_commit(partial(run_scenario.enqueue, run.pk))
    return run


@transaction.atomic
def scenario_delete(*, actor: Actor, scenario: Scenario) -> None:
    _check_may_use(actor, scenario.organisation)
    scenario.delete()


def _programme(org: Organisation, start: dt.date) -> tuple[tuple[int, int], float]:
    """(moved, observed) clinician completers at 12 months — the development module's conversion
    measure — and the clinician completions in the 12 months before ``start`` (the places the
    estimated rates already reflect)."""
    from mantle.development.selectors.conversion import conversion_for_org

    moved = observed = 0
    baseline = 0.0
    for trust in selectors.scope_organisations(org):
        report = conversion_for_org(org=trust, as_of=start, suppress=False, horizons=(12,))
        summary = report.result.summary
        if summary.height:
            moved += int(summary["moved_12m"].sum() or 0)
            observed += int(summary["observed_12m"].sum() or 0)
        part = report.result.participants
        if part.height:
            year_ago = add_months(start, -12)
            baseline += float(
                part.filter(
                    (part["completed_on"] > year_ago) & (part["completed_on"] <= start)
                ).height
            )
    return (moved, observed), baseline


def _actual(summary: Mapping[str, Any]) -> dict[str, dict[str, float | None]]:
    head = summary["headcount"]
    clin = summary["clinicians"]
    out: dict[str, dict[str, float | None]] = {"headcount": {}, "clinician_share": {}}
    for name in (*TIERS, *TIER_GROUPS):
        members = TIER_GROUPS.get(name, (name,))
        h = sum(head.get(t, 0) for t in members)
        c = sum(clin.get(t, 0) for t in members)
        out["headcount"][name] = float(h)
        out["clinician_share"][name] = c / h if h else None
    return out


def _estimate_at(
    *,
    org: Organisation,
    states: selectors.RegisterStates,
    first: int,
    last: int,
    programme: tuple[int, int],
    pay: dict[str, float],
) -> tuple[Any, list[dict[str, Any]], Any, dict[str, int], dict[str, Any]]:
    rates, evidence = estimate(
        states.states[first : last + 1], states.vacancies[first : last + 1], programme=programme
    )
    day = states.states[last][0]
    stock, establishment, summary = selectors.stock_from(
        states.details[day], vacant=states.vacancies[last], pay=pay
    )
    return rates, [e.as_dict() for e in evidence], stock, establishment, summary


def _progress(run: ScenarioRun, stage: str, low: float, high: float) -> Callable[[float], None]:
    def update(share: float) -> None:
        ScenarioRun.objects.filter(pk=run.pk).update(
            stage=stage, progress=round(low + (high - low) * share, 3)
        )

    return update


def scenario_run_execute(run_id: int) -> ScenarioRun:
    """Estimate the rates from the register, back-test them, project the scenario and, when asked,
    goal-seek; store everything on the run. A failure is stored with its message."""
    run = ScenarioRun.objects.select_related("scenario__organisation").get(pk=run_id)
    began = time.perf_counter()
    ScenarioRun.objects.filter(pk=run.pk).update(
        status=ScenarioRun.Status.RUNNING, stage="Reading the register", progress=0.02
    )
    try:
        _execute(run)
    except AssumptionError as exc:
        run.status = ScenarioRun.Status.FAILED
        run.message = "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
    except Exception as exc:  # stored for the page, then logged by the worker
        ScenarioRun.objects.filter(pk=run.pk).update(
            status=ScenarioRun.Status.FAILED,
            progress=1.0,
            stage="",
            message=f"The run failed ({type(exc).__name__}); the administrator can see why in the worker's log.",
            finished_at=timezone.now(),
        )
        raise
    else:
        run.status = ScenarioRun.Status.SUCCEEDED
        run.message = ""
    run.progress = 1.0
    run.stage = ""
    run.seconds = round(time.perf_counter() - began, 2)
    run.finished_at = timezone.now()
    run.save()
    return run


def run_assumptions(
    *,
    org: Organisation,
    raw: Mapping[str, Any],
    progress: Callable[[str, float, float], Callable[[float], None]] | None = None,
) -> dict[str, Any]:
    """Everything a run stores, from checked assumptions: ``estimated`` (stock summary, rates and
    evidence for the start date and for the back-test), ``backtest``, ``outputs`` and
    ``goal_seek``. Shared by the background task and ``mantle scenario run``."""

    def tick(stage: str, low: float, high: float) -> Callable[[float], None]:
        return progress(stage, low, high) if progress else (lambda _share: None)

    start = dt.date.fromisoformat(str(raw["start"]))
    months, runs, seed = horizon_from_json(raw)
    unit = raw.get("unit") or None
    days = [add_months(start, -k) for k in range(BACKTEST_MONTHS + FIT_MONTHS, 0, -1)] + [start]
    tick("Reading the register", 0.02, 0.2)(0.0)
    states = selectors.register_states(org=org, days=days, unit=unit)
    pay, pay_source, illustrative = selectors.pay_scale_for(org)
    programme, baseline = _programme(org, start)
    last = len(days) - 1
    cut = last - BACKTEST_MONTHS
    rates, evidence, stock, establishment, summary = _estimate_at(
        org=org, states=states, first=cut, last=last, programme=programme, pay=pay
    )
    rates = rates_from_json(raw.get("rates", {}), base=rates)
    in_post = set(states.details[start]["person_id"].to_list())
    pension = [age for pid, age in states.pension_age.items() if pid in in_post]
    retirement_age = round(statistics.median(pension)) if pension else 67
    defaults = Levers(
        retirement_age=retirement_age,
        programme_places_per_year=baseline,
        programme_places_baseline=baseline,
    )
    levers = levers_from_json(
        raw.get("levers", {}), base=defaults, establishment=establishment, years=months / 12
    )
    # Back-test: rates from the 12 months before the cut, projected 12 months on current trends.
    tick("Back-testing on the last 12 months", 0.2, 0.3)(0.0)
    b_rates, b_evidence, b_stock, b_establishment, b_summary = _estimate_at(
        org=org, states=states, first=0, last=cut, programme=programme, pay=pay
    )
    backtest: dict[str, Any] = {
        "fit_from": days[0].isoformat(),
        "fit_to": days[cut].isoformat(),
        "to": start.isoformat(),
        "people_at_cut": b_summary["people"],
        "history_people_at_start_of_fit": int(states.states[0][1].height),
        "rows": [],
    }
    if b_summary["people"]:
        b_model = Model(
            start=days[cut],
            months=BACKTEST_MONTHS,
            stock=b_stock,
            establishment=b_establishment,
            rates=b_rates,
            levers=Levers(retirement_age=retirement_age),
            runs=min(runs, BACKTEST_RUNS),
            seed=seed,
        )
        backtest["rows"] = backtest_errors(simulate(b_model), _actual(summary))
    model = Model(
        start=start,
        months=months,
        stock=stock,
        establishment=establishment,
        rates=rates,
        levers=levers,
        runs=runs,
        seed=seed,
    )
    result = simulate(model, progress=tick("Projecting", 0.3, 0.75 if raw.get("goal") else 0.95))
    goal = None
    if raw.get("goal"):
        goal = goal_seek(
            model,
            goal_from_json(raw["goal"], start=start, months=months),
            progress=tick("Goal seeking", 0.75, 0.98),
        )
    return {
        "estimated": {
            "start": start.isoformat(),
            "summary": summary,
            "evidence": evidence,
            "backtest_evidence": b_evidence,
            "backtest_summary": b_summary,
            "establishment": establishment,
            "levers": {**levers.__dict__},
            "retirement_age_default": retirement_age,
            "programme_places_baseline": baseline,
            "pay_source": pay_source,
            "pay_illustrative": illustrative,
            "runs": runs,
            "months": months,
            "seed": seed,
        },
        "outputs": bands(result, start),
        "backtest": backtest,
        "goal_seek": goal,
    }


def _execute(run: ScenarioRun) -> None:
    org = run.scenario.organisation
    answer = run_assumptions(
        org=org,
        raw=run.assumptions,
        progress=lambda stage, low, high: _progress(run, stage, low, high),
    )
    run.estimated = answer["estimated"]
    run.outputs = answer["outputs"]
    run.backtest = answer["backtest"]
    run.goal_seek = answer["goal_seek"]


class PayScaleError(ValueError):
    def __init__(self, errors: list[dict[str, Any]]):
        self.errors = errors
        super().__init__(
            "; ".join(f"row {e['row']}, {e['column']}: {e['message']}" for e in errors)
        )


@transaction.atomic
def pay_scales_load(
    *, text: str, source: str, org: Organisation | None = None, illustrative: bool = False
) -> int:
    """Load a pay-scale CSV (columns ``band``, ``annual_pay``; docs/data-formats.md), replacing the
    organisation's scale (or the default one) in one transaction; every bad row is reported with
    its row, column, value and what is allowed, and nothing is loaded."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"band", "annual_pay"} - set(reader.fieldnames or [])
    if missing:
        raise PayScaleError(
            [
                {
                    "row": 1,
                    "column": c,
                    "value": "",
                    "message": "Missing column.",
                    "allowed": "band, annual_pay",
                }
                for c in sorted(missing)
            ]
        )
    errors: list[dict[str, Any]] = []
    rows: dict[str, Decimal] = {}
    for number, row in enumerate(reader, start=2):
        band = (row.get("band") or "").strip()
        value = (row.get("annual_pay") or "").strip()
        if not band or len(band) > 40:
            errors.append(
                {
                    "row": number,
                    "column": "band",
                    "value": band,
                    "message": "Enter a pay band name.",
                    "allowed": "1 to 40 characters",
                }
            )
        elif band in rows:
            errors.append(
                {
                    "row": number,
                    "column": "band",
                    "value": band,
                    "message": "This band is listed twice.",
                    "allowed": "each band once",
                }
            )
        try:
            amount = Decimal(value)
            if not amount.is_finite() or not Decimal(0) <= amount <= Decimal(10_000_000):
                raise InvalidOperation
        except InvalidOperation:
            errors.append(
                {
                    "row": number,
                    "column": "annual_pay",
                    "value": value,
                    "message": "Enter the annual pay of a full-time post.",
                    "allowed": "a number from 0 to 10000000",
                }
            )
            continue
        rows[band] = amount.quantize(Decimal("0.01"))
    if errors:
        raise PayScaleError(errors)
    if not rows:
        raise PayScaleError(
            [
                {
                    "row": 2,
                    "column": "band",
                    "value": "",
                    "message": "The file has no rows.",
                    "allowed": "one row per band",
                }
            ]
        )
    PayScale.objects.filter(organisation=org).delete()
    PayScale.objects.bulk_create(
        PayScale(organisation=org, band=b, annual_pay=v, source=source, illustrative=illustrative)
        for b, v in rows.items()
    )
    return len(rows)
