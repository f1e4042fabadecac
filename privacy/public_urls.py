"""The candidate's page of his personal data, by his interview token (no login)."""

from django.urls import path

from privacy import public_views

app_name = "privacy_public"
urlpatterns = [path("i/<str:token>/my-data/", public_views.my_data, name="my_data")]
