"""Outcome pages: explore, model, where you sit, and loading files. Thin: selectors read, the
analytics compute, ``services`` write."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from mantle.analytics import funnel as funnel_analytics
from mantle.analytics.outcomes import (
    SpecError,
    align_periods,
    scatter,
    where_you_sit,
    wide_frame,
)
from mantle.core.access import AccessDenied, Actor, actor_for
from mantle.core.htmx import render_page
from mantle.imports.parsers.common import ParseError

from .parsers import KIND_LABELS
from .selectors import (
    measure_label,
    measures_available,
    org_types,
    outcome_imports_recent,
    outcome_long,
    unit_organisations,
)
from .services import may_load, outcome_file_load
from .services_model import data_csv, model_fit, spec_json

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
TRANSFORM_LABELS = {"": "as it is", "log": "log", "share_of": "share of…", "per_100": "per 100…"}


def _actor(request: HttpRequest) -> Actor:
    actor = actor_for(request)
    if not actor.can_view_aggregates_anywhere:
        raise PermissionDenied
    return actor


def _own_org(actor: Actor, requested: str | None) -> str | None:
    """The organisation to mark: the one asked for, if the reader may see it, else their own."""
    own = sorted(actor.orgs_with("hr_admin", "executive", "chair"))
    if requested:
        code = requested.strip().upper()
        if actor.aggregate_org_codes() is None or code in own:
            return code
    return own[0] if own else None


def _measures(names: list[str]) -> list[dict[str, str]]:
    return [{"name": n, "label": measure_label(n)} for n in names]


def _pick(asked: str | None, names: list[str], preferred: tuple[str, ...]) -> str | None:
    if asked in names:
        return asked
    return next((n for n in preferred if n in names), names[0] if names else None)


def explore(request: HttpRequest) -> HttpResponse:
    """Scatter of any two measures across organisations in a year (peers highlighted, the reader's
    organisation marked, the least-squares line), and both over time for one organisation."""
    actor = _actor(request)
    names = measures_available(actor)
    measures = _measures(names)
    # Defaults that are quick to compute (the divide's families are warmed after each import)
    # and that most trusts can compare: managers per 100 staff against SHMI.
    x = _pick(request.GET.get("x"), names, ("mantle_managers_per_100_staff", "managers_fte"))
    others = [n for n in names if n != x and not n.startswith("mantle_")] or names
    y = _pick(request.GET.get("y"), others, ("shmi", "cqc_overall", "staff_stability"))
    if request.GET.get("y") in names:
        y = request.GET["y"]
    own = _own_org(actor, request.GET.get("org"))
    types = org_types()
    peer_type = types.get(own or "")
    context: dict[str, Any] = {
        "page": "explore",
        "measures": measures,
        "x": x,
        "y": y,
        "own": own,
        "peer_type": peer_type,
        "x_label": measure_label(x or ""),
        "y_label": measure_label(y or ""),
    }
    if x and y:
        long = outcome_long(actor, measures={x, y})
        yearly = align_periods(long.filter(pl.col("unit_path") == ""), yearly=True)
        wide = wide_frame(yearly, list(dict.fromkeys([x, y])))
        periods = sorted(
            wide.filter(pl.col(x).is_not_null() & pl.col(y).is_not_null())["period"].to_list(),
            reverse=True,
        )
        periods = list(dict.fromkeys(periods))
        period = request.GET.get("period")
        period = period if period in periods else (periods[0] if periods else None)
        context.update(periods=periods, period=period)
        if period:
            points, trend = scatter(wide.filter(pl.col("period") == period), x=x, y=y)
            rows = [
                {
                    "org_code": r["org_code"],
                    "x": r[x],
                    "y": r[y],
                    "org_type": types.get(r["org_code"], ""),
                    "peer": bool(peer_type) and types.get(r["org_code"]) == peer_type,
                    "own": r["org_code"] == own,
                }
                for r in points.iter_rows(named=True)
            ]
            context.update(points=rows, trend=trend)
            context["chart"] = {
                "points": rows,
                "trend": trend,
                "x_label": context["x_label"],
                "y_label": context["y_label"],
            }
        over_time_org = own if own else None
        if over_time_org:
            monthly = long.filter(
                (pl.col("unit_path") == "") & (pl.col("org_code") == over_time_org)
            )
            series = wide_frame(monthly, list(dict.fromkeys([x, y])))
            context["series"] = series.select("period", *dict.fromkeys([x, y])).to_dicts()
            context["series_org"] = over_time_org
            context["series_chart"] = {
                "rows": context["series"],
                "x": x,
                "y": y,
                "x_label": context["x_label"],
                "y_label": context["y_label"],
            }
    return render_page(request, "outcomes/explore.html", context)


def _spec_from_form(request: HttpRequest) -> tuple[dict[str, Any] | None, str]:
    """A specification from the form's fields (or the pasted JSON ``spec``) and the JSON text."""
    text = request.GET.get("spec", "").strip()
    if text:
        try:
            return json.loads(text), text
        except ValueError as exc:
            raise SpecError("specification", f"is not valid JSON: {exc}") from exc
    outcome = request.GET.get("outcome")
    if not outcome:
        return None, ""
    regressors = []
    for i in range(3):
        measure = request.GET.get(f"r{i}")
        if not measure:
            continue
        term: dict[str, Any] = {"measure": measure}
        if transform := request.GET.get(f"r{i}_transform"):
            term["transform"] = transform
        if denominator := request.GET.get(f"r{i}_denominator"):
            term["denominator"] = denominator
        regressors.append(term)
    spec: dict[str, Any] = {
        "outcome": outcome,
        "regressors": regressors,
        "fixed_effects": request.GET.getlist("fixed_effects"),
        "cluster": request.GET.get("cluster") or None,
        "level": request.GET.get("level") or "organisation",
        "filters": {},
    }
    if org_type := request.GET.get("org_type"):
        spec["filters"]["org_type"] = [org_type]
    first, last = request.GET.get("year_from", ""), request.GET.get("year_to", "")
    if first or last:
        try:
            spec["filters"]["years"] = [int(first or last), int(last or first)]
        except ValueError as exc:
            raise SpecError("filters.years", "years must be whole numbers, e.g. 2012") from exc
    if organisation := request.GET.get("organisation"):
        spec["filters"]["organisation"] = organisation
    return spec, json.dumps(spec, indent=2)


def _model_measures(actor: Actor) -> list[str]:
    """Organisation-level measures and, for the trusts whose units the reader may model, their
    unit-level ones (the demo's synthetic unit figures among them)."""
    names = set(measures_available(actor))
    for org in unit_organisations(actor):
        names.update(measures_available(actor, level="unit", organisation=org))
    return sorted(names)


def model(request: HttpRequest) -> HttpResponse:
    """The model page: a form (or a pasted JSON specification), then the result in numbers and
    words, with links to the specification and the exact data used. ``format=json|csv`` gives
    the specification or the data."""
    actor = _actor(request)
    error: SpecError | None = None
    fitted = None
    spec_text = ""
    try:
        raw, spec_text = _spec_from_form(request)
        if raw is not None:
            fitted = model_fit(raw=raw, actor=actor)
    except SpecError as exc:
        error = exc
    fmt = request.GET.get("format")
    if fitted is not None and fmt == "csv":
        response = HttpResponse(data_csv(fitted), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="outcomes-model-data.csv"'
        return response
    if fitted is not None and fmt == "json":
        response = HttpResponse(spec_json(fitted), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="outcomes-model-spec.json"'
        return response
    link = None
    if fitted is not None:
        query = urlencode({"spec": json.dumps(fitted.spec.as_dict())})
        link = f"{reverse('outcomes:model')}?{query}"
    context = {
        "page": "model",
        "measures": _measures(_model_measures(actor)),
        "error": error,
        "fitted": fitted,
        "result": fitted.result if fitted else None,
        "spec_text": spec_text,
        "link": link,
        "values": request.GET,
        "transforms": TRANSFORM_LABELS,
        "org_type_choices": sorted(set(org_types().values())),
        "unit_orgs": unit_organisations(actor),
        "label": measure_label,
    }
    return render(request, "outcomes/model.html", context, status=422 if error else 200)


def where(request: HttpRequest) -> HttpResponse:
    """Where an organisation sits among its peers (same type) on every measure it has, and a funnel
    plot for a measure that is a proportion (a figure with its denominator)."""
    actor = _actor(request)
    # The latest month end is enough: each measure is compared in its latest period.
    long = outcome_long(actor, months=1)
    own = _own_org(actor, request.GET.get("org"))
    types = org_types()
    peer_type = types.get(own or "")
    peers = [c for c, t in types.items() if t == peer_type] if peer_type else []
    table = where_you_sit(long, org_code=own, peers=peers).to_dicts() if own and long.height else []
    for row in table:
        row["label"] = measure_label(row["measure"])
    proportions = [r["measure"] for r in table if r["denominator"]]
    chosen = request.GET.get("funnel")
    chosen = chosen if chosen in proportions else (proportions[0] if proportions else None)
    funnel_rows: list[dict[str, Any]] = []
    mean = None
    if chosen:
        period = next(r["period"] for r in table if r["measure"] == chosen)
        scale = 100.0
        pick = long.filter(
            (pl.col("measure") == chosen)
            & (pl.col("period") == period)
            & (pl.col("unit_path") == "")
            & pl.col("org_code").is_in(sorted(set(peers) | {own or ""}))
            & pl.col("denominator").is_not_null()
        ).select(
            "org_code",
            (pl.col("value") / scale * pl.col("denominator"))
            .round(0)
            .cast(pl.Int64)
            .alias("numerator"),
            pl.col("denominator").round(0).cast(pl.Int64),
        )
        mean, limits = funnel_analytics.funnel(pick)
        funnel_rows = [
            {**r, "own": r["org_code"] == own} for r in limits.sort("denominator").to_dicts()
        ]
    context = {
        "page": "where",
        "own": own,
        "peer_type": peer_type,
        "table": table,
        "proportions": [{"name": p, "label": measure_label(p)} for p in proportions],
        "funnel_measure": chosen,
        "funnel_label": measure_label(chosen or ""),
        "funnel_rows": funnel_rows,
        "funnel_mean": mean,
        "funnel_chart": {"rows": funnel_rows, "mean": mean, "label": measure_label(chosen or "")},
        "may_choose": actor.aggregate_org_codes() is None,
    }
    return render_page(request, "outcomes/where.html", context)


def load(request: HttpRequest) -> HttpResponse:
    """Upload an outcome file (HR/OD administrators and analysts): checked in one pass, loaded only
    when clean, every problem listed by row and column."""
    actor = actor_for(request)
    if not (actor.superuser or actor.analyst or actor.is_hr_admin_anywhere):
        raise PermissionDenied
    context: dict[str, Any] = {
        "page": "load",
        "kinds": KIND_LABELS,
        "values": {},
        "errors": {},
        "result": None,
    }
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        upload = request.FILES.get("file")
        context["values"] = {"kind": kind}
        if kind not in KIND_LABELS:
            context["errors"]["kind"] = "Choose the kind of file"
        elif not may_load(actor, kind):
            context["errors"]["kind"] = "Only HR/OD administrators load their units' figures"
        if upload is None:
            context["errors"]["file"] = "Choose a CSV or XLSX file"
        elif upload.size and upload.size > MAX_UPLOAD_BYTES:
            context["errors"]["file"] = "The file is larger than 50 MB"
        if not context["errors"] and upload is not None:
            try:
                result = outcome_file_load(
                    kind=kind,
                    source=upload,  # type: ignore[arg-type]
                    filename=upload.name or "upload.csv",
                    actor=actor,
                    dry_run=bool(request.POST.get("dry_run")),
                    via="web",
                )
                context["result"] = result
                context["dry_run"] = bool(request.POST.get("dry_run"))
            except ParseError as exc:
                context["errors"]["file"] = str(exc)
            except AccessDenied as exc:
                context["errors"]["kind"] = str(exc)
    context["recent"] = outcome_imports_recent(actor)
    status = 422 if context["errors"] or (context["result"] and context["result"].errors) else 200
    return render(request, "outcomes/load.html", context, status=status)
