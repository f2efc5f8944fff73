from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = _("Cached figures")

    def ready(self):
        from django.core.signals import request_finished

        from figures import signals, versions

        signals.connect()
        request_finished.connect(versions.run_after_response, dispatch_uid="figures-refresh")
