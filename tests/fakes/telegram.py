"""A local fake of the Telegram Bot API speaking its real HTTP methods and JSON shapes:
``POST /bot<token>/<method>`` answered with ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": N, "description": "..."}``.

``getMe`` names the bot; ``getUpdates`` returns the scripted updates from ``offset`` on
(earlier ones count as confirmed and are dropped, as Telegram does); ``sendMessage``
records the message (a chat in ``blocked`` gets Telegram's 403);
``answerCallbackQuery`` is acknowledged; ``setWebhook`` is remembered. Anything else is Telegram's 404.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

from tests.fakes.server import FakeServer, Recorded, Response

TOKEN = "123456:TEST-token"
BOT = {"id": 123456, "is_bot": True, "first_name": "HR CRM", "username": "hrcrm_test_bot"}


class FakeTelegram(FakeServer):
    def __init__(self, token: str = TOKEN) -> None:
        super().__init__()
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.blocked: set[int] = set()
        self.webhook: dict[str, Any] = {}
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)

    def reset(self) -> None:
        super().reset()
        with self._lock:
            self.updates.clear()
            self.sent.clear()
            self.blocked.clear()

    # --- scripting what users do ----------------------------------------------------------
    @staticmethod
    def person(user_id: int, first_name: str = "Иван", last_name: str = "", username: str = "") -> dict[str, Any]:
        person: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "ru"}
        if last_name:
            person["last_name"] = last_name
        if username:
            person["username"] = username
        return person

    def user_says(self, person: dict[str, Any], text: str) -> dict[str, Any]:
        chat = {"id": person["id"], "type": "private", "first_name": person["first_name"]}
        message = {
            "message_id": next(self._message_ids),
            "from": person,
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"offset": 0, "length": len(text.split(" ", 1)[0]), "type": "bot_command"}]
        return self._push({"message": message})

    def user_presses(self, person: dict[str, Any], data: str) -> dict[str, Any]:
        """The person presses an inline button under the bot's last message to him."""
        last = next(
            (m for m in reversed(self.sent) if m["chat"]["id"] == person["id"]),
            # A button under no message of ours: what a forged callback would look like.
            {"message_id": 1, "from": BOT, "chat": {"id": person["id"], "type": "private"}, "date": 0, "text": ""},
        )
        query = {
            "id": str(next(self._update_ids)),
            "from": person,
            "message": last,
            "chat_instance": "1",
            "data": data,
        }
        return self._push({"callback_query": query})

    def _push(self, body: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **body}
        with self._lock:
            self.updates.append(update)
        return update

    def texts_to(self, chat_id: int) -> list[str]:
        return [m["text"] for m in self.sent if m["chat"]["id"] == chat_id]

    # --- the API --------------------------------------------------------------------------
    def route(self, request: Recorded) -> Response:
        prefix = f"/bot{self.token}/"
        if not request.path.startswith(prefix):
            return Response(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        method = request.path.removeprefix(prefix)
        payload = request.json() if request.body else {}
        if method == "getMe":
            return self._ok(BOT)
        if method == "getUpdates":
            offset = payload.get("offset")
            with self._lock:
                if offset is not None:
                    self.updates = [u for u in self.updates if u["update_id"] >= offset]
                return self._ok(list(self.updates))
        if method == "sendMessage":
            chat_id = int(payload["chat_id"])
            if chat_id in self.blocked:
                return Response(
                    403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
                )
            if not str(payload.get("text", "")).strip():
                return Response(
                    400, {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}
                )
            message = {
                "message_id": next(self._message_ids),
                "from": BOT,
                "chat": {"id": chat_id, "type": "private"},
                "date": int(time.time()),
                "text": payload["text"],
            }
            if payload.get("reply_markup"):
                message["reply_markup"] = payload["reply_markup"]
            with self._lock:
                self.sent.append(message)
            return self._ok(message)
        if method == "answerCallbackQuery":
            return self._ok(True)
        if method == "setWebhook":
            with self._lock:
                self.webhook = dict(payload)
            return self._ok(True)
        return Response(404, {"ok": False, "error_code": 404, "description": "Not Found"})

    @staticmethod
    def _ok(result: Any) -> Response:
        return Response(200, {"ok": True, "result": result})
