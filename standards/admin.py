from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from officials.services import position_abolition_apply
from standards.models import (
    ClosedReport,
    ExcludedFieldPhrase,
    FieldKeyword,
    Position,
    Quota,
    Regime,
    Requirement,
)
from standards.permissions import closed_reports_visible_to


class FieldKeywordInline(admin.TabularInline):
    model = FieldKeyword
    extra = 1


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "group", "is_key", "counterpart", "abolished_on")
    list_filter = ("kind", "group", "is_key")
    list_select_related = ("counterpart",)
    search_fields = ("code", "name")
    inlines = [FieldKeywordInline]

    def save_model(self, request, obj, form, change):
        """Abolishing a position ends the posts still held of it, on that date (DESIGN §3)."""
        super().save_model(request, obj, form, change)
        if "abolished_on" in form.changed_data:
            position_abolition_apply(position=obj, actor=request.user)


class QuotaInline(admin.TabularInline):
    model = Quota
    extra = 0


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    fields = (
        "position",
        "dimension",
        "min_level",
        "special_min_level",
        "field_must_match",
        "citation",
        "is_default",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("position")


@admin.register(Regime)
class RegimeAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "effective_from", "effective_to", "grace_until")
    search_fields = ("code", "title", "legal_basis")
    inlines = [QuotaInline, RequirementInline]


@admin.register(Requirement)
class RequirementAdmin(SimpleHistoryAdmin):
    """Requirements one by one, with their own history (the regime page edits them in bulk)."""

    list_display = (
        "regime",
        "position",
        "dimension",
        "min_level",
        "special_min_level",
        "field_must_match",
        "citation",
        "is_default",
    )
    list_filter = ("regime", "position", "dimension", "field_must_match", "is_default")
    list_select_related = ("regime", "position")


@admin.register(ExcludedFieldPhrase)
class ExcludedFieldPhraseAdmin(SimpleHistoryAdmin):
    """Phrases that make a field match no position's keyword ("xây dựng đảng")."""

    list_display = ("phrase",)
    search_fields = ("phrase",)


@admin.register(ClosedReport)
class ClosedReportAdmin(admin.ModelAdmin):
    """Closed reports are read only: they keep the figures as reported."""

    list_display = ("title", "scope", "as_of", "regime", "closed_by", "closed_at")
    list_select_related = ("scope", "regime", "closed_by")
    readonly_fields = ("title", "scope", "as_of", "regime", "verified_only", "closed_by")
    fields = readonly_fields

    def get_queryset(self, request):
        return closed_reports_visible_to(request.user).select_related(
            "scope", "regime", "closed_by"
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
