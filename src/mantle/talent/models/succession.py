"""Succession plans for critical posts: candidates, their readiness over time, development actions tied
to capability gaps, flight risk as recorded by the reviewer, and review dates."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mantle.talent.rules.exposure import FLIGHT_RISK_LABELS, FlightRisk
from mantle.talent.rules.readiness import READINESS_LABELS, Readiness

READINESS_CHOICES = [(r.value, READINESS_LABELS[r]) for r in Readiness]
FLIGHT_RISK_CHOICES = [(r.value, FLIGHT_RISK_LABELS[r]) for r in FlightRisk]


class SuccessionPlan(models.Model):
    post = models.OneToOneField(
        "workforce.Post", on_delete=models.CASCADE, related_name="succession_plan"
    )
    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="succession_plans"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who keeps the plan up to date (often the post's line manager).",
    )
    incumbent_retirement_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The holder's expected retirement age, when the reviewer knows it; it replaces "
        "the organisation's default basis for this post.",
    )
    next_review_on = models.DateField()
    last_reviewed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation_id", "post_id"]

    def __str__(self) -> str:
        return f"Succession plan for post {self.post_id}"


class FlightRiskRecord(models.Model):
    """The reviewer's judgement of how likely the holder is to leave, from a date. Append-only."""

    plan = models.ForeignKey(SuccessionPlan, on_delete=models.CASCADE, related_name="flight_risks")
    risk = models.CharField(max_length=8, choices=FLIGHT_RISK_CHOICES)
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["recorded_on", "id"]

    def __str__(self) -> str:
        return f"{self.risk} from {self.recorded_on}"


class SuccessionCandidate(models.Model):
    """A person nominated as a successor for a post, open over [added_on, removed_on)."""

    plan = models.ForeignKey(SuccessionPlan, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey("workforce.Person", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(default=1, help_text="1 is the first choice.")
    added_on = models.DateField()
    removed_on = models.DateField(null=True, blank=True)
    removal_reason = models.CharField(max_length=300, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["plan_id", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "person"],
                condition=models.Q(removed_on__isnull=True),
                name="talent_candidate_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} for plan {self.plan_id}"


class ReadinessAssessment(models.Model):
    """A candidate's readiness band from a date (effective-dated; append-only)."""

    candidate = models.ForeignKey(
        SuccessionCandidate, on_delete=models.CASCADE, related_name="assessments"
    )
    readiness = models.CharField(max_length=20, choices=READINESS_CHOICES)
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["assessed_on", "id"]

    def __str__(self) -> str:
        return f"{self.readiness} from {self.assessed_on}"


class CandidateAction(models.Model):
    """A development action for a candidate, tied to a capability gap from a 360 or
    self-assessment (framework and dimension keys of ``mantle.capability.frameworks``)."""

    candidate = models.ForeignKey(
        SuccessionCandidate, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(max_length=300)
    framework_key = models.CharField(max_length=40, blank=True)
    dimension_key = models.CharField(max_length=80, blank=True)
    gap_source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the gap was found, e.g. '360 feedback, March 2025'.",
    )
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description
