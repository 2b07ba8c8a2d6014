"""What a reader may see of a run: the starting stock, the back-test's actual figures and the rate
evidence describe real people, so their counts go through the disclosure layer as one family
(decision 0011) for everyone but HR/OD administrators of the organisation. Projections are model
output; only their start-date values (equal to the starting stock) are hidden with it."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from mantle.analytics.disclosure import SUPPRESSED, Family, Protection
from mantle.analytics.scenarios import AGE_LABELS, TIERS
from mantle.analytics.scenarios.model import TIER_GROUPS

from .models import ScenarioRun

SHARE_RATES = ("external_share", "clinician_share", "programme_conversion")
PEOPLE_METRICS = ("headcount", "fte", "pay_cost", "clinician_share")


@dataclass
class Released:
    protection: Protection | None

    def show(self, cell: Hashable, value: Any) -> Any:
        return value if self.protection is None else self.protection.show(cell, value)

    def hidden(self, cell: Hashable) -> bool:
        return self.protection is not None and not self.protection.released(cell)

    def footnotes(self) -> list[str]:
        return [] if self.protection is None else self.protection.footnotes()


def released_for(run: ScenarioRun, *, suppress: bool) -> Released:
    """The protection of ``run``'s figures about people (None when not suppressing)."""
    if not suppress or not run.estimated:
        return Released(None)
    threshold = int(getattr(settings, "MANTLE_SUPPRESSION_THRESHOLD", 5))
    fam = Family(threshold=threshold)
    summary = run.estimated["summary"]
    for tier in TIERS:
        head = int(summary["headcount"].get(tier, 0))
        clin = int(summary["clinicians"].get(tier, 0))
        fam.count(("start", tier, "headcount"), head)
        fam.count(("start", tier, "clinicians"), clin)
        fam.remainder(
            ("start", tier, "headcount"),
            [("start", tier, "clinicians")],
            name=("start", tier, "others"),
        )
        fam.derived(
            ("start", tier, "share"), [("start", tier, "headcount"), ("start", tier, "clinicians")]
        )
    for name, members in TIER_GROUPS.items():
        for what in ("headcount", "clinicians"):
            total = sum(int(summary[what].get(t, 0)) for t in members)
            fam.count(("start", name, what), total)
            fam.relation(("start", name, what), [("start", t, what) for t in members])
        fam.derived(
            ("start", name, "share"), [("start", name, "headcount"), ("start", name, "clinicians")]
        )
    by_band: dict[str, list[tuple[str, str, str]]] = {label: [] for label in AGE_LABELS}
    for e in run.estimated.get("evidence", []):
        cell = ("evidence", e["rate"], e["key"])
        fam.count(cell, int(e["events"]))
        if e["rate"] in SHARE_RATES:
            trials = ("evidence", e["rate"], e["key"], "trials")
            fam.count(trials, int(e["trials"]))
            fam.remainder(trials, [cell], name=("evidence", e["rate"], e["key"], "rest"))
        fam.derived(("evidence", e["rate"], e["key"], "rate"), [cell])
        if e["rate"] == "leave" and not e["key"].startswith("everyone "):
            _group, label = e["key"].rsplit(" ", 1)
            by_band[label].append(cell)
    for label, parts in by_band.items():
        everyone = ("evidence", "leave", f"everyone {label}")
        if parts:
            fam.relation(everyone, parts)
    return Released(fam.protect())


def outputs_for(run: ScenarioRun, released: Released) -> dict[str, Any]:
    """The run's outputs with start-date values of hidden starting-stock cells as ``"*"``."""
    if released.protection is None or not run.outputs:
        return run.outputs
    start = run.estimated["start"]
    outputs = dict(run.outputs)
    for name in (*TIERS, *TIER_GROUPS):
        hidden_head = released.hidden(("start", name, "headcount"))
        hidden_share = released.hidden(("start", name, "share"))
        for measure in PEOPLE_METRICS:
            hide = hidden_share if measure == "clinician_share" else hidden_head
            key = f"{measure}.{name}"
            if hide and key in outputs:
                series = dict(outputs[key])
                series[start] = dict.fromkeys(series[start], SUPPRESSED)
                outputs[key] = series
    return outputs


def backtest_for(run: ScenarioRun, released: Released) -> dict[str, Any]:
    """The back-test with the actual (start-date) figures protected like the starting stock."""
    if released.protection is None or not run.backtest:
        return run.backtest
    rows = []
    for row in run.backtest.get("rows", []):
        row = {**row}
        tier = row["tier"]
        for measure, cell in (("headcount", "headcount"), ("clinician_share", "share")):
            if released.hidden(("start", tier, cell)):
                row[measure] = {
                    **row[measure],
                    "actual": SUPPRESSED,
                    "error": SUPPRESSED,
                    "within": SUPPRESSED,
                }
        rows.append(row)
    return {**run.backtest, "rows": rows}


def evidence_for(run: ScenarioRun, released: Released) -> list[dict[str, Any]]:
    out = []
    for e in run.estimated.get("evidence", []) if run.estimated else []:
        cell = ("evidence", e["rate"], e["key"])
        if released.hidden(cell):
            e = {
                **e,
                "events": SUPPRESSED,
                "value": SUPPRESSED,
                "low": SUPPRESSED,
                "high": SUPPRESSED,
            }
            if e["rate"] in SHARE_RATES:
                e["trials"] = released.show((*cell, "trials"), e["trials"])
        elif e["rate"] in SHARE_RATES and released.hidden((*cell, "trials")):
            e = {**e, "trials": SUPPRESSED}
        out.append(e)
    return out


def stock_for(run: ScenarioRun, released: Released) -> list[dict[str, Any]]:
    """Starting stock per tier and tier group: headcount, clinicians, share, vacant posts."""
    summary = run.estimated["summary"]
    rows = []
    for name in (*TIERS, *TIER_GROUPS):
        members: Mapping[str, Any] | tuple[str, ...] = TIER_GROUPS.get(name, (name,))
        head = sum(int(summary["headcount"].get(t, 0)) for t in members)
        clin = sum(int(summary["clinicians"].get(t, 0)) for t in members)
        rows.append(
            {
                "tier": name,
                "headcount": released.show(("start", name, "headcount"), head),
                "clinicians": released.show(("start", name, "clinicians"), clin),
                "share": released.show(("start", name, "share"), clin / head if head else None),
                "vacancies": sum(int(summary["vacancies"].get(t, 0)) for t in members),
                "establishment": sum(int(summary["establishment"].get(t, 0)) for t in members),
            }
        )
    return rows
