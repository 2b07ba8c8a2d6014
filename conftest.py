"""Shared pytest fixtures: a real Chromium (Debian's, driven by Playwright) and axe-core checks."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Browser tests need Debian's chromium (make test installs it).")
    return path


@pytest.fixture(scope="session")
def _browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    home = tempfile.mkdtemp(prefix="mantle-chromium-home-")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=_chromium_path(),
            headless=True,
            args=CHROMIUM_ARGS,
            env={**os.environ, "HOME": home},
        )
        yield browser
        browser.close()
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def browser_page(_browser: Any) -> Iterator[Any]:
    context = _browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(
    page: Any, live_server: Any, username: str, password: str = "correct-horse-battery"
) -> None:
    """Sign in through the real sign-in page."""
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/sign-in" not in page.url, "sign-in failed"


def axe_violations(page: Any) -> list[dict[str, Any]]:
    if not AXE_JS.exists():
        pytest.fail("axe-core is missing: run 'npm ci' (make test does it).")
    # Evaluated through DevTools, not added as a <script> tag: the pages' Content-Security-Policy blocks
    # inline scripts, and axe must not need the policy loosened.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text() + "\n;undefined")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return list(result["violations"])


def assert_accessible(page: Any) -> None:
    """Fail with a readable list when axe-core finds any WCAG 2.2 A/AA violation on the page."""
    violations = axe_violations(page)
    if violations:
        lines = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(
                n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                for n in v["nodes"][:5]
            )
            for v in violations
        ]
        pytest.fail(
            f"axe found {len(violations)} accessibility violations on {page.url}:\n"
            + "\n".join(lines)
        )


@pytest.fixture(name="sign_in")
def sign_in_fixture() -> Any:
    return sign_in


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture() -> Any:
    return assert_accessible
