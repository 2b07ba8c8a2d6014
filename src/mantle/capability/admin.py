"""Django admin for capability: frameworks are read-only once used; cycles show status only.

Responses are deliberately not registered: no admin screen may show an individual's answers.
Nominations are shown without their draft answers for the same reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Cohort,
    Crosswalk,
    Cycle,
    Framework,
    FrameworkVersion,
    Nomination,
    PracticeAssessment,
)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "kind"]
    readonly_fields = ["key", "kind"]


VERSION_FIELDS = [
    "framework",
    "version",
    "origin",
    "based_on",
    "created_by",
    "created_at",
    "first_used_at",
    "available",
    "checksum",
    "definition",
]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["framework", "version", "origin", "first_used_at", "available"]
    list_filter = ["framework", "origin", "available"]
    fields = [
        "framework",
        "version",
        "origin",
        "based_on",
        "created_by",
        "created_at",
        "first_used_at",
        "available",
        "checksum",
        "definition",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Only availability may change here; new versions are published from the framework page,
        # where every validation rule runs. A used version is frozen in any case.
        return [f for f in VERSION_FIELDS if f != "available"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Crosswalk)
class CrosswalkAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "target"]
    readonly_fields = ["key", "name", "source", "target", "definition", "checksum", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class NominationInline(admin.TabularInline):
    model = Nomination
    fields = ["group", "name", "email", "external", "status", "invited_at"]
    readonly_fields = ["group", "name", "email", "external", "status", "invited_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = [
        "participant",
        "organisation",
        "framework_version",
        "mode",
        "status",
        "deadline",
    ]
    list_filter = ["status", "mode", "organisation"]
    fields = [
        "participant",
        "organisation",
        "framework_version",
        "cohort",
        "mode",
        "status",
        "deadline",
        "line_manager",
        "facilitator",
        "created_at",
        "launched_at",
        "closed_at",
        "released_at",
    ]
    readonly_fields = [
        "participant",
        "organisation",
        "framework_version",
        "cohort",
        "mode",
        "status",
        "deadline",
        "line_manager",
        "facilitator",
        "created_at",
        "launched_at",
        "closed_at",
        "released_at",
    ]
    inlines = [NominationInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "framework_version", "deadline"]
    readonly_fields = ["organisation", "framework_version", "mode", "created_by", "created_at"]


@admin.register(PracticeAssessment)
class PracticeAssessmentAdmin(admin.ModelAdmin):
    list_display = ["unit", "organisation", "assessed_on", "status"]
    list_filter = ["status", "organisation"]
    readonly_fields = [
        "organisation",
        "unit",
        "framework_version",
        "lead",
        "assessed_on",
        "status",
        "results",
        "created_at",
        "completed_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
