"""The board pack's sections from other apps: succession and pipeline, capability coverage,
professional compliance and FPPT status — each read through that app's public selector at the
disclosure its board members get there (suppressed), never from its models.

Rule: board level is what a chair sees on the app's own page (the talent succession summary
suppressed, the capability coverage bands, the compliance report suppressed); FPPT is a count of
board members by the status of their annual fit-and-proper-person cycle, whose counts go through
the disclosure layer's ``Family`` (the statuses add up to the members) because an executive reading
the pack may not open the FPPT board view itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from mantle.analytics.disclosure import Family
from mantle.capability.selectors import coverage_table
from mantle.core.access import Actor
from mantle.development.rules.fppt import STATUS_LABELS, CycleStatus
from mantle.development.rules.tenure import financial_year_of
from mantle.development.selectors import board_view, compliance_report
from mantle.talent import measures as talent
from mantle.workforce.models import Organisation

FPPT_STATUSES: Final = [
    ("not_opened", "Not opened"),
    *((s.value, STATUS_LABELS[s]) for s in CycleStatus),
]


def board_actor(org: Organisation, user: Any = None) -> Actor:
    """The pack's reader as the selectors see them: the organisation's board (chair). The user who
    made the pack (or none, for a scheduled run) is who any audited read is recorded against."""
    actor = Actor(user=user if isinstance(user, AbstractBaseUser) else AnonymousUser())
    actor.roles_by_org[org.code] = {"chair"}
    actor.org_ids[org.code] = org.pk
    return actor


def succession_section(*, org: Organisation, on: dt.date) -> dict[str, Any]:
    """Critical posts' exposure, the pipeline's clinician share and the projected clinician share of
    senior management (talent's summary, suppressed as on its page for the board)."""
    return talent.succession_summary(
        talent.succession_report(organisation=org, on=on), suppress=True
    )


def coverage_section(*, org: Organisation, on: dt.date, actor: Actor) -> list[dict[str, Any]]:
    """Capability assessment coverage by staff group (the bands and rounded shares of the
    capability page)."""
    return list(
        coverage_table(actor, organisation=org, by="staff_group", on=on).iter_rows(named=True)
    )


def coverage_monthly(*, org: Organisation, dates: list[dt.date], actor: Actor) -> dict[str, Any]:
    """The organisation's released coverage share at each month end (None when it has no staff,
    "*" when the capability app hides it) — the same figure as its coverage page for the board."""
    out: dict[str, Any] = {}
    for day in dates:
        table = coverage_table(actor, organisation=org, by="org_code", on=day)
        row = next(iter(table.iter_rows(named=True)), None)
        if row is None or not row["staff"]:
            out[day.isoformat()] = None
        else:
            out[day.isoformat()] = row["share"] if row["share"] is not None else "*"
    return out


def compliance_section(*, org: Organisation, on: dt.date) -> Any:
    """Compliance with required professional qualifications (suppressed, no people)."""
    return compliance_report(org=org, on=on, suppress=True, include_people=False)


def fppt_section(*, org: Organisation, on: dt.date, actor: Actor) -> dict[str, Any]:
    """Board members by the status of this financial year's FPPT cycle, protected as one family
    (members = the sum of the statuses), and the board member references outstanding."""
    year = financial_year_of(on)
    view = board_view(actor, org=org, year=year, on=on)
    return {"year": f"{year}/{str(year + 1)[-2:]}", **fppt_protected(view.counts)}


def fppt_protected(counts: dict[str, int]) -> dict[str, Any]:
    """The FPPT counts as released: one family (members = the statuses), references apart."""
    fam = Family(threshold=_threshold())
    fam.count("members", counts["members"])
    for key, _ in FPPT_STATUSES:
        fam.count(key, counts.get(key, 0))
    fam.relation("members", [k for k, _ in FPPT_STATUSES])
    fam.count("references_outstanding", counts["references_outstanding"])
    protection = fam.protect()
    rows = [
        {"key": k, "label": label, "count": protection.show(k, counts.get(k, 0))}
        for k, label in FPPT_STATUSES
    ]
    done = counts.get(CycleStatus.SUBMITTED.value, 0) + counts.get(CycleStatus.SIGNED_OFF.value, 0)
    shown_done = [protection.show(k, counts.get(k, 0)) for k in ("signed_off", "submitted")]
    completion = (
        done / counts["members"]
        if counts["members"]
        and protection.released("members")
        and all(isinstance(v, int) for v in shown_done)
        else ("*" if counts["members"] else None)
    )
    return {
        "members": protection.show("members", counts["members"]),
        "rows": rows,
        "completion": completion,
        "references_outstanding": protection.show(
            "references_outstanding", counts["references_outstanding"]
        ),
        "footnotes": protection.footnotes(),
    }


def _threshold() -> int:
    from django.conf import settings

    return int(settings.MANTLE_SUPPRESSION_THRESHOLD)
