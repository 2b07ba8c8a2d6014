"""Issue 11 against the divide's real outputs: attacks 2 and 3 as a reader would run them (API,
CSV downloads), the auditor for every non-HR role on a small demo trust and on a trust of many tiny
units, HR exact, what is on screen = what downloads, and the CLI's default suppression.

Given a trust loaded through the importer; when a reader who is not its HR/OD administrator walks
every unit through the API and the CSV downloads and solves the linear system the figures satisfy;
then no protected count is narrowed to fewer than 3 possible values.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import polars as pl
import pytest
from django.core.management import call_command

from mantle.analytics.disclosure import Figure, audit
from mantle.analytics.disclosure.divide import memberships
from mantle.core.models import AuditEvent
from mantle.core.testing.factories import make_user
from mantle.divide import services
from mantle.divide.disclosure_audit import disclosure_audit
from mantle.divide.frames import frames_on, load_history
from mantle.imports.services import workforce_file_import
from mantle.imports.tests.test_import_history import HEADER
from mantle.workforce.models import Organisation, Unit

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 30)
NON_HR = ("executive", "chair", "analyst")
SECTIONS = {"tiers", "aggregates", "board_executive_excluding_statutory", "workforce"}


@pytest.fixture
def demo() -> Organisation:
    call_command("demo", "--staff", "300", "--as-of", ON.isoformat(), stdout=StringIO())
    return Organisation.objects.exclude(org_type="icb").get()


def tiny_units_extract(tmp_path: Path, code: str) -> Path:
    """A trust of 36 tiny teams (1 to 4 people) in 6 directorates at three depths, with managers
    at every tier, several professions, unregistered and lapsed staff."""
    rows, person, post = [], 0, 0
    bodies = [("GMC", "71{:05d}", "110"), ("NMC", "12A{:04d}E", "N6A"), ("HCPC", "PH{:06d}", "S1C")]
    for d in range(6):
        for t in range(6):
            unit = f"Directorate {d}/Team {t}" if t % 3 else f"Directorate {d}/Team {t}/Cell"
            for k in range(1 + (d + t) % 4):
                person += 1
                post += 1
                tier = ("middle", "first_line", "", "senior", "")[(person + k) % 5]
                if d == 0 and t == 0:
                    tier = "board_executive"
                body, pattern, occupation = bodies[person % 3]
                registered = person % 5 != 0
                rows.append(
                    ",".join(
                        [
                            code,
                            str(5000 + person),
                            f"{5000 + person}-1",
                            f"First{person}",
                            f"Last{person}",
                            "1980-01-01",
                            f"P{post}",
                            f"Post {post}",
                            unit,
                            "",
                            occupation if registered or person % 2 else "G0A",
                            "Role",
                            "Band 7",
                            "1",
                            "2020-01-01",
                            tier,
                            "Y" if tier == "board_executive" and person % 2 else "N",
                            body if registered else "",
                            pattern.format(person) if registered else "",
                            ("registered" if person % 7 else "lapsed") if registered else "",
                            str(1 + person % 2),
                            "A",
                            "N",
                        ]
                    )
                )
    path = tmp_path / "tiny.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> Organisation:
    org = Organisation.objects.create(code="RT1", name="Tiny Teams NHS Trust", org_type="acute")
    for day in (dt.date(2026, 10, 31), ON):
        outcome = workforce_file_import(
            path=tiny_units_extract(tmp_path, "RT1"), org=org, as_of=day
        )
        assert outcome.status == "succeeded", outcome.message
    return org


def people_sets(org: Organisation, on: dt.date) -> dict[tuple[str, str], frozenset[int]]:
    """Ground truth for the attacker's LP: who each count of each unit counts."""
    holdings, _ = frames_on(load_history(start=on, end=on, org_id=org.pk), on)
    long = memberships(holdings=holdings.with_columns(pl.lit("s").alias("org_code")))
    return {
        (r["node"], r["figure"]): frozenset(r["person_id"])
        for r in long.group_by("node", "figure").agg("person_id").to_dicts()
    }


def flatten(report: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    workforce = report.get("workforce", {})
    for k, v in workforce.items():
        out[f"workforce__{k}"] = v
    for section in ("tiers", "aggregates"):
        for group, measures in report.get(section, {}).items():
            for k, v in measures.items():
                if isinstance(v, dict):
                    for p, n in v.items():
                        out[f"{group}__{k}__{p}"] = n
                else:
                    out[f"{group}__{k}"] = v
    for k, v in report.get("board_executive_excluding_statutory", {}).items():
        if isinstance(v, dict):
            for p, n in v.items():
                out[f"board_executive_excluding_statutory__{k}__{p}"] = n
        else:
            out[f"board_executive_excluding_statutory__{k}"] = v
    return out


def reader_walk(client: Any, org: Organisation, on: dt.date) -> dict[str, dict[str, Any]]:
    """Attack 3 as the issue ran it: every unit through the API (and the organisation)."""
    seen = {}
    for path in ["", *Unit.objects.filter(organisation=org).values_list("path", flat=True)]:
        params = {"as_of": on.isoformat(), **({"unit": path} if path else {})}
        response = client.get(f"/api/v1/organisations/{org.code}/divide", params)
        assert response.status_code == 200
        seen[path] = flatten(response.json())
    return seen


def attacker_audit(
    seen: dict[str, dict[str, Any]], truth: dict[tuple[str, str], frozenset[int]]
) -> dict[str, Any]:
    figures = []
    for (node, name), members in truth.items():
        value = seen.get(node, {}).get(name, "*")
        released = value != "*"
        if released:
            assert value == len(members), (node, name)  # what is shown is exact
        figures.append(Figure(f"{node} {name}", members, released, "s"))
    return audit(figures)


def test_attacks_2_and_3_through_the_api_recover_nothing(demo: Organisation, client: Any) -> None:
    client.force_login(make_user(username="exec", roles=[("executive", demo)]))
    seen = reader_walk(client, demo, ON)
    root = seen[""]
    medical = "clinician_holders_by_profession__medical"
    terms = [
        root[f"{g}__{medical}"]
        for g in ("all_management", "senior_management", "middle", "first_line")
    ]
    if "*" not in terms:  # attack 2: all − senior management − middle − first line
        gap = terms[0] - terms[1] - terms[2] - terms[3]
        assert gap == 0 or gap >= 5
    assert any(v == "*" for r in seen.values() for v in r.values())
    summary = attacker_audit(seen, people_sets(demo, ON))
    assert summary["protected_cells"] > 0
    assert summary["violations"] == [], summary["violations"][:3]
    assert summary["narrowest_range"] >= 3


def test_screen_equals_download_for_every_role(demo: Organisation, client: Any) -> None:
    units = [
        "",
        *Unit.objects.filter(organisation=demo, depth__lte=2).values_list("path", flat=True)[:8],
    ]
    for role in ("executive", "hr_admin"):
        client.force_login(make_user(username=f"u-{role}", roles=[(role, demo)]))
        for unit in units:
            query = urlencode({"org": demo.code, "as_of": ON.isoformat(), "unit": unit})
            api = client.get(
                f"/api/v1/organisations/{demo.code}/divide",
                {"as_of": ON.isoformat(), **({"unit": unit} if unit else {})},
            ).json()
            board = services.divide_dashboard(
                org=demo, on=ON, since=ON, unit=unit or None, suppress=role != "hr_admin"
            )
            assert flatten(board["report"]) == {
                k: v for k, v in flatten(api).items() if k in flatten(board["report"])
            }
            text = client.get(f"/divide/table.csv?{query}&table=tiers").content.decode()
            lines = text.splitlines()
            assert lines[0].startswith("OFFICIAL-SENSITIVE") == (role == "hr_admin")
            rows = list(
                csv.DictReader(io.StringIO("\n".join(lines[1:] if role == "hr_admin" else lines)))
            )
            for row, (section, key) in zip(
                rows,
                [
                    ("tiers", t)
                    for t in (
                        "board_non_executive",
                        "board_executive",
                        "senior",
                        "middle",
                        "first_line",
                    )
                ]
                + [("aggregates", a) for a in ("board", "senior_management", "all_management")],
                strict=True,
            ):
                shown = board["report"][section][key]
                assert row["holders"] == str(shown["holders"])
                assert row["clinician_holders"] == str(shown["clinician_holders"])
                assert row["clinician_share"] == (
                    "" if shown["clinician_share"] is None else str(shown["clinician_share"])
                )
            units_csv = list(
                csv.reader(
                    io.StringIO(
                        client.get(f"/divide/table.csv?{query}&table=units").content.decode()
                    )
                )
            )
            shown_units = {u["unit"]: u for u in board["units"]}
            for row in units_csv[2 if role == "hr_admin" else 1 :]:
                assert row[3] == str(shown_units[row[2]]["workforce"]["headcount"])


def test_post_list_shows_filled_or_vacant_only_to_hr(tiny: Organisation, client: Any) -> None:
    query = {"org": tiny.code, "as_of": ON.isoformat(), "tier": "middle"}
    client.force_login(make_user(username="x-exec", roles=[("executive", tiny)]))
    page = client.get("/divide/posts/", query).content.decode()
    assert "Middle" in page and "Filled" not in page and "Vacant" not in page
    client.force_login(make_user(username="x-hr", roles=[("hr_admin", tiny)]))
    assert "Filled" in client.get("/divide/posts/", query).content.decode()


def test_hr_sees_exact_figures_everywhere_and_the_auditor_notices(
    demo: Organisation, client: Any
) -> None:
    client.force_login(make_user(username="hr", roles=[("hr_admin", demo)]))
    api = client.get(f"/api/v1/organisations/{demo.code}/divide?as_of={ON.isoformat()}").json()
    assert "*" not in json.dumps(api)
    exact = services.divide_report(org=demo, on=ON, suppress=False)
    assert flatten(api) | flatten(exact) == flatten(api)
    summary = disclosure_audit(org=demo, as_of=ON, role="hr_admin", threshold=5, only={"divide"})
    assert summary["violations"], "HR's exact figures are, by design, not protected"


def test_auditor_passes_for_every_non_hr_role_on_the_demo_trust(demo: Organisation) -> None:
    for role in NON_HR:
        out = StringIO()
        call_command(
            "disclosure_audit",
            "--org",
            demo.code,
            "--as-of",
            ON.isoformat(),
            "--role",
            role,
            "--apps",
            "divide",
            stdout=out,
        )  # exits 1 (SystemExit) on any violation
        summary = json.loads(out.getvalue())
        assert summary["violations"] == [] and summary["protected_cells"] > 0
        assert summary["dates"] == ["2026-10-31", "2026-11-30"]


def test_auditor_passes_for_every_non_hr_role_on_a_trust_of_tiny_units(tiny: Organisation) -> None:
    for role in NON_HR:
        summary = disclosure_audit(org=tiny, as_of=ON, role=role, threshold=5, only={"divide"})
        assert summary["protected_cells"] > 50
        assert summary["violations"] == [], summary["violations"][:3]
    with pytest.raises(SystemExit) as exit_code:
        call_command(
            "disclosure_audit",
            "--org",
            tiny.code,
            "--as-of",
            ON.isoformat(),
            "--role",
            "hr_admin",
            "--apps",
            "divide",
            stdout=StringIO(),
        )
    assert exit_code.value.code == 1


def test_cli_all_suppresses_by_default_and_audits_the_exact_run(
    tiny: Organisation, tmp_path: Path
) -> None:
    target = tmp_path / "national.csv"
    call_command(
        "divide", "--all", "--as-of", ON.isoformat(), "--format", "csv", "--output", str(target)
    )
    text = target.read_text()
    assert "*" in text and "OFFICIAL-SENSITIVE" not in text
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["org_code"] == "RT1")
    report = services.divide_report(org=tiny, on=ON, suppress=True)
    assert row["middle__holders"] == str(report["tiers"]["middle"]["holders"])
    before = AuditEvent.objects.filter(action="export_unsuppressed").count()
    call_command(
        "divide",
        "--all",
        "--as-of",
        ON.isoformat(),
        "--format",
        "csv",
        "--output",
        str(target),
        "--unsuppressed",
    )
    exact = target.read_text()
    assert exact.startswith("OFFICIAL-SENSITIVE") and "*" not in exact
    assert AuditEvent.objects.filter(action="export_unsuppressed").count() == before + 1


def test_cached_family_is_replaced_after_an_import(tiny: Organisation, tmp_path: Path) -> None:
    later = dt.date(2026, 12, 31)
    first = services.divide_report(org=tiny, on=later, suppress=False)
    assert services.divide_report(org=tiny, on=later, suppress=False) == first  # from the cache
    path = tiny_units_extract(tmp_path, "RT1")
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:-6]) + "\n")  # six people have left by mid-December
    outcome = workforce_file_import(path=path, org=tiny, as_of=dt.date(2026, 12, 15))
    assert outcome.status == "succeeded", outcome.message
    after = services.divide_report(org=tiny, on=later, suppress=False)
    assert after["workforce"]["headcount"] == first["workforce"]["headcount"] - 6


def test_national_rows_and_dashboards_share_one_family_per_organisation(
    tiny: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache

    from mantle.divide import family as family_module

    def no_computation(**_: Any) -> Any:
        raise AssertionError("a family was computed again")

    # Given an empty cache, when the national view is computed first
    cache.clear()
    family_module._local.clear()
    national = services.divide_national(on=ON)
    # then the organisation's dashboard reads the family it computed (no computation)...
    monkeypatch.setattr(family_module, "compute_families", no_computation)
    fam = family_module.family(org=tiny, on=ON)
    # ... and the national row is that family's root, suppressed exactly as the dashboard is
    row = national.filter(pl.col("org_code") == "RT1").row(0, named=True)
    masked = apply_flat_root(fam)
    assert fam.hidden_in("")  # the tiny trust has hidden figures at its root
    assert {k: row[k] for k in masked} == masked
    # Given every family known, the national view reads no register rows and computes nothing,
    # and answers exactly as before
    monkeypatch.setattr(family_module, "node_measures", no_computation)
    monkeypatch.setattr(services, "load_frames", no_computation)
    family_module._local.clear()
    again = services.divide_national(on=ON)
    assert again.equals(national)
    # ... until the register changes: then the rows are read again
    family_module.register_changed(org_code="RT1")
    with pytest.raises(AssertionError, match="computed again"):
        services.divide_national(on=ON)


def apply_flat_root(fam: Any) -> dict[str, str]:
    from mantle.analytics.disclosure.divide import apply_flat

    masked = apply_flat(fam.row(""), fam.hidden_in(""))
    return {k: "" if v is None else str(v) for k, v in masked.items()}


def test_the_funnel_reads_known_families_in_a_few_queries_with_the_same_figures(
    tiny: Organisation, django_assert_max_num_queries: Any
) -> None:
    from django.core.cache import cache

    from mantle.divide import family as family_module
    from mantle.divide.funnel import senior_funnel

    cache.clear()
    family_module._local.clear()
    # (the same organisation three times stands for many: each read on its own costs 4 queries)
    orgs = [tiny, tiny, tiny]
    first = senior_funnel(orgs=orgs, on=ON)  # computes the family (and its root entry)
    # when the family is known, the funnel reads all the organisations' versions at once
    with django_assert_max_num_queries(4):
        again = senior_funnel(orgs=orgs, on=ON)
    assert again == first
