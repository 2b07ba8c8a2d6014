"""A saved scenario (its assumptions), each run of it (outputs, back-test, goal seek) and pay scales."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Scenario(models.Model):
    """A planner's scenario for an organisation (a trust, or an ICB: its trusts together).

    ``assumptions`` is the JSON the CLI reads (docs/scenarios.md, "Assumptions"): start date, years,
    runs, seed, an optional unit, levers, rate edits and an optional goal."""

    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=120)
    assumptions = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.name


class ScenarioRun(models.Model):
    """One run of a scenario: what it assumed, the estimated rates it used and what came out."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=120, blank=True)
    progress = models.FloatField(default=0.0)
    assumptions = models.JSONField(default=dict)
    estimated = models.JSONField(
        default=dict, help_text="Stock, establishment, rates and evidence."
    )
    outputs = models.JSONField(default=dict)
    backtest = models.JSONField(default=dict)
    goal_seek = models.JSONField(null=True, blank=True)
    message = models.TextField(blank=True)
    seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Run {self.pk} of {self.scenario_id}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class PayScale(models.Model):
    """Annual pay of a full-time post on a pay band (loaded from a CSV; docs/data-formats.md).
    ``organisation`` empty: the scale every organisation uses unless it loads its own."""

    organisation = models.ForeignKey(
        "workforce.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    band = models.CharField(max_length=40)
    annual_pay = models.DecimalField(max_digits=10, decimal_places=2)
    source = models.CharField(max_length=200)
    illustrative = models.BooleanField(default=False)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "band"], name="scenarios_payscale_band")
        ]
        ordering = ["band"]

    def __str__(self) -> str:
        return f"{self.band}: {self.annual_pay}"
