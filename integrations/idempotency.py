"""Idempotency keys on creates: the first answer is stored, a replay with the same request
gets it again, the same key with a different request is a conflict.

Only successful answers are kept: a request refused for bad input may be corrected and
sent again under the same key. Two requests with one key at once: the second waits on
the unique index until the first commits, then sees its answer (or «in progress» when
the first has not finished yet). Answers are kept for ``TTL`` only: they may carry a
candidate's contacts, which must not outlive his erasure by long."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.models import IdempotencyRecord, Integration

MAX_KEY_LENGTH = 200
TTL = timedelta(hours=24)


class IdempotencyConflict(Exception):
    """Shown to the client as is (409)."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    replayed: bool = False


def fingerprint(operation: str, payload: dict[str, Any], files: dict[str, bytes] | None = None) -> str:
    """SHA-256 of the operation, its JSON body (keys sorted) and every file's SHA-256."""
    digest = hashlib.sha256(operation.encode())
    digest.update(json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode())
    for name, data in sorted((files or {}).items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).hexdigest().encode())
    return digest.hexdigest()


def run_once(
    *, integration: Integration, key: str | None, operation: str, fingerprint: str, run: Callable[[], Answer]
) -> Answer:
    """``run`` once per (integration, key); without a key it simply runs."""
    if not key:
        return run()
    if len(key) > MAX_KEY_LENGTH:
        raise IdempotencyConflict(f"Idempotency-Key is longer than {MAX_KEY_LENGTH} characters.")
    IdempotencyRecord.objects.filter(integration=integration, created_at__lt=timezone.now() - TTL).delete()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                integration=integration, key=key, operation=operation, fingerprint=fingerprint
            )
    except IntegrityError:
        existing = IdempotencyRecord.objects.get(integration=integration, key=key)
        if existing.operation != operation or existing.fingerprint != fingerprint:
            raise IdempotencyConflict("This Idempotency-Key was used with a different request.")
        if existing.status_code is None:
            raise IdempotencyConflict("A request with this Idempotency-Key is still in progress.")
        return Answer(status=existing.status_code, body=existing.response or {}, replayed=True)
    try:
        answer = run()
    except BaseException:
        record.delete()
        raise
    if 200 <= answer.status < 300:
        record.status_code = answer.status
        record.response = answer.body
        record.save(update_fields=["status_code", "response"])
    else:
        record.delete()
    return answer
