from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import RoleGrant


@admin.register(RoleGrant)
class RoleGrantAdmin(SimpleHistoryAdmin):
    """Superusers grant roles here (or with `grant_role`); district staff have no access."""

    list_display = ("user", "role", "unit", "granted_at")
    list_filter = ("role",)
    list_select_related = ("user", "unit")
    search_fields = ("user__username", "unit__code", "unit__name")
    autocomplete_fields = ("unit",)
