"""Production settings: PostgreSQL, HTTPS, secrets only from the environment.

Refuses to start without SECRET_KEY (and DATABASE_URL) so a deployment can never run on the development key.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

for _required in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
    if not os.environ.get(_required):
        raise ImproperlyConfigured(
            f"{_required} is not set. Production settings need SECRET_KEY (a long random string), "
            "DATABASE_URL (postgres://…) and ALLOWED_HOSTS (comma-separated host names). "
            "See docs/operations.md."
        )

SECRET_KEY = os.environ["SECRET_KEY"]
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY is too short or too simple: use at least 50 random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )
DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Single sign-on and local passwords: a deployment must leave someone a way in, and a half-configured
# identity provider must fail at start, not at the first sign-in.
from .base import MANTLE_LOCAL_SIGN_IN, MANTLE_OIDC_ENABLED  # noqa: E402

if MANTLE_OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_ISSUER",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals().get(name)
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"Single sign-on is on (OIDC_RP_CLIENT_ID is set) but {', '.join(_missing)} "
            "is not: set MANTLE_OIDC_ENTRA_TENANT_ID for Entra ID, or each OIDC_OP_* variable. "
            "See docs/operations.md."
        )
elif not MANTLE_LOCAL_SIGN_IN:
    raise ImproperlyConfigured(
        "MANTLE_LOCAL_SIGN_IN is off but single sign-on is not configured (OIDC_RP_CLIENT_ID), "
        "so nobody could sign in. See docs/operations.md."
    )
