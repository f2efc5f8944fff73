from django.urls import path

from standards import views

app_name = "standards"
urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("api/v1/compliance", views.api_compliance, name="api-compliance"),
    path("reports/", views.closed_reports, name="closed-reports"),
    path("reports/<int:pk>/", views.closed_report, name="closed-report"),
]
