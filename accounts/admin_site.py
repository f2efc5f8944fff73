"""The admin site: superusers everywhere, district staff in their scope (DESIGN §9)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.access import can_enter_admin


class RegistryAdminSite(admin.AdminSite):
    site_header = _("Commune officials registry")
    site_title = _("Commune officials registry")
    index_title = _("Administration")

    def has_permission(self, request):
        """Refuse commune secretaries and viewers even if someone made them staff."""
        return can_enter_admin(request.user)
