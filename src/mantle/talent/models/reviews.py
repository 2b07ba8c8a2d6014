"""Talent review rounds (9-box) with proposals by managers and a calibration panel that may move people."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(3)]


class TalentReview(models.Model):
    class PopulationKind(models.TextChoices):
        UNIT = "unit", "A unit and everything below it"
        STAFF_GROUP = "staff_group", "A staff group"
        TIER = "tier", "A management tier"
        COHORT = "cohort", "A cohort"

    class Status(models.TextChoices):
        PROPOSING = "proposing", "Managers proposing placements"
        CALIBRATING = "calibrating", "Calibration session open"
        LOCKED = "locked", "Closed and locked"

    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="talent_reviews"
    )
    name = models.CharField(max_length=200)
    population_kind = models.CharField(max_length=12, choices=PopulationKind.choices)
    population_value = models.CharField(
        max_length=300, help_text="The unit path, staff group, tier or cohort key."
    )
    as_of = models.DateField(help_text="The date on which the population is taken.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    calibration_started_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-as_of", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED


class ReviewPanelMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"

    review = models.ForeignKey(TalentReview, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="talent_panel_unique_member")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on review {self.review_id}"


class Placement(models.Model):
    """A person's place on the grid in one review: the manager's proposal and the current (calibrated)
    position. Every change after calibration opens is a ``PlacementMove``."""

    review = models.ForeignKey(TalentReview, on_delete=models.CASCADE, related_name="placements")
    person = models.ForeignKey("workforce.Person", on_delete=models.CASCADE, related_name="+")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_performance = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    proposed_potential = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    rationale = models.TextField()
    proposed_at = models.DateTimeField(auto_now_add=True)
    performance = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    potential = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review_id", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "person"], name="talent_placement_unique"),
            models.CheckConstraint(
                condition=models.Q(
                    performance__gte=1,
                    performance__lte=3,
                    potential__gte=1,
                    potential__lte=3,
                    proposed_performance__gte=1,
                    proposed_performance__lte=3,
                    proposed_potential__gte=1,
                    proposed_potential__lte=3,
                ),
                name="talent_placement_levels",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in review {self.review_id}"

    @property
    def box(self) -> int:
        return (self.potential - 1) * 3 + self.performance

    @property
    def proposed_box(self) -> int:
        return (self.proposed_potential - 1) * 3 + self.proposed_performance

    @property
    def moved(self) -> bool:
        return self.box != self.proposed_box


class PlacementMove(models.Model):
    """A move made by the calibration panel, with its reason. Append-only."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="moves")
    from_performance = models.PositiveSmallIntegerField()
    from_potential = models.PositiveSmallIntegerField()
    to_performance = models.PositiveSmallIntegerField()
    to_potential = models.PositiveSmallIntegerField()
    reason = models.TextField()
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moved_at", "id"]

    def __str__(self) -> str:
        return f"Move of placement {self.placement_id}"
