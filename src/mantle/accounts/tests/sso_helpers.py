"""Drive the single sign-on flow over HTTP, as a browser would (the browser tests use a real one)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

import requests


def form_action(html: str) -> str:
    match = re.search(r'<form[^>]*action="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1).replace("&amp;", "&")


def hidden_inputs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


def sso_sign_in(
    base_url: str, login: str, session: requests.Session | None = None
) -> tuple[requests.Session, Any]:
    """Start at Mantle's 'Sign in with…' link, type ``login`` into the provider's login page, and follow
    the redirects back to Mantle. Returns the session and Mantle's final response."""
    session = session or requests.Session()
    page = session.get(f"{base_url}/accounts/sign-in/sso/", timeout=20)
    if 'name="login"' not in page.text:
        return session, page  # the provider already knows the browser: straight back to Mantle
    response = session.post(
        urljoin(page.url, form_action(page.text)),
        data={**hidden_inputs(page.text), "login": login, "password": "any password"},
        timeout=20,
    )
    return session, response
