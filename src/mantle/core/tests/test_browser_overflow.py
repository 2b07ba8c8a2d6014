"""Issue 15: every page fits the screen, 375 px (a phone) and 1280 px (a laptop), for every demo role.

The pages are the ones the link walk (``test_link_walk.walk``) reaches from the home page as each role,
one address per route shape. One Chromium, one browser context per role and width (signed in once);
on each page the document's scroll width must equal the viewport width (a wide table scrolls inside
its own focusable, labelled region instead of widening the page), and axe-core must find no WCAG 2.2
A/AA violation (checked at 375 px, where the reflowed layout is most likely to break).
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import axe_violations
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from mantle.demo.services import DEMO_PASSWORD

from .test_link_walk import ROLES, walk

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 1280)
#: The outermost elements reaching past the viewport's right edge (for the failure message).
WIDEST = """() => {
    const out = [];
    for (const el of document.querySelectorAll('main *')) {
        if (el.getBoundingClientRect().right <= window.innerWidth + 1) continue;
        if (out.some(o => o.contains(el))) continue;
        out.push(el);
    }
    return out.slice(0, 3).map(el => el.tagName.toLowerCase()
        + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
        + ' in ' + (el.parentElement ? el.parentElement.tagName.toLowerCase() + '.' + el.parentElement.className : '')
    ).join('; ');
}"""


def test_every_page_fits_the_screen_for_every_role(live_server: Any, request: Any) -> None:
    browser = request.getfixturevalue("_browser")  # the session's one Chromium
    # given the demo trust, and the pages each demo role reaches by following links
    call_command("demo", staff=300, stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()
    pages: dict[str, list[str]] = {}
    for role in ROLES:
        client.force_login(get_user_model().objects.get(username=role))
        _, _, opened = walk(client, per_shape=1)
        # /api/v1/docs is django-ninja's Swagger UI page, not one of Mantle's templates
        pages[role] = [url for url in opened if not url.startswith("/api/")]
        client.logout()
    problems: list[str] = []
    for role in ROLES:
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.set_default_timeout(20000)
            page.goto(f"{live_server.url}/accounts/sign-in/")
            page.fill("#id_username", role)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("load")
            for url in pages[role]:
                # when the role opens the page at this width
                page.goto(live_server.url + url)
                scroll, view = page.evaluate(
                    "() => [document.documentElement.scrollWidth, window.innerWidth]"
                )
                # then nothing widens the page, and axe finds nothing
                if scroll != view:
                    wide = page.evaluate(WIDEST)
                    problems.append(f"{role} {width}px {url}: page is {scroll} px wide ({wide})")
                if width == 375:
                    problems += [
                        f"{role} {url}: axe {v['id']} — {v['nodes'][0]['target']}"
                        for v in axe_violations(page)
                    ]
            context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
