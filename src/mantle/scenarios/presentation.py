"""Turn a run's outputs into what the pages show: fan-chart series, yearly tables and one sentence
per chart that says what the chart shows (the same figures as the table)."""

from __future__ import annotations

from typing import Any

from mantle.analytics.disclosure import SUPPRESSED

from .forms import TIER_LABELS
from .models import ScenarioRun

CHARTS: tuple[tuple[str, str, str], ...] = (
    ("clinician_share.senior_leadership", "Clinician share of senior leadership", "share"),
    ("clinician_share.management", "Clinician share of all management", "share"),
    ("headcount.management", "People in management posts", "number"),
    ("fte.management", "Management FTE", "number"),
    ("vacancies.management", "Vacant management posts", "number"),
    ("retirements.all", "Retirements since the start (everyone)", "number"),
    ("pay_cost.management", "Annual pay cost of management posts (£)", "money"),
)
TIER_METRICS: tuple[tuple[str, str], ...] = (
    ("clinician_share", "share"),
    ("headcount", "number"),
    ("fte", "number"),
    ("vacancies", "number"),
)


def yearly(series: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The start date and every twelfth month after it."""
    items = list(series.items())
    return [items[i] for i in range(0, len(items), 12)] + (
        [items[-1]] if (len(items) - 1) % 12 else []
    )


def _fmt(value: Any, kind: str) -> str:
    if value is None:
        return "–"
    if value == SUPPRESSED:
        return SUPPRESSED
    if kind == "share":
        return f"{value * 100:.1f}%"
    if kind == "money":
        return f"£{value / 1e6:,.2f}m"
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.1f}"


def chart_series(outputs: dict[str, Any]) -> list[dict[str, Any]]:
    """For each chart: the monthly P10/P50/P90 (for the drawing) and the yearly rows (the table)."""
    charts = []
    for metric, title, kind in CHARTS:
        series = outputs.get(metric)
        if not series:
            continue
        numeric = {d: q for d, q in series.items() if q["p50"] != SUPPRESSED}
        charts.append(
            {
                "id": metric.replace(".", "-"),
                "metric": metric,
                "title": title,
                "kind": kind,
                "data": {
                    "dates": list(numeric),
                    "p10": [q["p10"] for q in numeric.values()],
                    "p50": [q["p50"] for q in numeric.values()],
                    "p90": [q["p90"] for q in numeric.values()],
                    "kind": kind,
                    "title": title,
                },
                "rows": [
                    {"date": d, **{k: _fmt(q[k], kind) for k in ("p10", "p50", "p90")}}
                    for d, q in yearly(series)
                ],
                "summary": _sentence(title, series, kind),
            }
        )
    return charts


def _sentence(title: str, series: dict[str, Any], kind: str) -> str:
    items = list(series.items())
    (first_day, first), (last_day, last) = items[0], items[-1]
    start = _fmt(first["p50"], kind)
    return (
        f"{title}: {start} on {first_day}; on {last_day} most likely {_fmt(last['p50'], kind)}, "
        f"with a 80% band from {_fmt(last['p10'], kind)} to {_fmt(last['p90'], kind)} "
        "(one run in ten is below the first figure, one in ten above the second)."
    )


def summaries(outputs: dict[str, Any], run: ScenarioRun) -> list[dict[str, Any]]:
    """Per tier, each measure at each year end (P50 with the P10–P90 band)."""
    rows = []
    for tier, label in TIER_LABELS.items():
        for metric, kind in TIER_METRICS:
            series = outputs.get(f"{metric}.{tier}")
            if not series:
                continue
            rows.append(
                {
                    "tier": label,
                    "metric": metric.replace("_", " "),
                    "values": [
                        (d, _fmt(q["p50"], kind), _fmt(q["p10"], kind), _fmt(q["p90"], kind))
                        for d, q in yearly(series)
                    ],
                }
            )
    return rows


def comparison(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (chart measure, year end): each scenario's P50 (P10–P90)."""
    rows = []
    for metric, title, kind in CHARTS:
        dates: list[str] = []
        for c in columns:
            if c["outputs"]:
                for d, _ in yearly(c["outputs"][metric]):
                    if d not in dates:
                        dates.append(d)
        for d in dates:
            cells = []
            for c in columns:
                q = (c["outputs"] or {}).get(metric, {}).get(d)
                cells.append(
                    f"{_fmt(q['p50'], kind)} ({_fmt(q['p10'], kind)} to {_fmt(q['p90'], kind)})"
                    if q
                    else "–"
                )
            rows.append({"measure": title, "date": d, "cells": cells})
    return rows
