"""The 360° report's chart does not hold up the page (issue 12): the chart library is fetched only
after the load event, and the chart is then drawn from the same figures as the table."""

from __future__ import annotations

from typing import Any

import pytest

from mantle.capability import services
from mantle.core.access import build_actor

from .conftest import Team, full_answers
from .test_browser_capability import _open_cycle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_report_loads_before_its_chart_library(
    browser_page: Any,
    live_server: Any,
    team: Team,
    frameworks: dict[str, Any],
    sign_in: Any,
    assert_accessible: Any,
) -> None:
    # given a released 360° with self, line manager and three peers
    cycle = _open_cycle(team, frameworks)
    spec = cycle.framework_version.spec()
    for group, value in (("self", 4), ("line_manager", 3)):
        services.rater_submit(
            nomination=cycle.nominations.get(group=group), answers=full_answers(spec, value=value)
        )
    for member in team.peers[:3]:
        services.rater_submit(
            nomination=cycle.nominations.get(person=member.person),
            answers=full_answers(spec, value=2),
        )
    hr = build_actor(team.hr)
    services.cycle_close(actor=hr, cycle=cycle)
    services.cycle_release(actor=hr, cycle=cycle)
    page = browser_page
    sign_in(page, live_server, "participant")
    page.add_init_script(
        """window.addEventListener('load', () => {
               window.__plotlyAtLoad = typeof Plotly !== 'undefined';
               window.__plotlyTagAtLoad = !!document.querySelector('script[src*="plotly"]');
           });"""
    )

    # when the participant opens the report
    page.goto(f"{live_server.url}/leadership/360/{cycle.pk}/report/", wait_until="load")

    # then at the load event the figures are there and the chart library is not even requested
    assert page.locator("td", has_text="2.25").count() >= 1
    assert page.evaluate("window.__plotlyAtLoad") is False
    assert page.evaluate("window.__plotlyTagAtLoad") is False
    # and the chart is drawn once the library arrives
    page.wait_for_selector("#report-chart .main-svg", timeout=20_000)
    assert page.evaluate("typeof Plotly") == "object"
    assert_accessible(page)
