"""Published workforce statistics (NHS Digital, by organisation × staff group × period), loaded by
``mantle import-published-workforce``. A different definition from Mantle's own: labelled as such."""

from __future__ import annotations

from django.db import models


class PublishedFigure(models.Model):
    period = models.CharField(max_length=7, help_text="YYYY-MM")
    org_code = models.CharField(max_length=8)
    org_name = models.CharField(max_length=200)
    staff_group = models.CharField(max_length=80)
    fte = models.FloatField()

    class Meta:
        ordering = ["period", "org_code", "staff_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "org_code", "staff_group"], name="published_figure_unique"
            )
        ]
        indexes = [models.Index(fields=["period"])]

    def __str__(self) -> str:
        return f"{self.period} {self.org_code} {self.staff_group} {self.fte}"


class ProviderType(models.Model):
    """A provider's type as a published provider list states it (e.g. the LSE panel's
    ``nhs_provider.csv``), kept by ODS code whether or not the organisation is in the loaded ODS
    file, so that the published benchmark can place trusts that have since merged or closed."""

    org_code = models.CharField(max_length=8, unique=True)
    label = models.CharField(max_length=80, help_text="The type as written in the provider list.")
    org_type = models.CharField(max_length=16, help_text="Mantle's organisation type for it.")

    class Meta:
        ordering = ["org_code"]

    def __str__(self) -> str:
        return f"{self.org_code} {self.label}"
