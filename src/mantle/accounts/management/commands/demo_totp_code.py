"""Print the current two-step code for the demo's published key (the demo accounts hr, secretary, admin)."""

from __future__ import annotations

import binascii
import time
from typing import Any

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from mantle.accounts.mfa import DEMO_TOTP_KEY_HEX


class Command(BaseCommand):
    help = "Print the current code for the demo's published two-step key (demo accounts only)."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        totp = TOTP(binascii.unhexlify(DEMO_TOTP_KEY_HEX), 30, 0, 6, 0)
        totp.time = time.time()
        left = 30 - int(totp.time) % 30
        self.stdout.write(f"{totp.token():06d} (valid for about {left} more seconds)")
