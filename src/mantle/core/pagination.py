"""API pagination with bounded ``limit`` and ``offset``: an out-of-range value is a 422 naming it, never a
database error (an offset beyond a 64-bit integer used to reach PostgreSQL and fail there)."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    """``?limit=`` (1–1000, default 100) and ``?offset=`` (0–10,000,000) over a list, newest rules first."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="How many items (1–1000).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
