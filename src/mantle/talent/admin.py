"""Admin: read-mostly views for support staff. Changes belong in the services (audited), so the admin
lists records and lets nobody add, change or delete them through it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.TalentSettings)
class TalentSettingsAdmin(ReadOnlyAdmin):
    list_display = [
        "organisation",
        "retirement_basis",
        "near_retirement_years",
        "far_retirement_years",
        "show_placement_to_person",
    ]


@admin.register(models.TalentReview)
class TalentReviewAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "organisation",
        "population_kind",
        "population_value",
        "as_of",
        "status",
    ]
    list_filter = ["status"]


@admin.register(models.TalentPool)
class TalentPoolAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "clinicians_only", "share_within_icb", "is_active"]


@admin.register(models.SuccessionPlan)
class SuccessionPlanAdmin(ReadOnlyAdmin):
    list_display = ["post", "organisation", "next_review_on", "last_reviewed_on"]
