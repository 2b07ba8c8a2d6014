"""The divide report: the JSON contract shared by the CLI, the API and the dashboard.

Rule: suppression applies to everyone except HR/OD administrators of the organisation, and to every
export; the CLI is an operator's tool and suppresses only when asked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction

from mantle.analytics.divide import (
    divide_all,
    divide_by_scope,
    divide_measures,
    nest_flat_row,
    unit_breakdown,
)
from mantle.analytics.suppression import suppress_breakdown, suppress_divide
from mantle.workforce.models import Organisation

from .frames import History, frames_on, load_frames, load_history, scope_to_unit
from .models import PublishedFigure


def threshold() -> int:
    return int(settings.MANTLE_SUPPRESSION_THRESHOLD)


def _measures_on(history: History, day: dt.date, unit: str | None) -> tuple[Any, Any, Any]:
    holdings, posts = frames_on(history, day)
    org_holdings = holdings
    if unit:
        holdings, posts = scope_to_unit(holdings, posts, unit)
    return holdings, posts, org_holdings


def divide_report(
    *,
    org: Organisation,
    on: dt.date,
    unit: str | None = None,
    suppress: bool = True,
    history: History | None = None,
) -> dict[str, Any]:
    """The divide measures for an organisation (or a unit subtree of it) on a date."""
    history = history or load_history(start=on, end=on, org_id=org.pk)
    holdings, posts, org_holdings = _measures_on(history, on, unit)
    measures = divide_measures(holdings=holdings, posts=posts, org_holdings=org_holdings)
    return _wrap(org.code, on, unit, measures, suppress=suppress)


def divide_dashboard(
    *,
    org: Organisation,
    on: dt.date,
    since: dt.date,
    unit: str | None,
    suppress: bool,
    months: int = 12,
    focus: tuple[str, str] = ("aggregates", "senior_management"),
) -> dict[str, Any]:
    """Everything the dashboard shows, from ONE read of the register's history over the window and
    ONE vectorised computation over all the dates it needs (the trend's month ends, ``on`` and
    ``since``)."""
    dates = month_ends(end=on, months=months)
    history = load_history(start=min(since, dates[0]), end=max(on, since), org_id=org.pk)
    by_date = divide_on_dates(history=history, dates=sorted({*dates, on, since}), unit=unit)
    reports = {d: _wrap(org.code, d, unit, m, suppress=suppress) for d, m in by_date.items()}
    # The headline and the unit table are shown together: suppress them together.
    report, units = divide_drilldown(
        org=org, on=on, unit=unit, suppress=suppress, history=history, scope_measures=by_date[on]
    )
    return {
        "report": report,
        "before": reports[since],
        "units": units,
        "trend": [_trend_point(d, reports[d], focus=focus) for d in dates],
    }


def divide_on_dates(
    *, history: History, dates: list[dt.date], unit: str | None
) -> dict[dt.date, dict[str, Any]]:
    """Unsuppressed measures for each date, computed together (the date is the scope key)."""
    holdings_parts, posts_parts, org_parts = [], [], []
    for day in dates:
        holdings, posts, org_holdings = _measures_on(history, day, unit)
        key = pl.lit(day.isoformat()).alias("org_code")
        holdings_parts.append(holdings.with_columns(key))
        posts_parts.append(posts.with_columns(key))
        org_parts.append(org_holdings.with_columns(key))
    flat = divide_by_scope(
        holdings=pl.concat(holdings_parts),
        posts=pl.concat(posts_parts),
        org_holdings=pl.concat(org_parts),
    )
    computed = {
        dt.date.fromisoformat(row["org_code"]): nest_flat_row(row)
        for row in flat.iter_rows(named=True)
    }
    empty = None
    for day in dates:
        if day not in computed:  # nobody and no posts on that date
            if empty is None:
                h, p, o = _measures_on(history, day, unit)
                empty = divide_measures(holdings=h, posts=p, org_holdings=o)
            computed[day] = empty
    return computed


def _trend_point(
    day: dt.date,
    report: dict[str, Any],
    focus: tuple[str, str] = ("aggregates", "senior_management"),
) -> dict[str, Any]:
    """The headline measures of one date, plus the clinician share of a chosen tier or group."""
    return {
        "focus_clinician_share": report[focus[0]][focus[1]]["clinician_share"],
        "as_of": day.isoformat(),
        "divide_gap_pp": report["divide_gap_pp"],
        "senior_management_clinician_share": report["aggregates"]["senior_management"][
            "clinician_share"
        ],
        "board_clinician_share": report["aggregates"]["board"]["clinician_share"],
        "workforce_clinician_share": report["workforce"]["workforce_clinician_share"],
    }


def _wrap(
    code: str, on: dt.date, unit: str | None, measures: dict[str, Any], *, suppress: bool
) -> dict[str, Any]:
    footnotes: list[str] = []
    if suppress:
        suppressed = suppress_divide(measures, threshold=threshold())
        measures, footnotes = _split_suppression(suppressed)
    report: dict[str, Any] = {"organisation": code, "as_of": on.isoformat(), "unit": unit or None}
    report.update(measures)
    report["suppression"] = {"threshold": threshold(), "applied": bool(suppress)}
    if footnotes:
        report["suppression"]["footnotes"] = footnotes
    return report


def _split_suppression(result: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``suppress_divide`` adds a ``disclosure_control`` entry; its footnotes go under "suppression"."""
    measures = dict(result)
    control = measures.pop("disclosure_control", {}) or {}
    return measures, [str(n) for n in control.get("footnotes", [])]


def divide_units(
    *,
    org: Organisation,
    on: dt.date,
    unit: str | None,
    suppress: bool,
    depth: int = 1,
    history: History | None = None,
) -> list[dict[str, Any]]:
    """Measures for each unit one level below ``unit`` (or below the organisation)."""
    return divide_drilldown(
        org=org, on=on, unit=unit, suppress=suppress, depth=depth, history=history
    )[1]


def divide_drilldown(
    *,
    org: Organisation,
    on: dt.date,
    unit: str | None,
    suppress: bool,
    depth: int = 1,
    history: History | None = None,
    scope_measures: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The scope's report and its units' reports, suppressed TOGETHER: a page that shows both must
    not let the scope's totals minus the shown units reveal a hidden unit (secondary suppression
    across the drill-down), so the scope figures shown beside units come from here."""
    history = history or load_history(start=on, end=on, org_id=org.pk)
    holdings, posts, org_holdings = _measures_on(history, on, unit)
    scope = scope_measures or divide_measures(
        holdings=holdings, posts=posts, org_holdings=org_holdings
    )
    rows = unit_breakdown(
        holdings=holdings,
        posts=posts,
        depth=depth,
        scope_path=unit or "",
        org_holdings=org_holdings,
    )
    measures = [row["measures"] for row in rows]
    if suppress:
        if rows:
            scope, measures = suppress_breakdown(scope=scope, units=measures, threshold=threshold())
        else:
            scope = suppress_divide(scope, threshold=threshold())
    report = _wrap(org.code, on, unit, scope, suppress=False)
    report["suppression"]["applied"] = suppress
    notes = (scope.get("disclosure_control") or {}).get("footnotes") if suppress else None
    report.pop("disclosure_control", None)
    if notes:
        report["suppression"]["footnotes"] = [str(n) for n in notes]
    out = []
    for row, m in zip(rows, measures, strict=True):
        m = {k: v for k, v in m.items() if k != "disclosure_control"}
        out.append(
            {"organisation": org.code, "as_of": on.isoformat(), "unit": row["unit_path"], **m}
        )
    return report, out


def divide_national(*, on: dt.date, suppress: bool = False) -> pl.DataFrame:
    """Every organisation at once (the national view), one row per organisation. With ``suppress``,
    each organisation's row goes through the same disclosure control as its own report."""
    holdings, posts = load_frames(on=on)
    frame = divide_all(holdings=holdings, posts=posts)
    if not suppress or frame.height == 0:
        return frame
    rows = []
    for row in frame.iter_rows(named=True):
        measures, _ = _split_suppression(suppress_divide(nest_flat_row(row), threshold=threshold()))
        rows.append({"org_code": row["org_code"], **_flatten(measures)})
    return pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.Utf8)) if rows else frame


def _flatten(nested: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested measures back to ``a__b`` columns (as text: suppressed cells are "*")."""
    flat: dict[str, str] = {}
    for key, value in nested.items():
        name = f"{prefix}__{key}" if prefix else key
        if isinstance(value, dict):
            flat.update(_flatten(value, name))
        else:
            flat[name] = "" if value is None else str(value)
    return flat


def divide_trend(
    *,
    org: Organisation,
    dates: list[dt.date],
    unit: str | None,
    suppress: bool,
    history: History | None = None,
) -> list[dict[str, Any]]:
    """The headline measures at each date, from the effective-dated history (real history)."""
    history = history or load_history(start=min(dates), end=max(dates), org_id=org.pk)
    by_date = divide_on_dates(history=history, dates=dates, unit=unit)
    return [_trend_point(d, _wrap(org.code, d, unit, by_date[d], suppress=suppress)) for d in dates]


def month_ends(*, end: dt.date, months: int) -> list[dt.date]:
    """``months`` month-end dates up to ``end`` (the last is ``end`` itself)."""
    days = [end]
    cursor = end.replace(day=1) - dt.timedelta(days=1)
    while len(days) < months:
        days.append(cursor)
        cursor = cursor.replace(day=1) - dt.timedelta(days=1)
    return sorted(days)


@transaction.atomic
def published_figures_load(figures: list[Any]) -> int:
    """Load published statistics; re-loading a period replaces that period's figures (idempotent)."""
    periods = {f.period for f in figures}
    PublishedFigure.objects.filter(period__in=periods).delete()
    PublishedFigure.objects.bulk_create(
        [
            PublishedFigure(
                period=f.period,
                org_code=f.org_code,
                org_name=f.org_name,
                staff_group=f.staff_group,
                fte=f.fte,
            )
            for f in figures
        ],
        batch_size=5000,
    )
    return len(figures)


def published_frame(period: str) -> pl.DataFrame:
    rows = list(
        PublishedFigure.objects.filter(period=period).values_list(
            "period", "org_code", "org_name", "staff_group", "fte"
        )
    )
    return pl.DataFrame(
        rows,
        schema={
            "period": pl.Utf8,
            "org_code": pl.Utf8,
            "org_name": pl.Utf8,
            "staff_group": pl.Utf8,
            "fte": pl.Float64,
        },
        orient="row",
    )


ORG_TYPE_LABELS = {
    "acute": "Acute",
    "mental_health": "Mental Health",
    "community": "Community",
    "ambulance": "Ambulance",
    "icb": "ICB",
    "sub_icb": "CCG",
}


def benchmark_org_types() -> dict[str, str]:
    """Each organisation's peer-group label for the published benchmark.

    Rule: the organisation's own type when it is a specific one (acute, mental health, community,
    ambulance, ICB, CCG); otherwise the type a loaded provider list gives its ODS code (which also
    covers trusts absent from the ODS file); otherwise no type at all, so its ``peer_median`` is
    null. "NHS trust (type not recorded)" and "Other" are never pooled into a peer group.
    """
    from mantle.divide.models import ProviderType

    org_types = {
        code: ORG_TYPE_LABELS[t]
        for code, t in ProviderType.objects.values_list("org_code", "org_type")
        if t in ORG_TYPE_LABELS
    }
    for code, t in Organisation.objects.values_list("code", "org_type"):
        if t in ORG_TYPE_LABELS:
            org_types[code] = ORG_TYPE_LABELS[t]
    return org_types


def benchmark_report(*, period: str) -> dict[str, Any]:
    """Managers and senior managers as a share of FTE by the published (G-code) definition, with
    peer groups from ``benchmark_org_types``; ``untyped`` lists the organisations with no peer group."""
    from mantle.analytics.benchmark import published_benchmark

    report = published_benchmark(
        published=published_frame(period), period=period, org_types=benchmark_org_types()
    )
    report["untyped"] = [o["org_code"] for o in report["organisations"] if o["org_type"] is None]
    return report


def benchmark_for(org_code: str) -> dict[str, Any] | None:
    """The organisation's row in the latest published benchmark, with the period and national share,
    or None when no published statistics cover it."""
    period = (
        PublishedFigure.objects.filter(org_code=org_code)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    if period is None:
        return None
    report = benchmark_report(period=period)
    row = next((o for o in report["organisations"] if o["org_code"] == org_code), None)
    if row is None:
        return None
    return {
        "period": period,
        "national": report["national"],
        "organisation": row,
        "values": [
            o["managers_share"]
            for o in report["organisations"]
            if row["org_type"] is not None
            and o["org_type"] == row["org_type"]
            and o["managers_share"] is not None
        ],
    }
