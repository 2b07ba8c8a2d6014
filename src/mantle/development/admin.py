"""Django admin for the catalogue and requirements only. FPPT records, holdings and evidence are
deliberately absent: they are read only through Mantle's access-checked, audited pages."""

from django.contrib import admin

from .models import Cohort, Offering, Requirement


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ("name", "provider", "kind", "category", "level", "organisation", "active")
    list_filter = ("kind", "category", "active")
    search_fields = ("name", "provider", "code")


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("offering", "name", "organisation", "starts_on", "ends_on")


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "strength", "tier", "job_role", "grace_days", "active")
    list_filter = ("strength", "active")
