"""The catalogue of qualifications and development programmes, and cohorts that run them."""

from __future__ import annotations

from django.db import models


class Offering(models.Model):
    """A qualification or a development programme that people can hold or take part in.

    A row with no organisation belongs to the shared (national) catalogue; a row with an organisation is
    a local entry that only that organisation's HR/OD administrators may edit.
    """

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", "Qualification (is held, may expire)"
        PROGRAMME = "programme", "Development programme (is taken part in)"

    class Category(models.TextChoices):
        APPRENTICESHIP = "apprenticeship", "Apprenticeship standard"
        DEGREE = "degree", "Postgraduate degree (MBA, MSc)"
        ACADEMY = "academy", "NHS Leadership Academy programme"
        FELLOWSHIP = "fellowship", "Professional fellowship (for example FMLM)"
        AWARD = "award", "Vocational award (for example ILM)"
        BOARD = "board", "Board development"
        OTHER = "other", "Other"

    code = models.SlugField(max_length=60, unique=True, help_text="A stable key used by the API.")
    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    category = models.CharField(max_length=16, choices=Category.choices)
    level = models.CharField(
        max_length=60, blank=True, help_text="For example 'Level 5', 'Level 7' or 'Fellow'."
    )
    duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    cost = models.DecimalField(
        "list cost per participant (£)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    validity_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How long a holding stays valid after the award; empty means it does not expire.",
    )
    dimensions = models.JSONField(
        default=list,
        blank=True,
        help_text="Framework dimensions it develops, as 'framework:dimension' keys (e.g. 'hlm:…').",
    )
    organisation = models.ForeignKey(
        "workforce.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="development_offerings",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    """One intake of a programme in one organisation (the unit the conversion measure reports on)."""

    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="development_cohorts"
    )
    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "offering", "name"], name="development_cohort_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offering.name} – {self.name}"
