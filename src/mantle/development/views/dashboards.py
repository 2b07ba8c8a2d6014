"""The compliance dashboard (with the gap report) and the programme conversion dashboard.

Rules: organisation aggregates for HR/OD administrators (unsuppressed, with the named gap report),
executives, chairs and analysts (suppressed); a line manager without those roles sees their team's
gaps by name (the people they may open) and no aggregates.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from mantle.core.access import Actor, actor_for
from mantle.core.audit import audit_record
from mantle.core.htmx import render_page
from mantle.development import selectors, services
from mantle.development.conversion import TIERS
from mantle.development.exports import gap_report_csv, official_sensitive, table_csv
from mantle.development.selectors.compliance import people_with_gaps_in
from mantle.development.selectors.conversion import ConversionReport
from mantle.workforce.models import Organisation
from mantle.workforce.selectors import people_visible

from ._common import HOME, as_of, pick_org

TIER_LABELS = {
    "board_non_executive": "Board – non-executive",
    "board_executive": "Board – executive",
    "senior": "Senior",
    "middle": "Middle",
    "first_line": "First-line",
}


def _aggregate_codes(actor: Actor) -> set[str]:
    codes = actor.aggregate_org_codes()
    if codes is None:
        return set(Organisation.objects.values_list("code", flat=True))
    return codes


def compliance(request: HttpRequest) -> HttpResponse:
    """Compliance with role requirements on a date, by requirement and unit, and the gap report."""
    actor = actor_for(request)
    on = as_of(request)
    codes = _aggregate_codes(actor)
    if not codes:
        if not actor.is_manager_anywhere or actor.person_id is None:
            raise PermissionDenied("This page is for administrators, executives and line managers.")
        team = people_visible(actor, on=on).exclude(pk=actor.person_id).values_list("pk", flat=True)
        rows = people_with_gaps_in(person_ids=list(team), on=on)
        return render_page(
            request,
            "development/compliance_team.html",
            {
                "rows": rows,
                "on": on,
                "breadcrumbs": [HOME, {"text": "My team's requirements", "href": ""}],
            },
        )
    org = pick_org(request, codes)
    hr = actor.sees_unsuppressed(org.code)
    report = selectors.compliance_report(org=org, on=on, suppress=not hr, include_people=hr)
    if hr:
        audit_record(
            actor=request.user,
            action="view",
            object_type="gap_report",
            object_label=f"Gap report {on}",
            organisation_code=org.code,
        )
    return render_page(
        request,
        "development/compliance_dashboard.html",
        {
            "report": report,
            "org": org,
            "orgs": sorted(codes),
            "on": on,
            "hr": hr,
            "breadcrumbs": [HOME, {"text": "Compliance", "href": ""}],
        },
    )


def compliance_csv(request: HttpRequest) -> HttpResponse:
    """The gap report (HR/OD administrators) or the suppressed summary by unit (others), as CSV."""
    actor = actor_for(request)
    org = pick_org(request, _aggregate_codes(actor))
    on = as_of(request)
    hr = actor.sees_unsuppressed(org.code)
    report = selectors.compliance_report(org=org, on=on, suppress=not hr, include_people=hr)
    if hr:
        body = official_sensitive(gap_report_csv(report.rows))
        name = f"gap-report-{org.code}-{on}.csv"
    else:
        body = table_csv(
            report.by_unit,
            [
                ("key", "Unit"),
                ("applicable", "Required (person–requirement pairs)"),
                ("met", "Met"),
                ("expiring", "Met, expiring within 90 days"),
                ("in_grace", "Within grace period"),
                ("gap", "Not met"),
                ("compliance_rate", "Compliance rate"),
            ],
        )
        name = f"compliance-{org.code}-{on}.csv"
    audit_record(
        actor=request.user,
        action="export",
        object_type="gap_report" if hr else "compliance",
        object_label=name + (" OFFICIAL-SENSITIVE" if hr else ""),
        organisation_code=org.code,
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def reminders_send(request: HttpRequest) -> HttpResponse:
    """Send the reminders due today now, rather than waiting for the daily run (HR/OD admin)."""
    actor = actor_for(request)
    org = pick_org(
        request,
        actor.orgs_with("hr_admin")
        if not actor.superuser
        else set(Organisation.objects.values_list("code", flat=True)),
    )
    if not actor.is_hr_admin(org.code):
        raise PermissionDenied
    people = services.reminders_send(actor=actor, organisation=org, on=timezone.localdate())
    messages.success(
        request, f"Reminders queued for {people} {'person' if people == 1 else 'people'}."
    )
    return redirect(f"/development/compliance/?org={org.code}")


def _conversion_report(request: HttpRequest) -> tuple[ConversionReport, list[str]]:
    """The conversion report for the chosen organisation, and the organisations the actor may choose
    from. Rule (issue 11, disclosure control): through the disclosure layer unless the actor is an
    HR/OD administrator there; the page and the download show the same figures."""
    actor = actor_for(request)
    codes = _aggregate_codes(actor)
    org = pick_org(request, codes)
    suppress = not actor.sees_unsuppressed(org.code)
    report = selectors.conversion_for_org(org=org, as_of=as_of(request), suppress=suppress)
    return report, sorted(codes)


def conversion(request: HttpRequest) -> HttpResponse:
    """Did development convert clinicians into management? Per programme cohort."""
    report, codes = _conversion_report(request)
    chart = [
        {
            "label": f"{row['programme']} – {row['cohort']}",
            "participants": [row.get(f"conversion_rate_{h}m") for h in report.horizons],
            "comparison": [row.get(f"comparison_rate_{h}m") for h in report.horizons],
        }
        for row in report.summary
    ]
    return render_page(
        request,
        "development/conversion_dashboard.html",
        {
            "report": report,
            "org": report.org,
            "orgs": codes,
            "on": report.as_of,
            "suppress": report.suppressed,
            "tiers": TIERS,
            "tier_labels": TIER_LABELS,
            "chart_json": json.dumps(chart),
            "breadcrumbs": [HOME, {"text": "Conversion into management", "href": ""}],
        },
    )


CONVERSION_COLUMNS = [
    ("programme", "Programme"),
    ("cohort", "Cohort"),
    ("completers", "Completed"),
    ("clinicians", "Clinicians"),
    ("managers_before", "In management before"),
    ("eligible", "Not in management before"),
    ("appointed", "Appointed to management since"),
    ("median_months_to_appointment", "Median months from completion to appointment"),
    ("cost_total", "Cost of clinician places (£)"),
]
for _h in (12, 24, 36):
    CONVERSION_COLUMNS += [
        (f"observed_{_h}m", f"Observed at {_h} months"),
        (f"moved_{_h}m", f"Moved into management by {_h} months"),
        (f"conversion_rate_{_h}m", f"Conversion rate at {_h} months"),
        (f"conversion_rate_low_{_h}m", f"Conversion rate at {_h} months, 95% interval from"),
        (f"conversion_rate_high_{_h}m", f"Conversion rate at {_h} months, 95% interval to"),
        (f"matched_{_h}m", f"Participants with a matched comparison at {_h} months"),
        (f"comparison_people_{_h}m", f"Comparison clinicians at {_h} months"),
        (f"comparison_rate_{_h}m", f"Comparison rate at {_h} months"),
        (f"additional_{_h}m", f"Additional clinicians moved at {_h} months"),
        (f"moved_matched_{_h}m", f"Participants with a comparison who moved by {_h} months"),
        (f"expected_{_h}m", f"Expected moves from the comparison at {_h} months"),
        (f"cost_per_moved_{_h}m", f"Cost per clinician moved at {_h} months (£)"),
        (
            f"cost_per_moved_low_{_h}m",
            f"Cost per clinician moved at {_h} months, 95% interval from",
        ),
        (f"cost_per_moved_high_{_h}m", f"Cost per clinician moved at {_h} months, 95% interval to"),
        (f"cost_per_additional_{_h}m", f"Cost per additional clinician moved at {_h} months (£)"),
        (
            f"cost_per_additional_low_{_h}m",
            f"Cost per additional clinician moved at {_h} months, 95% interval from",
        ),
        (
            f"cost_per_additional_high_{_h}m",
            f"Cost per additional clinician moved at {_h} months, 95% interval to",
        ),
    ]


def conversion_csv(request: HttpRequest) -> HttpResponse:
    """The conversion table as CSV: the figures of the page (one disclosure family). HR/OD
    administrators of the organisation get exact figures, marked OFFICIAL-SENSITIVE in the file and
    audited as such."""
    report, _ = _conversion_report(request)
    name = f"conversion-{report.org.code}-{report.as_of}.csv"
    exact = not report.suppressed
    audit_record(
        actor=request.user,
        action="export",
        object_type="conversion",
        object_label=name + (" OFFICIAL-SENSITIVE" if exact else ""),
        organisation_code=report.org.code,
    )
    body = table_csv(report.summary, CONVERSION_COLUMNS)
    if exact:
        body = official_sensitive(body)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
