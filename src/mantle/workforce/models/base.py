"""Effective dating shared by posts, assignments and registrations.

Each row is one *version*, true over the half-open interval [valid_from, valid_to); ``valid_to`` null means
"still true". A correction never updates a version in place: it marks the old one ``retracted_at`` and adds a
new one, so what was believed before the correction stays on record (and in the audit log).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q


class EffectiveQuerySet(models.QuerySet):
    def current_on(self, day: dt.date) -> EffectiveQuerySet:
        """Versions in force on ``day`` (not retracted)."""
        return self.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day),
            valid_from__lte=day,
            retracted_at__isnull=True,
        )

    def live(self) -> EffectiveQuerySet:
        return self.filter(retracted_at__isnull=True)


class EffectiveDated(models.Model):
    valid_from = models.DateField(db_index=True)
    valid_to = models.DateField(
        null=True, blank=True, help_text="First day no longer true (exclusive)."
    )
    retracted_at = models.DateTimeField(null=True, blank=True)

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def end_date(self) -> dt.date | None:
        """The last day this version was true, as people say it (inclusive)."""
        return self.valid_to - dt.timedelta(days=1) if self.valid_to else None
