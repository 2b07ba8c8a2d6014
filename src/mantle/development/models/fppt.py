"""Board fit and proper person test (FPPT): the annual cycle per board member, its checks, and the
board member references on appointment and on leaving. Records are kept until the member's 75th
birthday (``mantle.development.rules.retention``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mantle.development.rules.fppt import CHECK_LABELS, CheckOutcome, Conclusion, CycleStatus


class FpptCycle(models.Model):
    """One board member's FPPT for one year (``year`` is the financial year's first year: 2024 is
    2024/25). The status only moves through ``mantle.development.services.fppt`` actions."""

    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.PROTECT, related_name="fppt_cycles"
    )
    person = models.ForeignKey(
        "workforce.Person", on_delete=models.PROTECT, related_name="fppt_cycles"
    )
    year = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=12, choices=[(s.value, s.label) for s in CycleStatus], default=CycleStatus.DRAFT
    )
    role_title = models.CharField(max_length=200, help_text="The board post held when opened.")
    tier = models.CharField(max_length=24)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The line manager who reviews: the chief executive or the chair.",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    attested_at = models.DateTimeField(null=True, blank=True)
    declarations = models.JSONField(default=dict, blank=True)
    lcf_ratings = models.JSONField(default=dict, blank=True)
    attestation_notes = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    conclusion = models.CharField(
        max_length=8, choices=[(c.value, c.label) for c in Conclusion], blank=True
    )
    sign_off_comment = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation_id", "-year", "person_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "year"], name="fppt_cycle_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"FPPT {self.year}/{(self.year + 1) % 100:02d} {self.person_id}"

    @property
    def year_label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"


class FpptCheck(models.Model):
    """One item of the checks checklist, with its outcome, date and who checked."""

    cycle = models.ForeignKey(FpptCycle, on_delete=models.PROTECT, related_name="checks")
    item = models.CharField(max_length=32, choices=list(CHECK_LABELS.items()))
    outcome = models.CharField(
        max_length=16,
        choices=[(o.value, o.label) for o in CheckOutcome],
        default=CheckOutcome.PENDING,
    )
    checked_on = models.DateField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["cycle_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "item"], name="fppt_check_once_per_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.outcome}"


class FpptTransition(models.Model):
    """The cycle's history: every status change, who made it and why (shown on the cycle page)."""

    cycle = models.ForeignKey(FpptCycle, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["cycle_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class BoardMemberReference(models.Model):
    """A board member reference: obtained from the previous employer on appointment, or given by this
    organisation when the member leaves. ``event_on`` is the appointment or leaving date."""

    class Kind(models.TextChoices):
        APPOINTMENT = "appointment", "On appointment (reference received)"
        LEAVING = "leaving", "On leaving (reference given)"

    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.PROTECT, related_name="board_references"
    )
    person = models.ForeignKey(
        "workforce.Person", on_delete=models.PROTECT, related_name="board_references"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    event_on = models.DateField()
    other_organisation = models.CharField(
        max_length=200, blank=True, help_text="The previous employer, or the organisation asking."
    )
    requested_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation_id", "-event_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "kind", "event_on"], name="board_reference_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reference {self.person_id} {self.event_on}"
