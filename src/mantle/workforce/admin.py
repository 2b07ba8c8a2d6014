"""Django admin for superusers (day-to-day editing is through Mantle's own forms)."""

from django.contrib import admin

from .models import (
    Assignment,
    EmployeeNumber,
    EqualityRecord,
    OccupationCode,
    Organisation,
    Person,
    Post,
    PostVersion,
    Registration,
    TierRuleRow,
    Unit,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "org_type", "region_code", "parent", "closed"]
    list_filter = ["org_type"]
    search_fields = ["code", "name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["path", "organisation", "depth"]
    search_fields = ["path"]
    list_filter = ["organisation"]


@admin.register(TierRuleRow)
class TierRuleRowAdmin(admin.ModelAdmin):
    list_display = [
        "priority",
        "description",
        "tier",
        "job_role_pattern",
        "title_pattern",
        "occupation_prefix",
        "min_band",
        "max_band",
        "active",
    ]
    list_editable = ["active"]


@admin.register(OccupationCode)
class OccupationCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "main_staff_group", "staff_group", "is_valid"]
    search_fields = ["code", "name"]


class PostVersionInline(admin.TabularInline):
    model = PostVersion
    fk_name = "post"
    extra = 0
    fields = [
        "valid_from",
        "valid_to",
        "retracted_at",
        "title",
        "unit",
        "tier",
        "tier_source",
        "statutory_clinical",
        "voting",
        "critical",
    ]
    raw_id_fields = ["unit"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["position_number", "organisation"]
    search_fields = ["position_number"]
    inlines = [PostVersionInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "date_of_birth", "user"]
    search_fields = ["last_name", "first_name"]
    raw_id_fields = ["user"]


@admin.register(EmployeeNumber)
class EmployeeNumberAdmin(admin.ModelAdmin):
    list_display = ["number", "organisation", "person"]
    search_fields = ["number"]
    raw_id_fields = ["person"]


@admin.register(EqualityRecord)
class EqualityRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "sex", "ethnic_category", "disability"]
    raw_id_fields = ["person"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["person", "body", "number", "status", "valid_from", "valid_to"]
    list_filter = ["body", "status"]
    search_fields = ["number"]
    raw_id_fields = ["person"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["assignment_number", "person", "post", "fte", "valid_from", "valid_to"]
    search_fields = ["assignment_number"]
    raw_id_fields = ["person", "post"]
