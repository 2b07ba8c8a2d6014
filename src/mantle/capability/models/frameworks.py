"""Frameworks as versioned data.

A ``FrameworkVersion`` holds the framework's JSON exactly as validated by
``mantle.capability.frameworks.parse_framework``; the typed spec is parsed from it on demand and cached
by checksum. A version becomes immutable the first time an assessment, cycle or practice assessment
uses it (``first_used_at``): a changed framework is always a new version, so a result can always be
read against the exact statements its raters saw.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models

from mantle.capability.frameworks import CrosswalkSpec, FrameworkSpec, parse_framework

_SPEC_CACHE: dict[tuple[str, str], FrameworkSpec] = {}


def definition_checksum(definition: Any) -> str:
    """SHA-256 of the canonical JSON text, so the same framework loaded twice is recognised."""
    text = json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Framework(models.Model):
    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", "Leadership behaviours"
        MANAGEMENT_PRACTICE = "management_practice", "Management practice"

    key = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(models.Model):
    class Origin(models.TextChoices):
        SHIPPED = "shipped", "Shipped with Mantle"
        ADMINISTRATOR = "administrator", "Created by an administrator"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(max_length=40)
    definition = models.JSONField(help_text="The framework file's JSON, validated on load.")
    checksum = models.CharField(max_length=64)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.SHIPPED)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    first_used_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when first used; from then on the version is frozen."
    )
    available = models.BooleanField(
        default=True, help_text="Offered for new assessments. Old results stay readable either way."
    )

    class Meta:
        ordering = ["framework__name", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "version"], name="framework_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework.name} {self.version}"

    @property
    def in_use(self) -> bool:
        return self.first_used_at is not None

    @property
    def ref(self) -> str:
        return f"{self.framework.key}@{self.version}"

    def spec(self) -> FrameworkSpec:
        """The validated, typed framework; parsed once per process for each checksum."""
        cache_key = (str(self.pk), self.checksum)
        cached = _SPEC_CACHE.get(cache_key)
        if cached is None:
            cached = parse_framework(data=self.definition, source=f"database:{self.ref}")
            _SPEC_CACHE[cache_key] = cached
        return cached


class Crosswalk(models.Model):
    """Which dimensions (or groups) of one framework version correspond to those of another."""

    key = models.CharField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    source = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    definition = models.JSONField()
    checksum = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def spec(self) -> CrosswalkSpec:
        from mantle.capability.frameworks import parse_crosswalk

        return parse_crosswalk(
            data=self.definition,
            source=f"database:{self.key}",
            frameworks=[self.source.spec(), self.target.spec()],
        )
