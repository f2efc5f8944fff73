from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("posts/<int:pk>/decide/", views.assignment_decide, name="assignment_decide"),
    path("credentials/<int:pk>/decide/", views.credential_decide, name="credential_decide"),
    path(
        "identity-changes/<int:pk>/decide/",
        views.identity_change_decide,
        name="identity_change_decide",
    ),
    path("verification/", views.verification_queue, name="verification_queue"),
    path("units/options/", views.unit_options, name="unit_options"),
]
