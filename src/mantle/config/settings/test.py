"""Test settings: fast hashing, in-memory mail, tasks run immediately (still after commit)."""

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Two-step verification is switched on by the tests that exercise it (accounts/tests); elsewhere the
# suite signs privileged users in with a password alone.
MANTLE_MFA_REQUIRED_ROLES = []
# Generous limits so the suite's own traffic is never throttled; the rate-limit tests lower them.
MANTLE_API_RATE = "100000/minute"
MANTLE_SIGN_IN_RATE = "100000/minute"
# Tasks run immediately in tests: the family warm-up after every import would slow the suite; the
# tests of that hook switch it on (divide/tests/test_warm_after_import.py).
MANTLE_AFTER_IMPORT_TASKS = []
MANTLE_CAPABILITY_WARM_AFTER_WRITE = False
