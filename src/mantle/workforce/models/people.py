"""People, their employee numbers, equality data (held apart), registrations and assignments."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mantle.workforce.rules.equality_codes import (
    DISABILITY_WORDS,
    ETHNIC_CATEGORY_WORDS,
    SEX_WORDS,
    in_words,
)

from .base import EffectiveDated
from .organisations import Organisation
from .posts import Post


class Person(models.Model):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class EmployeeNumber(models.Model):
    """A person's identifier in one organisation's staff record (a person may have several)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employee_numbers")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    number = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="employee_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.number}"


class EqualityRecord(models.Model):
    """Equality monitoring data, held apart from the person so that access can be stricter.

    Codes are NHS Data Dictionary codes (person stated gender, ethnic category, disability).
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="equality")
    sex = models.CharField(max_length=2, blank=True)
    ethnic_category = models.CharField(max_length=2, blank=True)
    disability = models.CharField(max_length=2, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Equality record {self.person_id}"

    @property
    def sex_words(self) -> str:
        """Sex in NHS Data Dictionary words (e.g. "Female"), not the code."""
        return in_words(self.sex, SEX_WORDS)

    @property
    def ethnic_category_words(self) -> str:
        """Ethnic category in NHS Data Dictionary words (e.g. "White – British")."""
        return in_words(self.ethnic_category, ETHNIC_CATEGORY_WORDS)

    @property
    def disability_words(self) -> str:
        """Disability in words (e.g. "No")."""
        return in_words(self.disability, DISABILITY_WORDS)


class Registration(EffectiveDated):
    class Body(models.TextChoices):
        GMC = "GMC", "General Medical Council"
        NMC = "NMC", "Nursing and Midwifery Council"
        HCPC = "HCPC", "Health and Care Professions Council"
        GPHC = "GPhC", "General Pharmaceutical Council"
        GDC = "GDC", "General Dental Council"
        GOC = "GOC", "General Optical Council"
        GOSC = "GOsC", "General Osteopathic Council"
        GCC = "GCC", "General Chiropractic Council"
        PSNI = "PSNI", "Pharmaceutical Society of Northern Ireland"

    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        LAPSED = "lapsed", "Lapsed"
        REMOVED = "removed", "Removed"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="registrations")
    body = models.CharField(max_length=8, choices=Body.choices)
    number = models.CharField(max_length=20)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REGISTERED)

    class Meta:
        ordering = ["person_id", "body", "valid_from"]
        indexes = [
            models.Index(fields=["body", "number"]),
            models.Index(fields=["person", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.number} ({self.status})"


class Assignment(EffectiveDated):
    """A person holding a post for some FTE. A person may hold several at once (a consultant at 0.8 plus
    a clinical-director post at 0.2). Versions share ``assignment_number``."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    assignment_number = models.CharField(max_length=40)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="assignments")
    fte = models.DecimalField(max_digits=7, decimal_places=5)
    start_date = models.DateField(help_text="When the assignment first started.")
    acting = models.BooleanField(default=False, help_text="Acting up or secondment into the post.")

    class Meta:
        ordering = ["person_id", "valid_from"]
        indexes = [
            models.Index(fields=["organisation", "assignment_number"]),
            models.Index(fields=["post", "valid_from"]),
            models.Index(fields=["person", "valid_from"]),
            models.Index(fields=["organisation", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_number} {self.person_id}→{self.post_id}"
