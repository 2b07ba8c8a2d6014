"""Named talent pools with entry criteria, nomination and approval, and membership history."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TalentPool(models.Model):
    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="talent_pools"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    entry_criteria = models.TextField(
        blank=True, help_text="What the approver looks for, in words (not checked by Mantle)."
    )
    clinicians_only = models.BooleanField(
        default=False, help_text="Only registered clinicians may be nominated."
    )
    eligible_tiers = models.JSONField(
        default=list,
        blank=True,
        help_text="Management tiers a member's current posts must include; empty means any.",
    )
    share_within_icb = models.BooleanField(
        "share with organisations in the same ICB",
        default=False,
        help_text="HR/OD administrators of other organisations in the integrated care board see "
        "the pool, and the members who have consented to sharing.",
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="talent_pool_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PoolMembership(models.Model):
    class Status(models.TextChoices):
        NOMINATED = "nominated", "Nominated, awaiting decision"
        MEMBER = "member", "Member"
        DECLINED = "declined", "Nomination declined"
        WITHDRAWN = "withdrawn", "Nomination withdrawn"
        LEFT = "left", "Left the pool"

    OPEN = (Status.NOMINATED, Status.MEMBER)

    pool = models.ForeignKey(TalentPool, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey("workforce.Person", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NOMINATED)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_on = models.DateField()
    nomination_reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    consent_to_share = models.BooleanField(default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pool_id", "-nominated_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "person"],
                condition=models.Q(status__in=["nominated", "member"]),
                name="talent_pool_one_open_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in pool {self.pool_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class PoolMembershipEvent(models.Model):
    """Membership history: every status change, who made it and why. Append-only."""

    membership = models.ForeignKey(PoolMembership, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=PoolMembership.Status.choices)
    occurred_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.status}"
