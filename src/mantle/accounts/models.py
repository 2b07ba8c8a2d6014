"""Roles are held per organisation: a user can be an HR administrator in one trust and a line manager in
another. System analysts hold their role without an organisation (they see cross-organisation aggregates)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "Staff member"
    LINE_MANAGER = "line_manager", "Line manager"
    HR_ADMIN = "hr_admin", "HR/OD administrator"
    EXECUTIVE = "executive", "Executive / board viewer"
    ANALYST = "analyst", "System analyst"
    CHAIR = "chair", "Chair"
    COMPANY_SECRETARY = "company_secretary", "Company secretary"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "workforce.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text="Leave empty only for system analysts (all organisations).",
    )
    role = models.CharField(max_length=24, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(
        max_length=16,
        choices=[("manual", "Granted in Mantle"), ("idp_group", "From an identity-provider group")],
        default="manual",
        help_text="Roles from identity-provider groups are added and removed at each single sign-on.",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        org = self.organisation.code if self.organisation_id else "all organisations"  # type: ignore[union-attr]
        return f"{self.user} – {self.get_role_display()} – {org}"


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash is stored; the token is shown once when created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class GroupRoleMapping(models.Model):
    """An administrator's rule: members of this identity-provider group hold this role here.

    Roles are never taken from the identity provider otherwise; without a mapping a group means nothing."""

    group = models.CharField(
        max_length=255,
        help_text="The group's identifier as the provider sends it (Entra ID: the group's object ID).",
    )
    organisation = models.ForeignKey(
        "workforce.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="group_role_mappings",
    )
    role = models.CharField(max_length=24, choices=Role.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["group", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation", "role"], name="group_role_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()}"


class ExternalIdentity(models.Model):
    """The identity-provider subject an account signed in as. Once bound, the subject (not the e-mail
    address, which can be reassigned) identifies the account at later sign-ins."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.issuer}"
