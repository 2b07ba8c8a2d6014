"""Who is in a talent review's population on its as-at date, and the register facts the talent
measures need (holders, clinician status). Reads only.

Population rules (docs/talent.md, "Talent review"): a person is in the population when, on the review's
as-at date, they hold at least one assignment in the organisation to a post that matches:

* ``unit`` — the post's unit is the given unit path or below it;
* ``staff_group`` — the post's occupation code falls in the given NHS staff group;
* ``tier`` — the post's management tier is the given tier;
* ``cohort`` — one of ``COHORTS``: medical consultants (a medical/dental occupation code and
  "consultant" in the job role or title), clinicians in management (a management-tier post held by
  someone who is a clinician on the date), senior management (board executive or senior tier).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import polars as pl

from mantle.divide.frames import load_frames
from mantle.workforce.models import Assignment, Organisation, Person, PostVersion, Tier
from mantle.workforce.rules.occupation import STAFF_GROUPS, classify_occupation_code
from mantle.workforce.rules.registration import Profession
from mantle.workforce.selectors import clinician_status

COHORTS: dict[str, str] = {
    "medical_consultants": "Medical consultants",
    "clinicians_in_management": "Clinicians in management posts",
    "senior_management": "Senior management (board executive and senior tiers)",
}


@cache
def _staff_group(code: str) -> str:
    cls = classify_occupation_code(code)
    return cls.staff_group if cls is not None else ""


@cache
def _medical(code: str) -> bool:
    cls = classify_occupation_code(code)
    return cls is not None and cls.profession == Profession.MEDICAL


@dataclass(frozen=True)
class Holding:
    person_id: int
    post_id: int
    version: PostVersion
    acting: bool


def holdings_on(*, organisation: Organisation, on: dt.date) -> list[Holding]:
    """Every current assignment in the organisation on ``on`` with its post version then."""
    versions = {
        v.post_id: v
        for v in PostVersion.objects.current_on(on)
        .filter(organisation=organisation)
        .select_related("unit")
    }
    out = []
    for a in Assignment.objects.current_on(on).filter(organisation=organisation):
        version = versions.get(a.post_id)
        if version is not None:
            out.append(Holding(a.person_id, a.post_id, version, a.acting))
    return out


@dataclass(frozen=True)
class ClinicalFacts:
    is_clinician: bool
    profession: str | None


def clinical_facts(
    *, organisation: Organisation, on: dt.date, person_ids: set[int] | None = None
) -> dict[int, ClinicalFacts]:
    """Clinician status on ``on`` by the divide's rule for everyone holding a post in the organisation
    (one pass over the register); people in ``person_ids`` who hold no post there are looked up one by
    one with the same rule."""
    holdings, _posts = load_frames(on=on, org_id=organisation.pk)
    return _facts_from(holdings, person_ids or set(), on=on)


def clinical_facts_of(
    *, organisation: Organisation, on: dt.date, person_ids: set[int]
) -> dict[int, ClinicalFacts]:
    """Clinician status on ``on`` for just ``person_ids``, by the same rule as ``clinical_facts``, reading
    only their rows of the register (a review of 200 people does not read a national trust's)."""
    if not person_ids:
        return {}
    holdings, _posts = load_frames(on=on, org_id=organisation.pk, person_ids=person_ids)
    return _facts_from(holdings, person_ids, on=on)


def _facts_from(
    holdings: pl.DataFrame, person_ids: set[int], *, on: dt.date
) -> dict[int, ClinicalFacts]:
    facts: dict[int, ClinicalFacts] = {}
    for row in (
        holdings.select("person_id", "is_clinician", "profession")
        .unique(subset=["person_id"])
        .iter_rows(named=True)
    ):
        facts[row["person_id"]] = ClinicalFacts(bool(row["is_clinician"]), row["profession"])
    missing = person_ids - set(facts)
    for person in Person.objects.filter(pk__in=missing):
        status = clinician_status(person, on=on)
        facts[person.pk] = ClinicalFacts(status.clinician, status.profession)
    return facts


def valid_population(kind: str, value: str, *, organisation: Organisation) -> str | None:
    """A problem with a population definition, or None when it is valid."""
    if kind == "unit":
        if not organisation.units.filter(path=value).exists():
            return "There is no unit with that path in this organisation."
    elif kind == "staff_group":
        if value not in STAFF_GROUPS:
            return "Choose one of the NHS staff groups."
    elif kind == "tier":
        if value not in Tier.values or value == Tier.NONE:
            return "Choose a management tier."
    elif kind == "cohort":
        if value not in COHORTS:
            return "Choose one of the cohorts."
    else:
        return "Unknown kind of population."
    return None


def population_person_ids(
    *, organisation: Organisation, kind: str, value: str, on: dt.date
) -> dict[int, list[PostVersion]]:
    """The population (module rule): person id → the matching posts they hold on ``on``."""
    holdings = holdings_on(organisation=organisation, on=on)
    clinicians: dict[int, ClinicalFacts] = {}
    if kind == "cohort" and value == "clinicians_in_management":
        clinicians = clinical_facts(organisation=organisation, on=on)
    out: dict[int, list[PostVersion]] = defaultdict(list)
    for h in holdings:
        v = h.version
        if kind == "unit":
            match = v.unit.path == value or v.unit.path.startswith(value + "/")
        elif kind == "staff_group":
            match = _staff_group(v.occupation_code) == value
        elif kind == "tier":
            match = v.tier == value
        elif value == "medical_consultants":
            words = f"{v.job_role} {v.title}".lower()
            match = _medical(v.occupation_code) and "consultant" in words
        elif value == "clinicians_in_management":
            facts = clinicians.get(h.person_id)
            match = v.tier != Tier.NONE and facts is not None and facts.is_clinician
        elif value == "senior_management":
            match = v.tier in (Tier.BOARD_EXECUTIVE, Tier.SENIOR)
        else:
            match = False
        if match:
            out[h.person_id].append(v)
    return dict(out)
