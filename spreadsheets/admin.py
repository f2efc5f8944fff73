"""The roster import and export in the admin site, for superusers and district staff (§9)."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from spreadsheets import access
from spreadsheets.forms import ExportForm, UploadForm
from spreadsheets.models import RosterSpreadsheet
from spreadsheets.views import confirm_upload, preview_upload


@admin.register(RosterSpreadsheet)
class RosterSpreadsheetAdmin(admin.ModelAdmin):
    """An admin page instead of a list: upload, preview, confirm; export and BM02 downloads."""

    def has_module_permission(self, request):
        return access.can_use_admin_tools(request.user)

    def has_view_permission(self, request, obj=None):
        return access.can_use_admin_tools(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        confirm = self.admin_site.admin_view(self.confirm_view)
        return [
            path("<str:token>/confirm/", confirm, name="spreadsheets_roster_confirm"),
            *super().get_urls(),
        ]

    def _render(self, request, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": self.model._meta.verbose_name_plural,
            "form": UploadForm(),
            "export_form": ExportForm(initial={"format": "xlsx"}),
            **context,
        }
        token = context.get("token")
        if token:
            context["confirm_url"] = reverse("admin:spreadsheets_roster_confirm", args=[token])
        return TemplateResponse(request, "spreadsheets/admin_import.html", context)

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            return redirect("admin:index")
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            token, report = preview_upload(request, form)
            return self._render(request, form=form, report=report, token=token)
        return self._render(request, form=form)

    def confirm_view(self, request, token):
        if request.method != "POST" or not self.has_view_permission(request):
            return redirect("admin:spreadsheets_rosterspreadsheet_changelist")
        report = confirm_upload(request, token)
        if report.committed:
            messages.success(request, f"{report.summary()} {report.outcome()}")
            return redirect("admin:spreadsheets_rosterspreadsheet_changelist")
        if report.already:
            messages.info(request, report.already)
            return redirect("admin:spreadsheets_rosterspreadsheet_changelist")
        return self._render(request, report=report, token=token)
