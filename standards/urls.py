from django.urls import path

from standards import views

app_name = "standards"
urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("communes/<int:pk>/", views.commune_page, name="commune"),
    path("communes/<int:pk>/staffing/", views.commune_staffing, name="commune-staffing"),
    path("compliance/unmet/", views.unmet_officials, name="unmet"),
    path("api/v1/compliance", views.api_compliance, name="api-compliance"),
    path("reports/", views.closed_reports, name="closed-reports"),
    path("reports/<int:pk>/", views.closed_report, name="closed-report"),
]
