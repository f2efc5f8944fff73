from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("training/", views.programme_list, name="programmes"),
    path("training/classes/", views.run_list, name="runs"),
    path("training/classes/add/", views.run_add, name="run_add"),
    path("training/classes/<int:pk>/", views.run_detail, name="run_detail"),
    path("training/classes/<int:pk>/nominate/", views.run_nominate, name="run_nominate"),
    path("training/classes/<int:pk>/results/", views.run_results, name="run_results"),
    path(
        "training/enrolments/<int:pk>/<slug:action>/",
        views.enrolment_action,
        name="enrolment_action",
    ),
    path("training/gaps/", views.gaps, name="gaps"),
    path("training/forecast/", views.forecast_page, name="forecast"),
    path("training/report/", views.report_page, name="report"),
]
