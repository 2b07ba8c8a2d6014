"""Role requirements (what a tier, post or job role needs) and the reminders sent about them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .catalogue import Offering


class Requirement(models.Model):
    """A qualification a tier, one post or a job role needs, met by holding any one of ``offerings``.

    Exactly one of ``tier``, ``post`` and ``job_role`` says whom it applies to. New appointees have
    ``grace_days`` from the start of the assignment that brought them in scope.
    """

    class Strength(models.TextChoices):
        REQUIRED = "required", "Required"
        DESIRABLE = "desirable", "Desirable"

    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="development_requirements"
    )
    name = models.CharField(max_length=200)
    offerings = models.ManyToManyField(Offering, related_name="requirements")
    strength = models.CharField(max_length=10, choices=Strength.choices, default=Strength.REQUIRED)
    tier = models.CharField(max_length=24, blank=True)
    post = models.ForeignKey(
        "workforce.Post",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="development_requirements",
    )
    job_role = models.CharField(max_length=120, blank=True)
    grace_days = models.PositiveIntegerField(
        default=365, help_text="Days a new appointee has to meet it, from their assignment start."
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation_id", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (~Q(tier="") & Q(post__isnull=True) & Q(job_role=""))
                    | (Q(tier="") & Q(post__isnull=False) & Q(job_role=""))
                    | (Q(tier="") & Q(post__isnull=True) & ~Q(job_role=""))
                ),
                name="development_requirement_one_scope",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Reminder(models.Model):
    """One reminder e-mail. ``key`` makes each reminder unique, so a daily run never repeats one."""

    class Kind(models.TextChoices):
        EXPIRY = "expiry", "Qualification about to expire"
        UNMET = "unmet", "Requirement not met"

    person = models.ForeignKey(
        "workforce.Person", on_delete=models.CASCADE, related_name="development_reminders"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=120)
    email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "key"], name="development_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
