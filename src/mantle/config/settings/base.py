"""Shared settings, read from the environment so one build runs anywhere.

Every setting a deployer may change is an environment variable documented in docs/operations.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

SRC_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = SRC_DIR / "mantle"
BASE_DIR = Path(os.environ.get("MANTLE_HOME", SRC_DIR.parent)).resolve()
VAR_DIR = Path(os.environ.get("MANTLE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # Swagger UI's scripts and styles served from STATIC_URL, not a CDN
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "mantle.core",
    "mantle.accounts",
    "mantle.workforce",
    "mantle.imports",
    "mantle.divide",
    "mantle.demo",
    "mantle.capability",
    "mantle.talent",
    "mantle.team",
    "mantle.development",
    "mantle.boardpack",
    "mantle.outcomes",
    "mantle.scenarios",
    "mantle.opportunities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mantle.core.ratelimit.SignInRateLimitMiddleware",
    "mantle.core.apiguard.ApiNulGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mantle.core.middleware.LoginRequiredMiddleware",
    "mantle.accounts.middleware.TwoStepRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mantle.config.urls"
WSGI_APPLICATION = "mantle.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "mantle.core.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mantle.core.context_processors.mantle",
            ],
        },
    },
    {
        # The Django admin and a few third-party pages still use Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mantle.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the background task worker and the web process share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "mantle.accounts.backends.LocalPasswordBackend",
    "mantle.accounts.oidc.MantleOIDCBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"

# Lock-out after repeated failures (django-axes): per username, whatever the address.
AXES_FAILURE_LIMIT = int(os.environ.get("MANTLE_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("MANTLE_LOCKOUT_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
NODE_MODULES_DIR = Path(os.environ.get("MANTLE_NODE_MODULES", BASE_DIR / "node_modules"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "uploads"))
# Uploaded evidence is never served from a public URL: see mantle.development views.
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mantle <mantle@localhost>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("MANTLE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Mantle's own settings.
MANTLE_SUPPRESSION_THRESHOLD = int(os.environ.get("MANTLE_SUPPRESSION_THRESHOLD", "5"))
# Fewest clinicians moved into management for which the conversion measure shows a cost per
# clinician moved (docs/metrics.md, "Development conversion").
MANTLE_CONVERSION_MIN_MOVED = int(os.environ.get("MANTLE_CONVERSION_MIN_MOVED", "5"))
# Tasks queued after every successful import (dotted paths; each takes the organisation's ODS code):
# the divide's disclosure families for the dashboard's default dates are computed ahead of the first reader.
MANTLE_AFTER_IMPORT_TASKS = [
    "mantle.divide.tasks.families_warm_after_import",
    "mantle.capability.tasks.capability_snapshots_warm",
]
# Capability writes (a completed self-assessment, a closed or released 360°) refresh the
# organisation page's cached snapshots in the worker (capability/selectors/snapshots.py).
MANTLE_CAPABILITY_WARM_AFTER_WRITE = True
MANTLE_360_ANONYMITY_THRESHOLD = int(os.environ.get("MANTLE_360_ANONYMITY_THRESHOLD", "3"))
MANTLE_SERVICE_NAME = "Mantle"
# The address people use to reach Mantle: e-mailed links (360° rater links, reminders) start with it.
MANTLE_SITE_URL = os.environ.get("MANTLE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every step of every PDF (and its own stylesheet at import) at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Import progress is shared between the background worker and the web process through a file cache
# (no database writes inside the import's transaction).
CACHES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": os.environ.get(
            "MANTLE_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": os.environ.get("MANTLE_CACHE_LOCATION", str(VAR_DIR / "cache")),
    }
}
if CACHES["default"]["BACKEND"].endswith(("FileBasedCache", "LocMemCache")):
    # Django's default (300 entries, then a third deleted at random on the next write) is below one
    # date of the divide's families for every organisation: a national run evicted its own results,
    # and every reader's, while it wrote them. (Redis takes no such option; it has its own limits.)
    CACHES["default"]["OPTIONS"] = {
        "MAX_ENTRIES": int(os.environ.get("MANTLE_CACHE_MAX_ENTRIES", "50000"))
    }

# Lock-out is per username on purpose: NHS staff sit behind shared proxies, so locking by address would lock
# out whole hospitals (docs/decisions/0005-lockout-by-username.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Single sign-on, local passwords, two-step verification and API tokens (docs/operations.md) ---------------
# Single sign-on (OpenID Connect, mozilla-django-oidc) is on when OIDC_RP_CLIENT_ID is set. For Microsoft Entra ID
# (how NHSmail organisations sign in) MANTLE_OIDC_ENTRA_TENANT_ID fills in every endpoint; any other provider
# sets OIDC_OP_ISSUER and the OIDC_OP_*_ENDPOINT variables itself.
_entra_tenant = os.environ.get("MANTLE_OIDC_ENTRA_TENANT_ID", "").strip()
_entra = f"https://login.microsoftonline.com/{_entra_tenant}" if _entra_tenant else ""


def _oidc_env(name: str, entra_default: str) -> str:
    return os.environ.get(name, f"{_entra}{entra_default}" if _entra else "").strip()


OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
MANTLE_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_OP_ISSUER = _oidc_env("OIDC_OP_ISSUER", "/v2.0")
OIDC_OP_AUTHORIZATION_ENDPOINT = _oidc_env(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", "/oauth2/v2.0/authorize"
)
OIDC_OP_TOKEN_ENDPOINT = _oidc_env("OIDC_OP_TOKEN_ENDPOINT", "/oauth2/v2.0/token")
OIDC_OP_JWKS_ENDPOINT = _oidc_env("OIDC_OP_JWKS_ENDPOINT", "/discovery/v2.0/keys")
OIDC_OP_LOGOUT_ENDPOINT = _oidc_env("OIDC_OP_LOGOUT_ENDPOINT", "/oauth2/v2.0/logout")
# Entra puts every claim Mantle needs in the ID token; its userinfo endpoint (Microsoft Graph) is optional.
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "").strip()
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # the id_token_hint for signing out at the provider too
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", "10"))
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
# Unknown people are refused (with a page saying so) unless this is on; created accounts hold no roles.
OIDC_CREATE_USER = env_bool("MANTLE_OIDC_CREATE_USERS", False)
# Which claim identifies the account, compared with which account field ("email" or "username"). The "email"
# claim counts only when the provider says it is verified (email_verified, or Entra's xms_edov).
MANTLE_OIDC_MATCH_CLAIM = os.environ.get("MANTLE_OIDC_MATCH_CLAIM", "email")
MANTLE_OIDC_MATCH_FIELD = os.environ.get("MANTLE_OIDC_MATCH_FIELD", "email")
MANTLE_OIDC_GROUPS_CLAIM = os.environ.get("MANTLE_OIDC_GROUPS_CLAIM", "groups")
MANTLE_OIDC_CLOCK_LEEWAY = int(os.environ.get("MANTLE_OIDC_CLOCK_LEEWAY", "60"))
MANTLE_OIDC_PROVIDER_NAME = os.environ.get("MANTLE_OIDC_PROVIDER_NAME", "your NHS account")
# Local passwords can be switched off once single sign-on works (production refuses to start with neither).
MANTLE_LOCAL_SIGN_IN = env_bool("MANTLE_LOCAL_SIGN_IN", True)
# Two-step verification (django-otp: TOTP with recovery codes) for these roles ("superuser" for superusers)
# when they sign in with a local password; single sign-on leaves it to the identity provider.
MANTLE_MFA_REQUIRED_ROLES = env_list(
    "MANTLE_MFA_REQUIRED_ROLES", "hr_admin,company_secretary,superuser"
)
OTP_TOTP_ISSUER = os.environ.get("MANTLE_TOTP_ISSUER", "Mantle")
# Personal API tokens are offered to (and accepted from) these roles only.
MANTLE_API_TOKEN_ROLES = env_list("MANTLE_API_TOKEN_ROLES", "hr_admin,analyst,superuser")

# Content-Security-Policy (django-csp): scripts only from Mantle's own origin or with the page's nonce (the
# design system's one-line "js-enabled" script); no inline event handlers. Styles allow 'unsafe-inline' because
# Plotly and Swagger UI set style attributes and <style> elements at run time
# (docs/decisions/0010-csp-rate-limits-scheduler.md).
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Rate limits (mantle.core.ratelimit), counted in the cache: "<requests>/<period>", empty to switch off.
MANTLE_API_RATE = os.environ.get("MANTLE_API_RATE", "300/minute")
MANTLE_SIGN_IN_RATE = os.environ.get("MANTLE_SIGN_IN_RATE", "30/minute")
MANTLE_SIGN_IN_PATHS = env_list(
    "MANTLE_SIGN_IN_PATHS", "/accounts/sign-in,/accounts/password-reset,/accounts/mfa,/admin/login"
)
# How many proxies in front of Mantle append to X-Forwarded-For (0: use the connection's address).
MANTLE_TRUSTED_PROXIES = int(os.environ.get("MANTLE_TRUSTED_PROXIES", "0"))
