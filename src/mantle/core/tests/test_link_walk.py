"""Issue 15: never show a link the user cannot follow.

For every demo role, the walk starts at the home page and follows every internal link on every page
the role can open (breadth first), and fails on any link that answers 403 (or 404: a link to a page
that is not there cannot be followed either), naming the page that showed it. Links of the same
shape (the same route and the same query parameter names) are followed for at most
``PER_SHAPE`` distinct addresses per role, so the walk covers every kind of page without opening
every person's record.
"""

from __future__ import annotations

import html
import re
from collections import deque
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = ("hr", "chair", "exec", "secretary", "analyst", "manager", "director", "staff", "porter")
PER_SHAPE = 3
MAX_PAGES_PER_ROLE = 600
HREF = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
#: Not pages of the product: static files, Django's own admin (superusers only, not a demo role),
#: signing out (it would end the walk's session).
SKIP = ("/static/", "/media/", "/admin/", "/accounts/sign-out", "/accounts/logout")


def links(page_url: str, body: str) -> list[str]:
    """Internal links of an HTML page, absolute paths with their query, without fragments."""
    found = []
    for raw in HREF.findall(body):
        href = html.unescape(raw).strip()
        if href.startswith(("mailto:", "tel:", "javascript:", "#")) or not href:
            continue
        parts = urlsplit(urljoin(page_url, href))
        if parts.netloc and parts.netloc not in ("testserver", ""):
            continue
        if parts.path.startswith(SKIP):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def shape(url: str) -> tuple[str, frozenset[str]]:
    parts = urlsplit(url)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    return route, frozenset(k for k, _ in parse_qsl(parts.query, keep_blank_values=True))


def walk(client: Client, per_shape: int = PER_SHAPE) -> tuple[list[str], int, list[str]]:
    """(broken links as "status url (linked from page)", addresses opened, the HTML pages among
    them)."""
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    seen: set[str] = {"/"}
    shapes: dict[tuple[str, frozenset[str]], int] = {}
    broken: list[str] = []
    html_pages: list[str] = []
    opened = 0
    while queue and opened < MAX_PAGES_PER_ROLE:
        url, referrer = queue.popleft()
        response = client.get(url)
        opened += 1
        if response.status_code in (403, 404):
            broken.append(f"{response.status_code} {url} (linked from {referrer})")
            continue
        targets: list[str] = []
        if response.status_code in (301, 302, 303, 307, 308):
            targets = [urljoin(url, response["Location"])]
        elif response.status_code == 200 and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            html_pages.append(url)
            targets = links(url, response.content.decode())
        for target in targets:
            if target in seen or urlsplit(target).path.startswith(SKIP):
                continue
            key = shape(target)
            if shapes.get(key, 0) >= per_shape:
                continue
            shapes[key] = shapes.get(key, 0) + 1
            seen.add(target)
            queue.append((target, url))
    return broken, opened, html_pages


def test_every_link_a_demo_role_is_shown_can_be_followed(client: Client) -> None:
    # given the demo trust and its accounts
    call_command("demo", staff=300, stdout=open("/dev/null", "w"))  # noqa: SIM115
    problems: list[str] = []
    for role in ROLES:
        client.force_login(get_user_model().objects.get(username=role))
        # when the role follows every link on every page it can open
        broken, opened, _ = walk(client)
        # then none answers "forbidden" or "not found"
        assert opened > 5, f"{role} opened only {opened} pages"
        problems += [f"{role}: {b}" for b in broken]
        client.logout()
    assert not problems, "\n".join(problems)
