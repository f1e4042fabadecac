"""django-q2 tasks of the integrations app (named by dotted string in ``webhooks.TASK``)."""

from __future__ import annotations

from integrations.webhooks import delivery_attempt


def webhook_deliver(delivery_id: int) -> None:
    delivery_attempt(delivery_id)
