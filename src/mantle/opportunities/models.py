"""Opportunities, applications (with their history), people's marketplace preferences and allocation
rounds. State changes happen only in ``services`` (rules: ``rules.states``)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

HOURS_PER_FTE = Decimal("37.5")
"""Agenda for Change full-time hours a week: an FTE fraction is shown as hours with this."""


class AllocationRound(models.Model):
    """A cohort round: several opportunities whose places are allocated together (optionally by the
    optimal allocation with fairness bounds)."""

    class Status(models.TextChoices):
        OPEN = "open", "Taking applications or being decided"
        APPLIED = "applied", "Allocation applied"

    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=200)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ratio = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        help_text="Selection rates by sex, ethnicity and disability within this ratio of each other.",
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Opportunity(models.Model):
    class Kind(models.TextChoices):
        QI_LEAD = "qi_lead", "Quality improvement project lead"
        COMMITTEE = "committee", "Committee or panel seat"
        REDESIGN = "redesign", "Service redesign role"
        AUDIT = "audit", "Audit lead"
        SHADOWING = "shadowing", "Shadowing a director"
        BOARD_OBSERVER = "board_observer", "Board observer"
        MENTORING = "mentoring", "Mentoring"
        ACTING_UP = "acting_up", "Acting up into a management post"
        SECONDMENT = "secondment", "Secondment into management"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Waiting for the sponsor's approval"
        OPEN = "open", "Open"
        DECLINED = "declined", "Not approved by the sponsor"
        CLOSED = "closed", "Closed"
        CANCELLED = "cancelled", "Cancelled"

    class TimeUnit(models.TextChoices):
        HOURS = "hours", "Hours a week"
        FTE = "fte", "Fraction of full time (FTE)"

    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    description = models.TextField()
    owner = models.ForeignKey(
        "workforce.Person", on_delete=models.PROTECT, related_name="opportunities_owned"
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    time_unit = models.CharField(max_length=5, choices=TimeUnit.choices, default=TimeUnit.HOURS)
    time_amount = models.DecimalField(max_digits=5, decimal_places=2)
    starts_on = models.DateField()
    ends_on = models.DateField()
    closes_on = models.DateField("closing date for applications")
    places = models.PositiveSmallIntegerField(default=1)
    eligible_staff_groups = models.JSONField(default=list, blank=True)
    eligible_bands = models.JSONField(default=list, blank=True)
    eligible_tiers = models.JSONField(default=list, blank=True)
    dimensions = models.JSONField(
        default=list,
        blank=True,
        help_text="Framework dimensions it develops ('framework:dimension').",
    )
    round = models.ForeignKey(
        AllocationRound,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    sponsor_note = models.TextField(blank=True)
    sponsor_decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["closes_on", "title"]
        indexes = [models.Index(fields=["organisation", "status", "closes_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="opportunities_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1), name="opportunities_places_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def hours_per_week(self) -> Decimal:
        if self.time_unit == self.TimeUnit.FTE:
            return (self.time_amount * HOURS_PER_FTE).quantize(Decimal("0.1"))
        return self.time_amount

    @property
    def open_to_all(self) -> bool:
        return not (self.eligible_staff_groups or self.eligible_bands or self.eligible_tiers)


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for release by the line manager"
        RELEASED = "released", "Released by the line manager"
        NOT_RELEASED = "not_released", "Not released by the line manager"
        SELECTED = "selected", "Selected"
        NOT_SELECTED = "not_selected", "Not selected"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="applications"
    )
    person = models.ForeignKey(
        "workforce.Person", on_delete=models.CASCADE, related_name="opportunity_applications"
    )
    statement = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    line_manager = models.ForeignKey(
        "workforce.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunity_releases",
        help_text="From the register when the application was made; releases the time.",
    )
    backfill_note = models.TextField(blank=True)
    release_reason = models.TextField(blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    fit = models.FloatField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    feedback = models.TextField(blank=True)
    feedback_ratings = models.JSONField(default=dict, blank=True)
    enrolment = models.ForeignKey(
        "development.Enrolment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "person"],
                condition=~Q(status="withdrawn"),
                name="opportunities_one_live_application",
            )
        ]

    def __str__(self) -> str:
        return f"Application {self.pk} ({self.status})"


class ApplicationEvent(models.Model):
    """One move of an application, for its history and the audit trail."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


class MarketplaceProfile(models.Model):
    """What a person tells the marketplace about themself: time available, and whether their
    released 360 scores may be used for their own recommendations (off unless they choose it)."""

    person = models.OneToOneField(
        "workforce.Person", on_delete=models.CASCADE, related_name="marketplace_profile"
    )
    hours_available = models.DecimalField(
        "hours a week available", max_digits=4, decimal_places=1, null=True, blank=True
    )
    share_360 = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Marketplace preferences of person {self.person_id}"
