from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("officials/", views.official_list, name="official_list"),
    path("officials/add/", views.official_add, name="official_add"),
    path("officials/<int:pk>/", views.official_detail, name="official_detail"),
    path("officials/<int:pk>/panel/", views.official_panel, name="official_panel"),
    path("officials/<int:pk>/edit/", views.official_edit, name="official_edit"),
    path("officials/<int:pk>/history/", views.official_history_page, name="official_history"),
    path("officials/<int:pk>/remove/", views.official_remove, name="official_remove"),
    path("officials/<int:pk>/restore/", views.official_restore, name="official_restore"),
    path("officials/<int:pk>/posts/add/", views.assignment_add, name="assignment_add"),
    path("posts/<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("posts/<int:pk>/row/", views.assignment_row, name="assignment_row"),
    path("posts/<int:pk>/decide/", views.assignment_decide, name="assignment_decide"),
    path("officials/<int:pk>/credentials/add/", views.credential_add, name="credential_add"),
    path("credentials/<int:pk>/edit/", views.credential_edit, name="credential_edit"),
    path("credentials/<int:pk>/row/", views.credential_row, name="credential_row"),
    path("credentials/<int:pk>/evidence/", views.credential_evidence, name="credential_evidence"),
    path("credentials/<int:pk>/decide/", views.credential_decide, name="credential_decide"),
    path(
        "identity-changes/<int:pk>/decide/",
        views.identity_change_decide,
        name="identity_change_decide",
    ),
    path("verification/", views.verification_queue, name="verification_queue"),
    path("units/options/", views.unit_options, name="unit_options"),
]
