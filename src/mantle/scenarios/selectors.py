"""Scenario reads, scoped through the actor, and the register as the model needs it.

The register is read with the divide's own readers (``divide.frames.load_history`` and
``frames_on``: the measured tier, clinician status and profession), the pay band and occupation code
of each post version, dates of birth and the talent module's pension-age rule; nothing here
re-derives a tier or a clinician."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db.models import QuerySet

from mantle.analytics.scenarios import AGE_BANDS, TIERS, Cell, Stock, age_band
from mantle.core.access import Actor
from mantle.divide.frames import History, frames_on, load_history, scope_to_unit
from mantle.talent.rules.retirement import age_on, retirement_date
from mantle.talent.services.settings import talent_settings_for
from mantle.workforce.models import Assignment, Organisation, Person, PostVersion
from mantle.workforce.rules.occupation import classify_occupation_code

from .models import PayScale, Scenario, ScenarioRun

_TIER_RANK = {t: i for i, t in enumerate(TIERS)}


# --- who may use scenarios -------------------------------------------------------------------------
def scenario_org_codes(actor: Actor) -> set[str] | None:
    """Organisations whose scenarios the actor may build and read: those whose aggregates they may
    see (HR/OD administrators, executives and the chair; analysts and superusers everywhere — None
    means every organisation)."""
    return actor.aggregate_org_codes()


def scenario_may_use(actor: Actor, org: Organisation) -> bool:
    """An ICB's scenarios need aggregate access to the ICB or to every trust in it."""
    codes = scenario_org_codes(actor)
    if codes is None or org.code in codes:
        return True
    if org.org_type == Organisation.Type.ICB:
        members = list(Organisation.objects.filter(parent=org).values_list("code", flat=True))
        return bool(members) and set(members) <= codes
    return False


def scenario_organisations(actor: Actor) -> QuerySet[Organisation]:
    codes = scenario_org_codes(actor)
    qs = Organisation.objects.all()
    return qs if codes is None else qs.filter(code__in=codes)


def scenarios_for(actor: Actor, *, org: Organisation) -> QuerySet[Scenario]:
    if not scenario_may_use(actor, org):
        return Scenario.objects.none()
    return Scenario.objects.filter(organisation=org).select_related("created_by")


def scenario_get(actor: Actor, *, pk: int) -> Scenario | None:
    """A scenario the actor may use, or None (the same for missing and not visible)."""
    scenario = Scenario.objects.select_related("organisation").filter(pk=pk).first()
    if scenario is None or not scenario_may_use(actor, scenario.organisation):
        return None
    return scenario


def latest_run(scenario: Scenario) -> ScenarioRun | None:
    return scenario.runs.order_by("-created_at", "-pk").first()


def run_get(actor: Actor, *, scenario: Scenario, pk: int) -> ScenarioRun | None:
    return scenario.runs.filter(pk=pk).first()


# --- the register for the model -------------------------------------------------------------------
def scope_organisations(org: Organisation) -> list[Organisation]:
    """A trust is itself; an ICB is the trusts whose parent it is."""
    if org.org_type == Organisation.Type.ICB:
        return list(Organisation.objects.filter(parent=org).order_by("code"))
    return [org]


def people_in_post(org: Organisation, on: dt.date) -> int:
    orgs = scope_organisations(org)
    return (
        Assignment.objects.live()
        .current_on(on)
        .filter(organisation__in=orgs)
        .values("person_id")
        .distinct()
        .count()
    )


@dataclass
class RegisterStates:
    """Month-end states (one row per person in post) and vacant posts per tier on each date."""

    states: list[tuple[dt.date, pl.DataFrame]]
    vacancies: list[dict[str, int]]
    details: dict[dt.date, pl.DataFrame]  # person rows with fte and pay_band, for the stock
    pension_age: dict[int, int]  # person → age on their retirement date (talent's rule)


def _staff_group(code: str | None) -> str:
    cls = classify_occupation_code(code or "")
    if cls is None:
        return "unknown"
    group = cls.main_staff_group.lower()
    if "support" in group:
        return "support_to_clinical"
    if "infrastructure" in group:
        return "infrastructure"
    if "qualified" in group:
        return "other_registered"
    return "unknown"


def _versions(orgs: Sequence[Organisation], start: dt.date, end: dt.date) -> pl.DataFrame:
    rows = list(
        PostVersion.objects.live()
        .filter(organisation__in=orgs, valid_from__lte=end)
        .exclude(valid_to__lte=start)
        .values_list("post_id", "valid_from", "valid_to", "pay_band", "occupation_code")
    )
    far = dt.date(9999, 12, 31)
    return pl.DataFrame(
        [(p, f, t or far, b, c) for p, f, t, b, c in rows],
        schema={
            "post_id": pl.Int64,
            "vf": pl.Date,
            "vt": pl.Date,
            "pay_band": pl.Utf8,
            "occupation_code": pl.Utf8,
        },
        orient="row",
    )


def _history(orgs: Sequence[Organisation], start: dt.date, end: dt.date) -> History:
    parts = [load_history(start=start, end=end, org_id=o.pk) for o in orgs]
    return History(
        holdings=pl.concat([p.holdings for p in parts]),
        posts=pl.concat([p.posts for p in parts]),
        registrations=pl.concat([p.registrations for p in parts]).unique(),
    )


def register_states(
    *, org: Organisation, days: Sequence[dt.date], unit: str | None = None
) -> RegisterStates:
    """The register on each of ``days`` (ascending) as the model's person rows: tier = the most
    senior measured tier held, clinician and profession as the divide decides them, staff group =
    the profession for registered staff, else the main staff group of the largest-FTE post; age
    and whether the person is on or past their retirement date (the organisation's talent
    retirement basis)."""
    orgs = scope_organisations(org)
    history = _history(orgs, min(days), max(days))
    versions = _versions(orgs, min(days), max(days))
    person_ids = history.holdings["person_id"].unique().to_list()
    births = (
        dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "date_of_birth"))
        if person_ids
        else {}
    )
    talent = {o.pk: talent_settings_for(o) for o in orgs}
    conf = talent[orgs[0].pk] if orgs else None
    retire_on = {
        pid: retirement_date(
            date_of_birth=dob,
            basis=conf.retirement_basis if conf else "nhs_2015",
            fixed_age=conf.fixed_retirement_age if conf else None,
        )
        for pid, dob in births.items()
    }
    pension_age = {pid: age_on(date_of_birth=births[pid], on=day) for pid, day in retire_on.items()}
    born = pl.DataFrame(
        [(pid, dob, retire_on[pid]) for pid, dob in births.items()],
        schema={"person_id": pl.Int64, "dob": pl.Date, "retire_on": pl.Date},
        orient="row",
    )
    groups_cache: dict[str | None, str] = {}
    states: list[tuple[dt.date, pl.DataFrame]] = []
    vacancies: list[dict[str, int]] = []
    details: dict[dt.date, pl.DataFrame] = {}
    for day in days:
        holdings, posts = frames_on(history, day)
        if unit:
            holdings, posts = scope_to_unit(holdings, posts, unit)
        on_day = (
            versions.filter((pl.col("vf") <= day) & (pl.col("vt") > day))
            .select("post_id", "pay_band", "occupation_code")
            .unique(subset="post_id", keep="last")
        )
        held = holdings.join(on_day, on="post_id", how="left").with_columns(
            pl.col("tier").replace_strict(_TIER_RANK, default=len(TIERS)).alias("rank")
        )
        codes = held["occupation_code"].unique().to_list()
        for code in codes:
            if code not in groups_cache:
                groups_cache[code] = _staff_group(code)
        people = (
            held.sort(["rank", "fte"], descending=[False, True])
            .group_by("person_id", maintain_order=True)
            .agg(
                pl.col("tier").first(),
                pl.col("is_clinician").first().fill_null(False).alias("clinician"),
                pl.col("profession").first(),
                pl.col("fte").sum().alias("fte"),
                pl.col("pay_band").first(),
                pl.col("occupation_code").sort_by("fte", descending=True).first(),
            )
        )
        # Whole years on ``day`` (talent.rules.retirement.age_on's rule, column-wise: a 29
        # February birthday is reached on 1 March in a common year) and whether ``day`` is on or
        # after the person's retirement date.
        people = people.join(born, on="person_id", how="left").with_columns(
            (
                pl.lit(day.year)
                - pl.col("dob").dt.year()
                - (
                    (pl.lit(day.month) < pl.col("dob").dt.month())
                    | (
                        (pl.lit(day.month) == pl.col("dob").dt.month())
                        & (pl.lit(day.day) < pl.col("dob").dt.day())
                    )
                ).cast(pl.Int64)
            )
            .cast(pl.Int64)
            .fill_null(40)
            .alias("age"),
            (pl.col("retire_on") <= day).fill_null(False).alias("retired"),
            pl.when(pl.col("profession").is_not_null())
            .then(pl.col("profession"))
            .otherwise(pl.col("occupation_code").replace_strict(groups_cache, default="unknown"))
            .alias("group"),
        )
        states.append(
            (day, people.select("person_id", "group", "tier", "clinician", "age", "retired"))
        )
        details[day] = people
        held_posts = set(holdings["post_id"].unique().to_list())
        vacant = posts.filter(~pl.col("post_id").is_in(list(held_posts))).unique(subset="post_id")
        vacancies.append(dict(vacant.group_by("tier").len().iter_rows()))
    return RegisterStates(
        states=states, vacancies=vacancies, details=details, pension_age=pension_age
    )


def pay_scale_for(org: Organisation) -> tuple[dict[str, float], str, bool]:
    """Band → annual pay of a full-time post: the organisation's own scale, else the default one
    (organisation empty). Returns the scale, its source label and whether it is illustrative."""
    own = list(PayScale.objects.filter(organisation=org))
    rows = own or list(PayScale.objects.filter(organisation__isnull=True))
    if not rows:
        return {}, "", False
    return (
        {r.band: float(r.annual_pay) for r in rows},
        rows[0].source,
        any(r.illustrative for r in rows),
    )


def stock_from(
    people: pl.DataFrame, *, vacant: dict[str, int], pay: dict[str, float]
) -> tuple[Stock, dict[str, int], dict[str, Any]]:
    """The model's starting stock (cells with mean FTE and pay per FTE), the establishment per
    tier (people in post + vacant posts) and a summary: counts per tier and pay coverage."""
    counts: dict[Cell, int] = {}
    fte_sum: dict[Cell, float] = {}
    pay_sum: dict[Cell, float] = {}
    pay_n: dict[Cell, int] = {}
    priced = 0
    for group, tier, clinician, age, fte, band in people.select(
        "group", "tier", "clinician", "age", "fte", "pay_band"
    ).iter_rows():
        cell = Cell(group, tier, bool(clinician), age_band(int(age)))
        counts[cell] = counts.get(cell, 0) + 1
        fte_sum[cell] = fte_sum.get(cell, 0.0) + float(fte or 0.0)
        if band in pay:
            pay_sum[cell] = pay_sum.get(cell, 0.0) + pay[band]
            pay_n[cell] = pay_n.get(cell, 0) + 1
            priced += 1
    stock = Stock(
        counts=counts,
        fte={c: fte_sum[c] / n for c, n in counts.items()},
        pay={c: pay_sum[c] / pay_n[c] for c in pay_n},
    )
    per_tier = dict.fromkeys(TIERS, 0)
    clinicians = dict.fromkeys(TIERS, 0)
    for cell, n in counts.items():
        per_tier[cell.tier] += n
        if cell.clinician:
            clinicians[cell.tier] += n
    establishment = {t: per_tier[t] + int(vacant.get(t, 0)) for t in TIERS}
    summary = {
        "headcount": per_tier,
        "clinicians": clinicians,
        "vacancies": {t: int(vacant.get(t, 0)) for t in TIERS},
        "establishment": establishment,
        "people": int(people.height),
        "priced": priced,
        "age_bands": [list(b) for b in AGE_BANDS],
    }
    return stock, establishment, summary
