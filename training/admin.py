"""Training in the admin: programmes and terms as data; classes scoped to the staff's units.

Enrolments change state only through the app's pages (training.services), so that a completion
always grants its credential; here they are read, annotated and, while nominated, removed.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_tools import ScopedAdminMixin
from training import permissions, services
from training.models import CourseRun, Enrolment, EnrolmentState, Programme, Term


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "dimension", "level", "field", "order")
    list_filter = ("dimension",)
    search_fields = ("code", "name")


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "starts_on", "ends_on")


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    fields = ("official", "state", "completed_on", "granted_credential", "note")
    readonly_fields = ("official", "state", "completed_on", "granted_credential")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CourseRun)
class CourseRunAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "programme", "provider", "starts_on", "ends_on", "capacity", "unit")
    list_filter = ("programme",)
    list_select_related = ("programme", "unit")
    search_fields = ("name", "provider", "place")
    date_hierarchy = "starts_on"
    inlines = [EnrolmentInline]

    def scoped_queryset(self, request):
        return permissions.runs_managed_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = permissions.units_managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Enrolment)
class EnrolmentAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ("official", "run", "state", "completed_on", "granted_credential")
    list_filter = ("state", "run__programme")
    list_select_related = ("official", "run__programme", "granted_credential")
    search_fields = ("official__search_key", "official__citizen_id")
    fields = ("run", "official", "state", "field", "completed_on", "granted_credential", "note")
    readonly_fields = ("run", "official", "state", "completed_on", "granted_credential")
    autocomplete_fields = ("official",)

    def scoped_queryset(self, request):
        return permissions.enrolments_visible_to(request.user).filter(
            run__in=permissions.runs_managed_by(request.user)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "run":
            kwargs["queryset"] = permissions.runs_managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("state", "completed_on", "granted_credential")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        try:
            enrolment = services.enrolment_nominate(
                run=obj.run, official=obj.official, actor=request.user, note=obj.note
            )
        except services.RunFull as full:
            raise PermissionDenied(str(full)) from None
        obj.pk = enrolment.pk

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.state != EnrolmentState.NOMINATED:
            return False
        return super().has_delete_permission(request, obj)


@admin.action(description=gettext_lazy("Nominate the selected officials into a class"))
def nominate_into_run(modeladmin, request, queryset):
    """An action for the officials' admin: choose a class, then nominate the selection at once."""
    runs = list(permissions.runs_open_for_nomination(request.user).order_by("-starts_on")[:200])
    if "apply" in request.POST:
        run = next((r for r in runs if str(r.pk) == request.POST.get("run")), None)
        if run is None:
            modeladmin.message_user(request, _("Choose a class."), messages.ERROR)
            return None
        try:
            added = services.run_nominate(run=run, officials=list(queryset), actor=request.user)
        except (services.RunFull, PermissionDenied) as error:
            text = str(error) or _("Nobody was added: you may not nominate some of them.")
            modeladmin.message_user(request, text, messages.ERROR)
            return None
        modeladmin.message_user(
            request,
            _("%(count)d official(s) nominated to %(run)s.") % {"count": len(added), "run": run},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Nominate the selected officials into a class"),
        "officials": queryset,
        "runs": runs,
        "action": request.POST.get("action"),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "training/admin/nominate.html", context)
