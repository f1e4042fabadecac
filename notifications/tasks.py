"""django-q2 tasks of the notifications app: take ids, call a service."""

from __future__ import annotations

from notifications.services import message_deliver


def telegram_send_task(message_id: int) -> int:
    return message_deliver(message_id=message_id).pk
