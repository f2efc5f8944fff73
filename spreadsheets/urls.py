from django.urls import path

from spreadsheets import reorganisation_views, views

app_name = "spreadsheets"
urlpatterns = [
    path("roster/import/", views.roster_import, name="import"),
    path("roster/import/<str:token>/confirm/", views.roster_import_confirm, name="import_confirm"),
    path("roster/export/", views.roster_export, name="export"),
    path("reports/bm02/", views.bm02_page, name="bm02_page"),
    path("reports/bm02/xlsx/", views.bm02_report, name="bm02"),
    path("reorganisation/", reorganisation_views.index, name="reorganisation"),
    path(
        "reorganisation/<str:code>/",
        reorganisation_views.province_page,
        name="reorganisation_province",
    ),
    path(
        "reorganisation/<str:code>/proposal.xlsx",
        reorganisation_views.proposal_download,
        name="reorganisation_proposal",
    ),
    path(
        "reorganisation/<str:code>/apply/<str:token>/",
        reorganisation_views.apply,
        name="reorganisation_apply",
    ),
]
