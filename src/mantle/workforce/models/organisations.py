"""Organisations (by ODS code), their unit trees, occupation codes and tier inference rules."""

from __future__ import annotations

from django.db import models


class Organisation(models.Model):
    class Type(models.TextChoices):
        ACUTE = "acute", "Acute trust"
        MENTAL_HEALTH = "mental_health", "Mental health trust"
        COMMUNITY = "community", "Community trust"
        AMBULANCE = "ambulance", "Ambulance trust"
        TRUST = "trust", "NHS trust (type not recorded)"
        ICB = "icb", "Integrated care board"
        SUB_ICB = "sub_icb", "Sub-ICB location / CCG"
        OTHER = "other", "Other"

    code = models.CharField("ODS code", max_length=8, unique=True)
    name = models.CharField(max_length=200)
    org_type = models.CharField("type", max_length=16, choices=Type.choices, default=Type.TRUST)
    region_code = models.CharField(max_length=8, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The integrated care board this organisation sits in.",
    )
    opened = models.DateField(null=True, blank=True)
    closed = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Unit(models.Model):
    """A node of an organisation's structure: division → directorate → service → team, any depth.

    ``path`` is the full '/'-joined name path from the organisation root, so a subtree is one prefix query.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=200)
    path = models.CharField(max_length=1000)
    depth = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "path"], name="unit_unique_path"),
        ]

    def __str__(self) -> str:
        return self.path


class OccupationCode(models.Model):
    """The NHS Occupation Code Manual list, when loaded (``mantle load-occupation-codes``)."""

    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=200)
    main_staff_group = models.CharField(max_length=80)
    staff_group = models.CharField(max_length=80, blank=True)
    level = models.CharField(max_length=120, blank=True)
    is_valid = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TierRuleRow(models.Model):
    """An administrator-editable tier inference rule. When the table is empty, Mantle's documented
    defaults (``mantle.workforce.rules.tiers.DEFAULT_TIER_RULES``) apply."""

    priority = models.PositiveIntegerField()
    tier = models.CharField(max_length=24)
    description = models.CharField(max_length=200)
    job_role_pattern = models.CharField(max_length=200, blank=True)
    title_pattern = models.CharField(max_length=200, blank=True)
    occupation_prefix = models.CharField(max_length=3, blank=True)
    min_band = models.CharField(max_length=20, blank=True)
    max_band = models.CharField(max_length=20, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return f"{self.priority}: {self.description} → {self.tier}"
