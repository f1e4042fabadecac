from django.urls import path

from candidates import views

app_name = "candidates"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("board/<slug:stage>/", views.board_column, name="board_column"),
    path("new/", views.candidate_create, name="create"),
    path("<int:pk>/", views.candidate_detail, name="detail"),
    path("<int:pk>/edit/", views.candidate_edit, name="edit"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/assign/", views.candidate_assign, name="assign"),
    path("<int:pk>/invite/", views.candidate_invite, name="invite"),
    path("<int:pk>/resumes/<int:resume_id>/", views.resume_download, name="resume_download"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
]
