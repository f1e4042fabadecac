from django.urls import path

from pool import views

app_name = "pool"
urlpatterns = [
    path("", views.pool_page, name="index"),
    path("families/new/", views.family_create, name="family_create"),
    path(
        "vacancies/<int:vacancy_pk>/continue/<int:candidate_pk>/",
        views.continuation_invite,
        name="continuation_invite",
    ),
]
