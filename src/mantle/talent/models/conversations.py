"""Scope-for-Growth-style talent conversations: owned by the individual, coached by the line manager."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mantle.talent.rules.readiness import Readiness


class TalentConversation(models.Model):
    class Impact(models.TextChoices):
        HIGH = "high", "Consistently high impact"
        SOLID = "solid", "Good, consistent impact"
        DEVELOPING = "developing", "Impact still developing"

    class CareerReadiness(models.TextChoices):
        READY_NOW = Readiness.READY_NOW.value, "Ready for a next step now"
        READY_1_2 = Readiness.READY_1_2_YEARS.value, "Ready for a next step in 1–2 years"
        READY_3_PLUS = Readiness.READY_3_PLUS_YEARS.value, "Ready for a next step in 3+ years"
        IN_ROLE = "in_role", "Growing in the current role"

    class ManagementInterest(models.TextChoices):
        NONE = "", "No interest in a management role"
        FIRST_LINE = "first_line", "First-line management"
        MIDDLE = "middle", "Middle management"
        SENIOR = "senior", "Senior management"
        BOARD_EXECUTIVE = "board_executive", "Board – executive director"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"

    person = models.ForeignKey(
        "workforce.Person", on_delete=models.CASCADE, related_name="talent_conversations"
    )
    organisation = models.ForeignKey(
        "workforce.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    held_on = models.DateField("date of the conversation")
    coach = models.ForeignKey(
        "workforce.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The line manager who coached the conversation.",
    )
    impact = models.CharField(max_length=12, choices=Impact.choices)
    impact_notes = models.TextField("what and how", blank=True)
    growth_depth = models.BooleanField(
        "grow in depth (more expertise in the current area)", default=False
    )
    growth_breadth = models.BooleanField(
        "grow in breadth (a different area or service)", default=False
    )
    growth_stretch = models.BooleanField("grow by stretch (a bigger role)", default=False)
    growth_notes = models.TextField(blank=True)
    readiness = models.CharField(max_length=20, choices=CareerReadiness.choices)
    management_interest = models.CharField(
        max_length=20,
        choices=ManagementInterest.choices,
        blank=True,
        help_text="The highest management tier the person is interested in, if any.",
    )
    career_interest_notes = models.TextField(blank=True)
    aspiration = models.TextField("aspirational development plan", blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    agreed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "held_on"])]

    def __str__(self) -> str:
        return f"Talent conversation {self.person_id} on {self.held_on}"

    @property
    def interested_in_management(self) -> bool:
        return bool(self.management_interest)

    @property
    def growth_direction_labels(self) -> list[str]:
        """The chosen directions of growth in words, e.g. "Grow in depth (more expertise in the
        current area)", in the order the form asks them."""
        return [
            str(getattr(self._meta.get_field(f"growth_{name}"), "verbose_name", name)).capitalize()
            for name in self.growth_directions
        ]

    @property
    def growth_directions(self) -> list[str]:
        return [
            name
            for name, on in (
                ("depth", self.growth_depth),
                ("breadth", self.growth_breadth),
                ("stretch", self.growth_stretch),
            )
            if on
        ]


class ConversationAction(models.Model):
    """One dated action of the aspirational development plan."""

    conversation = models.ForeignKey(
        TalentConversation, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(max_length=300)
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description
