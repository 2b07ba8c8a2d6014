"""Test support shared by every app: factories for the register and accounts, browser helpers, and
where the read-only public data lives (``../shared/data`` beside the checkout)."""

from __future__ import annotations

import os
from pathlib import Path


def shared_data_dir() -> Path:
    """``$MANTLE_SHARED_DATA`` if set, else ``shared/data`` beside the repository (as CI lays it)."""
    env = os.environ.get("MANTLE_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[5] / "shared" / "data"
