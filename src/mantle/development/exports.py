"""Exports: the FPPT annual summary (CSV and XLSX, in the layout of the chair's annual submission to
the NHS England regional director), the gap report and the conversion table (CSV).

The FPPT summary is a return about named office holders made by the chair, so it is not suppressed;
only the chair and the company secretary can produce it. The gap report is personal (HR/OD
administrators); the conversion table carries the same disclosure control as the dashboard.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from mantle.development.rules.fppt import CHECK_LABELS, CheckOutcome, Conclusion, CycleStatus
from mantle.development.rules.tenure import financial_year
from mantle.development.selectors.compliance import GapRow
from mantle.development.selectors.fppt import BoardView

MEMBER_COLUMNS = [
    "Board member",
    "Board role",
    "Executive or non-executive",
    "Appointed to the board",
    "New appointment in the year",
    "Self-attestation completed",
    "Checks completed",
    "Checks with a concern",
    "Line-manager review completed",
    "Chair sign-off",
    "FPPT outcome",
    "Board member reference on appointment",
    "Included in this submission",
    "Records kept until (75th birthday)",
]


@dataclass
class FpptSummary:
    header: list[tuple[str, str]]
    members: list[list[str]]
    totals: list[tuple[str, int]]
    leavers: list[list[str]]


def _d(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


def fppt_summary(view: BoardView, *, chair_name: str, prepared_on: dt.date) -> FpptSummary:
    """The annual summary for one organisation and year, from the board view (which has already
    checked that the actor is the chair or the company secretary). Rule: one row per board member in
    post, with the outcome of their FPPT; totals; leavers with their leaving references."""
    start, end = financial_year(view.year)
    appointment_refs = {
        (r.person.pk, r.event_on): r for r in view.references if r.kind == "appointment"
    }
    members: list[list[str]] = []
    counts = {"members": 0, "fit": 0, "not_fit": 0, "incomplete": 0, "new": 0, "new_with_ref": 0}
    for row in view.members:
        m, cycle = row.member, row.cycle
        counts["members"] += 1
        checks = list(cycle.checks.all()) if cycle else []
        done = sum(1 for c in checks if c.outcome != CheckOutcome.PENDING)
        concerns = sum(1 for c in checks if c.outcome == CheckOutcome.CONCERN)
        signed = cycle is not None and cycle.status in (
            CycleStatus.SIGNED_OFF,
            CycleStatus.SUBMITTED,
        )
        if signed and cycle and cycle.conclusion == Conclusion.FIT:
            outcome = Conclusion.FIT.label
            counts["fit"] += 1
        elif signed and cycle and cycle.conclusion == Conclusion.NOT_FIT:
            outcome = Conclusion.NOT_FIT.label
            counts["not_fit"] += 1
        else:
            outcome = "Not yet concluded"
            counts["incomplete"] += 1
        new = start <= row.on_board_since < end
        ref_text = "Not applicable"
        due = next((r for (pid, _), r in appointment_refs.items() if pid == m.person.pk), None)
        if new:
            counts["new"] += 1
            if due is not None and due.done and due.reference is not None:
                counts["new_with_ref"] += 1
                ref_text = f"Received {_d(due.reference.completed_on)}"
            else:
                ref_text = "Outstanding"
        members.append(
            [
                m.person.full_name,
                m.title,
                "Executive" if m.tier == "board_executive" else "Non-executive",
                _d(row.on_board_since),
                "Yes" if new else "No",
                _d(cycle.attested_at) if cycle else "",
                f"{done} of {len(checks) or len(CHECK_LABELS)}",
                str(concerns),
                _d(cycle.reviewed_at) if cycle else "",
                _d(cycle.signed_off_at) if cycle else "",
                outcome,
                ref_text,
                "Yes" if cycle and cycle.status == CycleStatus.SUBMITTED else "No",
                _d(row.retain_until),
            ]
        )
    leavers = [
        [
            r.person.full_name,
            _d(r.event_on),
            f"Given {_d(r.reference.completed_on)}" if r.done and r.reference else "Outstanding",
        ]
        for r in view.references
        if r.kind == "leaving"
    ]
    header = [
        ("Organisation", view.org.name),
        ("ODS code", view.org.code),
        ("NHS England region code", view.org.region_code or "Not recorded"),
        (
            "Reporting year",
            f"{view.year}/{(view.year + 1) % 100:02d} "
            f"({_d(start)} to {_d(end - dt.timedelta(days=1))})",
        ),
        ("Board members in post on", _d(view.on)),
        ("Chair", chair_name),
        ("Prepared on", _d(prepared_on)),
    ]
    totals = [
        ("Board members in post", counts["members"]),
        ("Assessed as fit and proper", counts["fit"]),
        ("Assessed as not fit and proper", counts["not_fit"]),
        ("FPPT not yet concluded", counts["incomplete"]),
        ("New board appointments in the year", counts["new"]),
        ("New appointments with a board member reference received", counts["new_with_ref"]),
        ("Leavers in the year", len(leavers)),
        (
            "Leavers with a board member reference given",
            sum(1 for r in view.references if r.kind == "leaving" and r.done),
        ),
    ]
    return FpptSummary(header=header, members=members, totals=totals, leavers=leavers)


def fppt_summary_csv(summary: FpptSummary) -> str:
    """The summary as one CSV: header block, a blank line, members table, totals and leavers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Fit and proper person test: annual summary"])
    for key, value in summary.header:
        writer.writerow([key, value])
    writer.writerow([])
    writer.writerow(MEMBER_COLUMNS)
    writer.writerows(summary.members)
    writer.writerow([])
    writer.writerow(["Totals", "Number"])
    writer.writerows([[k, v] for k, v in summary.totals])
    writer.writerow([])
    writer.writerow(["Leaver", "Left the board", "Board member reference"])
    writer.writerows(summary.leavers)
    return buffer.getvalue()


def fppt_summary_xlsx(summary: FpptSummary) -> bytes:
    """The summary as a workbook: 'Summary' (header and totals), 'Board members', 'Leavers'."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Summary"
    sheet.append(["Fit and proper person test: annual summary"])
    sheet["A1"].font = Font(bold=True, size=14)
    for key, value in summary.header:
        sheet.append([key, value])
    sheet.append([])
    sheet.append(["Totals", "Number"])
    for key, number in summary.totals:
        sheet.append([key, number])
    sheet.column_dimensions["A"].width = 58
    sheet.column_dimensions["B"].width = 40
    members = book.create_sheet("Board members")
    members.append(MEMBER_COLUMNS)
    for row in summary.members:
        members.append(row)
    for cell in members[1]:
        cell.font = Font(bold=True)
    leavers = book.create_sheet("Leavers")
    leavers.append(["Leaver", "Left the board", "Board member reference"])
    for row in summary.leavers:
        leavers.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def gap_report_csv(rows: Sequence[GapRow]) -> str:
    """Every person–requirement pair (HR/OD administrators only)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "Person",
            "Post",
            "Unit",
            "Requirement",
            "Strength",
            "Status",
            "Due by",
            "Valid until",
            "Detail",
        ]
    )
    for r in rows:
        writer.writerow(
            [
                r.person_name,
                r.post_title,
                r.unit_path,
                r.requirement,
                "Required" if r.required else "Desirable",
                r.status.label,
                _d(r.due_on),
                _d(r.expires_on),
                r.reason,
            ]
        )
    return buffer.getvalue()


OFFICIAL_SENSITIVE = (
    "OFFICIAL-SENSITIVE: exact figures including small numbers of people. For the organisation's "
    "HR/OD administrators only; do not forward or publish."
)


def official_sensitive(body: str) -> str:
    """A CSV body of exact figures, with the protective marking as its first line."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([OFFICIAL_SENSITIVE])
    return buffer.getvalue() + body


def table_csv(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> str:
    """Any list of dicts as CSV with (key, heading) columns; '*' cells stay '*'."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([heading for _, heading in columns])
    for row in rows:
        writer.writerow(["" if row.get(k) is None else row.get(k) for k, _ in columns])
    return buffer.getvalue()
