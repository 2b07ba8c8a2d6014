"""The divide dashboard: the page a board member opens first. Thin: services compute, selectors scope."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mantle.analytics._measures import with_unit_workforce_figures
from mantle.boardpack.selectors import may_set_targets, measure_settings
from mantle.core.access import Actor, actor_for
from mantle.core.audit import audit_record
from mantle.core.dates import date_parameter, years_from
from mantle.core.htmx import render_page
from mantle.workforce.models import Organisation, Post, PostVersion, Unit

from . import services
from .funnel import funnel_summary, funnel_svg, senior_funnel
from .spc import monthly_spc

TIER_ROWS = [
    ("board_non_executive", "Board – non-executive", "tiers"),
    ("board_executive", "Board – executive", "tiers"),
    ("senior", "Senior management", "tiers"),
    ("middle", "Middle management", "tiers"),
    ("first_line", "First-line management", "tiers"),
    ("board", "Board (both tiers)", "aggregates"),
    ("senior_management", "Senior management (executive + senior)", "aggregates"),
    ("all_management", "All management", "aggregates"),
]
PROFESSIONS = [
    ("medical", "Medical & dental"),
    ("nursing_midwifery", "Nursing & midwifery"),
    ("allied_health", "Allied health"),
    ("healthcare_science", "Healthcare science"),
    ("pharmacy", "Pharmacy"),
    ("other_registered", "Other registered"),
]


def _date(request: HttpRequest, name: str, default: dt.date) -> dt.date:
    return date_parameter(request, name, default)


def _orgs(actor: Actor) -> list[Organisation]:
    codes = actor.aggregate_org_codes()
    orgs = Organisation.objects.exclude(org_type__in=["icb", "sub_icb"]).order_by("name")
    if codes is not None:
        orgs = orgs.filter(code__in=codes)
    # EXISTS, not a join with DISTINCT: the join read every post in the country for an analyst
    # (150 ms on the national database) to list about 200 organisations.
    return list(orgs.filter(Exists(Post.objects.filter(organisation=OuterRef("pk")))))


def _context(request: HttpRequest) -> dict[str, Any]:
    actor = actor_for(request)
    if not actor.can_view_aggregates_anywhere:
        raise PermissionDenied
    orgs = _orgs(actor)
    if not orgs:
        return {"orgs": [], "report": None}
    code = request.GET.get("org") or orgs[0].code
    org = next((o for o in orgs if o.code == code), None)
    if org is None:
        raise Http404("No such organisation, or you do not have access to it.")
    today = dt.date.today()
    on = _date(request, "as_of", today)
    since = _date(request, "since", years_from(on, -1))
    unit = request.GET.get("unit", "").strip() or None
    if unit and not Unit.objects.filter(organisation=org, path=unit).exists():
        unit = None
    suppress = not actor.sees_unsuppressed(org.code)
    focus = request.GET.get("tier", "senior_management")
    focus_row = next((r for r in TIER_ROWS if r[0] == focus), TIER_ROWS[6])
    board = services.divide_dashboard(
        org=org,
        on=on,
        since=since,
        unit=unit,
        suppress=suppress,
        focus=(focus_row[2], focus_row[0]),
    )
    report, before, units, trend = board["report"], board["before"], board["units"], board["trend"]
    # Both workforce bases, named: the gap against the organisation (the default) and the unit's own.
    report = with_unit_workforce_figures(report)
    spc_all = monthly_spc(board["monthly"], _measure_settings(org, unit))
    unit_options = list(
        Unit.objects.filter(organisation=org, depth__lte=3).values_list("path", flat=True)
    )
    return {
        "orgs": orgs,
        "org": org,
        "on": on,
        "since": since,
        "unit": unit,
        "report": report,
        "organisation_report": board["organisation"],
        "before": before,
        "units": units,
        "trend": trend,
        # SPC of released figures only: a suppressed month is a gap (divide/spc.py). Every monthly
        # series, with the organisation's targets (whole organisation only) and change points.
        "spc": next(c for c in spc_all if c["key"] == "senior_management_clinician_share"),
        "spc_all": spc_all,
        "can_set_targets": may_set_targets(actor, org.code),
        "unit_options": unit_options,
        "benchmark": services.benchmark_for(org.code),
        "tier_rows": TIER_ROWS,
        "focus": focus_row[0],
        "focus_section": focus_row[2],
        "focus_label": focus_row[1],
        "professions": PROFESSIONS,
        "suppress": suppress,
        "can_list_posts": actor.is_hr_admin(org.code) or actor.can_view_aggregates(org.code),
        # The board pack (issue 19): for the chair, executives and the company secretary.
        "can_make_board_pack": actor.superuser
        or bool(actor.orgs_with("chair", "executive", "company_secretary") & {org.code}),
        "breadcrumbs": [{"text": "Home", "href": "/"}, {"text": "The divide", "href": ""}],
    }


def _measure_settings(
    org: Organisation, unit: str | None
) -> dict[str, tuple[float | None, dt.date | None]]:
    """Targets are the organisation's: a unit's chart keeps the change points but not the targets."""
    settings = measure_settings(org=org)
    if unit:
        return {k: (None, change) for k, (_, change) in settings.items()}
    return settings


def dashboard(request: HttpRequest) -> HttpResponse:
    return render_page(request, "divide/dashboard.html", _context(request))


MEASURE_COLUMNS = [
    "posts", "filled", "vacant", "holders", "clinician_holders", "clinician_share",
    "management_fte", "clinician_management_fte", "clinician_capacity_share",
    "representation_ratio", "hybrid_share", "clinical_background_holders",
    "clinical_background_share",
]  # fmt: skip


def _measure_values(m: dict[str, Any]) -> list[Any]:
    values = [m.get(k) for k in MEASURE_COLUMNS]
    values += [m["clinician_holders_by_profession"][p] for p, _ in PROFESSIONS]
    return ["" if v is None else v for v in values]


OFFICIAL_SENSITIVE = (
    "OFFICIAL-SENSITIVE: exact figures including small numbers of people. For the organisation's "
    "HR/OD administrators only; do not forward or publish."
)


def table_csv(request: HttpRequest) -> HttpResponse:
    """A dashboard table as CSV: ``table=tiers`` (default), ``units`` or ``trend``. The same figures
    as the dashboard for the same person (rule: docs/decisions/0011): suppressed unless they are an
    HR/OD administrator of the organisation, whose exact download is marked OFFICIAL-SENSITIVE in
    the file and audited as such."""
    actor = actor_for(request)
    org = next((o for o in _orgs(actor) if o.code == request.GET.get("org")), None)
    if org is None:
        raise Http404("No such organisation, or you do not have access to it.")
    on = _date(request, "as_of", dt.date.today())
    unit = request.GET.get("unit") or None
    if unit and not Unit.objects.filter(organisation=org, path=unit).exists():
        raise Http404("No such unit.")
    suppress = not actor.sees_unsuppressed(org.code)
    table = request.GET.get("table", "tiers")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if not suppress:
        writer.writerow([OFFICIAL_SENSITIVE])
    professions = [f"clinician_holders_{p}" for p, _ in PROFESSIONS]
    if table == "trend":
        writer.writerow(
            [
                "organisation",
                "unit",
                "month_end",
                "workforce_clinician_share",
                "senior_management_clinician_share",
                "board_clinician_share",
                "divide_gap_pp",
            ]
        )
        for p in services.divide_trend(
            org=org, dates=services.month_ends(end=on, months=12), unit=unit, suppress=suppress
        ):
            writer.writerow(
                [
                    org.code,
                    unit or "",
                    p["as_of"],
                    p["workforce_clinician_share"],
                    p["senior_management_clinician_share"],
                    p["board_clinician_share"],
                    p["divide_gap_pp"],
                ]
            )
    elif table == "units":
        writer.writerow(
            [
                "organisation",
                "as_of",
                "unit",
                "headcount",
                "workforce_clinician_share",
                "divide_gap_pp",
                *[f"all_management_{k}" for k in MEASURE_COLUMNS],
                *[f"all_management_{k}" for k in professions],
            ]
        )
        for u in services.divide_units(org=org, on=on, unit=unit, suppress=suppress):
            writer.writerow(
                [
                    org.code,
                    on.isoformat(),
                    u["unit"],
                    u["workforce"]["headcount"],
                    u["workforce"]["workforce_clinician_share"],
                    u["divide_gap_pp"],
                    *_measure_values(u["aggregates"]["all_management"]),
                ]
            )
    else:
        report = services.divide_report(org=org, on=on, unit=unit, suppress=suppress)
        writer.writerow(["organisation", "as_of", "unit", "group", *MEASURE_COLUMNS, *professions])
        for key, label, section in TIER_ROWS:
            writer.writerow(
                [
                    org.code,
                    on.isoformat(),
                    unit or "",
                    label,
                    *_measure_values(report[section][key]),
                ]
            )
    audit_record(
        actor=request.user,
        action="export" if suppress else "export_unsuppressed",
        object_type="divide_table",
        object_label=f"{org.code} {on} {table}" + ("" if suppress else " OFFICIAL-SENSITIVE"),
        organisation_code=org.code,
        detail={"table": table, "unit": unit or "", "suppressed": suppress},
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    marking = "" if suppress else "-OFFICIAL-SENSITIVE"
    response["Content-Disposition"] = (
        f'attachment; filename="divide-{table}-{org.code}-{on}{marking}.csv"'
    )
    return response


def post_list(request: HttpRequest) -> HttpResponse:
    """The management posts behind a number (tier, optional unit) — posts, not people, so executives may
    see it too; holders' names only for HR/OD administrators."""
    actor = actor_for(request)
    orgs = _orgs(actor)
    org = next((o for o in orgs if o.code == request.GET.get("org")), None)
    if org is None:
        raise Http404("No such organisation, or you do not have access to it.")
    on = _date(request, "as_of", dt.date.today())
    tier = request.GET.get("tier", "")
    groups = {
        "board": ["board_non_executive", "board_executive"],
        "senior_management": ["board_executive", "senior"],
        "all_management": [
            "board_non_executive",
            "board_executive",
            "senior",
            "middle",
            "first_line",
        ],
    }
    tiers = groups.get(tier, [tier])
    versions = (
        PostVersion.objects.current_on(on)
        .filter(organisation=org, tier__in=tiers)
        .select_related("unit", "post")
        .order_by("unit__path", "title")
    )
    unit = request.GET.get("unit") or ""
    if unit:
        versions = versions.filter(unit__path__startswith=unit)
    from mantle.workforce.models import Assignment

    filled = set(
        Assignment.objects.current_on(on)
        .filter(post_id__in=[v.post_id for v in versions])
        .values_list("post_id", flat=True)
    )
    # Filled or vacant says whether a post has a holder: a count of people, shown (like the
    # dashboard's filled and vacant figures) only to the organisation's HR/OD administrators.
    show_status = actor.sees_unsuppressed(org.code)
    vacant_only = show_status and request.GET.get("vacant") == "1"
    rows = [
        (v, v.post_id in filled) for v in versions if not vacant_only or v.post_id not in filled
    ]
    return render(
        request,
        "divide/post_list.html",
        {
            "org": org,
            "on": on,
            "rows": rows,
            "tier": tier,
            "unit": unit,
            "vacant_only": vacant_only,
            "show_status": show_status,
            "can_open_posts": org.code in actor.organisation_codes_with_register_access(),
            "breadcrumbs": [
                {"text": "The divide", "href": f"/divide/?org={org.code}"},
                {"text": "Management posts", "href": ""},
            ],
        },
    )


def benchmark(request: HttpRequest) -> HttpResponse:
    """Managers as a share of FTE by the published definition, with percentile and peer median."""
    actor = actor_for(request)
    if not actor.can_view_aggregates_anywhere:
        raise PermissionDenied
    from .models import PublishedFigure

    periods = list(
        PublishedFigure.objects.values_list("period", flat=True).distinct().order_by("-period")
    )
    period = request.GET.get("period") or (periods[0] if periods else "")
    result = services.benchmark_report(period=period) if period in periods else None
    # Published statistics are public, organisation-level figures: every viewer may see all of them.
    rows = result["organisations"] if result else []
    return render(
        request,
        "divide/benchmark.html",
        {
            "periods": periods,
            "period": period,
            "result": result,
            "rows": rows,
            "breadcrumbs": [
                {"text": "The divide", "href": "/divide/"},
                {"text": "Published benchmark", "href": ""},
            ],
        },
    )


def system(request: HttpRequest) -> HttpResponse:
    """The system view: the clinician share of senior management across every organisation the
    reader may see (all of them for analysts; their own for a board member), as a funnel plot at
    board-level disclosure (``divide.funnel``)."""
    actor = actor_for(request)
    if not actor.can_view_aggregates_anywhere:
        raise PermissionDenied
    orgs = _orgs(actor)
    on = _date(request, "as_of", dt.date.today())
    data = senior_funnel(orgs=orgs, on=on)
    text = funnel_summary(data)
    title = "Clinician share of senior management by organisation"
    return render_page(
        request,
        "divide/system.html",
        {
            "on": on,
            "orgs": orgs,
            "funnel": data,
            "summary": text,
            "svg": funnel_svg(data, title=title, description=text),
            "title": title,
            "breadcrumbs": [
                {"text": "The divide", "href": "/divide/"},
                {"text": "System view", "href": ""},
            ],
        },
    )
