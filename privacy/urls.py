from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.access_log_page, name="access_log"),
    path("export.csv", views.access_log_export, name="access_log_export"),
    path("candidates/<int:pk>/export/", views.candidate_export, name="export"),
    path("candidates/<int:pk>/erasure/", views.candidate_erasure_request, name="erasure_request"),
    path(
        "candidates/<int:pk>/erasure/<int:erasure_id>/cancel/",
        views.candidate_erasure_cancel,
        name="erasure_cancel",
    ),
    path("candidates/<int:pk>/erase-now/", views.candidate_erase_now, name="erase_now"),
]
