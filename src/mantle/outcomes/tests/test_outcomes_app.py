"""Outcome files in (errors by row and column, atomic, idempotent), descriptive figures equal to the
source files, leadership measures from the register with disclosure, the API, CLI and permissions."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from mantle.core.access import build_actor
from mantle.core.models import AuditEvent
from mantle.core.testing import shared_data_dir
from mantle.core.testing.factories import make_user
from mantle.imports.services import workforce_file_import
from mantle.imports.tests.test_import_history import CD, CEO, CONS, MD, NURSE, WARD, write
from mantle.outcomes.models import OutcomeValue
from mantle.outcomes.selectors import leadership_long, outcome_long
from mantle.outcomes.services import outcome_file_load
from mantle.outcomes.services_model import model_fit
from mantle.workforce.models import Organisation, Unit

pytestmark = pytest.mark.django_db
PANEL = shared_data_dir() / "hospital_management"
needs_panel = pytest.mark.skipif(not PANEL.exists(), reason="shared data not present")
JAN = dt.date(2026, 1, 31)


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def test_every_error_is_named_by_row_and_column_and_nothing_is_written() -> None:
    # Given a long file with a good row and three bad ones
    text = (
        "org_code,period,measure,value,denominator\n"
        "RXH,2018,waiting_18_weeks,0.81,1200\n"
        "R!,2018,waiting_18_weeks,0.8,\n"
        "RXH,2018-13,waiting_18_weeks,0.8,\n"
        "RTH,2018,waiting_18_weeks,lots,0\n"
        "RXH,2018,waiting_18_weeks,0.5,\n"
    )
    load = outcome_file_load(kind="long", source=_csv(text), filename="w.csv")
    found = {(e.row, e.column) for e in load.errors}
    assert found == {
        (3, "org_code"),
        (4, "period"),
        (5, "value"),
        (5, "denominator"),
        (6, "measure"),
    }
    assert "already on row 2" in next(e.message for e in load.errors if e.row == 6)
    # Then nothing was written, not even the good row
    assert OutcomeValue.objects.count() == 0


def test_loading_twice_changes_nothing_and_a_new_value_replaces_the_old() -> None:
    text = "org_code,period,measure,value\nRXH,2018,finance_surplus,1.5\nRTH,2018-06,finance_surplus,-2\n"
    first = outcome_file_load(kind="long", source=_csv(text), filename="f.csv")
    second = outcome_file_load(kind="long", source=_csv(text), filename="f.csv")
    assert (first.created, second.created, second.unchanged) == (2, 0, 2)
    assert OutcomeValue.objects.count() == 2
    third = outcome_file_load(
        kind="long", source=_csv(text.replace("1.5", "1.75")), filename="f.csv"
    )
    assert (third.changed, third.unchanged) == (1, 1)
    assert OutcomeValue.objects.get(org_code="RXH").value == 1.75
    assert AuditEvent.objects.filter(object_type="outcome_file").count() == 3


@needs_panel
def test_descriptive_figures_equal_the_source_files() -> None:
    # Managers FTE per acute trust per year, as loaded, equals the published file's figure
    outcome_file_load(
        kind="managers",
        source=PANEL / "managers_simple_def.csv",
        filename="managers_simple_def.csv",
    )
    with (PANEL / "nhs_provider.csv").open(encoding="utf-8-sig") as handle:
        acute = {r["ORG_CODE"].strip() for r in csv.DictReader(handle) if r["ORG_TYPE"] == "Acute"}
    with (PANEL / "managers_simple_def.csv").open(encoding="utf-8-sig") as handle:
        source = {
            (r["ORG_CODE"].strip(), r["YEAR"]): float(r["SIMPLE_MANAGERS_FTE"])
            for r in csv.DictReader(handle)
            if r["ORG_CODE"].strip() in acute
        }
    loaded = {
        (v.org_code, v.period): v.value
        for v in OutcomeValue.objects.filter(measure="managers_fte", org_code__in=acute)
    }
    assert loaded == source
    assert len(loaded) > 1000
    analyst = make_user(username="analyst", roles=[("analyst", None)])
    long = outcome_long(build_actor(analyst), measures={"managers_fte"})
    assert long.height == OutcomeValue.objects.filter(measure="managers_fte").count()


@needs_panel
def test_published_files_load_with_unmatchable_rows_skipped_and_counted() -> None:
    load = outcome_file_load(
        kind="cqc", source=PANEL / "CQC_ratings.csv", filename="CQC_ratings.csv"
    )
    assert not load.errors
    assert load.skipped["organisation code is not one ODS code"] > 0
    assert set(load.measures) == {"cqc_overall", "cqc_well_led"}
    assert OutcomeValue.objects.get(org_code="R1A", measure="cqc_overall", period="2018").value == 2


@pytest.fixture
def org(tmp_path: Path) -> Organisation:
    org = Organisation.objects.create(
        code="RXA", name="Alpha Hospitals NHS Trust", org_type="acute"
    )
    workforce_file_import(
        path=write(tmp_path, "jan.csv", CEO, MD, CONS, CD, NURSE, WARD), org=org, as_of=JAN
    )
    return org


def test_leadership_measures_come_from_the_divide_and_hide_small_groups(org: Organisation) -> None:
    exact = leadership_long(org=org, dates=[JAN], suppress=False, units=False)
    values = {r["measure"]: r["value"] for r in exact.iter_rows(named=True)}
    # Five staff, of whom four hold management posts (chief executive, medical director, clinical
    # director, ward manager): 80 per 100 staff; three of the four are clinicians.
    assert values["mantle_managers_per_100_staff"] == pytest.approx(80.0)
    assert values["mantle_clinician_share_all_management"] == pytest.approx(75.0)
    # Suppressed (everyone but the trust's HR/OD administrators): groups this small are hidden
    hidden = leadership_long(org=org, dates=[JAN], suppress=True, units=True)
    assert hidden.filter(hidden["measure"] == "mantle_clinician_share_all_management").height == 0


def test_unit_file_checks_units_and_the_loaders_role(org: Organisation) -> None:
    unit = Unit.objects.filter(organisation=org).order_by("path").first()
    assert unit is not None
    text = (
        "org_code,unit_path,period,measure,value\n"
        f"RXA,{unit.path},2026-01,falls,3\n"
        "RXA,No Such Ward,2026-01,falls,1\n"
    )
    hr = make_user(username="hr", roles=[("hr_admin", org)])
    load = outcome_file_load(
        kind="unit-long", source=_csv(text), filename="u.csv", actor=build_actor(hr)
    )
    assert [(e.row, e.column) for e in load.errors] == [(3, "unit_path")]
    other = Organisation.objects.create(code="RYY", name="Other", org_type="acute")
    stranger = make_user(username="stranger", roles=[("hr_admin", other)])
    good = text.splitlines()[:2]
    load = outcome_file_load(
        kind="unit-long",
        source=_csv("\n".join(good) + "\n"),
        filename="u.csv",
        actor=build_actor(stranger),
    )
    assert "not an HR/OD administrator of RXA" in load.errors[0].message
    assert OutcomeValue.objects.count() == 0


def _load_tiny_panel() -> None:
    rows = ["org_code,period,measure,value"]
    for i, code in enumerate(["RA1", "RA2", "RA3", "RA4", "RA5", "RA6"]):
        for year in range(2014, 2019):
            rows.append(f"{code},{year},outcome_y,{(i * 7 + year * 3) % 11 + 0.5 * i}")
            rows.append(f"{code},{year},leader_x,{(i * 5 + year) % 7 + 1}")
    load = outcome_file_load(kind="long", source=_csv("\n".join(rows) + "\n"), filename="t.csv")
    assert not load.errors


SPEC = {
    "outcome": "outcome_y",
    "regressors": [{"measure": "leader_x", "transform": "log"}],
    "fixed_effects": ["organisation", "period"],
    "cluster": "organisation",
}


def test_api_fits_a_model_and_names_a_bad_field() -> None:
    _load_tiny_panel()
    client = Client()
    client.force_login(make_user(username="analyst", roles=[("analyst", None)]))
    ok = client.post("/api/v1/outcomes/models", SPEC, content_type="application/json")
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert set(body) >= {"coefficients", "nobs", "n_clusters", "r2_within", "specification"}
    assert body["nobs"] == 30 and body["n_clusters"] == 6
    assert set(body["coefficients"][0]) == {
        "term",
        "estimate",
        "std_error",
        "ci_low",
        "ci_high",
        "p_value",
    }
    assert any("Few clusters" in w for w in body["warnings"])
    bad = client.post(
        "/api/v1/outcomes/models",
        {**SPEC, "regressors": [{"measure": "leader_x", "transform": "share_of"}]},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "regressors[0].denominator"
    unknown = client.post(
        "/api/v1/outcomes/models", {**SPEC, "outcome": "nope"}, content_type="application/json"
    )
    assert unknown.status_code == 422 and "unknown measure" in unknown.json()["message"]


def test_cli_json_equals_the_api(tmp_path: Path) -> None:
    _load_tiny_panel()
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(SPEC))
    out = io.StringIO()
    call_command("outcomes_model", "--spec", str(path), "--format", "json", stdout=out)
    cli = json.loads(out.getvalue())
    client = Client()
    client.force_login(make_user(username="analyst", roles=[("analyst", None)]))
    api = client.post("/api/v1/outcomes/models", SPEC, content_type="application/json").json()
    assert cli["coefficients"] == api["coefficients"]
    table = io.StringIO()
    call_command("outcomes_model", "--spec", str(path), stdout=table)
    assert "log(leader_x)" in table.getvalue() and "not causes" in table.getvalue()


def test_permissions(org: Organisation) -> None:
    _load_tiny_panel()
    staff = Client()
    staff.force_login(make_user(username="porter", roles=[("staff", org)]))
    assert staff.get("/outcomes/").status_code == 403
    assert (
        staff.post("/api/v1/outcomes/models", SPEC, content_type="application/json").status_code
        == 403
    )
    executive = Client()
    executive.force_login(make_user(username="exec", roles=[("executive", org)]))
    assert executive.get("/outcomes/").status_code == 200
    assert executive.get("/outcomes/load/").status_code == 403
    # A within-trust model of a trust the reader may not see answers like an unknown one
    other = Organisation.objects.create(code="RZZ", name="Other", org_type="acute")
    response = executive.post(
        "/api/v1/outcomes/models",
        {
            **SPEC,
            "level": "unit",
            "fixed_effects": ["unit"],
            "cluster": "unit",
            "filters": {"organisation": other.code},
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "filters.organisation"


def test_model_page_links_the_spec_and_the_exact_data() -> None:
    _load_tiny_panel()
    client = Client()
    client.force_login(make_user(username="analyst", roles=[("analyst", None)]))
    page = client.get("/outcomes/model/", {"spec": json.dumps(SPEC)})
    assert page.status_code == 200
    html = page.content.decode()
    assert "association, not a cause" in html and "format=csv" in html
    data = client.get("/outcomes/model/", {"spec": json.dumps(SPEC), "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(data.content.decode())))
    assert len(rows) == 30 and "log(leader_x)" in rows[0]
    bad = client.get("/outcomes/model/", {"spec": "{not json"})
    assert bad.status_code == 422 and "not valid JSON" in bad.content.decode()


def test_upload_page_loads_a_file_and_lists_errors() -> None:
    client = Client()
    client.force_login(make_user(username="analyst", roles=[("analyst", None)]))
    upload = io.BytesIO(b"org_code,period,measure,value\nRXH,2018,shmi,x\n")
    upload.name = "bad.csv"
    page = client.post("/outcomes/load/", {"kind": "long", "file": upload})
    assert page.status_code == 422
    assert "value &#39;x&#39; is not a number" in page.content.decode()
    good = io.BytesIO(b"org_code,period,measure,value\nRXH,2018,shmi,0.98\n")
    good.name = "good.csv"
    page = client.post("/outcomes/load/", {"kind": "long", "file": good})
    assert page.status_code == 200 and OutcomeValue.objects.count() == 1


def test_worked_example_in_the_docs() -> None:
    # docs/outcomes.md, "Worked example": the figures printed there are the ones fitted here
    _load_tiny_panel()
    result = model_fit(raw=SPEC, actor=None).result
    term = result.coefficients[0]
    docs = (Path(__file__).resolve().parents[4] / "docs" / "outcomes.md").read_text()
    assert (result.nobs, result.n_clusters) == (30, 6)
    assert f"{term['estimate']:.4f}".replace("-", "−") in docs
    assert f"{term['std_error']:.4f}" in docs
    assert f"{term['ci_low']:.4f}".replace("-", "−") in docs and f"{term['ci_high']:.4f}" in docs
    assert f"{result.r2_within:.4f}" in docs
    assert term["estimate"] == pytest.approx(-0.9228, abs=5e-5)
    assert any(w.startswith("Few clusters") for w in result.warnings)


def test_capability_and_succession_measures_come_from_their_modules(org: Organisation) -> None:
    from mantle.outcomes.selectors import (
        CAPABILITY_COVERAGE,
        CAPABILITY_MEAN,
        SUCCESSION_EXPOSURE,
        measures_available,
    )

    analyst = build_actor(make_user(username="analyst", roles=[("analyst", None)]))
    names = measures_available(analyst)
    assert {CAPABILITY_COVERAGE, SUCCESSION_EXPOSURE} <= set(names)
    assert SUCCESSION_EXPOSURE not in measures_available(analyst, level="unit", organisation=org)
    long = outcome_long(analyst, measures={CAPABILITY_COVERAGE, SUCCESSION_EXPOSURE}, on=JAN)
    assert set(long["measure"].to_list()) <= {CAPABILITY_COVERAGE, SUCCESSION_EXPOSURE}
    assert long.filter((long["value"] < 0) | (long["value"] > 100)).height == 0
    # nobody in the tiny trust has a self-assessment: where coverage is released, it is 0%
    coverage = long.filter(long["measure"] == CAPABILITY_COVERAGE)
    assert coverage["value"].to_list() == [0.0] * coverage.height
    # and with no self-assessments there is no mean score
    assert CAPABILITY_MEAN in names
    assert outcome_long(analyst, measures={CAPABILITY_MEAN}, on=JAN).height == 0


def test_turnover_from_the_register_hides_a_single_leaver(
    org: Organisation, tmp_path: Path
) -> None:
    from mantle.outcomes.selectors import TURNOVER, turnover_long

    # Given the five people of January 2026, of whom the ward manager has gone by January 2027
    later = dt.date(2027, 1, 31)
    workforce_file_import(
        path=write(tmp_path, "jan27.csv", CEO, MD, CONS, CD, NURSE), org=org, as_of=later
    )
    exact = turnover_long(org=org, dates=[later], suppress=False)
    # Then the HR/OD administrator sees 1 leaver of 5 people in post a year before: 20%
    assert exact.row(0, named=True)["value"] == pytest.approx(20.0)
    assert exact.row(0, named=True)["measure"] == TURNOVER
    assert exact.row(0, named=True)["denominator"] == 5.0
    # and everyone else sees nothing: one leaver (and four stayers) are below the threshold
    assert turnover_long(org=org, dates=[later], suppress=True).height == 0
    # Per unit: exact for the HR/OD administrator, nothing this small for anyone else
    by_unit = turnover_long(org=org, dates=[later], suppress=False, units=True)
    assert by_unit.height == 1 + len({p for p in by_unit["unit_path"].to_list() if p})
    values = {r["unit_path"]: (r["value"], r["denominator"]) for r in by_unit.iter_rows(named=True)}
    # Ward 7 had Dan and Eve; Eve left
    assert values["Surgery/T&O/Ward 7"] == (50.0, 2.0)
    assert values["Surgery/T&O"][1] == 3.0
    assert turnover_long(org=org, dates=[later], suppress=True, units=True).height == 0
    # A month end with nobody in post a year before has no figure
    assert turnover_long(org=org, dates=[dt.date(1990, 1, 31)], suppress=False).height == 0


def test_model_page_offers_the_trusts_unit_measures(org: Organisation) -> None:
    unit = Unit.objects.filter(organisation=org).order_by("path").first()
    assert unit is not None
    hr = make_user(username="hr", roles=[("hr_admin", org)])
    text = f"org_code,unit_path,period,measure,value\nRXA,{unit.path},2026-01,falls,2\n"
    assert outcome_file_load(
        kind="unit-long", source=_csv(text), filename="u.csv", actor=build_actor(hr)
    ).ok
    client = Client()
    client.force_login(hr)
    page = client.get("/outcomes/model/").content.decode()
    assert '<option value="falls"' in page
    assert '<option value="RXA"' in page
