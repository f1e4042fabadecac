from django.urls import path

from candidates import bulk_views, views

app_name = "candidates"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("bulk/", bulk_views.bulk_action, name="bulk"),
    path("bulk/filters/", bulk_views.saved_filter_save, name="saved_filter_save"),
    path("bulk/filters/<int:pk>/delete/", bulk_views.saved_filter_delete, name="saved_filter_delete"),
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
