"""Hardening: DEBUG off for `make run`, the Content-Security-Policy, and rate limits on the API and sign-in."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings

from mantle.accounts.services import api_token_create
from mantle.core.ratelimit import Rate, rate_hit, rate_parse
from mantle.core.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def test_make_run_settings_have_debug_off_and_loopback_hosts() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mantle.config.settings.serve"}
    env.pop("DEBUG", None)
    env.pop("ALLOWED_HOSTS", None)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DEBUG, sorted(settings.ALLOWED_HOSTS))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith("False ")
    assert "'127.0.0.1'" in out and "'localhost'" in out and "testserver" not in out


def test_every_page_gets_a_nonce_policy_and_the_inline_script_carries_the_nonce(
    client: Any,
) -> None:
    client.force_login(UserFactory())
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None
    assert "script-src 'self' 'nonce-" in policy and "frame-ancestors 'none'" in policy
    html = response.content.decode()
    assert f'<script nonce="{nonce.group(1)}">document.body.className' in html
    # a second request gets a fresh nonce
    again = client.get("/")["Content-Security-Policy"]
    assert again != policy


def test_error_pages_also_carry_the_policy(client: Any) -> None:
    client.force_login(UserFactory())
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "'nonce-" in response["Content-Security-Policy"]


def test_a_request_for_another_host_is_a_400_page_not_a_server_error(client: Any) -> None:
    # Given a Host header not in ALLOWED_HOSTS (refused before sign-in is read), when it is
    # requested, then Mantle's own 400 page answers: the navigation has no user to ask about.
    response = client.get("/", HTTP_HOST="mantle.evil.example")
    assert response.status_code == 400
    assert b"<html" in response.content


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_has_inline_script_or_event_handlers() -> None:
    offenders = []
    for template in SRC.glob("**/templates/**/*.html"):
        text = template.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text) or "javascript:" in text:
            offenders.append(str(template.relative_to(SRC)))
    assert offenders == []


def test_rate_parse_reads_counts_and_periods() -> None:
    assert rate_parse("300/minute") == Rate(300, 60)
    assert rate_parse("10/5m") == Rate(10, 300)
    assert rate_parse("2/hours") == Rate(2, 3600)
    assert rate_parse("2/2h") == Rate(2, 7200)
    with pytest.raises(ValueError, match="Not a rate"):
        rate_parse("lots")


def test_rate_hit_allows_the_limit_then_says_how_long_to_wait() -> None:
    rate = Rate(2, 60)
    assert rate_hit(scope="t", ident="a", rate=rate, now=1200.0) is None
    assert rate_hit(scope="t", ident="a", rate=rate, now=1201.0) is None
    assert rate_hit(scope="t", ident="a", rate=rate, now=1215.0) == 45
    # another client has its own count; the next window starts afresh
    assert rate_hit(scope="t", ident="b", rate=rate, now=1215.0) is None
    assert rate_hit(scope="t", ident="a", rate=rate, now=1260.0) is None


@override_settings(MANTLE_API_RATE="3/minute")
def test_the_api_answers_429_with_retry_after_per_token_owner(client: Any) -> None:
    hr, other = UserFactory(is_superuser=True), UserFactory(is_superuser=True)
    _, token = api_token_create(user=hr, name="script")
    _, other_token = api_token_create(user=other, name="script")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for _ in range(3):
        assert client.get("/api/v1/me/", **headers).status_code == 200
    limited = client.get("/api/v1/me/", **headers)
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    # another user is not held back by the first one's calls
    ok = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {other_token}")
    assert ok.status_code == 200


@override_settings(MANTLE_SIGN_IN_RATE="2/minute")
def test_sign_in_posts_are_limited_per_address_with_retry_after(client: Any) -> None:
    for name in ("a1", "a2"):
        response = client.post("/accounts/sign-in/", {"username": name, "password": "wrong"})
        assert response.status_code == 200
    limited = client.post("/accounts/sign-in/", {"username": "a3", "password": "wrong"})
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert b"Too many attempts" in limited.content
    # reading the sign-in page is not limited; another address may still post
    assert client.get("/accounts/sign-in/").status_code == 200
    other = client.post(
        "/accounts/sign-in/", {"username": "a4", "password": "wrong"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 200
