"""What ``make run`` serves with: DEBUG off and Mantle's own error pages, on loopback.

Not for a real deployment (that is ``production``: HTTPS, secrets from the environment); not for development
either (``make dev`` uses ``local``, DEBUG on). Static files come from ``STATIC_ROOT`` through whitenoise.
"""

from .base import *  # noqa: F403
from .base import env_list

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
