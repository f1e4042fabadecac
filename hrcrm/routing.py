"""All WebSocket routes of the project, gathered from the apps."""

from django.urls import path

from hrcrm.consumers import PingConsumer

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
]
