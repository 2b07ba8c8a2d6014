"""Development settings: what ``make run`` uses (SQLite under var/ unless DATABASE_URL is set)."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
