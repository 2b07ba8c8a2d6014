"""Per-organisation talent settings: the retirement basis, exposure windows and what people see."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from mantle.talent.rules.retirement import BASIS_LABELS, RetirementBasis


class TalentSettings(models.Model):
    organisation = models.OneToOneField(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="talent_settings"
    )
    retirement_basis = models.CharField(
        max_length=20,
        choices=[(b.value, BASIS_LABELS[b]) for b in RetirementBasis],
        default=RetirementBasis.NHS_2015.value,
        help_text="How Mantle works out when a post holder is expected to retire.",
    )
    fixed_retirement_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(80)],
        help_text="Used when the basis is 'an age set by the organisation'.",
    )
    near_retirement_years = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Retirement within this many years makes a post highly exposed.",
    )
    far_retirement_years = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
        help_text="Retirement within this many years makes a post moderately exposed.",
    )
    readiness_review_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="A readiness assessment older than this is due for review.",
    )
    show_placement_to_person = models.BooleanField(
        default=False,
        help_text="People may see their own 9-box placement once the review is locked.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "talent settings"

    def __str__(self) -> str:
        return f"Talent settings for {self.organisation_id}"
