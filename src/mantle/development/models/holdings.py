"""What people hold (qualifications with evidence) and what they take part in (enrolments)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .catalogue import Cohort, Offering


class Holding(models.Model):
    """A qualification or completed programme a person holds. ``expires_on`` is the last valid day."""

    person = models.ForeignKey(
        "workforce.Person", on_delete=models.CASCADE, related_name="development_holdings"
    )
    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="holdings")
    awarded_on = models.DateField()
    expires_on = models.DateField(
        null=True, blank=True, help_text="The last day it is valid; empty means it does not expire."
    )
    reference = models.CharField("certificate or membership number", max_length=80, blank=True)
    enrolment = models.ForeignKey(
        "Enrolment", null=True, blank=True, on_delete=models.SET_NULL, related_name="holdings"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person_id", "-awarded_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("awarded_on")),
                name="development_holding_expiry_after_award",
            )
        ]

    def __str__(self) -> str:
        return f"{self.offering.name} ({self.awarded_on})"


class FundingSource(models.TextChoices):
    LEVY = "levy", "Apprenticeship levy"
    TRUST = "trust", "Organisation's own budget"
    NHSE = "nhse", "NHS England (including the Leadership Academy)"
    EDUCATION = "education", "Education and training budget (workforce, training and education)"
    CHARITY = "charity", "Charitable funds"
    SELF = "self", "Self-funded"
    OTHER = "other", "Other"


class Enrolment(models.Model):
    """A person's place on a programme: applied → enrolled → completed, or withdrawn."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        ENROLLED = "enrolled", "Enrolled"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="development_enrolments"
    )
    person = models.ForeignKey(
        "workforce.Person", on_delete=models.CASCADE, related_name="development_enrolments"
    )
    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="enrolments")
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.APPLIED)
    applied_on = models.DateField()
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    cost = models.DecimalField("cost (£)", max_digits=10, decimal_places=2, null=True, blank=True)
    funding_source = models.CharField(max_length=12, choices=FundingSource.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-applied_on", "person_id"]
        indexes = [models.Index(fields=["organisation", "offering", "status"])]
        constraints = [
            # One live place per person per programme: a second application needs the first withdrawn.
            models.UniqueConstraint(
                fields=["person", "offering"],
                condition=Q(status__in=["applied", "enrolled"]),
                name="development_enrolment_one_open_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.offering_id} ({self.status})"


class Evidence(models.Model):
    """An uploaded file proving a holding, an FPPT check or a board member reference.

    The file lives under ``MEDIA_ROOT/evidence/`` with a random name and no extension; it is never
    served from a URL of its own, only through the access-checked, audited download view, always as an
    attachment. ``kind`` is what the content turned out to be, not what the uploader claimed.
    """

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", "PNG image"
        JPEG = "jpeg", "JPEG image"
        DOCX = "docx", "Word document (.docx)"

    holding = models.ForeignKey(
        Holding, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    fppt_check = models.ForeignKey(
        "FpptCheck", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    board_reference = models.ForeignKey(
        "BoardMemberReference",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    stored_name = models.CharField(max_length=64, unique=True)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(holding__isnull=False, fppt_check__isnull=True, board_reference__isnull=True)
                    | Q(
                        holding__isnull=True, fppt_check__isnull=False, board_reference__isnull=True
                    )
                    | Q(
                        holding__isnull=True, fppt_check__isnull=True, board_reference__isnull=False
                    )
                ),
                name="development_evidence_one_parent",
            )
        ]

    def __str__(self) -> str:
        return self.original_name
