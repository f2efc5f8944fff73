from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo district of the seed article; it depends on every app and none depends on it."""

    name = "demo"
    verbose_name = _("Demo data")
