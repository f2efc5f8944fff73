from django.urls import path

from spreadsheets import views

app_name = "spreadsheets"
urlpatterns = [
    path("roster/import/", views.roster_import, name="import"),
    path("roster/import/<str:token>/confirm/", views.roster_import_confirm, name="import_confirm"),
    path("roster/export/", views.roster_export, name="export"),
    path("reports/bm02/", views.bm02_page, name="bm02_page"),
    path("reports/bm02/xlsx/", views.bm02_report, name="bm02"),
]
