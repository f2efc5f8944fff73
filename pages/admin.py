"""The admin classes of units and officials: they offer actions of higher apps (bulk edits,
exports, nominations), so they live on the top floor with the pages."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from accounts import access, entries
from accounts.admin_tools import (
    ScopedAdminMixin,
    VersionedAdminForm,
    reject_selected,
    verify_selected,
)
from cadre_registry.admin_tools import FoldedSearchMixin
from officials.models import Assignment, Credential, Official
from pages import bulk
from pages.admin_bulk import end_selected_posts, move_selected_officials, set_commune_class
from spreadsheets.admin_actions import export_selected
from standards.models import PositionKind
from training.admin import nominate_into_run
from units.models import AdministrativeUnit


class ChildInline(admin.TabularInline):
    model = AdministrativeUnit
    fk_name = "parent"
    fields = ("code", "name", "kind", "commune_class", "special_area")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = gettext_lazy("unit under this one")
    verbose_name_plural = gettext_lazy("units under this one")

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

    @admin.display(description=gettext_lazy("units under it"), ordering="children_count")
    def units_under(self, obj):
        return obj.children_count

    @admin.display(description=gettext_lazy("successors"))
    def successor_list(self, obj):
        return ", ".join(str(unit) for unit in obj.successors.all()) or "–"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommuneFilter(admin.SimpleListFilter):
    """Filter by a commune that has posts, or by the district or province above it."""

    title = gettext_lazy("unit")
    parameter_name = "unit"
    commune_path = "assignments__commune"

    def lookups(self, request, model_admin):
        with_posts = Assignment.objects.filter(
            commune__in=access.visible_communes(request.user)
        ).values("commune")
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
    title = gettext_lazy("kind of post")
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


class ScopedChoicesMixin:
    """Offer only the communes and officials the user may edit in foreign-key fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "commune":
            kwargs["queryset"] = access.editable_communes(request.user)
        elif db_field.name == "official":
            kwargs["queryset"] = access.officials_editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AssignmentInline(ScopedChoicesMixin, admin.TabularInline):
    model = Assignment
    form = VersionedAdminForm
    extra = 0
    autocomplete_fields = ("commune",)
    fields = (
        "position",
        "commune",
        "start_date",
        "end_date",
        "end_reason",
        "from_district",
        "note",
    )

    def get_queryset(self, request):
        return access.assignments_visible_to(request.user).select_related("position", "commune")

    def has_delete_permission(self, request, obj=None):
        return access.is_superuser(request.user)


class CredentialInline(admin.TabularInline):
    model = Credential
    form = VersionedAdminForm
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

    def get_queryset(self, request):
        return access.credentials_visible_to(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.is_superuser(request.user)


@admin.action(
    description=gettext_lazy("Remove the selected officials (they can be restored)"),
    permissions=["change"],
)
def remove_selected(modeladmin, request, queryset):
    if "apply" not in request.POST:
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": _("Remove the selected officials"),
            "entries": queryset,
            "action": request.POST.get("action"),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "accounts/admin/confirm_action.html", context)
    with transaction.atomic():
        for official in queryset:
            entries.official_remove(official=official, actor=request.user)
    modeladmin.message_user(
        request, _("Removed: %(count)d.") % {"count": len(queryset)}, messages.SUCCESS
    )
    return None


@admin.action(
    description=gettext_lazy("Restore the selected removed officials"), permissions=["restore"]
)
def restore_selected(modeladmin, request, queryset):
    with transaction.atomic():
        for official in queryset.filter(removed_at__isnull=False):
            entries.official_restore(official=official, actor=request.user)
    modeladmin.message_user(request, _("Restored."), messages.SUCCESS)


class RemovedFilter(admin.SimpleListFilter):
    title = gettext_lazy("removed")
    parameter_name = "removed"

    def lookups(self, request, model_admin):
        return [("yes", _("Removed")), ("no", _("Not removed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(removed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(removed_at__isnull=True)
        return queryset


@admin.register(Official)
class OfficialAdmin(ScopedAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    form = VersionedAdminForm
    list_display = ("full_name", "citizen_id", "date_of_birth", "gender", "ethnicity", "removed_at")
    list_filter = (CommuneFilter, "assignments__position", PositionKindFilter, "gender")
    exact_search_fields = ("citizen_id",)
    inlines = [AssignmentInline, CredentialInline]
    actions = [
        remove_selected,
        restore_selected,
        nominate_into_run,
        move_selected_officials,
        export_selected,
    ]
    fields = (
        "full_name",
        "citizen_id",
        "date_of_birth",
        "gender",
        "ethnicity",
        "religion",
        "party_member",
        "party_joined_on",
        "phone",
    )

    def scoped_queryset(self, request):
        return access.officials_visible_to(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def get_list_filter(self, request):
        if access.is_superuser(request.user):
            return (*self.list_filter, RemovedFilter)
        return self.list_filter

    def has_restore_permission(self, request):
        return access.is_superuser(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return access.can_edit_official(request.user, obj)


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdminMixin, ScopedChoicesMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    form = VersionedAdminForm
    list_display = (
        "official",
        "position",
        "commune",
        "start_date",
        "end_date",
        "end_reason",
        "verification",
    )
    list_filter = (
        AssignmentCommuneFilter,
        "position",
        AssignmentPositionKindFilter,
        "end_reason",
        "verification",
    )
    list_select_related = ("official", "position", "commune")
    folded_search_fields = ("official__search_key",)
    exact_search_fields = ("official__citizen_id",)
    autocomplete_fields = ("official", "commune")
    date_hierarchy = "start_date"
    readonly_fields = ("verification", "verification_note")
    actions = [verify_selected, reject_selected, end_selected_posts, export_selected]

    def scoped_queryset(self, request):
        return access.assignments_visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return access.assignments_editable_by(request.user).filter(pk=obj.pk).exists()


@admin.register(Credential)
class CredentialAdmin(ScopedAdminMixin, ScopedChoicesMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    form = VersionedAdminForm
    list_display = ("official", "dimension", "level", "field", "awarded_on", "verification")
    list_filter = ("dimension", "level", "verification")
    list_select_related = ("official",)
    folded_search_fields = ("official__search_key", "field_key")
    exact_search_fields = ("official__citizen_id",)
    autocomplete_fields = ("official",)
    readonly_fields = ("verification_note",)
    actions = [verify_selected, reject_selected]

    def scoped_queryset(self, request):
        return access.credentials_visible_to(request.user)
