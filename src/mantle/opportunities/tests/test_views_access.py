"""Pages and API: who sees what (a record you may not see is a 404, like a missing one), the flows
through the pages, CSV exports, and errors that name the parameter."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mantle.core.access import build_actor
from mantle.opportunities import services
from mantle.opportunities.models import AllocationRound, Application, Opportunity

from .conftest import Trust, make_opportunity

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_drafts_are_seen_only_by_poster_owner_sponsor_and_hr(trust: Trust) -> None:
    draft = make_opportunity(trust, status="draft")
    for user, code in [
        (trust.director.user, 200),
        (trust.sponsor, 200),
        (trust.hr, 200),
        (trust.nurses[0].user, 404),
        (trust.outsider.user, 404),
    ]:
        assert _client(user).get(f"/opportunities/{draft.pk}/").status_code == code, user
    assert _client(trust.nurses[0].user).get(f"/api/v1/opportunities/{draft.pk}").status_code == 404


def test_another_trusts_opportunity_is_a_404(trust: Trust, opportunity: Opportunity) -> None:
    client = _client(trust.outsider.user)
    assert client.get(f"/opportunities/{opportunity.pk}/").status_code == 404
    assert client.get("/opportunities/999999/").status_code == 404
    assert opportunity.title not in client.get("/opportunities/").content.decode()


def test_applications_are_private(trust: Trust, opportunity: Opportunity) -> None:
    app = services.application_submit(
        actor=trust.nurses[0].actor, opportunity=opportunity, statement="Me"
    )
    url = f"/opportunities/applications/{app.pk}/"
    for user, code in [
        (trust.nurses[0].user, 200),
        (trust.manager.user, 200),  # her line manager
        (trust.director.user, 200),  # the owner
        (trust.hr, 200),
        (trust.nurses[1].user, 404),
        (trust.porter.user, 404),
        (trust.sponsor, 404),
        (trust.outsider.user, 404),
    ]:
        assert _client(user).get(url).status_code == code, user
        assert _client(user).get(f"/api/v1/opportunities/applications/{app.pk}").status_code == code
    # a colleague cannot act on it either: the same 404
    response = _client(trust.nurses[1].user).post(
        f"/opportunities/applications/{app.pk}/action/", {"action": "withdraw"}
    )
    assert response.status_code == 404


def test_applicants_csv_only_for_the_owner_and_hr(trust: Trust, opportunity: Opportunity) -> None:
    services.application_submit(
        actor=trust.nurses[0].actor, opportunity=opportunity, statement="Me"
    )
    url = f"/opportunities/{opportunity.pk}/applicants.csv"
    assert _client(trust.nurses[1].user).get(url).status_code == 404
    body = _client(trust.director.user).get(url).content.decode()
    assert "Nurse1 Tester" in body


def test_apply_release_select_through_the_pages(trust: Trust, opportunity: Opportunity) -> None:
    nurse = _client(trust.nurses[0].user)
    # an empty statement is refused with the field named
    response = nurse.post(f"/opportunities/{opportunity.pk}/", {"statement": ""})
    assert response.status_code == 400 and "Statement" in response.content.decode()
    response = nurse.post(f"/opportunities/{opportunity.pk}/", {"statement": "I run our huddles."})
    assert response.status_code == 302
    app = Application.objects.get(person=trust.nurses[0].person)
    manager = _client(trust.manager.user)
    page = manager.get("/opportunities/releases/").content.decode()
    assert "Nurse1 Tester" in page
    manager.post(
        f"/opportunities/applications/{app.pk}/action/",
        {"action": "release", "decision": "yes", "note": "Bank cover", "next": "releases"},
    )
    app.refresh_from_db()
    assert app.status == "released"
    owner = _client(trust.director.user)
    page = owner.get(f"/opportunities/{opportunity.pk}/").content.decode()
    assert "Decision for Nurse1 Tester" in page
    owner.post(
        f"/opportunities/applications/{app.pk}/action/",
        {"action": "select", "decision": "yes", "note": "", "next": "opportunity"},
    )
    app.refresh_from_db()
    assert app.status == "selected"


def test_browse_filters_and_bad_parameters(trust: Trust) -> None:
    make_opportunity(trust, title="Falls project", hours="3")
    make_opportunity(trust, title="Acting ward manager", kind="acting_up", hours="37.5")
    client = _client(trust.nurses[0].user)
    page = (
        client.get("/opportunities/", {"max_hours": "5"})
        .content.decode()
        .split("<h2>Browse</h2>")[1]
    )
    assert "Falls project" in page and "Acting ward manager" not in page
    page = (
        client.get("/opportunities/", {"kind": "acting_up"})
        .content.decode()
        .split("<h2>Browse</h2>")[1]
    )
    assert "Acting ward manager" in page and "Falls project" not in page
    response = client.get("/opportunities/", {"max_hours": "lots"})
    assert response.status_code == 400 and "max_hours" in response.content.decode()
    api = client.get("/api/v1/opportunities/", {"max_hours": "99"})
    assert api.status_code == 422 and "max_hours" in api.content.decode()
    api = client.get("/api/v1/opportunities/", {"dimension": "hlm:nope"})
    assert api.status_code == 422 and "dimension" in api.json()["message"]
    csv = client.get("/opportunities/export.csv").content.decode()
    assert csv.startswith("id,organisation,title") and "Falls project" in csv


def test_recommendations_explain_themselves(trust: Trust) -> None:
    make_opportunity(trust, title="Only for band 7", bands=["Band 7"])
    make_opportunity(trust, title="Open one")
    client = _client(trust.nurses[0].user)
    recs = client.get("/api/v1/opportunities/recommended").json()
    assert [r["title"] for r in recs] == ["Open one"]
    assert recs[0]["explanation"].startswith("Recommended because")


def test_fairness_page_is_for_aggregate_roles(trust: Trust, opportunity: Opportunity) -> None:
    assert _client(trust.nurses[0].user).get("/opportunities/fairness/").status_code == 403
    assert (
        _client(trust.manager.user)
        .get("/api/v1/opportunities/organisations/RXA/fairness")
        .status_code
        == 404
    )
    response = _client(trust.sponsor).get("/opportunities/fairness/")
    assert response.status_code == 200 and "Relative likelihood" in response.content.decode()
    api = _client(trust.sponsor).get("/api/v1/opportunities/organisations/RXA/fairness").json()
    assert api["exact"] is False and api["totals"]["staff"] in (6, "*")
    bad = _client(trust.sponsor).get("/opportunities/fairness/", {"as_of": "2024-02-30"})
    assert bad.status_code == 400 and "as_of" in bad.content.decode()
    csv = _client(trust.sponsor).get("/opportunities/fairness/export.csv").content.decode()
    assert csv.splitlines()[0].startswith("characteristic,group,label,staff")


def test_rounds_are_for_their_coordinator_and_hr(trust: Trust) -> None:
    r = services.round_create(
        actor=trust.director.actor,
        organisation=trust.org,
        name="Spring",
        ratio=__import__("decimal").Decimal("0.8"),
    )
    opps = [make_opportunity(trust, title=f"Seat {i}", round=r) for i in range(2)]
    for nurse, opp in zip(trust.nurses[:2], opps, strict=True):
        app = services.application_submit(actor=nurse.actor, opportunity=opp, statement="Me")
        services.application_release(
            actor=trust.manager.actor, application=app, release=True, note="Cover"
        )
    assert _client(trust.nurses[0].user).get(f"/opportunities/rounds/{r.pk}/").status_code == 404
    assert (
        _client(trust.nurses[0].user)
        .get(f"/api/v1/opportunities/rounds/{r.pk}/allocation")
        .status_code
        == 404
    )
    page = _client(trust.director.user).get(f"/opportunities/rounds/{r.pk}/", {"ratio": "0.8"})
    assert page.status_code == 200 and "Each applicant and why" in page.content.decode()
    api = _client(trust.director.user).get(
        f"/api/v1/opportunities/rounds/{r.pk}/allocation", {"ratio": "2"}
    )
    assert api.status_code == 422
    _client(trust.director.user).post(
        f"/opportunities/rounds/{r.pk}/", {"ratio": "0.8", "fairness": "on"}
    )
    r.refresh_from_db()
    assert r.status == AllocationRound.Status.APPLIED
    assert set(Application.objects.values_list("status", flat=True)) == {"selected"}
    assert all(a.decision_reason.startswith("Placed in") for a in Application.objects.all())


def test_sponsor_decides_on_the_page(trust: Trust) -> None:
    opp = make_opportunity(trust, status="pending")
    _client(trust.nurses[0].user).post(
        f"/opportunities/{opp.pk}/action/", {"action": "sponsor", "decision": "approve"}
    )
    opp.refresh_from_db()
    assert opp.status == "pending"
    _client(trust.sponsor).post(
        f"/opportunities/{opp.pk}/action/", {"action": "sponsor", "decision": "approve"}
    )
    opp.refresh_from_db()
    assert opp.status == "open"
    assert build_actor(trust.sponsor).user == trust.sponsor


def test_sponsor_and_completion_through_the_api(trust: Trust) -> None:
    import datetime as dt

    from django.utils import timezone

    opp = make_opportunity(trust, status="pending")
    url = f"/api/v1/opportunities/{opp.pk}/sponsor-decision"
    # the owner is not the sponsor: 403; declining needs a reason: 422
    assert (
        _client(trust.director.user)
        .post(url, {"approve": True}, content_type="application/json")
        .status_code
        == 403
    )
    refused = _client(trust.sponsor).post(url, {"approve": False}, content_type="application/json")
    assert refused.status_code == 422 and "reason" in refused.json()["message"]
    assert (
        _client(trust.sponsor)
        .post(url, {"approve": True}, content_type="application/json")
        .json()["status"]
        == "open"
    )
    opp.refresh_from_db()
    app = services.application_submit(actor=trust.nurses[0].actor, opportunity=opp, statement="Me")
    services.application_release(
        actor=trust.manager.actor, application=app, release=True, note="Cover"
    )
    services.application_decide(actor=trust.director.actor, application=app, select=True)
    opp.starts_on = timezone.localdate() - dt.timedelta(days=30)
    opp.save()
    done = f"/api/v1/opportunities/applications/{app.pk}/complete"
    body = {
        "completed_on": timezone.localdate().isoformat(),
        "feedback": "Well led.",
        "ratings": {"hlm:engaging_the_team": "strength"},
    }
    assert (
        _client(trust.nurses[0].user).post(done, body, content_type="application/json").status_code
        == 403
    )
    bad = _client(trust.director.user).post(
        done,
        body | {"ratings": {"hlm:engaging_the_team": "superb"}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "ratings" in bad.content.decode()
    ok = _client(trust.director.user).post(done, body, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "completed"
