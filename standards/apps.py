from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = _("Standards catalogue")

    def ready(self):
        from figures import versions
        from standards import cached

        versions.after_change(cached.refresh)
