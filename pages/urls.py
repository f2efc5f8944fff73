from django.urls import path

from pages import official_views, views

app_name = "pages"
urlpatterns = [
    path("communes/<int:pk>/", views.commune_page, name="commune"),
    path("communes/<int:pk>/staffing/", views.commune_staffing, name="commune-staffing"),
    path("compliance/unmet/", views.unmet_officials, name="unmet"),
    path("officials/", official_views.official_list, name="official_list"),
    path("officials/add/", official_views.official_add, name="official_add"),
    path("officials/<int:pk>/", official_views.official_detail, name="official_detail"),
    path("officials/<int:pk>/panel/", official_views.official_panel, name="official_panel"),
    path("officials/<int:pk>/edit/", official_views.official_edit, name="official_edit"),
    path(
        "officials/<int:pk>/history/",
        official_views.official_history_page,
        name="official_history",
    ),
    path("officials/<int:pk>/remove/", official_views.official_remove, name="official_remove"),
    path("officials/<int:pk>/restore/", official_views.official_restore, name="official_restore"),
    path("officials/<int:pk>/posts/add/", official_views.assignment_add, name="assignment_add"),
    path("posts/<int:pk>/edit/", official_views.assignment_edit, name="assignment_edit"),
    path("posts/<int:pk>/row/", official_views.assignment_row, name="assignment_row"),
    path(
        "officials/<int:pk>/credentials/add/",
        official_views.credential_add,
        name="credential_add",
    ),
    path("credentials/<int:pk>/edit/", official_views.credential_edit, name="credential_edit"),
    path("credentials/<int:pk>/row/", official_views.credential_row, name="credential_row"),
    path(
        "credentials/<int:pk>/evidence/",
        official_views.credential_evidence,
        name="credential_evidence",
    ),
]
