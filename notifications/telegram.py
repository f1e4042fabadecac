"""A small synchronous client for the Telegram Bot API over httpx (``getMe``,
``getUpdates``, ``sendMessage``, ``answerCallbackQuery``), and the typed shapes of the
updates we read. The rest of the project calls this module, never the HTTP API.

Every reply is ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N,
"description": "..."}``; failures become ``TelegramError`` with ``permanent`` set for
answers a retry cannot change (bad request, blocked by the user, wrong token).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from django.conf import settings
from django.core.cache import cache
from pydantic import BaseModel, ConfigDict, Field

logger = logging.getLogger(__name__)


class TelegramError(Exception):
    def __init__(self, message: str, *, code: int | None = None, permanent: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.permanent = permanent


class TelegramDisabled(TelegramError):
    """No TELEGRAM_BOT_TOKEN: the bot is off."""


# --- update shapes (only the fields we use; Telegram adds fields freely) ----------------
class _Shape(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class User(_Shape):
    id: int
    is_bot: bool = False
    first_name: str = ""
    last_name: str = ""
    username: str = ""
    language_code: str = ""


class Chat(_Shape):
    id: int
    type: str = "private"


class Message(_Shape):
    message_id: int
    chat: Chat
    from_user: User | None = Field(default=None, alias="from")
    text: str = ""


class CallbackQuery(_Shape):
    id: str
    from_user: User = Field(alias="from")
    message: Message | None = None
    data: str = ""


class Update(_Shape):
    update_id: int
    message: Message | None = None
    callback_query: CallbackQuery | None = None


# --- client ----------------------------------------------------------------------------
def is_enabled() -> bool:
    return bool(settings.TELEGRAM_BOT_TOKEN)


class TelegramClient:
    def __init__(self, *, token: str | None = None, base_url: str | None = None, timeout: float | None = None) -> None:
        token = token if token is not None else settings.TELEGRAM_BOT_TOKEN
        if not token:
            raise TelegramDisabled("TELEGRAM_BOT_TOKEN is not set", permanent=True)
        base = (base_url or settings.TELEGRAM_API_URL).rstrip("/")
        self._base = f"{base}/bot{token}/"
        self._timeout = timeout if timeout is not None else settings.TELEGRAM_TIMEOUT

    def call(self, method: str, payload: dict[str, Any] | None = None, *, timeout: float | None = None) -> Any:
        try:
            response = httpx.post(self._base + method, json=payload or {}, timeout=timeout or self._timeout)
        except httpx.HTTPError as error:
            raise TelegramError(f"{method}: {type(error).__name__}: {error}") from error
        try:
            data = response.json()
        except ValueError as error:
            raise TelegramError(
                f"{method}: HTTP {response.status_code}, not JSON", code=response.status_code
            ) from error
        if not isinstance(data, dict) or not data.get("ok"):
            code = data.get("error_code", response.status_code) if isinstance(data, dict) else response.status_code
            description = data.get("description", "") if isinstance(data, dict) else ""
            raise TelegramError(
                f"{method}: {code} {description}".strip(), code=code, permanent=code in (400, 401, 403, 404)
            )
        return data.get("result")

    def get_me(self) -> User:
        return User.model_validate(self.call("getMe"))

    def get_updates(self, *, offset: int | None, timeout: int = 25) -> list[dict[str, Any]]:
        payload: dict[str, Any] = {"timeout": timeout, "allowed_updates": ["message", "callback_query"]}
        if offset is not None:
            payload["offset"] = offset
        # The HTTP timeout must outlast the long poll itself.
        result = self.call("getUpdates", payload, timeout=timeout + self._timeout)
        return list(result or [])

    def send_message(self, *, chat_id: int, text: str, reply_markup: dict[str, Any] | None = None) -> dict[str, Any]:
        payload: dict[str, Any] = {"chat_id": chat_id, "text": text, "link_preview_options": {"is_disabled": True}}
        if reply_markup:
            payload["reply_markup"] = reply_markup
        return dict(self.call("sendMessage", payload))

    def set_webhook(self, *, url: str, secret_token: str) -> None:
        self.call(
            "setWebhook",
            {"url": url, "secret_token": secret_token, "allowed_updates": ["message", "callback_query"]},
        )

    def answer_callback_query(self, callback_query_id: str) -> None:
        self.call("answerCallbackQuery", {"callback_query_id": callback_query_id})


def bot_username() -> str:
    """The bot's @username for deep links: from settings, else asked once and cached."""
    if settings.TELEGRAM_BOT_USERNAME:
        return settings.TELEGRAM_BOT_USERNAME.lstrip("@")
    key = "telegram:bot_username:" + settings.TELEGRAM_BOT_TOKEN.split(":", 1)[0]
    name = cache.get(key)
    if not name:
        name = TelegramClient().get_me().username
        cache.set(key, name, 24 * 3600)
    return str(name)


def deep_link(start: str) -> str:
    return f"https://t.me/{bot_username()}?start={start}"


def vacancy_deep_link(token: str) -> str | None:
    """``t.me/<bot>?start=vac_<token>`` for a vacancy's open link, or None when the bot is
    off or Telegram cannot be asked for its name (the page then shows the web link only)."""
    if not is_enabled():
        return None
    try:
        return deep_link("vac_" + token)
    except TelegramError as error:
        logger.warning("No Telegram deep link for the vacancy: %s", error)
        return None
