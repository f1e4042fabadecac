from django.urls import path

from interviews import views

app_name = "interviews"
urlpatterns = [
    path("", views.interview_list, name="list"),
    path("room/<str:token>/", views.room, name="room"),
    path("human/<str:token>/", views.request_human, name="request_human"),
    path("application/<int:application_pk>/plan/", views.plan_edit, name="plan"),
    path("<int:pk>/status/", views.live_status, name="live_status"),
    path("<int:pk>/stop/", views.interview_stop, name="stop"),
    path("room/<str:token>/recording/", views.recording_upload, name="recording_upload"),
    path("room/<str:token>/practice/", views.practice_answer, name="practice"),
    path("room/<str:token>/practice/question.wav", views.practice_question_audio, name="practice_question"),
    path("recordings/<int:pk>/", views.recording_file, name="recording_file"),
    path("<int:pk>/recording/", views.joined_recording_file, name="joined_recording"),
]
