"""Organisation heatmap and coverage: who may see them, suppression for every reader, CSV export,
and coverage that counts every staff group (porters and administrators as well as clinicians)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from mantle.capability import services
from mantle.capability.models import SelfAssessment
from mantle.capability.selectors import capability_heatmap, coverage_table
from mantle.core.access import build_actor
from mantle.core.testing.factories import make_user

from .conftest import Team, add_member, full_answers

pytestmark = pytest.mark.django_db


def _self_assess(member: Any, version: Any, value: int) -> None:
    actor = member.actor
    assessment = services.self_assessment_start(actor=actor, framework_version=version)
    services.self_assessment_save(
        actor=actor, assessment=assessment, answers=full_answers(version.spec(), value=value)
    )
    services.self_assessment_complete(actor=actor, assessment=assessment)
    # Organisation figures are as at the last month-end: date the assessment before the last two
    # month-ends, so both the month shown and the month before it include it.
    SelfAssessment.objects.filter(pk=assessment.pk).update(
        completed_at=timezone.now() - dt.timedelta(days=70)
    )


@pytest.fixture
def assessed(team: Team, frameworks: dict[str, Any]) -> Team:
    """Eight porters (assessed at 2), six ward clerks (assessed at 4) and the ward's four staff
    nurses (assessed at 3); the two nurse managers and three HCAs are not assessed."""
    porters = [
        add_member(
            org=team.org,
            unit=team.unit,
            username=f"porter{i}",
            title="Porter",
            occupation_code="H2R",
        )
        for i in range(8)
    ]
    for porter in porters:
        _self_assess(porter, frameworks["hlm"], 2)
    for index in range(6):
        clerk = add_member(
            org=team.org,
            unit=team.unit,
            username=f"clerk{index}",
            title="Ward Clerk",
            occupation_code="G2A",
        )
        _self_assess(clerk, frameworks["hlm"], 4)
    for peer in team.peers:
        _self_assess(peer, frameworks["hlm"], 3)
    team.extra["porters"] = porters
    return team


def test_staff_and_line_managers_cannot_see_organisation_figures(
    client: Client, assessed: Team
) -> None:
    for user in (assessed.peers[0].user, assessed.manager.user):
        client.force_login(user)
        assert client.get("/leadership/organisation/").status_code == 403
        assert client.get("/leadership/organisation/heatmap.csv").status_code == 403
        assert client.get("/api/v1/capability/organisations/RXA/heatmap").status_code == 404


def test_a_group_below_five_is_hidden_from_every_reader_but_hr(
    assessed: Team, frameworks: dict[str, Any]
) -> None:
    # given eight porters, six clerks and four nurses assessed
    for user in (assessed.executive,):
        # when an executive reads the heatmap
        result = capability_heatmap(
            build_actor(user),
            organisation=assessed.org,
            framework_version=frameworks["hlm"],
            by="staff_group",
        )
        porters = result.cells["Hotel, property & estates"]
        nurses = result.cells["Nurses & health visitors"]
        clerks = result.cells["Central functions"]
        # then porters show their mean of 2 with n as a band (5–9, never the exact 8); the four
        # nurses are hidden, and so are the clerks, since otherwise the organisation's total would
        # give the nurses away
        assert porters["leading_with_care"][0] == pytest.approx(2.0)
        assert porters["leading_with_care"][1] == "5–9"
        assert nurses["leading_with_care"] == (None, "*", "primary")
        assert clerks["leading_with_care"] == (None, "*", "complementary")
        assert not result.exact


def test_hr_administrators_see_exact_figures(assessed: Team, frameworks: dict[str, Any]) -> None:
    # when the organisation's HR/OD administrator reads the heatmap and coverage
    result = capability_heatmap(
        build_actor(assessed.hr),
        organisation=assessed.org,
        framework_version=frameworks["hlm"],
        by="staff_group",
    )
    # then every group is exact: eight porters at 2, four nurses at 3, six clerks at 4
    assert result.exact
    assert result.cells["Hotel, property & estates"]["leading_with_care"] == (2.0, "8", None)
    assert result.cells["Nurses & health visitors"]["leading_with_care"] == (3.0, "4", None)
    assert result.cells["Central functions"]["leading_with_care"] == (4.0, "6", None)
    rows = {
        r["group"]: r
        for r in coverage_table(
            build_actor(assessed.hr), organisation=assessed.org, by="staff_group"
        ).iter_rows(named=True)
    }
    assert rows["Nurses & health visitors"]["covered_display"] == "4"
    assert rows["Support to doctors, nurses & midwives"]["staff_display"] == "3"
    assert rows["Support to doctors, nurses & midwives"]["share"] == 0.0


def test_hr_downloads_are_exact_marked_and_audited_like_the_page(
    client: Client, assessed: Team
) -> None:
    from mantle.core.models import AuditEvent

    client.force_login(assessed.hr)
    page = client.get("/leadership/organisation/")
    assert b"(n=4)" in page.content and b"3.00 <span" in page.content
    before = AuditEvent.objects.filter(action="export_unsuppressed").count()
    exported = client.get("/leadership/organisation/heatmap.csv")
    assert "OFFICIAL-SENSITIVE" in exported["Content-Disposition"]
    text = exported.content.decode()
    assert text.startswith("OFFICIAL-SENSITIVE")
    rows = list(csv.DictReader(io.StringIO(text.split("\n", 1)[1])))
    nurses = [r for r in rows if r["staff_group"] == "Nurses & health visitors"]
    assert nurses and all(r["people"] == "4" and r["mean"] == "3.00" for r in nurses)
    coverage = client.get("/leadership/organisation/coverage.csv")
    assert coverage.content.decode().startswith("OFFICIAL-SENSITIVE")
    assert AuditEvent.objects.filter(action="export_unsuppressed").count() == before + 2
    # and the API agrees with the page
    cells = client.get("/api/v1/capability/organisations/RXA/heatmap").json()
    assert {c["people"] for c in cells if c["group"] == "Nurses & health visitors"} == {"4"}


def test_protected_downloads_are_audited_and_not_marked(client: Client, assessed: Team) -> None:
    from mantle.core.models import AuditEvent

    client.force_login(assessed.executive)
    exported = client.get("/leadership/organisation/heatmap.csv")
    assert "OFFICIAL-SENSITIVE" not in exported.content.decode()
    assert "OFFICIAL-SENSITIVE" not in exported["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action="export", object_type="capability_table", organisation_code="RXA"
    ).exists()


def test_a_new_assessment_refreshes_the_cached_snapshot(
    assessed: Team, frameworks: dict[str, Any]
) -> None:
    # given HR has read the heatmap (now cached)
    def porters() -> tuple[float | None, str, str | None]:
        return capability_heatmap(
            build_actor(assessed.hr),
            organisation=assessed.org,
            framework_version=frameworks["hlm"],
            by="staff_group",
        ).cells["Hotel, property & estates"]["leading_with_care"]

    assert porters() == (2.0, "8", None)
    # when a ninth porter completes a self-assessment (scoring 4)
    ninth = add_member(
        org=assessed.org,
        unit=assessed.unit,
        username="porter9",
        title="Porter",
        occupation_code="H2R",
    )
    _self_assess(ninth, frameworks["hlm"], 4)
    # then the next read counts them
    assert porters() == (pytest.approx(20 / 9), "9", None)


def test_every_write_that_changes_a_figure_changes_the_snapshot_key(assessed: Team) -> None:
    from mantle.capability.selectors.snapshots import capability_changed, data_version

    before = data_version(assessed.org)
    capability_changed(org_code=assessed.org.code)
    assert data_version(assessed.org) != before


def test_heatmap_page_and_csv_show_the_same_suppressed_figures(
    client: Client, assessed: Team
) -> None:
    client.force_login(assessed.executive)
    page = client.get("/leadership/organisation/")
    assert page.status_code == 200
    assert b"2.00 <span" in page.content and "(n=5–9)".encode() in page.content
    exported = client.get("/leadership/organisation/heatmap.csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    nurses = [r for r in rows if r["staff_group"] == "Nurses & health visitors"]
    assert nurses and all(r["people"] == "*" and r["mean"] == "*" for r in nurses)
    porters = [r for r in rows if r["staff_group"] == "Hotel, property & estates"]
    assert {r["mean"] for r in porters} == {"2.00"}


def test_coverage_counts_every_staff_group(assessed: Team) -> None:
    # given porters and clerks all assessed, 4 of 6 nurses assessed, no HCAs assessed
    table = coverage_table(
        build_actor(assessed.executive), organisation=assessed.org, by="staff_group"
    )
    rows = {r["group"]: r for r in table.iter_rows(named=True)}
    # then porters are 8 of 8 (100%); the nurses' 4 assessed and the 3 HCAs are hidden
    assert rows["Hotel, property & estates"]["share"] == pytest.approx(1.0)
    assert rows["Hotel, property & estates"]["staff_display"] == "5–9"
    assert rows["Nurses & health visitors"]["covered_display"] == "*"
    assert rows["Support to doctors, nurses & midwives"]["staff_display"] == "*"
    # and another staff count is hidden too, or the organisation's total would give the HCAs away
    hidden = [g for g, r in rows.items() if r["staff_display"] == "*"]
    assert len(hidden) >= 2


def test_coverage_csv(client: Client, assessed: Team) -> None:
    client.force_login(assessed.executive)
    response = client.get("/leadership/organisation/coverage.csv?by=staff_group")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    porters = next(r for r in rows if r["staff_group"] == "Hotel, property & estates")
    assert (porters["staff"], porters["assessed_24_months"], porters["share"]) == (
        "5–9",
        "5–9",
        "1.0000",
    )


def test_analysts_see_any_organisation_through_the_api(client: Client, assessed: Team) -> None:
    analyst = make_user(username="analyst", roles=[("analyst", None)])
    client.force_login(analyst)
    response = client.get("/api/v1/capability/organisations/RXA/heatmap?by=unit&depth=3")
    assert response.status_code == 200
    cells = response.json()
    assert {c["group"] for c in cells} == {"Trust/Surgery/Ward 7"}
    assert all(c["people"] == "10–19" for c in cells)
    coverage = client.get("/api/v1/capability/organisations/RXA/coverage").json()
    assert any(c["group"] == "Hotel, property & estates" and c["share"] == 1.0 for c in coverage)


def test_a_write_refreshes_the_page_snapshots_in_the_worker(
    assessed: Team,
    frameworks: dict[str, Any],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core.cache import cache

    from mantle.capability.selectors.heatmap import month_end
    from mantle.capability.selectors.snapshots import data_version, snapshot_key

    # Given writes refresh snapshots (as in production; the tests' task backend runs at once)
    settings.MANTLE_CAPABILITY_WARM_AFTER_WRITE = True
    member = add_member(
        org=assessed.org,
        unit=assessed.unit,
        username="porter10",
        title="Porter",
        occupation_code="H2R",
    )
    # When a self-assessment is completed and committed
    with django_capture_on_commit_callbacks(execute=True):
        _self_assess(member, frameworks["hlm"], 3)
    # Then the page's default snapshot for the new data is already cached, before any reader
    key = snapshot_key(
        "heatmap",
        assessed.org,
        month_end(timezone.localdate()),
        protect=True,
        version=data_version(assessed.org),
        framework_version=frameworks["hlm"],
        source="self",
    )
    assert cache.get(key) is not None
