"""Small helpers shared by capability services."""

from __future__ import annotations

from typing import Any

from mantle.core.access import Actor


def acting_user(actor: Actor) -> Any:
    """The signed-in user behind an actor, for "who did it" columns (None for the system)."""
    return actor.user if actor.user.is_authenticated else None
