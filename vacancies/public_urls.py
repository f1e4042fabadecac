"""Candidate-facing pages reached by token, no login (see vacancies.public_views)."""

from django.urls import path

from vacancies import public_views

app_name = "invite"
urlpatterns = [
    path("i/<str:token>/", public_views.landing, name="landing"),
    path("apply/<str:token>/", public_views.apply, name="apply"),
]
