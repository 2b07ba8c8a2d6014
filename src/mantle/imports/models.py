"""A record of every import: what was loaded, for which date, with what outcome (and progress while it runs)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Imported"
        DRY_RUN = "dry_run", "Checked (dry run)"
        INVALID = "invalid", "Not imported: errors in the file"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="import_runs"
    )
    as_of = models.DateField()
    filename = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, blank=True)
    stored_path = models.CharField(max_length=500, blank=True)
    dry_run = models.BooleanField(default=False)
    correct = models.BooleanField(
        default=False, help_text="Allowed to rewrite history before the latest import."
    )
    confirmed_ended = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The number of assignments the user confirmed this import may end.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    stage = models.CharField(max_length=100, blank=True)
    rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.as_of} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.RUNNING)


class EsrInterfaceFile(models.Model):
    """An ESR outbound interface file applied to an organisation (issue 20): its sequence number,
    so that a gap or a file applied twice is refused, and what it held."""

    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    sequence = models.PositiveBigIntegerField()
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    full = models.BooleanField(help_text="A full file replaces the state; a delta changes it.")
    as_of = models.DateField()
    counts = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sequence"], name="esr_interface_file_unique_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.sequence} {self.file_name}"


class EsrInterfaceRecord(models.Model):
    """The current interface records of an organisation (person, assignment, position,
    organisation, location, registration), as the applied files left them: an add replaces the
    rows of its identifier, a delete removes them. The register is rebuilt from these as a
    snapshot, so a delta changes only what it touched."""

    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    type = models.CharField(max_length=2)
    key = models.CharField(max_length=100)
    fields = models.JSONField(default=dict)
    sequence = models.PositiveBigIntegerField(help_text="The file that last wrote this row.")

    class Meta:
        indexes = [models.Index(fields=["organisation", "type", "key"])]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.type} {self.key}"
