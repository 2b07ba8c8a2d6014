"""Export the register as at a date, in the import layout (so an export re-imports cleanly), as CSV or
XLSX, or as a FHIR R4B Bundle. Personal data: HR/OD administrators of the organisation only; audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mantle.core.access import Actor, actor_for
from mantle.core.audit import audit_record
from mantle.core.dates import date_parameter
from mantle.workforce.models import (
    Assignment,
    EmployeeNumber,
    EqualityRecord,
    Organisation,
    PostVersion,
    Registration,
)

from .parsers.extract import EXTRACT_COLUMNS


def export_rows(org: Organisation, *, on: dt.date) -> Iterator[dict[str, str]]:
    """One row per assignment current on ``on``, in the documented extract layout."""
    versions = {
        v.post_id: v
        for v in PostVersion.objects.current_on(on)
        .filter(organisation=org)
        .select_related("unit", "reports_to", "post")
    }
    employee = dict(
        EmployeeNumber.objects.filter(organisation=org).values_list("person_id", "number")
    )
    regs: dict[int, list[Registration]] = defaultdict(list)
    assignments = list(
        Assignment.objects.current_on(on)
        .filter(organisation=org)
        .select_related("person", "post")
        .order_by("assignment_number")
    )
    person_ids = {a.person_id for a in assignments}
    for r in Registration.objects.current_on(on).filter(person_id__in=person_ids):
        regs[r.person_id].append(r)
    equality = {e.person_id: e for e in EqualityRecord.objects.filter(person_id__in=person_ids)}
    for a in assignments:
        v = versions.get(a.post_id)
        if v is None:
            continue
        # A person's registrations are the union over their rows: give each row the next one,
        # the last repeating, so that every registration appears on some row of the person.
        person_regs = regs.get(a.person_id, [])
        eq = equality.get(a.person_id)
        reg = person_regs[0] if person_regs else None
        yield {
            "org_code": org.code,
            "employee_number": employee.get(a.person_id, ""),
            "assignment_number": a.assignment_number,
            "first_name": a.person.first_name,
            "last_name": a.person.last_name,
            "date_of_birth": a.person.date_of_birth.isoformat(),
            "position_number": a.post.position_number,
            "position_title": v.title,
            "unit_path": v.unit.path,
            "reports_to_position_number": v.reports_to.position_number if v.reports_to else "",
            "occupation_code": v.occupation_code,
            "job_role": v.job_role,
            "pay_band": v.pay_band,
            "assignment_fte": f"{a.fte.normalize():f}",
            "assignment_start_date": a.start_date.isoformat(),
            "management_tier": v.tier if v.tier_source == "set" else "",
            "statutory_clinical_role": "Y" if v.statutory_clinical else "N",
            "registration_body": reg.body if reg else "",
            "registration_number": reg.number if reg else "",
            "registration_status": reg.status if reg else "",
            "sex": eq.sex if eq else "",
            "ethnic_category": eq.ethnic_category if eq else "",
            "disability": eq.disability if eq else "",
            "voting": "Y" if v.voting else "N",
        }
        if len(person_regs) > 1:
            person_regs.pop(0)  # the list in ``regs`` is this person's: the next row gets the next


def export_csv(org: Organisation, *, on: dt.date) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(EXTRACT_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in export_rows(org, on=on):
        writer.writerow({k: row.get(k, "") for k in EXTRACT_COLUMNS})
    return buffer.getvalue()


def export_xlsx(org: Organisation, *, on: dt.date) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Workforce")
    ws.append(list(EXTRACT_COLUMNS))
    for row in export_rows(org, on=on):
        values: list[Any] = []
        for key in EXTRACT_COLUMNS:
            value: Any = row.get(key, "")
            if key in ("date_of_birth", "assignment_start_date") and value:
                value = dt.date.fromisoformat(value)
            elif key == "assignment_fte" and value:
                value = float(value)
            values.append(value)
        ws.append(values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


REGULATOR_SYSTEMS = {
    "GMC": "https://fhir.hl7.org.uk/Id/gmc-number",
    "NMC": "https://fhir.hl7.org.uk/Id/nmc-number",
    "HCPC": "https://fhir.hl7.org.uk/Id/hcpc-number",
    "GPhC": "https://fhir.hl7.org.uk/Id/gphc-number",
    "GDC": "https://fhir.hl7.org.uk/Id/gdc-number",
    "GOC": "https://fhir.hl7.org.uk/Id/goc-number",
    "GOsC": "https://fhir.hl7.org.uk/Id/gosc-number",
    "GCC": "https://fhir.hl7.org.uk/Id/gcc-number",
    "PSNI": "https://fhir.hl7.org.uk/Id/psni-number",
}
ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"


def export_fhir_bundle(org: Organisation, *, on: dt.date) -> dict[str, Any]:
    """A FHIR R4B collection Bundle: the Organization (ODS identifier), a Practitioner per person (with
    regulator identifiers) and a PractitionerRole per assignment. Validated with fhir.resources."""
    from fhir.resources.R4B.bundle import Bundle

    org_ref = f"Organization/{org.code}"
    entries: list[dict[str, Any]] = [
        {
            "fullUrl": f"urn:mantle:{org_ref}",
            "resource": {
                "resourceType": "Organization",
                "id": org.code,
                "name": org.name,
                "identifier": [{"system": ODS_SYSTEM, "value": org.code}],
                "active": True,
            },
        }
    ]
    rows = list(export_rows(org, on=on))
    person_regs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    people: dict[str, dict[str, str]] = {}
    for row in rows:
        people.setdefault(row["employee_number"], row)
        if row["registration_body"]:
            person_regs[row["employee_number"]].add(
                (row["registration_body"], row["registration_number"])
            )
    for emp, row in people.items():
        identifiers = [{"system": f"urn:mantle:{org.code}:employee-number", "value": emp}]
        identifiers += [
            {"system": REGULATOR_SYSTEMS.get(b, f"urn:mantle:regulator:{b}"), "value": n}
            for b, n in sorted(person_regs.get(emp, set()))
        ]
        entries.append(
            {
                "fullUrl": f"urn:mantle:Practitioner/{org.code}-{emp}",
                "resource": {
                    "resourceType": "Practitioner",
                    "id": f"{org.code}-{emp}",
                    "identifier": identifiers,
                    "name": [{"family": row["last_name"], "given": [row["first_name"]]}],
                    "birthDate": row["date_of_birth"],
                },
            }
        )
    for row in rows:
        entries.append(
            {
                "fullUrl": f"urn:mantle:PractitionerRole/{org.code}-{row['assignment_number']}",
                "resource": {
                    "resourceType": "PractitionerRole",
                    "id": f"{org.code}-{row['assignment_number']}",
                    "identifier": [
                        {
                            "system": f"urn:mantle:{org.code}:assignment-number",
                            "value": row["assignment_number"],
                        }
                    ],
                    "active": True,
                    "period": {"start": row["assignment_start_date"]},
                    "practitioner": {
                        "reference": f"Practitioner/{org.code}-{row['employee_number']}"
                    },
                    "organization": {"reference": org_ref},
                    "code": [
                        {
                            "text": row["job_role"] or row["position_title"],
                            "coding": [
                                {
                                    "system": "urn:mantle:occupation-code",
                                    "code": row["occupation_code"],
                                }
                            ],
                        }
                    ],
                },
            }
        )
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": dt.datetime.now(tz=dt.UTC).isoformat(),
        "entry": entries,
    }
    Bundle.model_validate(bundle)
    return bundle


def _export_org(actor: Actor, code: str) -> Organisation:
    org = Organisation.objects.filter(code=code.upper()).first()
    if org is None or not actor.is_hr_admin(org.code):
        raise PermissionDenied
    return org


def export_view(request: HttpRequest) -> HttpResponse:
    """Download the register as at a date (HR/OD administrators of the organisation only)."""
    actor = actor_for(request)
    code = request.GET.get("org", "")
    fmt = request.GET.get("format", "")
    if not code or not fmt:
        orgs = Organisation.objects.order_by("name")
        if not actor.superuser:
            orgs = orgs.filter(code__in=actor.orgs_with("hr_admin"))
        if not orgs:
            raise PermissionDenied
        return render(
            request,
            "imports/export.html",
            {"orgs": orgs, "today": dt.date.today(), "selected": code},
        )
    org = _export_org(actor, code)
    on = date_parameter(request, "as_of", dt.date.today())
    audit_record(
        actor=request.user,
        action="export",
        object_type="workforce_export",
        object_id=on.isoformat(),
        object_label=f"{org.code} {fmt}",
        organisation_code=org.code,
    )
    stem = f"mantle-{org.code}-{on.isoformat()}"
    if fmt == "xlsx":
        response = HttpResponse(
            export_xlsx(org, on=on),
            content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    elif fmt == "esr-bi":
        from .exports_esr import export_esr_bi_csv

        response = HttpResponse(
            export_esr_bi_csv(org, on=on), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}-esr-bi.csv"'
    elif fmt == "fhir":
        response = HttpResponse(
            json.dumps(export_fhir_bundle(org, on=on), indent=1),
            content_type="application/fhir+json",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}-fhir.json"'
    else:
        response = HttpResponse(export_csv(org, on=on), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response
