"""The audit log: who read or changed which personal record, when. Rows are never updated or deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"
        EXPORT_UNSUPPRESSED = "export_unsuppressed", "Exported exact figures (OFFICIAL-SENSITIVE)"
        IMPORT = "import", "Imported"
        CORRECT = "correct", "Corrected history"
        SIGN_IN = "sign_in", "Signed in"
        RELEASE = "release", "Released"
        MOVE = "move", "Moved"

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=255, blank=True)
    organisation_code = models.CharField(max_length=8, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)
    via = models.CharField(max_length=16, default="web")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"


class ScheduledJobRun(models.Model):
    """One scheduled job's run in one period. The unique (job, period_start) pair is the claim: whichever
    scheduler inserts the row first runs the job; any other scheduler's insert fails, so it does not."""

    job = models.CharField(max_length=64)
    period_start = models.DateTimeField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(null=True)
    output = models.TextField(blank=True)
    claimed_by = models.CharField(max_length=128, blank=True)

    class Meta:
        ordering = ["-period_start", "job"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "period_start"], name="core_scheduled_job_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.job} for {self.period_start:%Y-%m-%d %H:%M}"
