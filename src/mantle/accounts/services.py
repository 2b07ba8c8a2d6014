"""Account services: memberships and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from mantle.core.access import AccessDenied, Actor
from mantle.core.audit import audit_record
from mantle.workforce.models import Organisation, Person

from .models import ApiToken, GroupRoleMapping, Membership, Role
from .policy import api_tokens_allowed_for

TOKEN_PREFIX = "mnt_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token. Rule: only for roles that use the API (``MANTLE_API_TOKEN_ROLES``); the
    raw token is returned once and never stored."""
    if not api_tokens_allowed_for(user):
        raise AccessDenied("Personal API tokens are not available for your role.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API token", prefix=raw[:10], token_hash=hash_token(raw)
    )
    audit_record(
        actor=user,
        action="create",
        object_type="api_token",
        object_id=token.pk,
        object_label=token.name,
    )
    return token, raw


def api_token_revoke(*, user: Any, token: ApiToken) -> ApiToken:
    """Revoke a token. Rule: users revoke only their own tokens (callers pass a token they selected)."""
    if token.user_id != user.pk:
        raise PermissionError("You can only revoke your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=user,
            action="change",
            object_type="api_token",
            object_id=token.pk,
            object_label=token.name,
            detail={"revoked": True},
        )
    return token


def api_token_authenticate(raw: str) -> Any:
    """The user behind an active token, or None. Updates last-used time at most once a minute."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not api_tokens_allowed_for(token.user):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def membership_grant(*, user: Any, organisation_id: int | None, role: str) -> Membership:
    """Give a user a role in an organisation (or, for analysts, across all organisations)."""
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation_id=organisation_id, role=role
    )
    return membership


# --- User and role administration (HR/OD administrators, in Mantle's own pages) ------------------------------
# Every change is audited against the account ("user", id) with the organisation it concerns and the reason.


def _audit_user(
    actor: Actor, user: Any, organisation_code: str = "", *, via: str = "web", **detail: Any
) -> None:
    audit_record(
        actor=actor.user,
        action="change",
        object_type="user",
        object_id=user.pk,
        object_label=user.get_username(),
        organisation_code=organisation_code,
        detail=detail,
        via=via,
    )


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter a reason, for example 'Started as ward manager'."})
    return reason


def _require_manageable(actor: Actor, user: Any) -> None:
    from .selectors import user_is_manageable

    if not user_is_manageable(actor, user):
        raise AccessDenied("You cannot manage this account.")
    if user.pk == actor.user.pk:
        raise AccessDenied("Ask another administrator to change your own account.")
    if user.is_superuser and not actor.superuser:
        raise AccessDenied("Only a superuser changes a superuser's account.")


def _require_hr_admin_of(actor: Actor, organisation: Organisation | None, role: str) -> None:
    if organisation is None:
        if not actor.superuser:
            raise AccessDenied("Only a superuser grants roles across all organisations.")
        if role != Role.ANALYST:
            raise ValidationError(
                {"organisation": "Choose an organisation: only analysts hold a role across all."}
            )
        return
    if role == Role.ANALYST:
        raise ValidationError({"role": "System analysts hold their role across all organisations."})
    if not actor.is_hr_admin(organisation.code):
        raise AccessDenied("You are not an HR/OD administrator of that organisation.")


@transaction.atomic
def user_invite(
    *,
    actor: Actor,
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation,
    role: str,
    reason: str,
    person: Person | None = None,
    via: str = "web",
) -> Any:
    """Create an account for someone new and e-mail them a link to set a password (or, with local passwords
    off, to sign in with single sign-on). Rule: only an HR/OD administrator of the organisation invites into
    it, the e-mail address is unique, and the invitee starts with the one role given."""
    reason = _require_reason(reason)
    _require_hr_admin_of(actor, organisation, role)
    email = email.strip().lower()
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "An account with this e-mail address already exists."})
    base = email.split("@")[0][:140] or "user"
    username, n = base, 1
    while user_model.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}{n}"
    user = user_model.objects.create_user(
        username, email=email, first_name=first_name.strip(), last_name=last_name.strip()
    )
    user.set_unusable_password()
    user.save()
    Membership.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        granted_by=actor.user,  # type: ignore[misc]
        reason=reason,
    )
    if person is not None:
        user_person_link(actor=actor, user=user, person=person, reason=reason, _new=True, via=via)
    audit_record(
        actor=actor.user,
        action="create",
        object_type="user",
        object_id=user.pk,
        object_label=username,
        organisation_code=organisation.code,
        detail={"invited": email, "role": role, "reason": reason},
        via=via,
    )
    transaction.on_commit(lambda: _send_invitation(user=user, organisation=organisation))
    return user


def user_invitation_resend(*, actor: Actor, user: Any) -> None:
    """Send an invitation again (the first link expired or was lost). Rule: only for an account that has
    never signed in; sent to its own e-mail address, in an organisation the administrator manages."""
    _require_manageable(actor, user)
    if user.last_login is not None or not user.email:
        raise ValidationError({"reason": "This account has already been used; use password reset."})
    membership = (
        Membership.objects.filter(user=user, organisation__code__in=actor.orgs_with("hr_admin"))
        .select_related("organisation")
        .first()
    ) or Membership.objects.filter(user=user).exclude(organisation=None).first()
    if membership is None or membership.organisation is None:
        raise ValidationError({"reason": "Give the account a role in an organisation first."})
    organisation = membership.organisation
    audit_record(
        actor=actor.user,
        action="change",
        object_type="user",
        object_id=user.pk,
        object_label=user.get_username(),
        organisation_code=organisation.code,
        detail={"invitation": "sent again", "to": user.email},
    )
    transaction.on_commit(lambda: _send_invitation(user=user, organisation=organisation))


def _send_invitation(*, user: Any, organisation: Organisation) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    if settings.MANTLE_LOCAL_SIGN_IN:
        link = settings.MANTLE_SITE_URL + reverse(
            "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
        )
        how = f"Choose your password here (the link works once, for {settings.PASSWORD_RESET_TIMEOUT // 86400} days):"
    else:
        link = settings.MANTLE_SITE_URL + reverse("accounts:sign_in")
        how = f"Sign in here with {settings.MANTLE_OIDC_PROVIDER_NAME}:"
    send_mail(
        subject=f"You have been invited to {settings.MANTLE_SERVICE_NAME}",
        message=(
            f"Hello {user.first_name or user.get_username()},\n\n"
            f"{organisation.name} has given you a {settings.MANTLE_SERVICE_NAME} account "
            f"(username {user.get_username()}).\n\n{how}\n{link}\n\n"
            "If you were not expecting this, you can ignore this e-mail.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def role_grant(
    *,
    actor: Actor,
    user: Any,
    organisation: Organisation | None,
    role: str,
    reason: str,
    via: str = "web",
) -> Membership:
    """Give an account a role in an organisation, with a reason. Rule: only that organisation's HR/OD
    administrators grant its roles (analyst, across organisations, only a superuser); never to yourself."""
    reason = _require_reason(reason)
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role."})
    _require_hr_admin_of(actor, organisation, role)
    _require_manageable(actor, user)
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=role,
        defaults={"granted_by": actor.user, "reason": reason, "source": "manual"},
    )
    if not created:
        raise ValidationError({"role": "This account already holds that role there."})
    _audit_user(
        actor,
        user,
        organisation.code if organisation else "",
        granted=role,
        reason=reason,
        via=via,
    )
    return membership


def role_revoke(*, actor: Actor, membership: Membership, reason: str, via: str = "web") -> None:
    """Take a role away, with a reason. Rule: as for granting; roles from identity-provider groups are
    changed by changing the group or its mapping, not here."""
    reason = _require_reason(reason)
    _require_hr_admin_of(actor, membership.organisation, membership.role)
    _require_manageable(actor, membership.user)
    if membership.source == "idp_group":
        raise ValidationError(
            {"role": "This role comes from an identity-provider group mapping; change the mapping."}
        )
    user = membership.user
    code = membership.organisation.code if membership.organisation else ""
    role = membership.role
    membership.delete()
    _audit_user(actor, user, code, revoked=role, reason=reason, via=via)


def user_person_link(
    *,
    actor: Actor,
    user: Any,
    person: Person,
    reason: str,
    _new: bool = False,
    via: str = "web",
) -> None:
    """Link an account to a person's staff record. Rule: the administrator must see the person's record,
    and a record and an account are linked one to one."""
    from mantle.workforce.selectors import people_visible

    reason = _require_reason(reason)
    if not _new:
        _require_manageable(actor, user)
    if not people_visible(actor).filter(pk=person.pk).exists():
        raise AccessDenied("You cannot see that person's record.")
    if person.user_id is not None and person.user_id != user.pk:
        raise ValidationError({"person": "That staff record is already linked to another account."})
    current = Person.objects.filter(user=user).exclude(pk=person.pk).first()
    if current is not None:
        raise ValidationError({"person": f"This account is already linked to {current.full_name}."})
    person.user = user
    person.save(update_fields=["user"])
    _audit_user(
        actor, user, linked_person=person.pk, person=person.full_name, reason=reason, via=via
    )


def user_person_unlink(*, actor: Actor, user: Any, reason: str) -> None:
    """Remove the link between an account and a staff record (with a reason)."""
    reason = _require_reason(reason)
    _require_manageable(actor, user)
    person = Person.objects.filter(user=user).first()
    if person is None:
        return
    person.user = None
    person.save(update_fields=["user"])
    _audit_user(actor, user, unlinked_person=person.pk, person=person.full_name, reason=reason)


def user_active_set(
    *, actor: Actor, user: Any, active: bool, reason: str, via: str = "web"
) -> None:
    """Deactivate (or reactivate) an account. Rule: a deactivated account cannot sign in by any route and
    its API tokens stop working; its history and audit trail are kept."""
    reason = _require_reason(reason)
    _require_manageable(actor, user)
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    _audit_user(actor, user, active=active, reason=reason, via=via)


def two_step_reset(*, actor: Actor, user: Any, reason: str) -> None:
    """Remove an account's authenticator and recovery codes, so they enrol again at their next sign-in.
    Rule: done by another administrator (never yourself), with a reason, audited."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    reason = _require_reason(reason)
    _require_manageable(actor, user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _audit_user(actor, user, two_step="reset", reason=reason)


def group_mapping_create(
    *, actor: Actor, group: str, organisation: Organisation | None, role: str, reason: str
) -> GroupRoleMapping:
    """Map an identity-provider group to a role. Rule: as for granting that role by hand."""
    reason = _require_reason(reason)
    group = group.strip()
    if not group:
        raise ValidationError({"group": "Enter the group's identifier."})
    _require_hr_admin_of(actor, organisation, role)
    mapping, created = GroupRoleMapping.objects.get_or_create(
        group=group,
        organisation=organisation,
        role=role,
        defaults={"created_by": actor.user, "reason": reason},
    )
    if not created:
        raise ValidationError({"group": "That group is already mapped to that role."})
    audit_record(
        actor=actor.user,
        action="create",
        object_type="group_role_mapping",
        object_id=mapping.pk,
        object_label=str(mapping),
        organisation_code=organisation.code if organisation else "",
        detail={"group": group, "role": role, "reason": reason},
    )
    return mapping


def group_mapping_delete(*, actor: Actor, mapping: GroupRoleMapping, reason: str) -> None:
    """Remove a group mapping. Rule: as for revoking the role; people lose it at their next sign-in."""
    reason = _require_reason(reason)
    _require_hr_admin_of(actor, mapping.organisation, mapping.role)
    audit_record(
        actor=actor.user,
        action="delete",
        object_type="group_role_mapping",
        object_id=mapping.pk,
        object_label=str(mapping),
        organisation_code=mapping.organisation.code if mapping.organisation else "",
        detail={"group": mapping.group, "role": mapping.role, "reason": reason},
    )
    mapping.delete()
