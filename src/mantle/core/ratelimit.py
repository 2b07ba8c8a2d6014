"""Rate limits on the API and on sign-in, counted in the cache (Redis in production, locmem in tests).

A fixed window per client: the first request of a window creates a counter with ``cache.add`` and later ones
``cache.incr`` it, both atomic in Redis and in the local-memory cache, so concurrent web workers share one
count. A client over its limit gets 429 with ``Retry-After`` (seconds until its window ends).

* The API (``MANTLE_API_RATE``, e.g. ``300/minute``) is limited per signed-in user or token owner, and per
  client address for anonymous calls (django-ninja throttle, see ``config.api``).
* Sign-in (``MANTLE_SIGN_IN_RATE``) is limited per client address for POSTs to the paths in
  ``MANTLE_SIGN_IN_PATHS`` (password, MFA code and password-reset forms). Lock-out per username is django-axes'
  job; this limit slows password spraying across many usernames from one address.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from ninja.throttling import BaseThrottle

PERIODS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}


@dataclass(frozen=True, slots=True)
class Rate:
    requests: int
    seconds: int


def rate_parse(text: str) -> Rate:
    """Parse ``"<count>/<period>"`` (period: second, minute, hour, day, optionally with a number: ``10/5m``)."""
    count, _, period = text.strip().partition("/")
    period = period.strip().lower()
    digits = ""
    while period and period[0].isdigit():
        digits, period = digits + period[0], period[1:]
    unit = period.rstrip("s") if period not in PERIODS else period
    if unit not in PERIODS or not count.strip().isdigit():
        raise ValueError(f"Not a rate: {text!r}. Write it as e.g. '300/minute' or '10/5m'.")
    return Rate(requests=int(count), seconds=PERIODS[unit] * int(digits or "1"))


def rate_hit(*, scope: str, ident: str, rate: Rate, now: float | None = None) -> int | None:
    """Count one request of ``ident`` in the current window; ``None`` if allowed, else seconds to wait.

    The rule: at most ``rate.requests`` requests per window of ``rate.seconds`` per client and scope.
    """
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    key = f"ratelimit:{scope}:{ident}:{window}"
    if cache.add(key, 1, timeout=rate.seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: this request starts the window
            cache.add(key, 1, timeout=rate.seconds + 1)
            count = 1
    if count <= rate.requests:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the proxy-appended X-Forwarded-For entry if configured."""
    proxies = int(getattr(settings, "MANTLE_TRUSTED_PROXIES", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return str(request.META.get("REMOTE_ADDR", "unknown"))


class ApiRateThrottle(BaseThrottle):
    """django-ninja throttle: ``MANTLE_API_RATE`` per user (or per address when anonymous)."""

    def __init__(self) -> None:
        self._wait: int | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        rate_text = getattr(settings, "MANTLE_API_RATE", "")
        if not rate_text:
            return True
        user = getattr(request, "user", None)
        ident = (
            f"user-{user.pk}"
            if user is not None and user.is_authenticated
            else f"addr-{client_address(request)}"
        )
        self._wait = rate_hit(scope="api", ident=ident, rate=rate_parse(rate_text))
        return self._wait is None

    def wait(self) -> float | None:
        return self._wait


class SignInRateLimitMiddleware:
    """Answer 429 with Retry-After to an address posting sign-in forms faster than ``MANTLE_SIGN_IN_RATE``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rate_text = getattr(settings, "MANTLE_SIGN_IN_RATE", "")
        paths = tuple(getattr(settings, "MANTLE_SIGN_IN_PATHS", ()))
        if request.method == "POST" and rate_text and paths and request.path.startswith(paths):
            wait = rate_hit(
                scope="sign-in", ident=client_address(request), rate=rate_parse(rate_text)
            )
            if wait is not None:
                return too_many_requests(request, wait)
        return self.get_response(request)


def too_many_requests(request: HttpRequest, wait: int) -> HttpResponse:
    """429 in the design system (or JSON for API clients), telling the client when to try again."""
    response: HttpResponse
    if request.headers.get("Accept", "").startswith("application/json"):
        response = JsonResponse(
            {"code": "rate_limited", "message": f"Too many requests. Try again in {wait} seconds."},
            status=429,
        )
    else:
        response = render(request, "errors/429.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response
