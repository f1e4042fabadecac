from django.urls import path

from candidates.intake import views

app_name = "intake"
urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("candidate/<int:pk>/upload/", views.candidate_upload, name="candidate_upload"),
    path("batch/<int:pk>/", views.batch_detail, name="batch"),
    path("resume/<int:pk>/", views.resume_detail, name="resume"),
    path("merge/<int:keep_pk>/<int:merge_pk>/", views.merge, name="merge"),
]
