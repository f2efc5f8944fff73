"""The admin site: superusers everywhere, district staff in their scope (DESIGN §9)."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.access import can_enter_admin


class AdminLoginForm(AdminAuthenticationForm):
    """Refuse, at the admin's door, users who may not use the admin (secretaries, viewers)."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not can_enter_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class RegistryAdminSite(admin.AdminSite):
    site_header = _("Commune officials registry")
    site_title = _("Commune officials registry")
    index_title = _("Administration")
    login_form = AdminLoginForm

    def has_permission(self, request):
        """Refuse commune secretaries and viewers even if someone made them staff."""
        return can_enter_admin(request.user)
