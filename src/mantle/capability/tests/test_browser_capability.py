"""A real Chromium takes a self-assessment, completes a rater form (signed in and by one-time link),
reads a released 360° report, and runs axe-core (WCAG 2.2 A/AA) on every capability page."""

from __future__ import annotations

from typing import Any

import pytest

from mantle.capability import services
from mantle.capability.models import Cycle
from mantle.core.access import build_actor

from .conftest import Team, deadline, full_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer_every_question(page: Any, value: str) -> None:
    """Tick ``value`` for every statement and the highest-but-one importance for every dimension."""
    page.evaluate(
        """value => {
            const names = new Set([...document.querySelectorAll('input[type=radio]')].map(r => r.name));
            for (const name of names) {
                const radios = [...document.querySelectorAll(`input[name="${name}"]`)];
                const wanted = name.startsWith('s:') ? radios.find(r => r.value === value)
                                                     : radios[radios.length - 2];
                wanted.checked = true;
            }
        }""",
        value,
    )


def _open_cycle(team: Team, frameworks: dict[str, Any], capture: Any = None) -> Cycle:
    actor = team.participant.actor
    cycle = services.cycle_open(
        actor=actor,
        participant=team.participant.person,
        framework_version=frameworks["hlm"],
        deadline=deadline(),
        mode="appraisal",
    )
    for member in team.peers[:3]:
        services.nomination_add(actor=actor, cycle=cycle, group="peer", email=member.user.email)
    services.nomination_add(
        actor=actor, cycle=cycle, group="other", email="ext@example.org", name="Ext Rater"
    )
    services.cycle_submit_for_approval(actor=actor, cycle=cycle)
    services.cycle_approve(actor=team.manager.actor, cycle=cycle)
    cycle.refresh_from_db()
    return cycle


def test_taking_a_self_assessment(
    browser_page: Any, live_server: Any, team: Team, sign_in: Any, assert_accessible: Any
) -> None:
    page = browser_page
    # given a healthcare assistant signed in on the leadership page
    sign_in(page, live_server, "report1")
    page.goto(f"{live_server.url}/leadership/")
    assert_accessible(page)
    # when they start a self-assessment, answer one statement and save
    page.click("text=Start or continue a self-assessment")
    assert "Rate your own leadership behaviours" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.check("#s-inspiring_shared_purpose-1-2")
    page.click("text=Save and come back later")
    assert page.is_checked("#s-inspiring_shared_purpose-1-2")
    # then, answering everything and completing, they see their result by dimension
    _answer_every_question(page, "3")
    page.click("text=Complete self-assessment")
    assert "Your self-assessment result" in page.locator("h1").inner_text()
    assert page.locator("td", has_text="Strong").count() == 9
    assert_accessible(page)


def test_completing_a_rater_form_signed_in_and_by_link(
    browser_page: Any,
    live_server: Any,
    team: Team,
    frameworks: dict[str, Any],
    sign_in: Any,
    assert_accessible: Any,
) -> None:
    cycle = _open_cycle(team, frameworks)
    page = browser_page
    # given a peer signed in with an open feedback request
    sign_in(page, live_server, "peer1")
    page.goto(f"{live_server.url}/leadership/")
    page.click("text=Give feedback")
    assert "Feedback for Participant" in page.locator("h1").inner_text()
    assert_accessible(page)
    # when they answer everything and send it
    _answer_every_question(page, "2")
    page.fill("#comment", "Steady under pressure.")
    page.click("text=Send my feedback")
    # then they are thanked
    assert "Thank you" in page.locator("h1").inner_text()
    assert_accessible(page)
    # and an external rater with no account uses their one-time link
    token = services.rater_link_token(cycle.nominations.get(external=True))
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/feedback/r/{token}/")
    assert_accessible(page)
    _answer_every_question(page, "4")
    page.click("text=Send my feedback")
    assert "Thank you" in page.locator("h1").inner_text()
    page.goto(f"{live_server.url}/feedback/r/{token}/")
    assert "cannot be used" in page.locator("h1").inner_text()
    assert_accessible(page)


def test_viewing_a_released_report(
    browser_page: Any,
    live_server: Any,
    team: Team,
    frameworks: dict[str, Any],
    sign_in: Any,
    assert_accessible: Any,
) -> None:
    # given a released cycle with self, line manager and three peers
    cycle = _open_cycle(team, frameworks)
    spec = cycle.framework_version.spec()
    for group, value in (("self", 4), ("line_manager", 3)):
        services.rater_submit(
            nomination=cycle.nominations.get(group=group), answers=full_answers(spec, value=value)
        )
    for index, member in enumerate(team.peers[:3]):
        services.rater_submit(
            nomination=cycle.nominations.get(person=member.person),
            answers=full_answers(spec, value=2),
            comment=f"Peer comment {index}",
        )
    hr = build_actor(team.hr)
    services.cycle_close(actor=hr, cycle=cycle)
    services.cycle_release(actor=hr, cycle=cycle)
    page = browser_page
    sign_in(page, live_server, "participant")
    # when the participant opens their cycle and the report
    page.goto(f"{live_server.url}/leadership/360/{cycle.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Read the report").click()
    page.wait_for_url(f"{live_server.url}/leadership/360/{cycle.pk}/report/")
    # then the figures and the chart's table are there, and the page is accessible
    assert "Participant Tester" in page.locator("h1").inner_text()
    assert page.locator("td", has_text="2.25").count() >= 1
    assert page.locator("text=Peer comment 1").count() == 1
    assert_accessible(page)
    page.get_by_role("link", name="Print view (save as PDF)").click()
    page.wait_for_url(f"{live_server.url}/leadership/360/{cycle.pk}/report/print/")
    assert "360° feedback report" in page.locator("h1").inner_text()
    assert_accessible(page)


def test_other_capability_pages_are_accessible(
    browser_page: Any,
    live_server: Any,
    team: Team,
    frameworks: dict[str, Any],
    sign_in: Any,
    assert_accessible: Any,
) -> None:
    cycle = _open_cycle(team, frameworks)
    page = browser_page
    sign_in(page, live_server, "hradmin")
    for path, heading in {
        "/leadership/frameworks/": "Frameworks",
        "/leadership/frameworks/hlm/1.0/": "Healthcare Leadership Model",
        "/leadership/frameworks/mpi/1.0/": "management practice",
        f"/leadership/admin/{team.org.code}/": "360° cycles in",
        f"/leadership/admin/{team.org.code}/cohort/": "Open 360s for a cohort",
        f"/leadership/360/{cycle.pk}/": "360° for Participant",
        "/leadership/organisation/": "Leadership capability across",
        "/leadership/organisation/?by=unit&depth=3": "Leadership capability across",
        "/leadership/practice/": "Management practice",
        "/leadership/practice/new/": "Start a management-practice assessment",
        "/leadership/practice/compare/": "Compare management practice",
    }.items():
        page.goto(f"{live_server.url}{path}")
        assert heading in page.locator("h1").first.inner_text(), path
        assert_accessible(page)
    # the line manager's approval view and the participant's nomination view
    cycle2 = services.cycle_open(
        actor=team.peers[0].actor,
        participant=team.peers[0].person,
        framework_version=frameworks["lcf"],
        deadline=deadline(),
        mode="developmental",
    )
    page.context.clear_cookies()
    sign_in(page, live_server, "peer1")
    page.goto(f"{live_server.url}/leadership/360/{cycle2.pk}/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/leadership/360/new/")
    assert_accessible(page)
