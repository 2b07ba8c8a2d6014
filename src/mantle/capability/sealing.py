"""Sealed 360° answers: what a rater submitted, unreadable in the database until the cycle closes.

A submitted questionnaire is held as ciphertext (AES-GCM, key derived from ``SECRET_KEY`` with a fixed
salt, the cycle's id bound in as associated data) in a row that names no rater and no time. Until the
cycle closes, a copy of the database shows only how many sealed rows a cycle has, in arrival order,
which names no one because the content cannot be read without the key, and every sealed row has the
same length band (the plaintext is padded to a multiple of ``PAD_BYTES``) so a sealed row cannot be
matched by size to the response it later becomes. When the cycle closes, every sealed row is opened
and written as a ``Response`` in a random order with random keys (``services.cycles``).

A rater's unsubmitted draft is sealed the same way (purpose ``draft:<nomination id>``) on their
nomination, so a copy taken mid-cycle cannot pair a draft's content with the final answer either.

Rotating ``SECRET_KEY`` keeps sealed rows readable as long as the old key is listed in
``SECRET_KEY_FALLBACKS`` until the cycles open at the time have closed.
"""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "mantle.capability.sealed-response"
PAD_BYTES = 4096
NONCE_BYTES = 12


class SealBroken(Exception):
    """A sealed row cannot be opened with the current or any fallback secret key."""


def _keys() -> list[bytes]:
    secrets_in_use = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        salted_hmac(SALT, "aes-gcm-key", secret=secret, algorithm="sha256").digest()
        for secret in secrets_in_use
    ]


def _associated(cycle_id: int, purpose: str) -> bytes:
    return f"{purpose}:cycle:{cycle_id}".encode()


def seal(payload: dict[str, Any], *, cycle_id: int, purpose: str = "response") -> str:
    """Encrypt ``payload`` (JSON-serialisable) for one cycle and purpose (a submitted response, or
    one nomination's draft: ``draft:<nomination id>``); returns printable text."""
    plain = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    # Pad with spaces (valid trailing JSON whitespace) to the next multiple of PAD_BYTES.
    padded = plain + b" " * (-len(plain) % PAD_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(_keys()[0]).encrypt(nonce, padded, _associated(cycle_id, purpose))
    return base64.b64encode(nonce + sealed).decode("ascii")


def unseal(token: str, *, cycle_id: int, purpose: str = "response") -> dict[str, Any]:
    """Decrypt a sealed payload of ``cycle_id``; raises ``SealBroken`` if no key opens it."""
    raw = base64.b64decode(token)
    nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    for key in _keys():
        try:
            plain = AESGCM(key).decrypt(nonce, sealed, _associated(cycle_id, purpose))
        except InvalidTag:
            continue
        loaded: dict[str, Any] = json.loads(plain)
        return loaded
    raise SealBroken(f"A sealed 360° response of cycle {cycle_id} cannot be opened.")
