from django.urls import path

from . import views

app_name = "monitor"
urlpatterns = [
    path("", views.index, name="index"),
    path("failed/<str:task_id>/retry/", views.failed_retry, name="failed_retry"),
    path("failed/<str:task_id>/delete/", views.failed_delete, name="failed_delete"),
    path("queued/<int:queued_id>/delete/", views.queued_delete, name="queued_delete"),
]
