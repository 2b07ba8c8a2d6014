"""360° feedback: cohorts, cycles, nominations and responses.

Anonymity starts here. A submitted questionnaire is first held as a ``SealedResponse``: ciphertext
that only the application's secret key opens, with no rater, no group and no time. When the cycle
closes, every sealed answer is opened and written as a ``Response`` in a random order with random
keys, so neither row order, primary keys nor timestamps in a database copy tie an answer to a rater.
A ``Response`` carries its cycle and rater group and nothing else. What a rater has done is recorded
on the ``Nomination`` (status, and dates no finer than the day), which holds no answers once
submitted.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from mantle.workforce.models import Organisation, Person

from .frameworks import FrameworkVersion


class RaterGroup(models.TextChoices):
    SELF = "self", "Self"
    LINE_MANAGER = "line_manager", "Line manager"
    PEER = "peer", "Peer"
    DIRECT_REPORT = "direct_report", "Direct report"
    OTHER = "other", "Other"


class Mode(models.TextChoices):
    DEVELOPMENTAL = "developmental", "Developmental (the participant owns the report)"
    APPRAISAL = "appraisal", "Appraisal (the participant brings the report to their appraisal)"


def new_comment_secret() -> str:
    return secrets.token_hex(32)


class Cohort(models.Model):
    """A group of cycles opened together by an administrator (a programme intake, a directorate)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.DEVELOPMENTAL)
    deadline = models.DateField()
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Cycle(models.Model):
    class Status(models.TextChoices):
        NOMINATING = "nominating", "Choosing raters"
        AWAITING_APPROVAL = "awaiting_approval", "Waiting for line manager approval"
        OPEN = "open", "Open for feedback"
        CLOSED = "closed", "Closed"
        RELEASED = "released", "Report released"
        CANCELLED = "cancelled", "Cancelled"

    Mode = Mode

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="feedback_cycles"
    )
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="cycles"
    )
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="cycles"
    )
    mode = models.CharField(
        max_length=16,
        choices=Mode.choices,
        default=Mode.DEVELOPMENTAL,
        help_text="Chosen when the cycle opens and fixed afterwards.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOMINATING)
    deadline = models.DateField(help_text="Last day raters may respond.")
    limits = models.JSONField(
        default=dict, help_text="Minimum and maximum nominations per rater group."
    )
    line_manager = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="From the register when the cycle opened; approves nominations.",
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: When the participant accepted the named facilitator; until then the facilitator reads nothing.
    facilitator_accepted_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment_secret = models.CharField(max_length=64, default=new_comment_secret, editable=False)
    approval_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    launched_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: "All others" means per dimension from the released (anonymised) report, for org heatmaps.
    others_scores = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["participant", "status"]),
        ]

    def __str__(self) -> str:
        return f"360° cycle {self.pk} ({self.get_status_display()})"

    def deadline_passed(self, *, now: dt.datetime | None = None) -> bool:
        """True after the end of the deadline day in Mantle's time zone."""
        today = timezone.localdate(now or timezone.now())
        return today > self.deadline

    def accepting_responses(self, *, now: dt.datetime | None = None) -> bool:
        return self.status == self.Status.OPEN and not self.deadline_passed(now=now)

    def frozen(self, *, now: dt.datetime | None = None) -> bool:
        """Responses are final: closed, released, or open past the deadline. Only a frozen cycle can
        produce a report, so no one can compare a report before and after one more response."""
        if self.status in (self.Status.CLOSED, self.Status.RELEASED):
            return True
        return self.status == self.Status.OPEN and self.deadline_passed(now=now)


class Nomination(models.Model):
    class Status(models.TextChoices):
        NOMINATED = "nominated", "Nominated"
        INVITED = "invited", "Invited"
        DECLINED = "declined", "Declined"
        SUBMITTED = "submitted", "Responded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="nominations")
    group = models.CharField(max_length=16, choices=RaterGroup.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_requests"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    external = models.BooleanField(
        default=False, help_text="Has no Mantle account: responds through a one-time e-mailed link."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOMINATED)
    #: The random part of an external rater's link; the link is this plus a keyed signature, so a copy
    #: of the database alone cannot produce a working link.
    link_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    #: The day (not the time) the rater responded or declined: a time would order the raters, and
    #: the order of arrival is what links an answer to its author.
    responded_on = models.DateField(null=True, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replacements"
    )
    #: Answers saved but not yet submitted; emptied on submission (answers are then sealed).
    draft = models.JSONField(default=dict, blank=True)
    draft_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle_id", "group", "name"]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.name}"

    @property
    def active(self) -> bool:
        """Counts towards the nomination limits (not declined or withdrawn)."""
        return self.status not in (self.Status.DECLINED, self.Status.WITHDRAWN)


class Response(models.Model):
    """One submitted questionnaire. Deliberately no rater, nomination, user or time (see module)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="responses")
    group = models.CharField(max_length=16, choices=RaterGroup.choices)
    ratings = models.JSONField(default=dict)
    comments = models.JSONField(default=list)

    class Meta:
        # Ordering by the random key: any listing is in an order unrelated to arrival.
        ordering = ["cycle_id", "id"]

    def __str__(self) -> str:
        return f"Response to cycle {self.cycle_id}"


class SealedResponse(models.Model):
    """A submitted questionnaire held encrypted until its cycle closes (see ``capability.sealing``).

    Deliberately no rater, nomination, group or time; the group is inside the ciphertext. Deleted
    when the cycle closes (the answers then become a ``Response``) or is cancelled.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="sealed_responses")
    sealed = models.TextField()

    class Meta:
        ordering = ["cycle_id", "id"]

    def __str__(self) -> str:
        return f"Sealed response to cycle {self.cycle_id}"
