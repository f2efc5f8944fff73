from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Users and roles")


class RegistryAdminConfig(admin_apps.AdminConfig):
    """The admin site that lets in superusers and district staff only (DESIGN §9)."""

    default = False
    default_site = "accounts.admin_site.RegistryAdminSite"
