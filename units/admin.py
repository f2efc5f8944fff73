from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cadre_registry.admin_tools import FoldedSearchMixin
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


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = (
        "code",
        "name",
        "kind",
        "dataset",
        "parent",
        "units_under",
        "commune_class",
        "special_area",
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
    fields = readonly_fields + ("commune_class", "special_area")
    inlines = [ChildInline]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(children_count=Count("children"))

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
