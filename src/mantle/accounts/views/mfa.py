"""Two-step verification pages: set up an authenticator app, verify at sign-in, replace recovery codes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from ..forms import CodeForm, EnrolForm
from ..mfa import (
    base32_key,
    confirmed_totp_device,
    pending_totp_device,
    qr_svg,
    recovery_codes_left,
    recovery_codes_regenerate,
    totp_enrolment_confirm,
    totp_enrolment_start,
    two_step_verify,
)
from ..policy import mfa_required_for

SESSION_NEW_CODES = "mantle_new_recovery_codes"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@login_required
@require_http_methods(["GET", "POST"])
def two_step_setup(request: Any) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), then prove it with a code. An enrolled
    user who has not verified this session must verify first (so a stolen password cannot re-enrol)."""
    user = request.user
    if confirmed_totp_device(user) is not None and not user.is_verified():
        return redirect(f"/accounts/mfa/verify/?next={_next(request)}")
    device = pending_totp_device(user)
    if request.method == "GET" or device is None:
        device = totp_enrolment_start(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_enrolment_confirm(
            request=request, user=user, device=device, token=form.cleaned_data["code"]
        )
        if codes is not None:
            request.session[SESSION_NEW_CODES] = codes
            return redirect(f"/accounts/mfa/recovery-codes/?next={_next(request)}")
        form.add_error(
            "code", "That code does not match. Check the app shows Mantle and try the newest code."
        )
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr": qr_svg(device),
            "key": base32_key(device),
            "next": _next(request),
            "required": mfa_required_for(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_step_verify_view(request: Any) -> HttpResponse:
    """Ask for the code from the app (or a recovery code) once per sign-in."""
    user = request.user
    if confirmed_totp_device(user) is None:
        return redirect(f"/accounts/mfa/setup/?next={_next(request)}")
    if user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_step_verify(request=request, user=user, token=form.cleaned_data["code"]):
            left = recovery_codes_left(user)
            if left <= 3:
                messages.warning(
                    request,
                    f"You have {left} recovery codes left. Make new ones on your account page.",
                )
            return redirect(_next(request))
        form.add_error(
            "code",
            "That code is not right. Use the newest code from your app; after several wrong codes you "
            "must wait a little before trying again.",
        )
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: Any) -> HttpResponse:
    """Shows new recovery codes once (after enrolment or on request), and makes a new set."""
    if request.method == "POST":
        if not request.user.is_verified():
            return redirect("/accounts/mfa/verify/?next=/accounts/")
        codes = recovery_codes_regenerate(user=request.user)
        messages.success(request, "New recovery codes made. The old ones no longer work.")
    else:
        codes = request.session.pop(SESSION_NEW_CODES, None)
        if codes is None:
            return redirect("accounts:account")
    return render(
        request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": _next(request)}
    )
