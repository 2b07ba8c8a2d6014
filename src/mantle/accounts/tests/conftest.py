"""A real OpenID Connect provider on loopback (npm ``oidc-provider``, see oidc_provider/provider.mjs), and
Mantle configured to use it."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[4]
SCRIPT = Path(__file__).resolve().parent / "oidc_provider" / "provider.mjs"
CLIENT_ID = "mantle-test"
CLIENT_SECRET = "mantle-test-secret-0123456789"
# Who the provider knows: login name -> claims. "stranger" (or any other name) has no Mantle account.
ACCOUNTS = {
    "hr.sso": {
        "email": "Hana.Reid@nhs.net",
        "email_verified": True,
        "name": "Hana Reid",
        "preferred_username": "hreid",
        "groups": ["grp-mantle-executives"],
    },
    "unverified": {"email": "unverified@nhs.net", "email_verified": False, "name": "Una"},
}


@dataclass
class Provider:
    issuer: str
    config: dict[str, Any]

    def set_mode(self, mode: str) -> None:
        requests.get(f"{self.issuer}/__mode", params={"set": mode}, timeout=5).raise_for_status()


@pytest.fixture(scope="session")
def oidc_provider(live_server: Any) -> Iterator[Provider]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.fail("The single sign-on tests need Node.js and 'npm ci' (make test does both).")
    env = {
        **os.environ,
        "PORT": "0",
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": f"{live_server.url}/accounts/sign-in/sso/callback/",
        "POST_LOGOUT_REDIRECT_URI": f"{live_server.url}/accounts/sign-in/",
        "ACCOUNTS": json.dumps(ACCOUNTS),
        "NODE_NO_WARNINGS": "1",
    }
    proc = subprocess.Popen(
        [node, str(SCRIPT)],
        cwd=SCRIPT.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        line = proc.stdout.readline().strip() if ready else "(nothing within 60 s)"
        if not line.startswith("ready "):
            pytest.fail(f"The OpenID provider did not start: {line!r}")
        issuer = line.split(" ", 1)[1]
        config = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10).json()
        yield Provider(issuer=issuer, config=config)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def sso(settings: Any, oidc_provider: Provider) -> Iterator[Provider]:
    """Mantle pointed at the loopback provider, as the environment variables would for Entra ID."""
    c = oidc_provider.config
    settings.MANTLE_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_ISSUER = c["issuer"]
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = c["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = c["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = c["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = c["jwks_uri"]
    settings.OIDC_OP_LOGOUT_ENDPOINT = c["end_session_endpoint"]
    oidc_provider.set_mode("normal")
    yield oidc_provider
    oidc_provider.set_mode("normal")


from mantle.core.tests.conftest import trust  # noqa: E402, F401  (the small trust with one user per role)
