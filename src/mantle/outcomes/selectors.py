"""Reads: the outcome figures an actor may see, Mantle's own leadership measures per organisation
and unit per month (from the divide's families, with their disclosure pattern), and peer groups.

Rules:
* Organisation-level outcome figures are published statistics: anyone who may see
  cross-organisation aggregates (analysts, HR/OD, executives, chairs) reads them all.
* Unit-level figures (a trust's own) and Mantle's leadership measures are read only for
  organisations whose aggregates the actor may see (``Actor.can_view_aggregates``).
* Leadership measures are slices of the divide's family for the organisation and month end
  (decision 0011): a figure hidden there — or computed from a hidden count — is left out for
  everyone but the organisation's HR/OD administrators, who see exact figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

import polars as pl
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max

from mantle.analytics.outcomes import LONG_SCHEMA, empty_long
from mantle.core.access import Actor
from mantle.divide.family import families
from mantle.divide.models import ProviderType
from mantle.workforce.models import Assignment, Organisation, Unit

from .models import OutcomeImport, OutcomeValue

MONTHS: Final = 12


@dataclass(frozen=True)
class LeadershipMeasure:
    name: str
    label: str
    numerator: str
    denominator: str
    scale: float
    proportion: bool  # a share of people: funnel plots apply


_TIERS: Final = (
    ("board", "the board"),
    ("senior_management", "senior management"),
    ("middle", "middle management"),
    ("first_line", "first-line management"),
    ("all_management", "all management"),
)
LEADERSHIP: Final[tuple[LeadershipMeasure, ...]] = (
    *(
        LeadershipMeasure(
            f"mantle_clinician_share_{tier}",
            f"Clinician share of {label} (%, Mantle register)",
            f"{tier}__clinician_holders",
            f"{tier}__holders",
            100.0,
            True,
        )
        for tier, label in _TIERS
    ),
    LeadershipMeasure(
        "mantle_managers_per_100_staff",
        "People in management posts per 100 staff (Mantle register)",
        "all_management__holders",
        "workforce__headcount",
        100.0,
        True,
    ),
    LeadershipMeasure(
        "mantle_management_vacancy_rate",
        "Management posts vacant (%, Mantle register)",
        "all_management__vacant",
        "all_management__posts",
        100.0,
        False,
    ),
)
CAPABILITY_COVERAGE: Final = "mantle_capability_coverage"
SUCCESSION_EXPOSURE: Final = "mantle_succession_high_exposure"
TURNOVER: Final = "mantle_turnover_12_months"
CAPABILITY_MEAN: Final = "mantle_capability_mean"
MODULE_MEASURES: Final = {
    CAPABILITY_MEAN: (
        "Leadership self-assessment score, mean of the framework's dimension means "
        "(Healthcare Leadership Model; Mantle capability)"
    ),
    TURNOVER: "Staff turnover in the last 12 months (%, Mantle register)",
    CAPABILITY_COVERAGE: (
        "Staff with a leadership self or 360° assessment in the last 24 months "
        "(%, to the nearest 10, Mantle capability)"
    ),
    SUCCESSION_EXPOSURE: "Critical posts at high succession exposure (%, Mantle talent)",
}
LEADERSHIP_BY_NAME: Final = {
    **{m.name: m.label for m in LEADERSHIP},
    **MODULE_MEASURES,
}

KNOWN_LABELS: Final = {
    "managers_fte": "Managers and senior managers, FTE (NHS Digital)",
    "consultants_fte": "Consultants, FTE (NHS Digital)",
    "shmi": "Summary Hospital-level Mortality Indicator (ratio; 1 = as expected)",
    "staff_stability": "Staff stability index (%)",
    "cqc_overall": "CQC overall rating (0 inadequate … 3 outstanding)",
    "cqc_well_led": "CQC well-led rating (0 inadequate … 3 outstanding)",
    **LEADERSHIP_BY_NAME,
}


def measure_label(name: str) -> str:
    if name in KNOWN_LABELS:
        return KNOWN_LABELS[name]
    if name.startswith("synthetic_"):
        return "SYNTHETIC demo: " + name[10:].replace("_", " ")
    if name.startswith("nss_q"):
        return f"Staff survey question {name[5:].split('_')[0]}: agree (%)"
    if name.startswith("nss_"):
        return "Staff survey: " + name[4:].replace("_", " ") + " (%)"
    return name.replace("_", " ")


def month_ends(*, end: dt.date, months: int) -> list[dt.date]:
    """The last ``months`` month ends up to ``end`` (the month end on or before it), oldest first."""
    first = end.replace(day=1)
    last = end if (end + dt.timedelta(days=1)).day == 1 else first - dt.timedelta(days=1)
    out = [last]
    while len(out) < months:
        out.append(out[-1].replace(day=1) - dt.timedelta(days=1))
    return sorted(out)


def register_latest(org: Organisation) -> dt.date | None:
    """The latest date the register records a change for the organisation (its last snapshot)."""
    found = Assignment.objects.filter(organisation=org).aggregate(m=Max("valid_from"))["m"]
    return found


def leadership_long(
    *, org: Organisation, dates: Iterable[dt.date], suppress: bool, units: bool
) -> pl.DataFrame:
    """Mantle's leadership measures for the organisation (and, with ``units``, every unit) on
    each date as a long frame (module rules on disclosure)."""
    rows: list[dict[str, Any]] = []
    fams = families(org=org, dates=sorted(set(dates)))
    for day, fam in fams.items():
        period = f"{day.year:04d}-{day.month:02d}"
        nodes = list(fam.flat) if units else [""]
        for node in nodes:
            flat = fam.row(node)
            hidden = fam.hidden_in(node) if suppress else {}
            for m in LEADERSHIP:
                if m.numerator in hidden or m.denominator in hidden:
                    continue
                num, den = flat.get(m.numerator), flat.get(m.denominator)
                if not isinstance(num, int | float) or not isinstance(den, int | float) or den <= 0:
                    continue
                rows.append(
                    {
                        "org_code": org.code,
                        "unit_path": node,
                        "period": period,
                        "measure": m.name,
                        "value": m.scale * float(num) / float(den),
                        "denominator": float(den),
                    }
                )
    if not rows:
        return empty_long()
    return pl.DataFrame(rows, schema=LONG_SCHEMA)


def _reader(actor: Actor | None) -> Actor:
    """The operator at the command line reads as a superuser would (exact figures)."""
    return actor if actor is not None else Actor(user=AnonymousUser(), superuser=True)


def capability_coverage_long(
    *, actor: Actor | None, org: Organisation, dates: Iterable[dt.date], units: bool
) -> pl.DataFrame:
    """Capability coverage per month end, through the capability module's own protected table
    (``coverage_table``: the share is released only when both its counts are, to the nearest
    10%): the organisation's row and, with ``units``, every unit at every depth."""
    from mantle.capability.selectors.heatmap import coverage_table, people_frame

    reader = _reader(actor)
    depth = max(Unit.objects.filter(organisation=org).values_list("depth", flat=True), default=0)
    rows: list[dict[str, Any]] = []
    for day in sorted(set(dates)):
        people = people_frame(org, on=day)
        tables = [
            ("", coverage_table(reader, organisation=org, by="org_code", on=day, people=people))
        ]
        if units:
            tables += [
                (
                    "unit",
                    coverage_table(
                        reader, organisation=org, by="unit", on=day, unit_depth=d, people=people
                    ),
                )
                for d in range(1, depth + 1)
            ]
        period = f"{day.year:04d}-{day.month:02d}"
        for kind, table in tables:
            for r in table.iter_rows(named=True):
                if r["share"] is None or not r["staff"]:
                    continue
                rows.append(
                    {
                        "org_code": org.code,
                        "unit_path": r["group"] if kind else "",
                        "period": period,
                        "measure": CAPABILITY_COVERAGE,
                        "value": 100.0 * float(r["share"]),
                        # Capability publishes staff numbers only as bands: no exact denominator
                        # here (so no funnel plot, which would need one).
                        "denominator": None,
                    }
                )
    if not rows:
        return empty_long()
    return pl.DataFrame(rows, schema=LONG_SCHEMA).unique(
        subset=["org_code", "unit_path", "period"], keep="first"
    )


def capability_mean_long(
    *, actor: Actor | None, org: Organisation, dates: Iterable[dt.date], units: bool
) -> pl.DataFrame:
    """The mean self-assessment score per month end through the capability module's protected
    heatmap (the Healthcare Leadership Model, else the first leadership framework): the mean of
    the dimension means of the organisation (and, with ``units``, each unit at every depth), given
    only when every dimension's mean is released to the reader."""
    from mantle.capability.selectors import framework_versions
    from mantle.capability.selectors.heatmap import capability_heatmap

    versions = list(framework_versions(kind="leadership"))
    version = next(
        (v for v in versions if v.framework.key == "hlm"), versions[0] if versions else None
    )
    if version is None:
        return empty_long()
    reader = _reader(actor)
    depth = max(Unit.objects.filter(organisation=org).values_list("depth", flat=True), default=0)
    rows: list[dict[str, Any]] = []
    for day in sorted(set(dates)):
        period = f"{day.year:04d}-{day.month:02d}"
        maps = [
            (
                "",
                capability_heatmap(
                    reader, organisation=org, framework_version=version, by="org_code", on=day
                ),
            )
        ]
        if units:
            maps += [
                (
                    "unit",
                    capability_heatmap(
                        reader,
                        organisation=org,
                        framework_version=version,
                        by="unit",
                        on=day,
                        unit_depth=d,
                    ),
                )
                for d in range(1, depth + 1)
            ]
        for kind, heatmap in maps:
            keys = [k for k, _name in heatmap.dimensions]
            for group, cells in heatmap.cells.items():
                means = [cells.get(k, (None, "", None))[0] for k in keys]
                if not means or any(m is None for m in means):
                    continue
                rows.append(
                    {
                        "org_code": org.code,
                        "unit_path": group if kind else "",
                        "period": period,
                        "measure": CAPABILITY_MEAN,
                        "value": sum(float(m) for m in means if m is not None) / len(means),
                        "denominator": None,
                    }
                )
    if not rows:
        return empty_long()
    return pl.DataFrame(rows, schema=LONG_SCHEMA).unique(
        subset=["org_code", "unit_path", "period"], keep="first"
    )


def succession_exposure_long(*, org: Organisation, dates: Iterable[dt.date]) -> pl.DataFrame:
    """The share of the organisation's critical posts at high succession exposure on each month
    end (talent's succession report; posts, not people, so always shown, as on the talent pages)."""
    from mantle.talent.measures import succession_report, succession_summary

    rows: list[dict[str, Any]] = []
    for day in sorted(set(dates)):
        exposure = succession_summary(succession_report(organisation=org, on=day), suppress=True)[
            "exposure"
        ]
        if exposure["critical_posts"]:
            rows.append(
                {
                    "org_code": org.code,
                    "unit_path": "",
                    "period": f"{day.year:04d}-{day.month:02d}",
                    "measure": SUCCESSION_EXPOSURE,
                    "value": 100.0 * exposure["high"] / exposure["critical_posts"],
                    "denominator": float(exposure["critical_posts"]),
                }
            )
    return pl.DataFrame(rows, schema=LONG_SCHEMA) if rows else empty_long()


def year_before(day: dt.date) -> dt.date:
    """The month end twelve months before ``day``'s month end."""
    first = day.replace(day=1)
    start = first.replace(year=first.year - 1)
    return month_ends(end=start + dt.timedelta(days=31), months=1)[0]


def turnover_long(
    *, org: Organisation, dates: Iterable[dt.date], suppress: bool, units: bool = False
) -> pl.DataFrame:
    """Staff turnover over the 12 months to each month end, from the register: of the people in
    post (any assignment) in the organisation — or, with ``units``, in each unit's subtree —
    twelve month ends before, the share with no assignment in the organisation at the month end.

    Disclosure (decision 0011): per date, every node's two counts (people at the start, leavers)
    with the never-shown stayers, and every unit nested in its parent, form one family in the
    disclosure layer; people at the start are the divide's headcount of that node on the start
    date, so a count the divide hides there is hidden here too. The rate is released only when
    both counts are (everyone but HR/OD administrators). No register a year before: no figure."""
    from mantle.analytics.disclosure import Family
    from mantle.divide.family import threshold
    from mantle.divide.frames import frames_on, load_history

    days = sorted(set(dates))
    if not days:
        return empty_long()
    starts = {d: year_before(d) for d in days}
    history = load_history(start=min(starts.values()), end=max(days), org_id=org.pk)
    divide_families = families(org=org, dates=sorted(set(starts.values()))) if suppress else {}
    rows: list[dict[str, Any]] = []
    for day in days:
        before = frames_on(history, starts[day])[0].select("person_id", "unit_path")
        if before.is_empty():
            continue
        after = set(frames_on(history, day)[0]["person_id"].to_list())
        members: dict[str, set[int]] = {}
        for person, path in before.iter_rows():
            members.setdefault("", set()).add(person)
            if units and path:
                parts = path.split("/")
                for i in range(1, len(parts) + 1):
                    members.setdefault("/".join(parts[:i]), set()).add(person)
        family = Family(threshold=threshold())
        for node, people in members.items():
            family.count((node, "start"), len(people))
            family.count((node, "leavers"), len(people - after))
            family.remainder((node, "start"), [(node, "leavers")], name=(node, "stayers"))
            family.derived((node, "turnover"), [(node, "leavers"), (node, "start")])
        for node in members:
            if node:
                parent = node.rsplit("/", 1)[0] if "/" in node else ""
                if parent in members:
                    family.nested((parent, "start"), (node, "start"))
                    family.nested((parent, "leavers"), (node, "leavers"))
        also_hide: list[tuple[str, str]] = []
        if suppress:
            divide = divide_families[starts[day]]
            also_hide = [
                (node, "start")
                for node in members
                if "workforce__headcount" in divide.hidden_in(node)
            ]
        protection = family.protect(also_hide=also_hide)
        period = f"{day.year:04d}-{day.month:02d}"
        for node, people in members.items():
            if suppress and not protection.released((node, "turnover")):
                continue
            rows.append(
                {
                    "org_code": org.code,
                    "unit_path": node,
                    "period": period,
                    "measure": TURNOVER,
                    "value": 100.0 * len(people - after) / len(people),
                    "denominator": float(len(people)),
                }
            )
    return pl.DataFrame(rows, schema=LONG_SCHEMA) if rows else empty_long()


def organisations_for_leadership(actor: Actor | None) -> list[Organisation]:
    """Organisations with a register whose aggregates the actor may see (``None``: the operator
    at the command line, every organisation)."""
    codes = actor.aggregate_org_codes() if actor is not None else None
    with_register = Assignment.objects.values("organisation_id").distinct()
    qs = Organisation.objects.filter(pk__in=with_register)
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return list(qs.order_by("code"))


def _values_frame(queryset: Any) -> pl.DataFrame:
    rows = list(
        queryset.values_list("org_code", "unit_path", "period", "measure", "value", "denominator")
    )
    if not rows:
        return empty_long()
    return pl.DataFrame(rows, schema=LONG_SCHEMA, orient="row")


def _scope(actor: Actor | None, level: str, organisation: Organisation | None) -> Any:
    if level == "unit":
        assert organisation is not None
        return OutcomeValue.objects.filter(org_code=organisation.code).exclude(unit_path="")
    return OutcomeValue.objects.filter(unit_path="")


def _allowed(actor: Actor | None, level: str, organisation: Organisation | None) -> bool:
    if actor is not None and not actor.can_view_aggregates_anywhere:
        return False
    if level == "unit":
        return organisation is not None and (
            actor is None or actor.can_view_aggregates(organisation.code)
        )
    return True


def measures_available(
    actor: Actor | None, *, level: str = "organisation", organisation: Organisation | None = None
) -> list[str]:
    """The measures the actor can use at ``level``: loaded ones and, where a register is visible,
    Mantle's leadership measures (named without computing them)."""
    if not _allowed(actor, level, organisation):
        return []
    names = set(_scope(actor, level, organisation).values_list("measure", flat=True).distinct())
    orgs = [organisation] if level == "unit" else organisations_for_leadership(actor)
    if any(o is not None for o in orgs):
        names.update(LEADERSHIP_BY_NAME)
        if level == "unit":
            names.discard(SUCCESSION_EXPOSURE)
    return sorted(names)


def outcome_long(
    actor: Actor | None,
    *,
    level: str = "organisation",
    organisation: Organisation | None = None,
    measures: Iterable[str] | None = None,
    months: int = MONTHS,
    on: dt.date | None = None,
) -> pl.DataFrame:
    """Every figure the actor may use at ``level`` (module rules), or only ``measures``: loaded
    outcomes plus Mantle's leadership measures for the ``months`` month ends to ``on`` (default:
    the register's latest date for each organisation), computed only when asked for. ``None`` is
    the operator: everything, exact."""
    if not _allowed(actor, level, organisation):
        return empty_long()
    wanted = set(measures) if measures is not None else None
    values = _scope(actor, level, organisation)
    if wanted is not None:
        values = values.filter(measure__in=sorted(wanted))
    parts: list[pl.DataFrame] = [_values_frame(values)]
    divide_names = {m.name for m in LEADERSHIP}
    if wanted is None or wanted & set(LEADERSHIP_BY_NAME):
        orgs = [organisation] if level == "unit" and organisation else []
        if level != "unit":
            orgs = organisations_for_leadership(actor)
        for org in orgs:
            end = on or register_latest(org)
            if end is None:
                continue
            dates = month_ends(end=end, months=months)
            if wanted is None or wanted & divide_names:
                parts.append(
                    leadership_long(
                        org=org,
                        dates=dates,
                        suppress=actor is not None and not actor.sees_unsuppressed(org.code),
                        units=level == "unit",
                    )
                )
            if wanted is None or CAPABILITY_MEAN in wanted:
                parts.append(
                    capability_mean_long(actor=actor, org=org, dates=dates, units=level == "unit")
                )
            if wanted is None or CAPABILITY_COVERAGE in wanted:
                parts.append(
                    capability_coverage_long(
                        actor=actor, org=org, dates=dates, units=level == "unit"
                    )
                )
            if level != "unit" and (wanted is None or SUCCESSION_EXPOSURE in wanted):
                parts.append(succession_exposure_long(org=org, dates=dates))
            if wanted is None or TURNOVER in wanted:
                turnover = turnover_long(
                    org=org,
                    dates=dates,
                    suppress=actor is not None and not actor.sees_unsuppressed(org.code),
                    units=level == "unit",
                )
                parts.append(
                    turnover.filter(
                        (pl.col("unit_path") != "") if level == "unit" else pl.lit(value=True)
                    )
                )
    long = pl.concat(parts)
    if wanted is not None:
        long = long.filter(pl.col("measure").is_in(sorted(wanted)))
    return long


def org_types() -> dict[str, str]:
    """ODS code → organisation type (acute, mental_health, …): the published provider list
    (``mantle load-provider-types``) where loaded, else the organisation's recorded type."""
    types = dict(ProviderType.objects.values_list("org_code", "org_type"))
    for code, kind in Organisation.objects.values_list("code", "org_type"):
        if kind != Organisation.Type.TRUST or code not in types:
            types.setdefault(code, kind)
    return types


def outcome_imports_recent(actor: Actor, *, limit: int = 10) -> list[OutcomeImport]:
    """The latest loads, for those who may load files (HR/OD administrators and analysts)."""
    if not (actor.superuser or actor.analyst or actor.is_hr_admin_anywhere):
        return []
    return list(OutcomeImport.objects.select_related("created_by")[:limit])


def unit_organisations(actor: Actor | None) -> list[Organisation]:
    """Organisations whose unit-level figures the actor may model (aggregates visible)."""
    return organisations_for_leadership(actor)
