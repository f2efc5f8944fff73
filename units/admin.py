from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts import access, bulk
from accounts.admin_bulk import set_commune_class
from accounts.admin_tools import ScopedAdminMixin
from cadre_registry.admin_tools import FoldedSearchMixin
from spreadsheets.admin_actions import export_selected
from units.models import AdministrativeUnit


class ChildInline(admin.TabularInline):
    model = AdministrativeUnit
    fk_name = "parent"
    fields = ("code", "name", "kind", "commune_class", "special_area")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("unit under this one")
    verbose_name_plural = _("units under this one")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=access.visible_units(request.user))


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ScopedAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = (
        "code",
        "name",
        "kind",
        "dataset",
        "parent",
        "units_under",
        "commune_class",
        "special_area",
        "staffing_number",
    )
    list_filter = ("dataset", "level", "kind", "commune_class", "special_area")
    list_select_related = ("parent",)
    exact_search_fields = ("code",)
    readonly_fields = (
        "dataset",
        "code",
        "name",
        "kind",
        "level",
        "parent",
        "valid_from",
        "valid_to",
        "successor_list",
    )
    fields = readonly_fields + ("commune_class", "special_area", "staffing_number")
    inlines = [ChildInline]
    list_per_page = 50
    actions = [set_commune_class, export_selected]

    def scoped_queryset(self, request):
        return access.visible_units(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(children_count=Count("children"))

    def get_readonly_fields(self, request, obj=None):
        """Only province staff (and superusers) set a 2025 commune's staffing number (§11.3)."""
        fields = super().get_readonly_fields(request, obj)
        if obj is None or not access.staffing_communes(request.user).filter(pk=obj.pk).exists():
            fields = (*fields, "staffing_number")
        return fields

    def save_model(self, request, obj, form, change):
        """The staffing number goes through its service; class and area as before."""
        if set(form.changed_data) - {"staffing_number"}:
            super().save_model(request, obj, form, change)
        if "staffing_number" in form.changed_data:
            bulk.staffing_number_set(
                commune=obj, staffing_number=obj.staffing_number, actor=request.user
            )

    def has_change_permission(self, request, obj=None):
        """District staff set the class and area of their own units only (viewers elsewhere)."""
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed or access.is_superuser(request.user):
            return allowed
        return access.verifiable_units(request.user).filter(pk=obj.pk).exists()

    @admin.display(description=_("units under it"), ordering="children_count")
    def units_under(self, obj):
        return obj.children_count

    @admin.display(description=_("successors"))
    def successor_list(self, obj):
        return ", ".join(str(unit) for unit in obj.successors.all()) or "–"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
