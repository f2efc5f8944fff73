"""Admin building blocks: rows scoped to the user, and bulk actions with a confirmation page."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access, entries
from accounts.forms import RejectForm, VersionedFormMixin


class ScopedAdminMixin:
    """Limit an admin to the rows of the user's scope; outside it, even the history is a 404."""

    def scoped_queryset(self, request):
        raise NotImplementedError

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if access.is_superuser(request.user):
            return queryset
        return queryset.filter(pk__in=self.scoped_queryset(request).values("pk"))

    def _require_in_scope(self, request, object_id):
        if access.is_superuser(request.user):
            return  # superusers also read the history of deleted rows, to restore them
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class VersionedAdminForm(VersionedFormMixin, forms.ModelForm):
    """The admin's model form with the no-lost-update check."""


def confirm_decision(modeladmin, request, queryset, *, decision: str):
    """Verify or reject the selected posts or credentials, after a confirmation page."""
    form = RejectForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and (decision == "verify" or form.is_valid()):
        done = 0
        try:
            with transaction.atomic():
                for entry in queryset:
                    if decision == "verify":
                        entries.entry_verify(entry=entry, actor=request.user)
                    else:
                        reason = form.cleaned_data["reason"]
                        entries.entry_reject(entry=entry, reason=reason, actor=request.user)
                    done += 1
        except (PermissionDenied, ValidationError):
            modeladmin.message_user(
                request,
                _("Nothing was changed: you may not decide on some of them."),
                messages.ERROR,
            )
            return None
        text = _("Verified: %(count)d.") if decision == "verify" else _("Rejected: %(count)d.")
        modeladmin.message_user(request, text % {"count": done}, messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Verify the selected entries")
        if decision == "verify"
        else _("Reject the selected entries"),
        "entries": queryset,
        "form": form if decision == "reject" else None,
        "action": request.POST.get("action"),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "accounts/admin/confirm_action.html", context)


@admin.action(description=gettext_lazy("Verify the selected entries"))
def verify_selected(modeladmin, request, queryset):
    return confirm_decision(modeladmin, request, queryset, decision="verify")


@admin.action(description=gettext_lazy("Reject the selected entries, with a reason"))
def reject_selected(modeladmin, request, queryset):
    return confirm_decision(modeladmin, request, queryset, decision="reject")
