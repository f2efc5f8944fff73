from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cadre_registry.admin_tools import FoldedSearchMixin
from officials.models import Assignment, Credential, Official
from standards.models import PositionKind
from units.models import AdministrativeUnit


class CommuneFilter(admin.SimpleListFilter):
    """Filter by a commune that has posts, or by the district or province above it."""

    title = _("unit")
    parameter_name = "unit"
    commune_path = "assignments__commune"

    def lookups(self, request, model_admin):
        with_posts = Assignment.objects.values("commune")
        units = AdministrativeUnit.objects.filter(
            Q(pk__in=with_posts) | Q(children__in=with_posts) | Q(children__children__in=with_posts)
        ).distinct()
        return [(unit.pk, f"{unit.name} ({unit.code})") for unit in units.order_by("level", "code")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        path = self.commune_path
        return queryset.filter(
            Q(**{path: value})
            | Q(**{f"{path}__parent": value})
            | Q(**{f"{path}__parent__parent": value})
        ).distinct()


class AssignmentCommuneFilter(CommuneFilter):
    commune_path = "commune"


class PositionKindFilter(admin.SimpleListFilter):
    title = _("kind of post")
    parameter_name = "kind"
    position_path = "assignments__position__kind"

    def lookups(self, request, model_admin):
        return PositionKind.choices

    def queryset(self, request, queryset):
        if self.value() in PositionKind.values:
            return queryset.filter(**{self.position_path: self.value()}).distinct()
        return queryset


class AssignmentPositionKindFilter(PositionKindFilter):
    position_path = "position__kind"


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ("commune",)
    fields = ("position", "commune", "start_date", "end_date", "end_reason", "note")


class CredentialInline(admin.TabularInline):
    model = Credential
    extra = 0
    fields = (
        "dimension",
        "level",
        "field",
        "language",
        "issuer",
        "number",
        "awarded_on",
        "verification",
    )


@admin.register(Official)
class OfficialAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ("full_name", "citizen_id", "date_of_birth", "gender", "ethnicity")
    list_filter = (CommuneFilter, "assignments__position", PositionKindFilter, "gender")
    exact_search_fields = ("citizen_id",)
    inlines = [AssignmentInline, CredentialInline]
    fields = (
        "full_name",
        "citizen_id",
        "date_of_birth",
        "gender",
        "ethnicity",
        "party_joined_on",
        "phone",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()


@admin.register(Assignment)
class AssignmentAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ("official", "position", "commune", "start_date", "end_date", "end_reason")
    list_filter = (AssignmentCommuneFilter, "position", AssignmentPositionKindFilter, "end_reason")
    list_select_related = ("official", "position", "commune")
    folded_search_fields = ("official__search_key",)
    exact_search_fields = ("official__citizen_id",)
    autocomplete_fields = ("official", "commune")
    date_hierarchy = "start_date"


@admin.register(Credential)
class CredentialAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ("official", "dimension", "level", "field", "awarded_on", "verification")
    list_filter = ("dimension", "level", "verification")
    list_select_related = ("official",)
    folded_search_fields = ("official__search_key", "field_key")
    exact_search_fields = ("official__citizen_id",)
    autocomplete_fields = ("official",)
