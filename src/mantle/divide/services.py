"""The divide report: the JSON contract shared by the CLI, the API, the dashboard and downloads.

Rule (docs/decisions/0011): every figure is a slice of the organisation's family on the date
(``family``), suppressed for everyone except HR/OD administrators of the organisation, who see
exact figures on screen and in downloads alike; the CLI suppresses unless the operator asks for
``--unsuppressed`` (audited).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from mantle.analytics._measures import nest
from mantle.analytics.disclosure.divide import apply_flat, footnotes
from mantle.analytics.divide import (
    divide_all,
    divide_by_scope,
    divide_measures,
    nest_flat_row,
)
from mantle.workforce.models import Organisation, PostVersion

from .family import (
    CACHE_SECONDS,
    Family,
    empty_flat,
    families,
    families_cached_of_organisations,
    families_of_organisations,
    family,
    register_version,
)
from .family import threshold as family_threshold
from .frames import History, frames_on, load_frames, scope_to_unit
from .models import PublishedFigure
from .turnover import month_end_before, turnover_counts, turnover_shown


def threshold() -> int:
    return family_threshold()


def _measures_on(history: History, day: dt.date, unit: str | None) -> tuple[Any, Any, Any]:
    holdings, posts = frames_on(history, day)
    org_holdings = holdings
    if unit:
        holdings, posts = scope_to_unit(holdings, posts, unit)
    return holdings, posts, org_holdings


def _report(fam: Family, unit: str | None, *, suppress: bool) -> dict[str, Any]:
    """One node's report: the family's exact figures, with the family's hidden cells as "*" when
    ``suppress`` (the rule in docs/decisions/0011)."""
    node = unit or ""
    hidden = fam.hidden_in(node) if suppress else {}
    report: dict[str, Any] = {
        "organisation": fam.org_code,
        "as_of": fam.on.isoformat(),
        "unit": unit or None,
    }
    report.update(nest(apply_flat(fam.row(node), hidden)))
    report["suppression"] = {"threshold": fam.threshold, "applied": bool(suppress)}
    if hidden:
        report["suppression"]["footnotes"] = footnotes(hidden, threshold=fam.threshold)
    return report


def root_report(fam: Family, *, suppress: bool) -> dict[str, Any]:
    """The organisation's own report from its family (as ``divide_report`` without a unit)."""
    return _report(fam, None, suppress=suppress)


def divide_report(
    *,
    org: Organisation,
    on: dt.date,
    unit: str | None = None,
    suppress: bool = True,
    history: History | None = None,
) -> dict[str, Any]:
    """The divide measures for an organisation (or a unit subtree of it) on a date: a slice of the
    organisation's family on that date (suppressed unless ``suppress`` is False)."""
    return _report(family(org=org, on=on, history=history), unit, suppress=suppress)


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
    """Everything the dashboard shows, from the families of the dates it needs (the trend's month
    ends, ``on`` and ``since``), each computed once and cached."""
    dates = month_ends(end=on, months=months)
    before = month_end_before(dates[0])  # turnover's first month starts here
    fams = families(org=org, dates=[before, *dates, on, since])
    report, units = _drilldown(fams[on], unit, suppress=suppress, depth=1)
    monthly = [(d, _report(fams[d], unit, suppress=suppress)) for d in dates]
    return {
        "report": report,
        # The whole organisation's figures on ``on``: a unit's gap compares with its workforce.
        "organisation": report if unit is None else _report(fams[on], None, suppress=suppress),
        "before": _report(fams[since], unit, suppress=suppress),
        "units": units,
        "trend": [_trend_point(d, _report(fams[d], unit, suppress=suppress), focus) for d in dates],
        # Every month end's disclosed report: the monthly SPC series are read from these (spc.py),
        # with the organisation's staff turnover for the month added (turnover.py).
        "monthly": _with_turnover(org, fams[before], monthly, unit=unit, suppress=suppress),
    }


def _with_turnover(
    org: Organisation,
    before: Family,
    monthly: list[tuple[dt.date, dict[str, Any]]],
    *,
    unit: str | None,
    suppress: bool,
) -> list[tuple[str, dict[str, Any]]]:
    """Each month's report with ``staff_turnover`` (the whole organisation's; None for a unit)."""
    if unit is not None or not monthly:
        return [(d.isoformat(), {**r, "staff_turnover": None}) for d, r in monthly]
    dates = [d for d, _ in monthly]
    headcounts = [_report(before, None, suppress=suppress)["workforce"]["headcount"]]
    headcounts += [r["workforce"]["headcount"] for _, r in monthly]
    released = [not isinstance(h, str) for h in headcounts]
    # The series (a register read and an audit per month) is cached under the register's version,
    # which every import and register change moves (``register_version``), with everything else it
    # depends on in the key.
    key = (
        f"mantle:divide:turnover:v1:{org.code}:{register_version(org)}:{family_threshold()}:"
        f"{int(suppress)}:{','.join(d.isoformat() for d in dates)}:"
        f"{''.join(str(int(r)) for r in released)}"
    )
    rates = cache.get(key)
    if rates is None:
        counts = turnover_counts(org=org, dates=dates)
        rates = [
            turnover_shown(
                counts[i], h0_released=released[i], h1_released=released[i + 1], suppress=suppress
            )
            for i in range(len(dates))
        ]
        cache.set(key, rates, CACHE_SECONDS)
    return [
        (day.isoformat(), {**report, "staff_turnover": rate})
        for (day, report), rate in zip(monthly, rates, strict=True)
    ]


def divide_on_dates(
    *, history: History, dates: list[dt.date], unit: str | None
) -> dict[dt.date, dict[str, Any]]:
    """Unsuppressed measures of one scope on each date, computed together (the date is the scope
    key): an independent computation the family's figures are tested against."""
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


def divide_units(
    *,
    org: Organisation,
    on: dt.date,
    unit: str | None,
    suppress: bool,
    depth: int = 1,
    history: History | None = None,
) -> list[dict[str, Any]]:
    """Measures for each unit ``depth`` levels below ``unit`` (or below the organisation)."""
    return divide_drilldown(
        org=org, on=on, unit=unit, suppress=suppress, depth=depth, history=history
    )[1]


def _drilldown(
    fam: Family, unit: str | None, *, suppress: bool, depth: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    report = _report(fam, unit, suppress=suppress)
    units = []
    for child in fam.children(unit or "", depth):
        row = _report(fam, child, suppress=suppress)
        row.pop("suppression")
        units.append(row)
    return report, units


def divide_drilldown(
    *,
    org: Organisation,
    on: dt.date,
    unit: str | None,
    suppress: bool,
    depth: int = 1,
    history: History | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The scope's report and its units' reports (units ``depth`` levels below), both slices of the
    same family, so no shown total minus shown units reveals a hidden unit."""
    if depth < 1:
        raise ValueError("depth must be at least 1 (1 = the units directly below the scope)")
    return _drilldown(family(org=org, on=on, history=history), unit, suppress=suppress, depth=depth)


def divide_national(*, on: dt.date, suppress: bool = True) -> pl.DataFrame:
    """Every organisation at once (the national view), one row per organisation. With ``suppress``
    (the default), each organisation's row is the root of its own family: the same figures its
    dashboard and API show to a reader who is not its HR/OD administrator, from the same cache
    (``families_of_organisations``)."""
    if suppress:
        # Usually every family is known already (the worker computes them after each import):
        # then the register's rows are not read at all.
        orgs = list(
            Organisation.objects.filter(
                Exists(
                    PostVersion.objects.filter(organisation=OuterRef("pk"), retracted_at=None)
                    .filter(valid_from__lte=on)
                    .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
                )
            )
        )
        known = families_cached_of_organisations(on=on, orgs=orgs) if orgs else {}
        if orgs and len(known) == len(orgs):
            return _national_rows(known, list(empty_flat()))
    holdings, posts = load_frames(on=on)
    frame = divide_all(holdings=holdings, posts=posts)
    if not suppress or frame.height == 0:
        return frame
    fams = families_of_organisations(on=on, holdings=holdings, posts=posts)
    return _national_rows({c: fams[c] for c in frame["org_code"].to_list()}, frame.columns[1:])


def _national_rows(fams: dict[str, Family], columns: list[str]) -> pl.DataFrame:
    """One row per organisation: its family's root, suppressed (all values as text)."""
    rows = []
    for code in sorted(fams):
        fam = fams[code]
        masked = apply_flat(fam.row(""), fam.hidden_in(""))
        rows.append({"org_code": code, **{k: _text(masked[k]) for k in columns}})
    return pl.DataFrame(rows, schema=dict.fromkeys(["org_code", *columns], pl.Utf8))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def divide_trend(
    *,
    org: Organisation,
    dates: list[dt.date],
    unit: str | None,
    suppress: bool,
    history: History | None = None,
) -> list[dict[str, Any]]:
    """The headline measures at each date (slices of each date's family)."""
    fams = families(org=org, dates=dates, history=history)
    return [_trend_point(d, _report(fams[d], unit, suppress=suppress)) for d in dates]


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
