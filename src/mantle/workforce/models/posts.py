"""The establishment: posts exist independently of the people who hold them."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from .base import EffectiveDated
from .organisations import Organisation, Unit


class Tier(models.TextChoices):
    BOARD_NON_EXECUTIVE = "board_non_executive", "Board – non-executive"
    BOARD_EXECUTIVE = "board_executive", "Board – executive"
    SENIOR = "senior", "Senior management"
    MIDDLE = "middle", "Middle management"
    FIRST_LINE = "first_line", "First-line management"
    NONE = "none", "Not a management post"


class Post(models.Model):
    """A post's stable identity: the organisation's position number. Its attributes live in versions."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="posts")
    position_number = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "position_number"], name="post_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.position_number}"


class PostVersion(EffectiveDated):
    class TierSource(models.TextChoices):
        SET = "set", "Set by the organisation"
        INFERRED = "inferred", "Inferred from rules"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="post_versions")
    reports_to = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    budgeted_fte = models.DecimalField(max_digits=7, decimal_places=5, default=Decimal("1"))
    occupation_code = models.CharField(max_length=3)
    job_role = models.CharField(max_length=120, blank=True)
    pay_band = models.CharField(max_length=40)
    tier = models.CharField(max_length=24, choices=Tier.choices, default=Tier.NONE)
    tier_source = models.CharField(
        max_length=10, choices=TierSource.choices, default=TierSource.SET
    )
    tier_reason = models.CharField(max_length=200, blank=True)
    statutory_clinical = models.BooleanField(default=False)
    # divide-metrics counts "chief executive and voting executive directors" on the board line; a
    # non-voting executive director (often the chief operating officer or people director) is
    # measured with senior management instead. Only meaningful for board executive posts.
    voting = models.BooleanField(
        default=True,
        db_default=True,
        help_text="Board executive posts: the holder has a vote on the board. Non-voting "
        "executive directors are counted with senior management, not on the board line.",
    )
    critical = models.BooleanField(default=False)

    class Meta:
        ordering = ["post_id", "valid_from"]
        indexes = [
            models.Index(fields=["organisation", "valid_from"]),
            models.Index(fields=["post", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.valid_from}–{self.valid_to or ''})"

    @property
    def is_management(self) -> bool:
        return self.tier != Tier.NONE
