"""Sign-in, sign-out, password reset and the user's own account page (roles and API tokens)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from .models import ApiToken
from .services import api_token_create, api_token_revoke


class SignInForm(AuthenticationForm):
    error_messages = {
        # One generic message: never say whether the username exists.
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "Enter a correct username and password. Both are case-sensitive.",
    }


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        logout(request)
        messages.success(request, "You have signed out.")
        return redirect("accounts:sign_in")
    return render(request, "accounts/sign_out.html")


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@login_required
@require_http_methods(["GET", "POST"])
def account(request: Any) -> HttpResponse:
    """The user's roles and personal API tokens. A new token is shown once, then only its prefix."""
    new_token: str | None = None
    if request.method == "POST":
        if "revoke" in request.POST:
            token = get_object_or_404(ApiToken, pk=request.POST.get("revoke"), user=request.user)
            api_token_revoke(user=request.user, token=token)
            messages.success(request, f"Token “{token.name}” revoked.")
            return redirect("accounts:account")
        name = request.POST.get("name", "").strip()
        if not name:
            messages.error(request, "Enter a name for the token, for example 'ESR integration'.")
        else:
            _, new_token = api_token_create(user=request.user, name=name)
    memberships = request.user.memberships.select_related("organisation").order_by("role")
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "accounts/account.html",
        {"memberships": memberships, "tokens": tokens, "new_token": new_token},
    )
