from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"

    def ready(self):
        from pages.views import commune_page_roster, dashboard_page
        from standards import cached

        # What a writer's refresh renders again: the parts of these pages kept per question.
        cached.keep_pages("dashboard", dashboard_page)
        cached.keep_pages("commune-page", commune_page_roster)
