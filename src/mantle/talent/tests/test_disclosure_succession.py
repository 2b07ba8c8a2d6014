"""Issue 11 for the succession dashboard and the development aggregates: every figure a reader can
obtain (every unit at every depth, every table, page, htmx partial, API and CSV, two adjacent
month-ends) goes through the one engine, and an attacker who collects them all and solves the
linear system they satisfy recovers nothing.

Given the demo trust and a trust of many tiny teams, each with the talent and development demo
records; when every non-HR role is audited (``mantle disclosure-audit``), or a reader walks every
unit through the API and the CSV and attacks what they collected; then no protected count can be
pinned to a range narrower than 3. HR/OD administrators see exact figures, and their download says
OFFICIAL-SENSITIVE and is audited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.management import call_command

from mantle.analytics.disclosure import Figure, audit
from mantle.core.models import AuditEvent
from mantle.core.testing.factories import make_user
from mantle.divide.disclosure_audit import disclosure_audit
from mantle.divide.tests.test_disclosure import tiny_units_extract
from mantle.imports.services import workforce_file_import
from mantle.talent import measures
from mantle.talent.succession_family import family_cells, succession_family
from mantle.workforce.models import Organisation, Unit

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 30)
NON_HR = ("executive", "chair", "analyst")


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Cached disclosure patterns are keyed by organisation and date (the divide's) or by content:
    a test database rebuilt with the same codes and dates must not meet another test's entries."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo() -> Organisation:
    call_command("demo", "--staff", "300", "--as-of", ON.isoformat(), stdout=StringIO())
    return Organisation.objects.exclude(org_type="icb").get()


@pytest.fixture
def tiny(tmp_path: Path) -> Organisation:
    """36 tiny teams (1 to 4 people) at three depths, with the talent and development demo records
    seeded from its register (succession plans, pools, requirements, programme cohorts)."""
    from mantle.development.demo import seed_demo as development_seed
    from mantle.talent.demo import seed_demo as talent_seed

    org = Organisation.objects.create(code="RT1", name="Tiny Teams NHS Trust", org_type="acute")
    for day in (dt.date(2026, 10, 31), ON):
        outcome = workforce_file_import(
            path=tiny_units_extract(tmp_path, "RT1"), org=org, as_of=day
        )
        assert outcome.status == "succeeded", outcome.message
    talent_seed(organisation=org, as_of=ON, rng=random.Random(3))
    development_seed(organisation=org, as_of=ON, rng=random.Random(3))
    return org


def _audited(org: Organisation, role: str) -> dict[str, Any]:
    return disclosure_audit(
        org=org, as_of=ON, role=role, threshold=5, only={"talent", "development"}
    )


def test_demo_trust_passes_the_auditor_for_every_non_hr_role(demo: Organisation) -> None:
    for role in NON_HR:
        summary = _audited(demo, role)
        assert summary["figures_by_app"]["talent"] > 0
        assert summary["figures_by_app"]["development"] > 0
        assert summary["violations"] == [], summary["violations"][:3]
    # and the HR/OD view (exact) is what the auditor would flag: the check can fail
    assert _audited(demo, "hr_admin")["violations"]


def test_tiny_units_trust_passes_the_auditor_for_every_non_hr_role(tiny: Organisation) -> None:
    report = measures.succession_report(organisation=tiny, on=ON)
    assert report.all_posts, "the tiny trust needs critical posts for this test to mean anything"
    for role in NON_HR:
        summary = _audited(tiny, role)
        assert summary["protected_cells"] > 0
        assert summary["violations"] == [], summary["violations"][:3]


def _collect(client: Any, org: Organisation) -> list[tuple[str, str, str, Any]]:
    """(unit asked for, section, column, value) for every figure of every unit's summary."""
    found = []
    for unit in ["", *Unit.objects.filter(organisation=org).values_list("path", flat=True)]:
        query = urlencode({"org": org.code, "as_of": ON.isoformat(), "unit": unit})
        body = client.get(f"/api/v1/talent/succession/summary?{query}").json()
        for section in ("exposure", "pipeline", "projection"):
            for column, value in body[section].items():
                found.append((unit, section, column, value))
        for row in [body["bench"]["scope"], *body["bench"]["units"]]:
            kind = "direct" if row["label"] == "Posts directly in this unit" else "all"
            for column, value in row.items():
                found.append((row["scope"], f"bench {kind}", column, value))
    return found


def test_an_attacker_walking_every_unit_recovers_nothing(tiny: Organisation, client: Any) -> None:
    # given an executive who asks for the summary of every unit at every depth
    client.force_login(make_user(username="x-exec", roles=[("executive", tiny)]))
    collected = _collect(client, tiny)
    # when every count they saw is paired with the people (or nominations) it counts
    report = measures.succession_report(organisation=tiny, on=ON)
    cells, _, _, _ = family_cells(report)
    seen: dict[tuple[Any, ...], bool] = {}
    for scope, section, column, value in collected:
        if section.startswith("bench"):
            cell = (column, section.split()[1], scope)
        elif section == "projection":
            cell = ("projection", column)
        else:
            cell = (column, "all", scope)
        if cell in cells:
            released = value != "*"
            assert seen.setdefault(cell, released) == released, f"{cell} shown and hidden"
            if released:
                assert value == len(cells[cell]), cell  # what is shown is exact
    assert any(not r for r in seen.values()), "nothing hidden: the trust is not a test"
    # then parent − Σ children, tier and column differences and any other linear combination of
    # everything collected leave every small count at least 3 wide
    figures = [
        Figure(name=repr(c), people=m, released=seen.get(c, False)) for c, m in cells.items()
    ]
    result = audit(figures, threshold=5)
    assert result["protected_cells"] > 0
    assert result["violations"] == [], result["violations"][:3]


def test_page_partial_api_and_csv_agree_and_hr_sees_exact_marked_downloads(
    tiny: Organisation, client: Any
) -> None:
    query = urlencode({"org": tiny.code, "as_of": ON.isoformat()})
    client.force_login(make_user(username="x-exec", roles=[("executive", tiny)]))
    api = client.get(f"/api/v1/talent/succession/summary?{query}").json()
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/talent/succession/export.csv?{query}").content.decode())
        )
    )
    header = rows[0]
    scope = dict(zip(header, rows[1], strict=True))
    assert scope["bench_strength"] == str(api["bench"]["scope"]["bench_strength"])
    assert scope["distinct_ready_now"] == str(api["bench"]["scope"]["distinct_ready_now"])
    assert not rows[0][0].startswith("OFFICIAL-SENSITIVE")
    partial = client.get(f"/talent/succession/?{query}", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b"Bench strength by unit" in partial.content
    # HR/OD: exact figures on screen and in the download, marked and audited
    client.force_login(make_user(username="x-hr", roles=[("hr_admin", tiny)]))
    exact = measures.succession_summary(
        measures.succession_report(organisation=tiny, on=ON), suppress=False
    )
    hr_api = client.get(f"/api/v1/talent/succession/summary?{query}").json()
    assert hr_api["bench"]["scope"] == exact["bench"]["scope"]
    body = client.get(f"/talent/succession/export.csv?{query}").content.decode()
    assert body.startswith("OFFICIAL-SENSITIVE")
    assert "*" not in body.split("\n", 1)[1]
    assert AuditEvent.objects.filter(
        object_type="talent.succession", object_label__contains="OFFICIAL-SENSITIVE"
    ).exists()


def test_the_protection_is_cached_by_content_and_changes_with_the_data(
    tiny: Organisation,
) -> None:
    from mantle.talent.models import SuccessionCandidate

    report = measures.succession_report(organisation=tiny, on=ON)
    first = succession_family(report).protection
    assert succession_family(report).protection.reasons == first.reasons
    # when a nomination ends, the family's content changes, so its key does too
    candidate = SuccessionCandidate.objects.filter(
        plan__organisation=tiny, removed_on__isnull=True
    ).first()
    assert candidate is not None
    candidate.removed_on = ON - dt.timedelta(days=40)
    candidate.save()
    after = measures.succession_report(organisation=tiny, on=ON)
    cells_before, *_ = family_cells(report)
    cells_after, *_ = family_cells(after)
    assert cells_before != cells_after
