"""Signed events to an integration's subscriber URL.

Each event becomes one ``WebhookDelivery`` per subscribed integration and is POSTed by a
django-q2 task. The body is JSON; the headers carry the event, its id (the same across
retries, so the receiver can drop duplicates), a Unix timestamp and
``X-Hrcrm-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>``. The
receiver recomputes it and also refuses old timestamps, so a captured request cannot be
replayed later. A non-2xx answer or a network error is retried with backoff (a django-q2
schedule per retry) until ``len(BACKOFF_SECONDS)`` retries are spent; every attempt is
logged, and a person can send any delivery again from the admin.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import time
from datetime import timedelta
from typing import Any

import httpx
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from integrations.models import DeliveryStatus, Integration, WebhookAttempt, WebhookDelivery

log = logging.getLogger(__name__)

# Waits before the 1st, 2nd... retry; after the last one the delivery is «not delivered».
DEFAULT_BACKOFF_SECONDS = (30, 120, 600, 3600, 6 * 3600)
TIMEOUT_SECONDS = 10
TASK = "integrations.tasks.webhook_deliver"


@functools.lru_cache(maxsize=1)
def _http() -> httpx.Client:
    """One client per worker process: a new one per request would build a TLS context
    each time (about a hundred milliseconds)."""
    return httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False)


def backoff_seconds() -> tuple[int, ...]:
    return tuple(getattr(settings, "WEBHOOK_BACKOFF_SECONDS", DEFAULT_BACKOFF_SECONDS))


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), str(timestamp).encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, tolerance: int = 300) -> bool:
    """What a receiver does (the README's example does the same): a fresh timestamp and a
    matching signature, compared in constant time."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs(time.time() - ts) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, ts, body), signature)


def body_of(delivery: WebhookDelivery) -> bytes:
    envelope = {
        "id": str(delivery.event_id),
        "event": delivery.event,
        "created_at": delivery.created_at,
        "data": delivery.payload,
    }
    return json.dumps(envelope, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


def _queue(delivery_id: int) -> None:
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task(TASK, delivery_id, task_name=f"webhook-{delivery_id}"))


def events_emit(*, event: str, integrations: list[Integration], data: dict[str, Any]) -> list[WebhookDelivery]:
    """Store one delivery per integration and queue each (after the current commit)."""
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))  # dates as ISO strings, stored as sent
    deliveries = []
    for integration in integrations:
        delivery = WebhookDelivery.objects.create(
            integration=integration, event=event, url=integration.webhook_url, payload=data
        )
        _queue(delivery.pk)
        deliveries.append(delivery)
    return deliveries


def delivery_attempt(delivery_id: int) -> WebhookDelivery | None:
    """POST the delivery once; on failure schedule the next retry or give up."""
    delivery = WebhookDelivery.objects.select_related("integration").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == DeliveryStatus.DELIVERED:
        return delivery
    body = body_of(delivery)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "hrcrm-webhooks/1",
        "X-Hrcrm-Event": delivery.event,
        "X-Hrcrm-Delivery": str(delivery.event_id),
        "X-Hrcrm-Timestamp": str(timestamp),
        "X-Hrcrm-Signature": sign(delivery.integration.webhook_secret, timestamp, body),
    }
    started = time.monotonic()
    status_code: int | None = None
    error = ""
    try:
        response = _http().post(delivery.url, content=body, headers=headers)
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    WebhookAttempt.objects.create(
        delivery=delivery,
        status_code=status_code,
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    delivery.attempts += 1
    if not error:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    else:
        waits = backoff_seconds()
        retry = delivery.attempts - 1  # the n-th failure waits BACKOFF[n-1] before the next try
        if retry < len(waits):
            delivery.status = DeliveryStatus.PENDING
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=waits[retry])
            _schedule_retry(delivery)
        else:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
            log.warning(
                "webhook %s to %s failed after %s attempts: %s", delivery.pk, delivery.url, delivery.attempts, error
            )
    delivery.save(update_fields=["attempts", "status", "delivered_at", "next_attempt_at"])
    return delivery


def _schedule_retry(delivery: WebhookDelivery) -> None:
    from django_q.models import Schedule
    from django_q.tasks import schedule

    schedule(
        TASK,
        delivery.pk,
        name=f"webhook-{delivery.pk}-retry-{delivery.attempts}",
        schedule_type=Schedule.ONCE,
        repeats=-1,  # a one-off: the scheduler deletes it after the run
        next_run=delivery.next_attempt_at,
    )


def delivery_replay(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """A person asked to send it again (the admin's button): same event id and payload,
    the attempt counter starts over."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None
    )
    _queue(delivery.pk)
    delivery.refresh_from_db()
    return delivery
