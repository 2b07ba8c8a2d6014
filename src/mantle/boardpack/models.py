"""A stored board pack (the PDF as made) and each download of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BoardPack(models.Model):
    organisation = models.ForeignKey("workforce.Organisation", on_delete=models.CASCADE)
    month = models.DateField(help_text="The month end the figures are for.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.BinaryField()
    size = models.PositiveIntegerField()
    seconds = models.FloatField(help_text="Time taken to make it.")

    class Meta:
        ordering = ["-month", "-created_at"]

    def __str__(self) -> str:
        return f"Board pack {self.organisation_id} {self.month:%Y-%m}"

    @property
    def filename(self) -> str:
        return f"board-pack-{self.month:%Y-%m}.pdf"


class BoardPackDownload(models.Model):
    pack = models.ForeignKey(BoardPack, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_label = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_label} downloaded {self.pack}"


class MeasureSetting(models.Model):
    """An organisation's target for one monthly measure and the month its process changed (the
    XmR limits are recalculated from there). Set by the organisation's HR/OD administrators."""

    organisation = models.ForeignKey("workforce.Organisation", on_delete=models.CASCADE)
    measure = models.CharField(max_length=64, help_text="A key of divide.spc.MONTHLY_SERIES.")
    target = models.FloatField(
        null=True, blank=True, help_text="As a share from 0 to 1; empty for no target."
    )
    change_point = models.DateField(
        null=True, blank=True, help_text="The first month end of the new process; empty for none."
    )
    change_reason = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "measure"], name="boardpack_one_setting_per_measure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} for {self.organisation_id}"
