"""Sign-in (password or single sign-on), sign-out, password reset and change, and the user's own account page
(roles, two-step verification and personal API tokens)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from mantle.core.audit import audit_record

from ..forms import SignInForm
from ..mfa import confirmed_totp_device, recovery_codes_left
from ..models import ApiToken
from ..oidc import provider_sign_out_url
from ..policy import (
    AUTH_METHOD_PASSWORD,
    AUTH_METHOD_SSO,
    SESSION_AUTH_METHOD,
    api_tokens_allowed_for,
    mfa_required_for,
)
from ..services import api_token_create, api_token_revoke

__all__ = ["SignInForm"]


def _local_sign_in_off(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/sso_refused.html",
        {
            "title": "Passwords are switched off",
            "message": f"Sign in with {settings.MANTLE_OIDC_PROVIDER_NAME}.",
            "local_sign_in": False,
        },
        status=404,
    )


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            sso_enabled=settings.MANTLE_OIDC_ENABLED,
            sso_name=settings.MANTLE_OIDC_PROVIDER_NAME,
            local_sign_in=settings.MANTLE_LOCAL_SIGN_IN,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.MANTLE_LOCAL_SIGN_IN:
            return _local_sign_in_off(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        self.request.session[SESSION_AUTH_METHOD] = AUTH_METHOD_PASSWORD
        return response


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out of Mantle; after single sign-on, also end the session at the identity provider."""
    if request.method == "POST":
        was_sso = request.session.get(SESSION_AUTH_METHOD) == AUTH_METHOD_SSO
        id_token = request.session.get("oidc_id_token")
        logout(request)
        messages.success(request, "You have signed out.")
        provider_url = provider_sign_out_url(request, id_token) if was_sso else None
        if provider_url:
            return HttpResponseRedirect(provider_url)
        return redirect("accounts:sign_in")
    return render(request, "accounts/sign_out.html")


class _LocalOnly:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.MANTLE_LOCAL_SIGN_IN:
            return _local_sign_in_off(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PasswordResetView(_LocalOnly, auth_views.PasswordResetView):
    pass


class PasswordResetConfirmView(_LocalOnly, auth_views.PasswordResetConfirmView):
    pass


class PasswordChangeView(_LocalOnly, auth_views.PasswordChangeView):
    """Everyone with a local password can change it here; the change is audited."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(
            actor=self.request.user,
            action="change",
            object_type="user",
            object_id=self.request.user.pk,
            object_label=self.request.user.get_username(),
            detail={"password": "changed"},
        )
        messages.success(self.request, "Your password has been changed.")
        return response


password_reset = PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change = login_required(PasswordChangeView.as_view())


@login_required
@require_http_methods(["GET", "POST"])
def account(request: Any) -> HttpResponse:
    """The user's roles, sign-in security and (for roles that use the API) personal API tokens. A new
    token is shown once, then only its prefix."""
    new_token: str | None = None
    tokens_allowed = api_tokens_allowed_for(request.user)
    if request.method == "POST":
        if "revoke" in request.POST:
            token = get_object_or_404(ApiToken, pk=request.POST.get("revoke"), user=request.user)
            api_token_revoke(user=request.user, token=token)
            messages.success(request, f"Token “{token.name}” revoked.")
            return redirect("accounts:account")
        name = request.POST.get("name", "").strip()
        if not tokens_allowed:
            raise PermissionDenied("Personal API tokens are not available for your role.")
        if not name:
            messages.error(request, "Enter a name for the token, for example 'ESR integration'.")
        else:
            _, new_token = api_token_create(user=request.user, name=name)
    memberships = request.user.memberships.select_related("organisation").order_by("role")
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": memberships,
            "tokens": tokens,
            "new_token": new_token,
            "tokens_allowed": tokens_allowed,
            "local_sign_in": settings.MANTLE_LOCAL_SIGN_IN,
            "has_password": request.user.has_usable_password(),
            "signed_in_with_sso": request.session.get(SESSION_AUTH_METHOD) == AUTH_METHOD_SSO,
            "two_step": confirmed_totp_device(request.user) is not None,
            "two_step_required": mfa_required_for(request.user),
            "recovery_codes_left": recovery_codes_left(request.user),
        },
    )
