from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from hrcrm.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def _connect(user) -> WebsocketCommunicator:
    from hrcrm.consumers import PingConsumer

    communicator = WebsocketCommunicator(PingConsumer.as_asgi(), "/ws/ping/")
    communicator.scope["user"] = user
    return communicator


async def test_staff_gets_a_pong(recruiter) -> None:
    communicator = await _connect(recruiter)
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"echo": "привет"})
    assert await communicator.receive_json_from() == {"type": "pong", "echo": "привет"}
    await communicator.disconnect()


async def test_anonymous_is_refused() -> None:
    communicator = await _connect(AnonymousUser())
    connected, code = await communicator.connect()
    assert not connected and code == 4403


async def test_the_asgi_router_rejects_foreign_origins() -> None:
    communicator = WebsocketCommunicator(application, "/ws/ping/", headers=[(b"origin", b"http://evil.example")])
    connected, _ = await communicator.connect()
    assert not connected
