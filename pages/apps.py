from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"

    def ready(self):
        from pages.views import dashboard_page
        from standards import cached

        cached.keep_pages("dashboard", dashboard_page)
