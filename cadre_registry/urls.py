from django.contrib import admin
from django.urls import include, path

from cadre_registry import views
from jobs import views as jobs_views
from pages import views as pages_views

urlpatterns = [
    path("", pages_views.dashboard, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("pages.urls")),
    path("", include("accounts.urls")),
    # Before spreadsheets: a large roster's confirmation, a large reorganisation worksheet and a
    # wide report download become background jobs (jobs.views); small ones are handed back.
    path(
        "roster/import/<str:token>/confirm/", jobs_views.import_confirm, name="import-confirm-job"
    ),
    path(
        "reorganisation/<str:code>/apply/<str:token>/",
        jobs_views.reorganisation_apply,
        name="reorganisation-apply-job",
    ),
    path("roster/export/", jobs_views.roster_export, name="export-job"),
    path("reports/bm02/xlsx/", jobs_views.bm02_report, name="bm02-job"),
    path("", include("jobs.urls")),
    path("", include("spreadsheets.urls")),
    path("", include("standards.urls")),
    path("", include("training.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
# Uploaded files (evidence, rosters waiting for confirmation) are never served as media, not even
# in DEBUG: evidence goes out only through pages:credential_evidence, which applies the access
# function.
