"""Management-practice assessment of a unit by a small panel (World Management Survey pattern)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mantle.workforce.models import Organisation, Unit

from .frameworks import FrameworkVersion


class PracticeAssessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Scoring in progress"
        COMPLETED = "completed", "Completed"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="practice_assessments")
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="practice_assessments"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The service or team lead who runs the assessment.",
    )
    assessed_on = models.DateField(help_text="The day the panel met.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    #: practice key → mean, area key → mean and "overall", fixed on completion for comparisons.
    results = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        indexes = [models.Index(fields=["organisation", "status", "assessed_on"])]

    def __str__(self) -> str:
        return f"Management practice, {self.unit} ({self.assessed_on})"


class PanelMember(models.Model):
    assessment = models.ForeignKey(
        PracticeAssessment, on_delete=models.CASCADE, related_name="panel"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True, help_text="e.g. peer unit manager")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="When set, this panel member may enter their own scores.",
    )
    #: practice key → 1–5 or null (not scored)
    scores = models.JSONField(default=dict, blank=True)
    #: practice key → evidence note
    evidence = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment_id", "id"]

    def __str__(self) -> str:
        return self.name
