"""Run the Telegram bot by long polling ``getUpdates`` (instead of a webhook).

The offset survives restarts: it is one past the highest update id already handled
(``TelegramUpdate``), so nothing is handled twice and nothing confirmed is lost.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from django.urls import reverse

from hrcrm.emails import absolute_url
from notifications import bot
from notifications.models import TelegramUpdate
from notifications.telegram import TelegramClient, TelegramError

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Telegram-бот: получать обновления длинным опросом getUpdates (без вебхука)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="один запрос getUpdates и выход")
        parser.add_argument("--timeout", type=int, default=25, help="секунд ожидания в getUpdates")
        parser.add_argument(
            "--set-webhook",
            action="store_true",
            help="вместо опроса: зарегистрировать вебхук SITE_URL/telegram/webhook/ с TELEGRAM_WEBHOOK_SECRET",
        )

    def handle(
        self, *args: Any, once: bool = False, timeout: int = 25, set_webhook: bool = False, **options: Any
    ) -> None:
        try:
            client = TelegramClient()
        except TelegramError as error:
            raise CommandError(f"Telegram: {error}") from error
        if set_webhook:
            self._set_webhook(client)
            return
        backoff = 1.0
        while True:
            try:
                me = client.get_me()
                break
            except TelegramError as error:
                # A wrong token will not get better; a network hiccup at start-up will.
                if once or error.permanent:
                    raise CommandError(f"Telegram getMe: {error}") from error
                logger.warning("getMe failed, retrying in %.0f s: %s", backoff, error)
                time.sleep(backoff)
                backoff = min(backoff * 2, 60)
        self.stdout.write(f"@{me.username}: getUpdates")
        backoff = 1.0
        skip_to: int | None = None
        while True:
            last = TelegramUpdate.objects.aggregate(last=Max("update_id"))["last"]
            # A failed update is not in the table; the local offset moves past it anyway,
            # so it is not fetched and failed again in a tight loop.
            offset = max(filter(None, [None if last is None else last + 1, skip_to]), default=None)
            try:
                updates = client.get_updates(offset=offset, timeout=0 if once else timeout)
            except TelegramError as error:
                # 409: a webhook is set (getUpdates and a webhook exclude each other).
                if once or error.code in (401, 404, 409):
                    raise CommandError(f"Telegram getUpdates: {error}") from error
                logger.warning("getUpdates failed, retrying in %.0f s: %s", backoff, error)
                time.sleep(backoff)
                backoff = min(backoff * 2, 60)
                continue
            backoff = 1.0
            handled = sum(self._handle(update) for update in updates)
            if updates:
                skip_to = max(int(u.get("update_id", 0)) for u in updates) + 1
            if updates:
                self.stdout.write(f"updates: {len(updates)}, handled: {handled}")
            if once:
                return

    def _handle(self, update: dict[str, Any]) -> bool:
        """One update. A failure is rolled back, logged with its traceback, and the
        sender is told to try again; the poller goes on with the next update, so one bad
        update cannot stop the bot for everyone. (The webhook lets the error through
        instead: Telegram redelivers on a 5xx.)"""
        try:
            return bot.handle_update(update, via="poll")
        except Exception:
            logger.exception("Telegram update %s failed", update.get("update_id"))
            bot.tell_failure(update)
            return False

    def _set_webhook(self, client: TelegramClient) -> None:
        if not settings.TELEGRAM_WEBHOOK_SECRET:
            raise CommandError("TELEGRAM_WEBHOOK_SECRET is not set: the webhook would refuse every update")
        if not settings.SITE_URL:
            raise CommandError("SITE_URL is not set: Telegram needs the public address of this server")
        url = absolute_url(reverse("notifications:telegram_webhook"))
        try:
            client.set_webhook(url=url, secret_token=settings.TELEGRAM_WEBHOOK_SECRET)
        except TelegramError as error:
            raise CommandError(f"Telegram setWebhook: {error}") from error
        self.stdout.write(f"webhook: {url}")
