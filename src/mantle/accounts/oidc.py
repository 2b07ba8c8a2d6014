"""Single sign-on with OpenID Connect (mozilla-django-oidc), set up for Microsoft Entra ID by environment
variables. Accounts are matched, never guessed: by a verified e-mail address or a configured claim, then
bound to the provider's subject. Roles come from the identity provider only through administrators'
group-to-role mappings."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from mantle.core.audit import audit_record

from .models import ExternalIdentity, GroupRoleMapping, Membership
from .policy import AUTH_METHOD_SSO, SESSION_AUTH_METHOD

logger = logging.getLogger(__name__)

# Why a single sign-on was refused, for the page the person sees (never the token's contents).
REFUSALS = {
    "unknown_user": (
        "There is no Mantle account for you yet",
        "Your organisation recognised you, but no Mantle account is linked to {who}. "
        "Ask your HR or organisational development team to invite you, then sign in again.",
    ),
    "unverified_email": (
        "Your e-mail address could not be used",
        "Your identity provider did not confirm that {who} is verified, so Mantle cannot use it to find "
        "your account. Ask your IT service desk.",
    ),
    "ambiguous": (
        "Your account could not be identified",
        "More than one Mantle account matches {who}. Ask your HR or organisational development team.",
    ),
    "inactive": (
        "Your Mantle account is switched off",
        "The account linked to {who} has been deactivated. Ask your HR or organisational development team.",
    ),
    "invalid_token": (
        "Sign-in could not be completed",
        "Mantle could not verify the sign-in it received from your identity provider ({detail}). "
        "Try again; if this keeps happening, tell your IT service desk.",
    ),
    "provider_error": (
        "Sign-in could not be completed",
        "Your identity provider did not sign you in ({detail}). Try again, or sign in another way.",
    ),
}


class SignInRefused(Exception):
    def __init__(self, reason: str, who: str = "", detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.who, self.detail = reason, who, detail


def _refuse(request: HttpRequest, reason: str, who: str = "", detail: str = "") -> None:
    request._mantle_sso_refusal = SignInRefused(reason, who, detail)  # type: ignore[attr-defined]


class MantleOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, plus what it leaves out: the ID token's audience, issuer, expiry and
    issue time are checked (with a small clock leeway), claims from the ID token are used when the provider
    has no userinfo endpoint (Entra), and people are matched to existing accounts only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Configured lazily: with single sign-on off this backend simply declines.
        self.enabled = bool(settings.MANTLE_OIDC_ENABLED)
        if self.enabled:
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if not self.enabled or request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SignInRefused as exc:
            _refuse(request, exc.reason, exc.who, exc.detail)
        except (SuspiciousOperation, jwt.InvalidTokenError) as exc:
            logger.warning("single sign-on refused: %s", exc)
            _refuse(request, "invalid_token", detail=str(exc))
        except requests.RequestException as exc:
            logger.warning("single sign-on failed talking to the provider: %s", exc)
            _refuse(request, "provider_error", detail="the provider could not be reached")
        return None

    def _verify_jws(self, payload: Any, key: Any) -> dict[str, Any]:
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("the token is not signed with the expected algorithm")
        options: Any = {"require": ["exp", "iat", "aud", "iss", "sub"]}
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER or None,
                leeway=settings.MANTLE_OIDC_CLOCK_LEEWAY,
                options=options,
            )
        except jwt.InvalidAudienceError as exc:
            raise SignInRefused(
                "invalid_token", detail="it was issued to another application"
            ) from exc
        except jwt.ExpiredSignatureError as exc:
            raise SignInRefused("invalid_token", detail="it has expired") from exc
        except jwt.InvalidIssuerError as exc:
            raise SignInRefused("invalid_token", detail="it came from another issuer") from exc
        except jwt.InvalidTokenError as exc:
            raise SignInRefused("invalid_token", detail="it is not valid") from exc

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo is for another subject")
            claims.update(userinfo)
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def _match_value(self, claims: dict[str, Any]) -> str:
        claim = settings.MANTLE_OIDC_MATCH_CLAIM
        value = str(claims.get(claim) or "").strip()
        if claim == "email" and value:
            verified = claims.get("email_verified", claims.get("xms_edov"))
            if verified not in (True, "true", "True", 1):
                raise SignInRefused("unverified_email", who=value)
        return value

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("the provider sent no subject")
        issuer = str(claims.get("iss") or settings.OIDC_OP_ISSUER)
        subject = str(claims["sub"])
        bound = (
            ExternalIdentity.objects.select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if bound is not None:
            user = bound.user
            who = user.get_username()
        else:
            value = self._match_value(claims)
            who = value or "your identity"
            if not value:
                raise SignInRefused("unknown_user", who=who)
            field = "username" if settings.MANTLE_OIDC_MATCH_FIELD == "username" else "email"
            users = list(self.UserModel.objects.filter(**{f"{field}__iexact": value})[:2])
            if len(users) > 1:
                raise SignInRefused("ambiguous", who=who)
            if users:
                user = users[0]
            elif settings.OIDC_CREATE_USER:
                user = self._create(claims, value)
            else:
                raise SignInRefused("unknown_user", who=who)
        if not user.is_active:
            raise SignInRefused("inactive", who=who)
        with transaction.atomic():
            identity, _ = ExternalIdentity.objects.get_or_create(
                issuer=issuer, subject=subject, defaults={"user": user}
            )
            identity.last_sign_in_at = timezone.now()
            identity.save(update_fields=["last_sign_in_at"])
            group_roles_sync(user=user, groups=claims.get(settings.MANTLE_OIDC_GROUPS_CLAIM))
        return user

    def _create(self, claims: dict[str, Any], value: str) -> Any:
        email = str(claims.get("email") or (value if "@" in value else ""))
        base = (email.split("@")[0] if email else value)[:140] or "user"
        username, n = base, 1
        while self.UserModel.objects.filter(username=username).exists():
            n += 1
            username = f"{base}{n}"
        user = self.UserModel.objects.create_user(
            username,
            email=email,
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
        )
        user.set_unusable_password()
        user.save()
        audit_record(
            actor=None,
            action="create",
            object_type="user",
            object_id=user.pk,
            object_label=username,
            detail={"created_by": "single sign-on", "roles": "none"},
        )
        return user


def group_roles_sync(*, user: Any, groups: Any) -> None:
    """Rule: a role comes from the identity provider only through an administrator's group mapping. Mapped
    roles the person's groups now give are added; roles earlier added that way and no longer given are
    removed. Roles granted in Mantle are never touched."""
    names = {str(g) for g in groups} if isinstance(groups, list | tuple) else set()
    wanted = {(m.organisation_id, m.role) for m in GroupRoleMapping.objects.filter(group__in=names)}
    held = {
        (m.organisation_id, m.role): m
        for m in Membership.objects.filter(user=user, source="idp_group")
    }
    manual = set(
        Membership.objects.filter(user=user)
        .exclude(source="idp_group")
        .values_list("organisation_id", "role")
    )
    for org_id, role in wanted - held.keys() - manual:
        Membership.objects.create(
            user=user,
            organisation_id=org_id,
            role=role,
            source="idp_group",
            reason="Identity-provider group mapped to this role",
        )
        audit_record(
            actor=None,
            action="change",
            object_type="user",
            object_id=user.pk,
            object_label=user.get_username(),
            detail={"granted": role, "organisation_id": org_id, "via": "group mapping"},
        )
    for key in held.keys() - wanted:
        held[key].delete()
        audit_record(
            actor=None,
            action="change",
            object_type="user",
            object_id=user.pk,
            object_label=user.get_username(),
            detail={"revoked": key[1], "organisation_id": key[0], "via": "group mapping"},
        )


class SignInStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider (state, nonce and PKCE kept in the session)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.MANTLE_OIDC_ENABLED:
            return render(
                request,
                "accounts/sso_refused.html",
                {"title": "Single sign-on is not set up", "message": "Sign in with your password."},
                status=404,
            )
        return super().get(request)


class SignInCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider returns. Success signs in (marking the session as single sign-on, so Mantle's own
    two-step check is left to the provider); refusal shows a page saying why, and is audited."""

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        self.request.session[SESSION_AUTH_METHOD] = AUTH_METHOD_SSO
        audit_record(
            actor=self.user,
            action="sign_in",
            object_type="user",
            object_id=self.user.pk,
            object_label=self.user.get_username(),
            detail={"method": "single sign-on"},
        )
        return response

    def login_failure(self) -> HttpResponse:
        refusal: SignInRefused | None = getattr(self.request, "_mantle_sso_refusal", None)
        if refusal is None:
            error = self.request.GET.get("error_description") or self.request.GET.get("error")
            refusal = SignInRefused(
                "provider_error", detail=error or "the sign-in was interrupted or had expired"
            )
        title, message = REFUSALS[refusal.reason]
        audit_record(
            actor=None,
            action="sign_in",
            object_type="user",
            object_label=refusal.who[:255],
            detail={"refused": refusal.reason, "detail": refusal.detail},
        )
        return render(
            self.request,
            "accounts/sso_refused.html",
            {
                "title": title,
                "message": message.format(who=refusal.who, detail=refusal.detail),
                "local_sign_in": settings.MANTLE_LOCAL_SIGN_IN,
            },
            status=403,
        )


def provider_sign_out_url(request: HttpRequest, id_token: str | None) -> str | None:
    """The provider's end-session address (RP-initiated logout), returning to Mantle's sign-in page."""
    if not (settings.MANTLE_OIDC_ENABLED and settings.OIDC_OP_LOGOUT_ENDPOINT and id_token):
        return None
    params = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:sign_in")),
    }
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(params)}"
