"""Self-assessments: anyone may rate their own leadership behaviours at any time, save and resume."""

from __future__ import annotations

from django.db import models

from mantle.workforce.models import Person

from .frameworks import FrameworkVersion


class SelfAssessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        COMPLETED = "completed", "Completed"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="self_assessments")
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="self_assessments"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    #: statement key → [performance, importance]; null means "not applicable" or not yet answered.
    ratings = models.JSONField(default=dict, blank=True)
    reflection = models.TextField(blank=True, help_text="Private notes; only the person sees them.")
    #: dimension key → mean, fixed when completed so history and heatmaps need no re-scoring.
    scores = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["person", "status"]),
            models.Index(fields=["framework_version", "status", "completed_at"]),
        ]

    def __str__(self) -> str:
        return f"Self-assessment {self.pk} ({self.get_status_display()})"
