"""All WebSocket routes of the project, gathered from the apps."""

from django.urls import path

from hrcrm.consumers import PingConsumer
from interviews.consumers import InterviewConsumer

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    path("ws/interview/<str:token>/", InterviewConsumer.as_asgi()),
]
