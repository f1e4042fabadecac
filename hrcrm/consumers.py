from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from hrcrm.roles import is_staff_member


class PingConsumer(AsyncJsonWebsocketConsumer):
    """Connection check for staff pages (shows «онлайн» in the header); also proves the
    ASGI stack, sessions and the channel layer work end to end."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not await _is_staff(user):
            await self.close(code=4403)
            return
        await self.accept()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        await self.send_json({"type": "pong", "echo": content.get("echo")})


async def _is_staff(user: Any) -> bool:
    from channels.db import database_sync_to_async

    return await database_sync_to_async(is_staff_member)(user)
