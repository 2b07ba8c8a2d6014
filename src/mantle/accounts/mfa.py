"""Two-step verification: a TOTP authenticator app, with single-use recovery codes (django-otp's TOTP and
static devices). Enrolment, verification, recovery codes and a reset by another administrator."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mantle.core.audit import audit_record

TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10

# The demo's privileged accounts share this published key (make run prints it; README explains), so anyone
# trying the demo can complete two-step sign-in. Never used outside `mantle demo`.
DEMO_TOTP_KEY_HEX = binascii.hexlify(b"mantle-demo-totp-key").decode()


def base32_key(device: TOTPDevice) -> str:
    """The key as authenticator apps expect it to be typed (base32, grouped in fours)."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def demo_totp_key_base32() -> str:
    return base64.b32encode(binascii.unhexlify(DEMO_TOTP_KEY_HEX)).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as an inline SVG on white (no image request, nothing for the CSP to allow)."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=14, border=2
    )
    return str(image.to_string(encoding="unicode"))


def confirmed_totp_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_enrolment_start(*, user: Any) -> TOTPDevice:
    """A fresh, unconfirmed authenticator device for ``user`` (any earlier unconfirmed one is replaced).

    Rule: a device counts only once the user has proved, with a code, that their app holds its key."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def pending_totp_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def totp_enrolment_confirm(
    *, request: HttpRequest, user: Any, device: TOTPDevice, token: str
) -> list[str] | None:
    """Confirm enrolment with a code from the app. Rule: the code must match the new key; then any older
    authenticator is replaced, ten new single-use recovery codes are issued (shown once) and this session
    counts as verified. Returns the recovery codes, or None when the code is wrong."""
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token(token.replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    django_otp.login(request, device)
    audit_record(
        actor=user,
        action="change",
        object_type="user",
        object_id=user.pk,
        object_label=user.get_username(),
        detail={"two_step": "enrolled"},
    )
    return codes


def two_step_verify(*, request: HttpRequest, user: Any, token: str) -> bool:
    """Verify a code from the app or a recovery code (each recovery code works once). Rule: on success the
    session is marked verified; failures are throttled by django-otp (growing delays)."""
    token = token.replace(" ", "").strip()
    if not token:
        return False
    for device in django_otp.devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                audit_record(
                    actor=user,
                    action="sign_in",
                    object_type="user",
                    object_id=user.pk,
                    object_label=user.get_username(),
                    detail={"two_step": "recovery code used", "left": recovery_codes_left(user)},
                )
            return True
    return False


def recovery_codes_regenerate(*, user: Any) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working). Rule: only for an enrolled user."""
    if confirmed_totp_device(user) is None:
        raise ValueError("Set up an authenticator app first.")
    codes = _new_recovery_codes(user)
    audit_record(
        actor=user,
        action="change",
        object_type="user",
        object_id=user.pk,
        object_label=user.get_username(),
        detail={"two_step": "recovery codes replaced"},
    )
    return codes


def demo_totp_device_ensure(*, user: Any) -> TOTPDevice:
    """Give a demo account the published demo key (confirmed), so the demo's two-step sign-in works."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(
        user=user, name=TOTP_DEVICE_NAME, key=DEMO_TOTP_KEY_HEX, confirmed=True
    )
