"""The divide from an imported extract: every measure worked out by hand, CLI/API parity, suppression
for non-administrators, dates across history and the dashboard's one-pass computation."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from mantle.core.models import AuditEvent
from mantle.core.testing.factories import make_user
from mantle.divide import services
from mantle.divide.frames import load_history
from mantle.imports.services import workforce_file_import
from mantle.imports.tests.test_import_history import CD, CEO, CONS, MD, NURSE, WARD, write
from mantle.workforce.models import Organisation

pytestmark = pytest.mark.django_db
JAN = dt.date(2026, 1, 31)


@pytest.fixture
def org(tmp_path: Path) -> Organisation:
    org = Organisation.objects.create(
        code="RXA", name="Alpha Hospitals NHS Trust", org_type="acute"
    )
    workforce_file_import(
        path=write(tmp_path, "jan.csv", CEO, MD, CONS, CD, NURSE, WARD), org=org, as_of=JAN
    )
    # In April the nurse's registration lapses and the ward manager leaves.
    workforce_file_import(
        path=write(tmp_path, "apr.csv", CEO, MD, CONS, CD, NURSE.replace("registered", "lapsed")),
        org=org,
        as_of=dt.date(2026, 4, 30),
    )
    return org


def test_every_measure_matches_the_hand_computation(org: Organisation) -> None:
    # Five people: Amira (chief executive, no registration), Ben (medical director, GMC, statutory),
    # Cara (consultant 0.8 + clinical director 0.2, GMC: a hybrid), Dan (staff nurse, NMC), Eve
    # (ward manager, nurse code N6A, no registration: an inferred clinician).
    r = services.divide_report(org=org, on=JAN, suppress=False)
    assert r["workforce"]["headcount"] == 5
    assert r["workforce"]["fte"] == 5.0
    assert r["workforce"]["clinician_headcount"] == 4
    assert r["workforce"]["workforce_clinician_share"] == 0.8
    exe = r["tiers"]["board_executive"]
    assert (exe["posts"], exe["filled"], exe["vacant"], exe["holders"]) == (2, 2, 0, 2)
    assert exe["clinician_holders"] == 1 and exe["clinician_share"] == 0.5
    assert exe["clinician_holders_by_profession"]["medical"] == 1
    assert exe["management_fte"] == 2.0 and exe["clinician_capacity_share"] == 0.5
    assert exe["representation_ratio"] == 0.625 and exe["hybrid_share"] == 0.0
    senior = r["tiers"]["senior"]
    assert (senior["holders"], senior["clinician_holders"], senior["management_fte"]) == (1, 1, 0.2)
    assert senior["hybrid_share"] == 1.0 and senior["representation_ratio"] == 1.25
    first = r["tiers"]["first_line"]
    assert first["holders"] == 1 and first["inferred_clinician_holders"] == 1
    sm = r["aggregates"]["senior_management"]
    assert (sm["holders"], sm["clinician_holders"], sm["clinician_share"]) == (3, 2, 0.6667)
    assert r["divide_gap_pp"] == 13.33
    assert r["board_executive_excluding_statutory"]["clinician_share"] == 0.0
    allm = r["aggregates"]["all_management"]
    assert (allm["holders"], allm["clinician_holders"], allm["hybrid_share"]) == (4, 3, 0.3333)
    assert r["tiers"]["middle"]["clinician_share"] is None  # no holders: null, not zero


def test_as_at_a_later_date_the_history_is_what_was_true_then(org: Organisation) -> None:
    may = services.divide_report(org=org, on=dt.date(2026, 5, 1), suppress=False)
    # Dan's NMC registration lapsed from 30 April: clinical background, no longer a clinician;
    # Eve left, so first-line management is now vacant.
    assert may["workforce"]["headcount"] == 4
    assert may["workforce"]["clinician_headcount"] == 2
    assert may["workforce"]["clinical_background_headcount"] == 3
    assert may["tiers"]["first_line"]["vacant"] == 1 and may["tiers"]["first_line"]["holders"] == 0


def test_dashboard_one_pass_equals_one_report_per_date(org: Organisation) -> None:
    dates = [JAN, dt.date(2026, 3, 31), dt.date(2026, 5, 1)]
    history = load_history(start=dates[0], end=dates[-1], org_id=org.pk)
    together = services.divide_on_dates(history=history, dates=dates, unit=None)
    for day in dates:
        alone = services.divide_report(org=org, on=day, suppress=False)
        envelope = {"organisation", "as_of", "unit", "suppression"}
        assert {k: v for k, v in alone.items() if k not in envelope} == together[day]


def test_unit_scope_keeps_hybrid_status_from_the_whole_organisation(org: Organisation) -> None:
    r = services.divide_report(org=org, on=JAN, unit="Surgery/T&O", suppress=False)
    assert r["unit"] == "Surgery/T&O"
    assert r["tiers"]["senior"]["hybrid_share"] == 1.0
    assert r["tiers"]["board_executive"]["posts"] == 0


def test_cli_and_api_return_the_same_json_and_the_api_suppresses_for_executives(
    org: Organisation, client: Any
) -> None:
    out = StringIO()
    call_command(
        "divide",
        "--org",
        "RXA",
        "--as-of",
        JAN.isoformat(),
        "--format",
        "json",
        "--unsuppressed",
        stdout=out,
    )
    cli = json.loads(out.getvalue())
    client.force_login(make_user(username="hr", roles=[("hr_admin", org)]))
    api = client.get(f"/api/v1/organisations/RXA/divide?as_of={JAN.isoformat()}").json()
    assert cli == api
    assert set(cli) >= {
        "organisation",
        "as_of",
        "unit",
        "workforce",
        "tiers",
        "aggregates",
        "board_executive_excluding_statutory",
        "divide_gap_pp",
        "suppression",
    }
    client.force_login(make_user(username="exec", roles=[("executive", org)]))
    suppressed = client.get(f"/api/v1/organisations/RXA/divide?as_of={JAN.isoformat()}").json()
    assert suppressed["suppression"]["applied"] is True
    assert suppressed["aggregates"]["senior_management"]["holders"] == "*"
    assert suppressed["tiers"]["board_executive"]["posts"] == 2  # posts are not people
    out = StringIO()
    call_command("divide", "--org", "RXA", "--as-of", JAN.isoformat(), stdout=out)
    assert json.loads(out.getvalue()) == suppressed  # the CLI suppresses by default, like the API


def test_national_view_has_a_row_per_organisation(org: Organisation, tmp_path: Path) -> None:
    target = tmp_path / "national.csv"
    call_command(
        "divide", "--all", "--as-of", JAN.isoformat(), "--format", "csv", "--output", str(target)
    )
    lines = target.read_text().splitlines()
    assert len(lines) == 2 and lines[1].startswith("RXA,")


def test_table_csv_is_suppressed_for_executives_and_exact_but_marked_for_hr(
    org: Organisation, client: Any
) -> None:
    client.force_login(make_user(username="exec2", roles=[("executive", org)]))
    response = client.get(f"/divide/table.csv?org=RXA&as_of={JAN.isoformat()}")
    assert response.status_code == 200
    assert "*" in response.content.decode()
    assert "OFFICIAL-SENSITIVE" not in response.content.decode()
    client.force_login(make_user(username="hr2", roles=[("hr_admin", org)]))
    response = client.get(f"/divide/table.csv?org=RXA&as_of={JAN.isoformat()}")
    text = response.content.decode()
    assert text.startswith("OFFICIAL-SENSITIVE") and "*" not in text
    assert "OFFICIAL-SENSITIVE" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action="export_unsuppressed", object_type="divide_table", organisation_code="RXA"
    ).exists()


@pytest.mark.parametrize("table", ["tiers", "units", "trend"])
def test_every_dashboard_table_downloads_as_csv(org: Organisation, client: Any, table: str) -> None:
    client.force_login(make_user(username=f"hr-{table}", roles=[("hr_admin", org)]))
    response = client.get(f"/divide/table.csv?org=RXA&as_of=2026-05-01&table={table}")
    lines = response.content.decode().splitlines()
    assert response.status_code == 200 and len(lines) > 2
    assert lines[0].startswith("OFFICIAL-SENSITIVE") and lines[1].startswith("organisation,")


def _stars(node: Any, path: str = "") -> set[str]:
    if isinstance(node, dict):
        return {p for k, v in node.items() for p in _stars(v, f"{path}/{k}")}
    return {path} if node == "*" else set()


def test_headline_shown_beside_units_is_suppressed_with_them(org: Organisation) -> None:
    # The dashboard's headline and unit table are suppressed together, so it hides at least what
    # the headline alone hides, and no unit count can be recovered from the headline's totals.
    alone = services.divide_report(org=org, on=JAN, suppress=True)
    board = services.divide_dashboard(org=org, on=JAN, since=JAN, unit=None, suppress=True)
    assert _stars(alone) <= _stars(board["report"])
    for u in board["units"]:
        shown = u["workforce"]["headcount"]
        assert shown == "*" or shown == 0 or shown >= 5
