from django.urls import path

from matching import views

app_name = "matching"
urlpatterns = [
    path("vacancies/<int:pk>/recommended/<int:candidate_id>/add/", views.recommended_add, name="recommended_add"),
]
