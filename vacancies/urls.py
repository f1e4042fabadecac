from django.urls import path

from vacancies import views

app_name = "vacancies"
urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("new/", views.vacancy_create, name="create"),
    path("<int:pk>/", views.vacancy_detail, name="detail"),
    path("<int:pk>/edit/", views.vacancy_edit, name="edit"),
    path("<int:pk>/close/", views.vacancy_close, name="close"),
    path("<int:pk>/reopen/", views.vacancy_reopen, name="reopen"),
    path("<int:pk>/invite/", views.vacancy_invite, name="invite"),
    path("<int:pk>/invite/search/", views.invite_search, name="invite_search"),
    path("<int:pk>/open-link/", views.open_link_create, name="open_link"),
    path("<int:pk>/links/<int:link_id>/revoke/", views.link_revoke, name="link_revoke"),
]
