"""Organisation view: capability heatmaps by dimension × staff group, tier or unit, and assessment
coverage; CSV downloads of the same tables.

Rule (issue 11): what is on screen and what downloads agree for every reader. The organisation's
HR/OD administrators see exact figures on both; their downloads say OFFICIAL-SENSITIVE in the file
and its name, and every download is audited (``export`` or ``export_unsuppressed``)."""

from __future__ import annotations

import csv
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from mantle.capability import selectors
from mantle.capability.engine import display_score
from mantle.capability.engine.heatmap import Breakdown
from mantle.capability.models import FrameworkVersion
from mantle.capability.selectors.heatmap import Source, month_end
from mantle.core.access import actor_for
from mantle.core.audit import audit_record
from mantle.core.htmx import render_page
from mantle.workforce.models import Organisation

from ._common import HOME_CRUMB, as_of

#: ColorBrewer "Blues" (colour-blind safe), with a text colour that keeps WCAG AA contrast on each.
HEAT_STEPS = [
    ("#eff3ff", "#000000"),
    ("#bdd7e7", "#000000"),
    ("#6baed6", "#000000"),
    ("#3182bd", "#000000"),
    ("#08519c", "#ffffff"),
]

BREAKDOWNS = [("staff_group", "Staff group"), ("tier", "Management tier"), ("unit", "Unit")]
SOURCES = [("self", "Self-assessments"), ("360", "360° feedback (all others)")]


def _params(request: HttpRequest) -> dict[str, Any]:
    actor = actor_for(request)
    codes = actor.aggregate_org_codes()
    orgs = Organisation.objects.order_by("name")
    if codes is not None:
        orgs = orgs.filter(code__in=codes)
    organisations = list(orgs)
    if not organisations:
        raise PermissionDenied("Organisation capability figures are for HR/OD and board viewers.")
    wanted = request.GET.get("org", "").upper()
    org = next((o for o in organisations if o.code == wanted), organisations[0])
    versions = list(selectors.framework_versions(kind="leadership"))
    if not versions:
        raise Http404("No leadership framework is loaded (run mantle load-frameworks).")
    version = next((v for v in versions if str(v.pk) == request.GET.get("framework")), None)
    if version is None:
        version = next((v for v in versions if v.framework.key == "hlm"), versions[0])
    by = request.GET.get("by", "staff_group")
    by = by if by in dict(BREAKDOWNS) else "staff_group"
    source = request.GET.get("source", "self")
    source = source if source in dict(SOURCES) else "self"
    try:
        depth = int(request.GET.get("depth", "2"))
    except ValueError:
        depth = 2
    return {
        "org": org,
        "organisations": organisations,
        "version": version,
        "versions": versions,
        "by": cast(Breakdown, by),
        "source": cast(Source, source),
        "on": as_of(request),
        "depth": max(1, min(depth, 6)),
    }


def org_heatmap(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    params = _params(request)
    heatmap = selectors.capability_heatmap(
        actor,
        organisation=params["org"],
        framework_version=params["version"],
        by=params["by"],
        source=params["source"],
        on=params["on"],
        unit_depth=params["depth"],
    )
    coverage = selectors.coverage_table(
        actor,
        organisation=params["org"],
        by=params["by"],
        on=params["on"],
        unit_depth=params["depth"],
    )
    spec = params["version"].spec()
    return render_page(
        request,
        "capability/organisation_heatmap.html",
        {
            **params,
            "heatmap": heatmap,
            "coverage": list(coverage.iter_rows(named=True)),
            "breakdowns": BREAKDOWNS,
            "sources": SOURCES,
            "fmt": display_score,
            "scale_min": spec.scale.minimum,
            "scale_max": spec.scale.maximum,
            "summary": _summary(heatmap),
            "heat": heat_style,
            "breadcrumbs": [HOME_CRUMB, {"text": "Organisation capability", "href": ""}],
        },
    )


def heat_style(mean: float | None, low: int, high: int) -> str:
    """Background shade for a heatmap cell; the figure is always printed too (colour is a cue only)."""
    if mean is None or high <= low:
        return ""
    position = (mean - low) / (high - low)
    index = min(len(HEAT_STEPS) - 1, max(0, int(position * len(HEAT_STEPS))))
    background, text = HEAT_STEPS[index]
    return f"background-color: {background}; color: {text};"


def _summary(heatmap: selectors.HeatmapResult) -> str:
    """A sentence naming the highest and lowest shown cells, for readers who cannot see colour."""
    shown = [
        (mean, group, name)
        for group in heatmap.groups
        for key, name in heatmap.dimensions
        if (mean := heatmap.cells[group].get(key, (None, "", None))[0]) is not None
    ]
    if not shown:
        return (
            "No figures can be shown yet: either no assessments are recorded, or every group "
            f"has fewer than {heatmap.threshold} people assessed."
        )
    high = max(shown)
    low = min(shown)
    return (
        f"The highest shown mean is {display_score(high[0])} ({high[2]}, {high[1]}); the lowest "
        f"is {display_score(low[0])} ({low[2]}, {low[1]})."
    )


def org_heatmap_csv(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    params = _params(request)
    heatmap = selectors.capability_heatmap(
        actor,
        organisation=params["org"],
        framework_version=params["version"],
        by=params["by"],
        source=params["source"],
        on=params["on"],
        unit_depth=params["depth"],
    )
    names = dict(heatmap.dimensions)
    response = _csv_response(
        request,
        f"capability-{params['org'].code}-{params['by']}",
        exact=heatmap.exact,
        org_code=params["org"].code,
        label=f"{params['org'].code} {heatmap.on} heatmap {_ref(params['version'])} "
        f"{params['source']} by {params['by']}",
        detail={"table": "heatmap", "by": params["by"], "source": params["source"]},
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            "organisation",
            "framework",
            "source",
            "as_of",
            params["by"],
            "dimension",
            "people",
            "mean",
            "suppressed",
        ]
    )
    for row in heatmap.frame.iter_rows(named=True):
        writer.writerow(
            [
                params["org"].code,
                _ref(params["version"]),
                params["source"],
                heatmap.on.isoformat(),
                row["group"],
                names.get(row["dimension"], row["dimension"]),
                row["n_display"],
                display_score(row["mean"])
                if row["mean"] is not None
                else "*"
                if row["suppression"]
                else "",
                row["suppression"] or "",
            ]
        )
    return response


def org_coverage_csv(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    params = _params(request)
    table = selectors.coverage_table(
        actor,
        organisation=params["org"],
        by=params["by"],
        on=params["on"],
        unit_depth=params["depth"],
    )
    exact = actor.sees_unsuppressed(params["org"].code)
    on = month_end(params["on"])
    response = _csv_response(
        request,
        f"coverage-{params['org'].code}-{params['by']}",
        exact=exact,
        org_code=params["org"].code,
        label=f"{params['org'].code} {on} coverage by {params['by']}",
        detail={"table": "coverage", "by": params["by"]},
    )
    writer = csv.writer(response)
    writer.writerow(["organisation", "as_of", params["by"], "staff", "assessed_24_months", "share"])
    for row in table.iter_rows(named=True):
        share = row["share"]
        writer.writerow(
            [
                params["org"].code,
                month_end(params["on"]).isoformat(),
                row["group"],
                row["staff_display"],
                row["covered_display"],
                f"{share:.4f}" if share is not None else "*",
            ]
        )
    return response


OFFICIAL_SENSITIVE = (
    "OFFICIAL-SENSITIVE: exact capability figures including small numbers of people. For the "
    "organisation's HR/OD administrators only; do not forward or publish."
)


def _csv_response(
    request: HttpRequest,
    name: str,
    *,
    exact: bool,
    org_code: str,
    label: str,
    detail: dict[str, Any],
) -> HttpResponse:
    """A CSV download, marked and audited (module rule)."""
    marking = "-OFFICIAL-SENSITIVE" if exact else ""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}{marking}.csv"'
    if exact:
        csv.writer(response).writerow([OFFICIAL_SENSITIVE])
    audit_record(
        actor=request.user,
        action="export_unsuppressed" if exact else "export",
        object_type="capability_table",
        object_label=label + (" OFFICIAL-SENSITIVE" if exact else ""),
        organisation_code=org_code,
        detail={**detail, "suppressed": not exact},
    )
    return response


def _ref(version: FrameworkVersion) -> str:
    return f"{version.framework.key}@{version.version}"
